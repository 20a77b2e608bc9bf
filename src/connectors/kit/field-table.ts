/**
 * Declarative field tables: a connector declares, per common model, one row per common field (`text('jobtitle')`,
 * `phones({WORK: 'phone'}, ...)`, `custom({...})` for a true quirk), and the kit derives from that one table both
 * mappers, the provider fields to request and the coverage probe's fixture, so the four cannot disagree. Where the
 * values live in a provider record (HubSpot's `properties` of strings, Pipedrive's typed top-level fields) is the
 * provider's dialect.
 */
import { asText } from '../../lib/text.js';
import type { CoverageProbe } from './coverage.js';
import type { ProviderClient } from './http.js';
import type { Mapper } from './objects.js';
import type { PushField, PushTable } from './pushdown.js';

/** Where a provider's values live, and how it takes them. */
export interface Dialect<R> {
  /** The provider's name, in messages. */
  name: string;
  /** A field's raw value in a record. */
  get(record: R, field: string): unknown;
  /** A record holding `values` (provider field → value as read): the coverage probe's fixture. */
  record(values: Record<string, unknown>): R;
  /** A value as the provider takes it (`null` clears); as it is when absent. */
  put?(value: unknown): unknown;
}

/** Where a row writes: the provider body, and what could not be written. */
export interface Writer {
  /** The common field being written, and the provider's name (for messages). */
  readonly key: string;
  readonly provider: string;
  set(field: string, value: unknown): void;
  warn(message: string): void;
  /** A value that cannot be written at all: the record must not be sent. */
  error(message: string): void;
}

/** One common field's mapping. Methods (not function properties), so rows built without a context fit any table. */
export interface Row<C = unknown> {
  /** The provider fields it reads (what a pull requests). */
  fields: readonly string[];
  /** Provider field → a value as read, for the coverage fixture. */
  sample: Record<string, unknown>;
  read(get: (field: string) => unknown, ctx: C): unknown;
  /** Writes the common value; called only when the field is present unless `always`. */
  write?(value: unknown, out: Writer, ctx: C, common: Record<string, unknown>): void;
  always?: boolean;
  /** The warning for a given value the provider cannot hold; these come after the other rows' warnings. */
  unwritable?: string;
  /** Written by the connector outside the table (an association), for the coverage probe. */
  elsewhere?: boolean;
  /** The provider field that holds it alone, for a pushed-down filter (by part of a list element: `city`). */
  filters?: Record<string, PushField>;
  /** The provider field holding each part of the first list element (`city` of the first address), for people. */
  parts?: Readonly<Record<string, string>>;
}

export interface TableWrite {
  body: Record<string, unknown>;
  warnings: string[];
  errors: string[];
}

export interface FieldTable<R, C = undefined> {
  /** The provider fields the table reads, in row order. */
  fields: string[];
  read(record: R, ctx: C): Record<string, unknown>;
  /** Only the fields present in `common` are written; `null` clears. */
  write(common: Record<string, unknown>, ctx: C): TableWrite;
  /** A provider record with every mapped field set. */
  fixture(): R;
  /** A provider record with only one common field's provider fields set (a polymorphic lookup fills one of several). */
  fieldFixture(key: string): R | undefined;
  /** The common fields written outside the table. */
  elsewhere: string[];
  /**
   * The provider fields Weft's mapping reads for a common field, or for a part of its first list element (`city` of
   * `addresses`): what the field step shows people. Undefined for a field the table has no row for, or a part it does
   * not declare.
   */
  sources(key: string, part?: string): readonly string[] | undefined;
  /** The filters a provider can push down, from common fields (`addresses.city` for a part of a list element). */
  pushable(keys: readonly string[]): PushTable;
}

const given = (v: unknown) => (Array.isArray(v) ? v.length > 0 : Boolean(v));

export function fieldTable<R, C = undefined>(dialect: Dialect<R>, rows: Record<string, Row<C>>, also: readonly string[] = []): FieldTable<R, C> {
  const entries = Object.entries(rows);
  const keys = entries.map(([key]) => key);
  const readers = entries.map(([, row]) => row);
  return {
    fields: [...new Set([...entries.flatMap(([, row]) => row.fields), ...also])],
    elsewhere: entries.filter(([, row]) => row.elsewhere).map(([key]) => key),
    sources(key, part) {
      const row = Object.hasOwn(rows, key) ? rows[key] : undefined;
      if (!row) return undefined;
      if (part === undefined) return row.fields;
      // One provider field holding the whole list holds its parts too.
      if (row.parts === undefined) return row.fields.length === 1 ? row.fields : undefined;
      const field = Object.hasOwn(row.parts, part) ? row.parts[part] : undefined;
      return field === undefined ? undefined : [field];
    },
    read(record, ctx) {
      // A plain loop over arrays fixed at declaration: the pull's hot path (every record of every page).
      const get = (field: string) => dialect.get(record, field);
      const out: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) out[keys[i] as string] = (readers[i] as Row<C>).read(get, ctx);
      return out;
    },
    write(common, ctx) {
      const out: TableWrite = { body: {}, warnings: [], errors: [] };
      const lost: string[] = [];
      for (const [key, row] of entries) {
        const value = common[key];
        if (row.unwritable !== undefined && given(value)) lost.push(row.unwritable);
        if (!row.write || (value === undefined && !row.always)) continue;
        row.write(
          value,
          {
            key,
            provider: dialect.name,
            set: (field, v) => (out.body[field] = dialect.put ? dialect.put(v) : v),
            warn: (m) => out.warnings.push(m),
            error: (m) => out.errors.push(m),
          },
          ctx,
          common,
        );
      }
      out.warnings.push(...lost);
      return out;
    },
    fixture: () => dialect.record(Object.assign({}, ...entries.map(([, row]) => row.sample)) as Record<string, unknown>),
    fieldFixture: (key) => (rows[key] ? dialect.record({ ...rows[key].sample }) : undefined),
    pushable(keys) {
      return Object.fromEntries(
        keys.map((key) => {
          const [name, part = ''] = key.split('.') as [string, string?];
          const field = rows[name]?.filters?.[part];
          if (!field) throw new Error(`No provider field holds ${key} alone`);
          return [key, field];
        }),
      );
    },
  };
}

/** A table's `sources`, for an object's declaration (what the field step names for people). */
export const sourcesOf =
  <R, C>(table: FieldTable<R, C>) =>
  (key: string, part?: string): readonly string[] | undefined =>
    table.sources(key, part);

/** The declaration of an object mapped by a table: what it requests, what it can filter on, its read mapper. */
export function tableObject<R, C = undefined>(
  table: FieldTable<R, C>,
  filters: readonly string[],
  ctx: (client: ProviderClient) => C | Promise<C> = () => undefined as C,
) {
  // Synchronous when the context is (no promise per record on the pull's hot path).
  const mapper: Mapper<R> = {
    toCommon(raw, client) {
      const c = ctx(client);
      return c instanceof Promise ? c.then((v) => table.read(raw, v)) : table.read(raw, c);
    },
  };
  return { properties: table.fields, filters: table.pushable(filters), mapper, sources: sourcesOf(table) };
}

/** The coverage probe of a connector's tables (by endgrate_type), `ctx` standing for what a live account looks up. */
export function probeOf<C>(tables: Record<string, FieldTable<unknown, C>>, ctx: C): CoverageProbe {
  const table = (type: string) => tables[type] as FieldTable<unknown, C>;
  return {
    fixtures: Object.fromEntries(Object.entries(tables).map(([type, t]) => [type, t.fixture()])),
    fieldFixture: (type, key) => tables[type]?.fieldFixture(key),
    read: (type, raw) => table(type).read(raw, ctx),
    write(type, data) {
      const t = table(type);
      const w = t.write(data, ctx);
      const elsewhere = Object.fromEntries(t.elsewhere.filter((k) => typeof data[k] === 'string' || Array.isArray(data[k])).map((k) => [k, data[k]]));
      return { fields: w.errors.length ? {} : { ...w.body, ...elsewhere }, warnings: w.warnings };
    },
  };
}

// --- Reading values: providers send strings, numbers or nothing; empty strings mean "no value". ---

export const textOf = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** An id: a number or a non-empty string, as text. */
export const idOf = (v: unknown): string | null => (typeof v === 'number' ? String(v) : textOf(v));

function numberOf(v: unknown, integer: boolean): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const t = textOf(v);
  if (t === null) return null;
  const n = integer ? Number.parseInt(t, 10) : Number.parseFloat(t);
  return Number.isFinite(n) ? n : null;
}

const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** An ISO instant; epoch milliseconds (older HubSpot portals) are converted, an unparseable text kept as it is. */
export function isoOf(v: unknown): string | null {
  const t = textOf(v);
  if (t === null || CANONICAL_ISO.test(t)) return t;
  const d = /^\d+$/.test(t) ? new Date(Number(t)) : new Date(t);
  return Number.isNaN(d.getTime()) ? t : d.toISOString();
}

// --- Rows ---

const plain = (field: string, read: (v: unknown) => unknown, sample: unknown, type: PushField['type']): Row => ({
  fields: [field],
  sample: { [field]: sample },
  filters: { '': { name: field, type } },
  read: (get) => read(get(field)),
  write: (value, out) => out.set(field, value),
});

export const text = (field: string): Row => plain(field, textOf, field, 'string');
export const integer = (field: string): Row => plain(field, (v) => numberOf(v, true), 250, 'number');
export const decimal = (field: string): Row => plain(field, (v) => numberOf(v, false), 1000000.5, 'number');

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A provider's amount as a decimal string: a number as its shortest exact decimal text, a decimal text as it is. */
export function moneyOf(v: unknown): string | null {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    // String() is the shortest exact text; only very large or small numbers come out in exponent form.
    const t = String(v);
    return t.includes('e') ? v.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 }) : t;
  }
  const t = textOf(v)?.trim() ?? null;
  return t !== null && DECIMAL.test(t) ? t : null;
}

/**
 * An amount of money: a decimal string in the common model, never a float. `numeric`: the provider reads and takes a
 * JSON number (a decimal string of up to 15 significant digits goes over as that exact number); else decimal text.
 */
export const money = (field: string, opts: { numeric?: boolean } = {}): Row => ({
  fields: [field],
  sample: { [field]: opts.numeric ? 1250.5 : '1250.5' },
  read: (get) => moneyOf(get(field)),
  write(value, out) {
    if (value === null) out.set(field, null);
    else if (typeof value === 'string' && DECIMAL.test(value)) out.set(field, opts.numeric ? Number(value) : value);
    else out.error(`${out.key} must be a decimal string such as "1250.50": '${asText(value)}'`);
  },
});

/** A calendar date (YYYY-MM-DD), read from a date or the date part of an instant. */
export const day = (field: string): Row => ({
  fields: [field],
  sample: { [field]: '2024-01-02' },
  read(get) {
    const t = textOf(get(field));
    return t !== null && /^\d{4}-\d{2}-\d{2}/.test(t) ? t.slice(0, 10) : null;
  },
  write: (value, out) => out.set(field, value),
});

/** A yes/no field (a JSON boolean, or HubSpot's "true"/"false" text); anything else reads as null. */
export const flag = (field: string): Row => ({
  fields: [field],
  sample: { [field]: true },
  read(get) {
    const v = get(field);
    return v === true || v === 'true' ? true : v === false || v === 'false' ? false : null;
  },
  write: (value, out) => out.set(field, value),
});

/** A read-only instant, from `field` or else `fallback`. */
export const date = (field: string, fallback?: string): Row => ({
  fields: [field],
  sample: { [field]: '2024-01-02T03:04:05.678Z' },
  filters: { '': { name: field, type: 'datetime' } },
  read: (get) => isoOf(get(field) ?? (fallback === undefined ? undefined : get(fallback))),
});

/**
 * A provider id. `digits`: the provider takes numbers (anything else is an error); `clear: false`: `null` is not
 * written (the provider cannot unset it).
 */
export const reference = (field: string, opts: { digits?: boolean; clear?: boolean } = {}): Row => ({
  fields: [field],
  sample: { [field]: '77' },
  filters: { '': { name: field, type: 'id' } },
  read: (get) => idOf(get(field)),
  write(value, out) {
    if (value === null) {
      if (opts.clear !== false) out.set(field, null);
    } else if (!opts.digits) out.set(field, value);
    else if (/^\d+$/.test(asText(value))) out.set(field, Number(value));
    else out.error(`${out.key} must be a ${out.provider} id (digits): '${asText(value)}'`);
  },
});

/** An option field, both ways from one table (provider value → common value); others read as `fallback`. */
export function enumOf(field: string, table: Record<string, string>, fallback?: string): Row {
  const back = Object.fromEntries(Object.entries(table).map(([k, v]) => [v, k]));
  return {
    fields: [field],
    sample: { [field]: Object.keys(table)[0] },
    read(get) {
      const t = textOf(get(field));
      return t === null ? null : (table[t] ?? fallback ?? t);
    },
    write(value, out) {
      if (value === null) out.set(field, null);
      else if (back[value as string] !== undefined) out.set(field, back[value as string]);
    },
  };
}

/** A field the provider cannot leave empty: an empty value is an error (`message`). */
export const required = <C>(row: Row<C>, message: string): Row<C> => ({
  ...row,
  write: (value, out, ctx, common) => (value ? row.write?.(value, out, ctx, common) : out.error(message)),
});

/** Option ids ↔ labels, looked up at run time (an account's own options). */
export interface OptionTable {
  label(id: number): string | undefined;
  id(label: string): number | undefined;
}

/** An option table from a provider's option list; labels match without regard to case. */
export function optionTable(options: ReadonlyArray<{ id: number; label: string }>): OptionTable {
  return {
    label: (id) => options.find((o) => o.id === id)?.label,
    id: (label) => options.find((o) => o.label.toLowerCase() === label.toLowerCase())?.id,
  };
}

/**
 * A lookup done once per connection (its client), such as an account's option table. A failed lookup is forgotten,
 * to be tried again by the next call; its error reaches the caller through the promise it was given.
 */
export function perConnection<T>(load: (client: ProviderClient) => Promise<T>): (client: ProviderClient) => Promise<T> {
  const cache = new WeakMap<ProviderClient, Promise<T>>();
  return (client) => {
    let value = cache.get(client);
    if (!value) {
      value = load(client);
      cache.set(client, value);
      value.catch(() => cache.delete(client));
    }
    return value;
  };
}

/**
 * An option field holding ids, read as their labels in the context's table (an unknown id kept as its text);
 * written from a label or an id, anything else an error (`'<value>' <unknown>`).
 */
export const option = <C>(field: string, table: (ctx: C) => OptionTable | undefined, unknown: string): Row<C> => ({
  fields: [field],
  sample: { [field]: 12 },
  read(get, ctx) {
    const id = get(field);
    return typeof id === 'number' ? (table(ctx)?.label(id) ?? String(id)) : null;
  },
  write(value, out, ctx) {
    if (value === null) return out.set(field, null);
    const label = value as string;
    const id = table(ctx)?.id(label) ?? (/^\d+$/.test(label) ? Number(label) : undefined);
    if (id === undefined) out.error(`'${label}' ${unknown}`);
    else out.set(field, id);
  },
});

export interface FullName {
  first_name: string | null;
  last_name: string | null;
}

/**
 * The `first_name` and `last_name` rows of a provider that keeps one name (`field`) and derives the halves from it
 * (`halves`, empty on older records: then the name is split at its last space). A partial change needs the other
 * half as it is now: `current` finds it in the context.
 */
export function fullName<C>(field: string, halves: [string, string], current: (ctx: C) => FullName | undefined): Record<keyof FullName, Row<C>> {
  const [firstField, lastField] = halves;
  const read = (get: (f: string) => unknown): FullName => {
    const [first, last, name] = [textOf(get(firstField)), textOf(get(lastField)), textOf(get(field))];
    if (first !== null || last !== null || name === null) return { first_name: first, last_name: last };
    const parts = name.trim().split(/\s+/);
    const tail = parts.length > 1 ? (parts.pop() as string) : null;
    return { first_name: parts.join(' ') || null, last_name: tail };
  };
  return {
    first_name: {
      fields: [field, firstField, lastField],
      sample: { [field]: 'Ann Lee', [firstField]: 'Ann', [lastField]: 'Lee' },
      read: (get) => read(get).first_name,
      always: true,
      write(_, out, ctx, common) {
        const c = common as Partial<FullName>;
        if (c.first_name === undefined && c.last_name === undefined) return;
        const now = current(ctx);
        const first = c.first_name === undefined ? (now?.first_name ?? null) : c.first_name;
        const last = c.last_name === undefined ? (now?.last_name ?? null) : c.last_name;
        const name = [first, last].filter((x) => x).join(' ');
        if (name) out.set(field, name);
        else out.error(`${out.provider} needs a name: give first_name or last_name`);
      },
    },
    last_name: { fields: [], sample: {}, read: (get) => read(get).last_name },
  };
}

/** A common field the provider does not have: read as `empty`, a given value reported. */
export const none = (empty: null | [], message: string): Row => ({ fields: [], sample: {}, read: () => empty, unwritable: message });

/** A field the provider's API cannot write: read as `row` reads it, a given value reported. */
export const readOnly = <C>(row: Row<C>, message: string): Row<C> => ({ ...row, write: undefined, unwritable: message });

/** A true quirk, written by hand. */
export const custom = <C = unknown>(row: Omit<Row<C>, 'sample'> & { sample?: Record<string, unknown> }): Row<C> => ({ sample: {}, ...row });

/**
 * One e-mail address field (read as WORK; written from the first WORK address, else the first), and optionally a
 * read-only field listing further addresses (read as OTHER) joined by `separator`; the addresses left over are
 * reported after `message`.
 */
export function primaryEmail(field: string, message: string, more?: { field: string; separator: string }): Row {
  return {
    fields: more ? [field, more.field] : [field],
    parts: { email_address: field },
    sample: { [field]: 'ann@acme.com', ...(more ? { [more.field]: 'ann@home.example' } : {}) },
    read(get) {
      const list: Array<{ email_address: string; email_address_type: string }> = [];
      const primary = textOf(get(field));
      if (primary !== null) list.push({ email_address: primary, email_address_type: 'WORK' });
      const others = more ? textOf(get(more.field)) : null;
      if (others !== null && more) {
        for (const part of others.split(more.separator)) {
          const e = part.trim();
          if (e) list.push({ email_address: e, email_address_type: 'OTHER' });
        }
      }
      return list;
    },
    write(value, out) {
      const list = (value ?? []) as Array<{ email_address: string; email_address_type?: string | null }>;
      const primary = list.find((e) => e.email_address_type === 'WORK') ?? list[0];
      out.set(field, primary ? primary.email_address : null);
      const rest = list.filter((e) => e !== primary).map((e) => e.email_address);
      if (rest.length) out.warn(`${message}; not written: ${rest.join(', ')}`);
    },
  };
}

type PhoneType = 'WORK' | 'MOBILE' | 'HOME' | 'FAX' | 'OTHER';
interface Phone {
  phone_number: string;
  phone_number_type?: PhoneType | null;
}

/**
 * Phone numbers held in one provider field per type, in the declared order. A type without a field of its own is
 * written to the first field; the numbers left over are reported after `message`.
 */
export function phones(slots: Partial<Record<PhoneType, string>>, message: string): Row {
  const pairs = Object.entries(slots) as Array<[PhoneType, string]>;
  return {
    fields: pairs.map(([, f]) => f),
    ...(pairs[0] ? { parts: { phone_number: pairs[0][1] } } : {}),
    sample: Object.fromEntries(pairs.map(([, f], i) => [f, `+1 555 010${i}`])),
    read(get) {
      const list: Array<{ phone_number: string; phone_number_type: PhoneType }> = [];
      for (const [type, f] of pairs) {
        const number = textOf(get(f));
        if (number !== null) list.push({ phone_number: number, phone_number_type: type });
      }
      return list;
    },
    write(value, out) {
      const list = (value ?? []) as Phone[];
      const slotOf = (p: Phone) => {
        const type = p.phone_number_type ?? 'OTHER';
        return type in slots ? type : pairs[0]?.[0];
      };
      const used = new Set<string | null>();
      for (const [type] of pairs) {
        const number = list.find((p) => slotOf(p) === type)?.phone_number ?? null;
        out.set(slots[type] as string, number);
        used.add(number);
      }
      const rest = list.filter((p) => !used.has(p.phone_number)).map((p) => p.phone_number);
      if (rest.length) out.warn(`${message}; not written: ${rest.join(', ')}`);
    },
  };
}

/**
 * A list of labelled contact points (`{value, primary, label}`), primary first; `labels` maps common types to the
 * provider's labels both ways, a type without a label is written as "other" and reported with `unlabelled`.
 */
export function pointList(kind: 'email' | 'phone', field: string, labels: Record<string, string>, unlabelled?: string): Row {
  const [valueKey, typeKey] = kind === 'email' ? ['email_address', 'email_address_type'] : ['phone_number', 'phone_number_type'];
  const types = Object.fromEntries(Object.entries(labels).map(([t, l]) => [l, t]));
  type Point = { value: string; primary?: boolean; label?: string | null };
  return {
    fields: [field],
    parts: { [valueKey as string]: field },
    sample: { [field]: [{ value: kind === 'email' ? 'ann@acme.com' : '+1 555 0100', primary: true, label: Object.values(labels)[0] }] },
    read: (get) =>
      [...((get(field) ?? []) as Point[])]
        .filter((p) => textOf(p.value) !== null)
        .sort((a, b) => Number(b.primary === true) - Number(a.primary === true))
        .map((p) => ({ [valueKey]: p.value, [typeKey]: types[p.label ?? ''] ?? 'OTHER' })),
    write(value, out) {
      const list = (value ?? []) as Array<Record<string, string | null | undefined>>;
      const labelOf = (p: Record<string, string | null | undefined>) => labels[p[typeKey] ?? 'OTHER'];
      out.set(
        field,
        list.map((p, i) => ({ value: p[valueKey], primary: i === 0, label: labelOf(p) ?? 'other' })),
      );
      if (unlabelled !== undefined && list.some((p) => labelOf(p) === undefined)) out.warn(unlabelled);
    },
  };
}

const ADDRESS_PARTS = ['street_1', 'street_2', 'city', 'state', 'postal_code', 'country'] as const;
type AddressPart = (typeof ADDRESS_PARTS)[number];
type Address = Partial<Record<AddressPart, string | null>> & { address_type?: string | null };

/**
 * One PRIMARY address held in one provider field per part. Writing keeps the PRIMARY address (or the first);
 * `many` words the warning for the others, `noStreet2` the one for a second street line with no field.
 */
export function address(slots: Partial<Record<AddressPart, string>>, messages: { many: (kept: string) => string; noStreet2?: string }): Row {
  const parts = ADDRESS_PARTS.filter((p) => slots[p] !== undefined);
  return {
    fields: parts.map((p) => slots[p] as string),
    parts: Object.fromEntries(parts.map((p) => [p, slots[p] as string] as const)),
    sample: Object.fromEntries(parts.map((p) => [slots[p] as string, p] as const)),
    filters: Object.fromEntries(parts.map((p) => [p, { name: slots[p] as string, type: 'string' }] as const)),
    read(get) {
      const a: Record<string, string | null> = { address_type: 'PRIMARY' };
      let any = false;
      for (const p of ADDRESS_PARTS) {
        const field = slots[p];
        const v = field === undefined ? null : textOf(get(field));
        a[p] = v;
        any ||= v !== null;
      }
      return any ? [a] : [];
    },
    write(value, out) {
      const list = (value ?? []) as Address[];
      const a = list.find((x) => x.address_type === 'PRIMARY') ?? list[0];
      if (list.length > 1) out.warn(messages.many(a?.address_type ?? 'first'));
      if (messages.noStreet2 !== undefined && a?.street_2) out.warn(messages.noStreet2);
      for (const p of parts) out.set(slots[p] as string, a ? (a[p] ?? null) : null);
    },
  };
}
