/**
 * A connector as declared objects: each provider object it reads or writes is data (its provider path, the fields its
 * mapper reads, the filters it can push down, its associations) plus a mapper to a common model. Passthrough is an
 * object whose mapper is the identity: a custom object discovered at run time is declared like any other, and the
 * engines have one path. The kit implements pull, push, read and fields over the declarations and a small provider
 * dialect (how to list a page, write records, read by ids, describe fields); the provider keeps only its quirks.
 */
import type { Connector, ProviderField, ProviderObject, PulledRecord, PullRequest, PushOperation, PushResult } from './connector.js';
import type { ProviderClient } from './http.js';
import type { PushTable } from './pushdown.js';

/** Provider record → common record. It may look things up once per connection (an account's option tables). */
export interface Mapper<Raw> {
  toCommon(raw: Raw, client: ProviderClient): Record<string, unknown> | Promise<Record<string, unknown>>;
}

/** The identity: records are their requested provider fields as they are, pushed data are provider fields. */
export const IDENTITY = { identity: true } as const;

export interface ObjectDecl<Raw, Extra = unknown> {
  /** The object's name: the endgrate_type of a common-model object, the API name of a passthrough one. */
  name: string;
  /** Where the provider has it (a path, an sObject name). */
  path: string;
  /** The provider fields the mapper reads (always requested; "mapped" in field descriptions). */
  properties: readonly string[];
  /** Common fields the provider can filter on, each held by one provider field. */
  filters: PushTable;
  /** The provider's association (or link field) for each endgrate_type a record may be associated with. */
  associations: Readonly<Record<string, string>>;
  mapper: Mapper<Raw> | typeof IDENTITY;
  /** The provider fields the mapper reads for a common field (or a part of its first list element), for people. */
  sources?: (commonField: string, part?: string) => readonly string[] | undefined;
  /** What else the provider's calls need of this object (its type name, its write mapper). */
  extra: Extra;
}

/** How a provider answers the kit's calls, in its raw records. */
export interface ObjectDialect<Raw, Extra = unknown> {
  objects: Readonly<Record<string, ObjectDecl<Raw, Extra>>>;
  /** A custom object discovered at run time, declared with the identity mapper; throws for a name that is not one. */
  custom?(name: string): ObjectDecl<Raw, Extra>;
  /** The custom objects the account has (what end users may share as passthrough schemas). */
  discover?: (client: ProviderClient) => Promise<ProviderObject[]>;
  /** One page of raw records; `request.fields` are the provider fields to read besides the declared properties. */
  page(client: ProviderClient, object: ObjectDecl<Raw, Extra>, request: PullRequest): Promise<{ items: Raw[]; next: string | null; total?: number }>;
  /** The records with these ids (missing ones left out). */
  byIds(client: ProviderClient, object: ObjectDecl<Raw, Extra>, ids: string[], fields: string[]): Promise<Raw[]>;
  /** Writes records (for the identity, `op.fields` holds everything and `op.data` is empty); results by index. */
  write(client: ProviderClient, object: ObjectDecl<Raw, Extra>, ops: PushOperation[]): Promise<PushResult[]>;
  /** The object's fields as the provider describes them (`mapped` is the kit's to set). */
  describe(client: ProviderClient, object: ObjectDecl<Raw, Extra>): Promise<Array<Omit<ProviderField, 'mapped'>>>;
  /** The record's id (by default its `id`, as text). */
  id?(raw: Raw): string;
  /** A provider field's raw value (null or undefined when absent). */
  value(raw: Raw, field: string): unknown;
  /** Ids of the records associated through `association` (the declared provider name). */
  associated?(raw: Raw, association: string): string[];
}

type ObjectCalls = Pick<Connector, 'pull' | 'push' | 'read' | 'fields' | 'objects' | 'mappedFields'>;

/** Pull, push, read and fields (and the custom objects) of a connector, from its declarations and dialect. */
export function declaredObjects<Raw, Extra>(dialect: ObjectDialect<Raw, Extra>, provider: string): ObjectCalls {
  const idOf = (raw: Raw) => (dialect.id ? dialect.id(raw) : String((raw as { id: unknown }).id as string | number));
  const objectOf = (name: string): ObjectDecl<Raw, Extra> => {
    const declared = Object.hasOwn(dialect.objects, name) ? dialect.objects[name] : undefined;
    if (declared) return declared;
    if (!dialect.custom) throw new Error(`${provider} connector has no object ${name}`);
    return dialect.custom(name);
  };
  const pick = (raw: Raw, fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, dialect.value(raw, f) ?? null]));
  const finish = (object: ObjectDecl<Raw, Extra>, raw: Raw, record: PulledRecord, associations: string[], fields: string[] | undefined) => {
    if (associations.length) {
      record.associations = {};
      for (const t of associations) {
        const via = Object.hasOwn(object.associations, t) ? object.associations[t] : undefined;
        if (via && dialect.associated) record.associations[t] = dialect.associated(raw, via);
      }
    }
    if (fields?.length) record.fields = pick(raw, fields);
    return record;
  };
  /** A pulled record; synchronous unless the mapper is (no promise per record on the pull's hot path). */
  const toRecord = (
    object: ObjectDecl<Raw, Extra>,
    raw: Raw,
    client: ProviderClient,
    associations: string[],
    fields: string[] | undefined,
  ): PulledRecord | Promise<PulledRecord> => {
    const id = idOf(raw);
    const mapper = object.mapper;
    if (!('toCommon' in mapper)) return { id, data: pick(raw, fields ?? []) };
    const data = mapper.toCommon(raw, client);
    return data instanceof Promise
      ? data.then((d) => finish(object, raw, { id, data: d }, associations, fields))
      : finish(object, raw, { id, data }, associations, fields);
  };
  return {
    async pull(client, request) {
      const object = objectOf(request.endgrateType);
      // The identity reads the fields asked for, as they are: no associations, no filter to push down.
      const asked =
        object.mapper === IDENTITY
          ? { endgrateType: request.endgrateType, cursor: request.cursor, associations: [], fields: request.fields ?? [] }
          : request;
      const page = await dialect.page(client, object, asked);
      const records: PulledRecord[] = [];
      for (const raw of page.items) {
        const record = toRecord(object, raw, client, asked.associations, asked.fields);
        records.push(record instanceof Promise ? await record : record);
      }
      return { records, next: page.next, ...(page.total !== undefined ? { total: page.total } : {}) };
    },
    async push(client, request) {
      const object = objectOf(request.endgrateType);
      // With the identity every field is written as it is: the data go where extra provider fields go.
      const ops =
        object.mapper === IDENTITY ? request.operations.map((op) => ({ index: op.index, id: op.id, data: {}, fields: op.data })) : request.operations;
      return dialect.write(client, object, ops);
    },
    async read(client, name, ids, fields = []) {
      const object = objectOf(name);
      const out = new Map<string, PulledRecord>();
      for (const raw of await dialect.byIds(client, object, ids, fields)) out.set(idOf(raw), await toRecord(object, raw, client, [], fields));
      return out;
    },
    async fields(client, name) {
      const object = objectOf(name);
      return (await dialect.describe(client, object)).map((f) => ({ ...f, mapped: object.properties.includes(f.name) }));
    },
    mappedFields(name, commonField, part) {
      const object = Object.hasOwn(dialect.objects, name) ? dialect.objects[name] : undefined;
      return object?.sources?.(commonField, part);
    },
    ...(dialect.discover ? { objects: dialect.discover } : {}),
  };
}

/**
 * A provider's fixed passthrough objects, by name (objects Weft has no common model for, shared as they are): the
 * dialect's `custom` (throws `<provider> has no <noun> <name> that Weft shares` for another name) and `discover`
 * (each with its `extra.label`, not custom, pulled, and pushed as `push` says).
 */
export function sharedObjects<Raw, Extra extends { label: string }>(
  shared: Readonly<Record<string, ObjectDecl<Raw, Extra>>>,
  options: { provider: string; noun: string; push: boolean },
): { custom: (name: string) => ObjectDecl<Raw, Extra>; discover: () => Promise<ProviderObject[]> } {
  return {
    custom: (name) => {
      const o = Object.hasOwn(shared, name) ? shared[name] : undefined;
      if (!o) throw new Error(`${options.provider} has no ${options.noun} ${name} that Weft shares`);
      return o;
    },
    discover: async () => Object.values(shared).map((o) => ({ name: o.name, label: o.extra.label, custom: false, pull: true, push: options.push })),
  };
}

/**
 * An account's own objects, discovered at run time and shared as they are: the dialect's `custom` (a name `accepts`
 * takes, declared by `declare`; any other throws `<provider> has no <noun> <name> that Weft shares`) and `discover`
 * (the objects `list` reads from the account whose name `accepts` takes, labelled by their label or else their name,
 * custom, pulled and pushed).
 */
export function discoveredObjects<Raw, Extra>(options: {
  provider: string;
  noun: string;
  accepts(name: string): boolean;
  declare(name: string): ObjectDecl<Raw, Extra>;
  list(client: ProviderClient): Promise<ReadonlyArray<{ name: unknown; label: string | undefined }>>;
}): { custom: (name: string) => ObjectDecl<Raw, Extra>; discover: (client: ProviderClient) => Promise<ProviderObject[]> } {
  return {
    custom: (name) => {
      if (!options.accepts(name)) throw new Error(`${options.provider} has no ${options.noun} ${name} that Weft shares`);
      return options.declare(name);
    },
    discover: async (client) =>
      (await options.list(client))
        .filter((o): o is { name: string; label: string | undefined } => typeof o.name === 'string' && options.accepts(o.name))
        .map((o) => ({ name: o.name, label: o.label ?? o.name, custom: true, pull: true, push: true })),
  };
}

/** The records of `ids`, read `size` ids a request by `read`. */
export async function inSlices<T>(ids: string[], size: number, read: (slice: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += size) out.push(...(await read(ids.slice(i, i + size))));
  return out;
}

/**
 * A provider's fields read off a recorded record of the object (for providers whose API describes no fields): each
 * key with a label from its name, a type from its sample value (`date_…` names are date-times), and writable unless
 * named in `readOnly`.
 */
export function fieldsOfSample(sample: Readonly<Record<string, unknown>>, readOnly: readonly string[]): Array<Omit<ProviderField, 'mapped'>> {
  const typeOf = (name: string, v: unknown): ProviderField['type'] => {
    if (name.startsWith('date_')) return 'datetime';
    return typeof v === 'boolean' ? 'boolean' : typeof v === 'number' ? 'number' : typeof v === 'string' ? 'string' : 'other';
  };
  return Object.keys(sample).map((name) => ({
    name,
    label: name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
    type: typeOf(name, sample[name]),
    custom: false,
    writable: !readOnly.includes(name),
  }));
}
