/**
 * Write rules declared as data and applied by one engine: a fake keeps, per object and in the order its API checks
 * them, what each body field must be (JSON kind, required on create, option sets, lengths, ranges, formats, references
 * to records that must be live and the error an unknown one gives, defaults, the record property it writes, named
 * transforms) in a JSON file checked at load ({@link WRITE_SPEC_SHAPE} with shared/provider-data.ts), and reads a body
 * into a write with {@link readWrite}. The provider supplies its error dialect (`invalid`, named errors) and what
 * depends on its state (which ids are live, option sets, readers of shapes the rules do not cover).
 *
 * Per field: `kind` (params.ts kinds, `array`/`array?`, `object`/`object?`, `items` a list of objects read by `fields`,
 * `ids` a list of integer ids each passing `ref`; an `array` with `each` reads every item by those fields, a
 * non-object as an empty one, errors named `name.field`); `otherwise` (the value of a field that fails, rather than an error); `required` on create (`set`: absent or null answers `requiredReason`
 * before the kind is checked; `present`: absent only; `filled`: also ''; `valid`: any failure answers it); `reason`
 * (one reason for every failure, `{options}` standing for the option set); `nullAsValue` (null is checked like a value
 * rather than passing); `oneOf` (values, or a named set; each item of an array); `range`, `maxLength`; `test`
 * ([named test or `/regex/`, reason]); `ref` (a named test of ids: `refReason` with `{id}`, or `refError` a named error
 * given the field and what follows a colon, e.g. `notFound:Deal`); `when` (only allowed while another field, or the current record's property, is one of some values);
 * `map` (named transforms, in order); `default` (on create, and in nested objects); `to` (the property written, default the camel-cased name; '' checks
 * without writing); `createOnly`; `refuse` (any value answers a named error, e.g. a feature the account lacks);
 * `reader` (a provider's reader for the rest). Objects and items read their `fields`, then `requires` (props that must
 * not be null); nested errors name their path. A spec may end with `anyOf` (one of some props must be set after the
 * write) and `notOnCreate` (fields refused on create). A field named `a.b` checks the value nested there.
 */
import { bodyValue, type FieldKind, type Invalid, isJsonObject } from './params.js';
import { breach, type FieldRule } from './rules.js';
import { type BodyReader, idListReader, invalidAt, itemsReader, objectReader } from './rules-body.js';
import { camel } from './snake-json.js';

/** One body field's rules (see the module comment). */
export interface WriteField {
  kind?: FieldKind | 'array' | 'array?' | 'object' | 'object?' | 'items' | 'ids';
  to?: string;
  required?: 'set' | 'present' | 'filled' | 'valid';
  requiredReason?: string;
  reason?: string;
  nullAsValue?: boolean;
  oneOf?: readonly (string | number)[] | string;
  range?: readonly [number, number];
  maxLength?: number;
  test?: readonly [string, string];
  ref?: string;
  refReason?: string;
  refError?: string;
  when?: { field: string; prop: string; oneOf: readonly string[]; reason: string };
  map?: string | readonly string[];
  default?: unknown;
  createOnly?: boolean;
  refuse?: string;
  reader?: string;
  fields?: WriteFields;
  each?: WriteFields;
  otherwise?: unknown;
  requires?: readonly string[];
  finish?: string;
}

/** A body's fields in check order: wire name → rules. */
export type WriteFields = Readonly<Record<string, WriteField>>;

/** An object's write rules: its fields, and props of which one must be set after the write. */
export interface WriteSpec {
  fields: WriteFields;
  anyOf?: { props: readonly string[]; field: string; reason: string };
  /** Fields refused on create (after the fields are read). */
  notOnCreate?: { fields: readonly string[]; reason: string };
  /** How a write is applied to a record (see {@link applyWrite}). */
  apply?: ApplyRules;
}

/** How a write is applied: props merged into an object of the record, props left to the provider, stamps of changes. */
export interface ApplyRules {
  /** Props whose object is merged into the record's (a key written null is deleted). */
  merge?: readonly string[];
  /** Props not copied (the provider applies them). */
  skip?: readonly string[];
  /** When a prop changes (written, different from the record's; `to` one value; `updateOnly` not on create): props set, `$now` the clock. */
  onChange?: ReadonlyArray<{ prop: string; to?: string; updateOnly?: boolean; set: Readonly<Record<string, unknown>> }>;
}

const FIELD_KEYS = 'each otherwise to required requiredReason reason nullAsValue oneOf range maxLength test ref refReason refError when map default';
const FIELD_SHAPE_BASE = {
  ...Object.fromEntries(FIELD_KEYS.split(' ').map((key) => [`${key}?`, 'json'] as const)),
  'kind?': 'string',
  'createOnly?': 'boolean',
  'refuse?': 'string',
  'reader?': 'string',
  'fields?': 'json',
  'requires?': ['list', 'string'],
  'finish?': 'string',
} as const;

/** The shape of a data file of write rules (object name → spec), for providerData. */
export const WRITE_SPEC_SHAPE = [
  'record',
  { fields: ['record', FIELD_SHAPE_BASE], 'anyOf?': 'json', 'notOnCreate?': 'json', 'apply?': 'json' },
] as const;

/** What a provider supplies: its errors, and the named parts its data refers to. */
export interface WriteContext {
  /** The provider's 400 for a field and reason. */
  invalid: Invalid;
  /** A create (required fields, `createOnly`) rather than an update. */
  create: boolean;
  /** The record an update changes (for `when` and `anyOf`). */
  current?: Readonly<Record<string, unknown>> | undefined;
  /** Named tests of ids (does a live record have it?). */
  refs?: Readonly<Record<string, (id: never) => boolean>>;
  /** Named option sets. */
  sets?: Readonly<Record<string, readonly (string | number)[]>>;
  /** Named errors of a field (e.g. a 404 for an unknown link, a 403 for a feature the account lacks). */
  errors?: Readonly<Record<string, (field: string, arg?: string) => Error>>;
  /** Named readers of shapes the rules do not cover. */
  readers?: Readonly<Record<string, BodyReader>>;
  /** Named transforms and tests beyond the kit's. */
  transforms?: Readonly<Record<string, (value: never) => unknown>>;
  tests?: Readonly<Record<string, (value: never) => boolean>>;
}

const SPACED = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const spaced = (text: string) => Date.parse(`${text.replace(' ', 'T')}Z`);

/** The kit's transforms: `trim`, `upper`, `string`, `emptyToNull`, `nullToEmpty`, `unwrapValue` (an object's `value`), `spacedTime` (UTC "YYYY-MM-DD HH:MM:SS" → ms). */
const TRANSFORMS: Readonly<Record<string, (value: never) => unknown>> = {
  trim: (text: string) => text.trim(),
  upper: (text: string) => text.toUpperCase(),
  string: (value: unknown) => String(value),
  emptyToNull: (value: unknown) => (value === '' ? null : value),
  nullToEmpty: (value: unknown) => value ?? '',
  spacedTime: spaced,
  unwrapValue: (object: { value: unknown }) => object.value,
};

/** The kit's tests: `nonBlank`, `nonEmpty`, `positiveInteger`, `nonNegative`, `date` (a real YYYY-MM-DD), `spacedTime`. */
const TESTS: Readonly<Record<string, (value: never) => boolean>> = {
  nonBlank: (text: string) => text.trim() !== '',
  nonEmpty: (text: string | null) => text !== null && text !== '',
  positiveInteger: (value: number) => Number.isInteger(value) && value > 0,
  nonNegative: (value: number) => value >= 0,
  date: (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text)),
  spacedTime: (text: string) => SPACED.test(text) && !Number.isNaN(spaced(text)),
};

/** Finishers of item lists: `firstPrimary` makes the first item primary when none is. */
const FINISHERS: Readonly<Record<string, (items: Array<Record<string, unknown>>) => Array<Record<string, unknown>>>> = {
  firstPrimary: (items) => {
    const first = items[0];
    if (first && !items.some((item) => item['primary'] === true)) first['primary'] = true;
    return items;
  },
};

function named<T>(table: Readonly<Record<string, T>> | undefined, name: string, what: string): T {
  const found = table?.[name];
  if (found === undefined) throw new Error(`Write rules name an unknown ${what} ${name}`);
  return found;
}

/** The field's option set, resolved. */
function optionsOf(field: WriteField, context: WriteContext): readonly (string | number)[] | undefined {
  return typeof field.oneOf === 'string' ? named(context.sets, field.oneOf, 'option set') : field.oneOf;
}

function testOf(field: WriteField, context: WriteContext): FieldRule['test'] {
  if (!field.test) return undefined;
  const [name, reason] = field.test;
  if (name.startsWith('/')) {
    const pattern = new RegExp(name.slice(1, -1));
    return [(text: string) => pattern.test(text), reason];
  }
  return [TESTS[name] ?? named(context.tests, name, 'test'), reason];
}

/** The value of a scalar, array or object field after its kind and constraints (not its refs and maps). */
function checked(body: Record<string, unknown>, name: string, field: WriteField, context: WriteContext, invalid: Invalid): unknown {
  const kind = field.kind ?? 'string?';
  const value = body[name];
  const options = optionsOf(field, context);
  if (value === null && (field.nullAsValue || kind.endsWith('?'))) {
    if (!field.nullAsValue) return null;
  } else if (kind.startsWith('array') || kind.startsWith('object')) {
    const array = kind.startsWith('array');
    if (!(array ? Array.isArray(value) : isJsonObject(value))) throw invalid(name, array ? 'must be an array' : 'must be an object');
    if (array && options && !(value as unknown[]).every((item) => options.includes(item as never))) {
      throw invalid(name, `must be one of ${options.join(', ')}`);
    }
    const each = field.each && { ...context, create: true };
    if (!each) return value;
    return (value as unknown[]).map((item) => readFields(isJsonObject(item) ? item : {}, field.each ?? {}, each, invalidAt(name, invalid)));
  } else bodyValue(body, name, kind as FieldKind, invalid);
  const rule = { kind: 'string', oneOf: options, range: field.range, maxLength: field.maxLength, test: testOf(field, context) } as const;
  const reason = breach(rule as FieldRule, value);
  if (reason !== undefined) throw invalid(name, reason);
  return value;
}

/** Reads one field: undefined when absent, else the value to write. */
function readField(body: Record<string, unknown>, name: string, field: WriteField, context: WriteContext, outer: Invalid): unknown {
  if (field.refuse !== undefined) {
    if (body[name] !== undefined) throw named(context.errors, field.refuse, 'error')(name);
    return undefined;
  }
  if (field.reader !== undefined) return named(context.readers, field.reader, 'reader')(body, name, outer);
  if ('otherwise' in field) {
    const { otherwise, ...strict } = field;
    try {
      return readField(body, name, strict, context, outer);
    } catch {
      return otherwise;
    }
  }
  const options = optionsOf(field, context);
  const reason = field.reason?.replace('{options}', options?.join(', ') ?? '');
  const required = context.create ? field.required : undefined;
  const requiredReason = field.requiredReason?.replace('{options}', options?.join(', ') ?? '') ?? 'is required';
  // A field's own reason names the field, whatever failed inside it.
  const invalid: Invalid = required === 'valid' ? (at) => outer(at, requiredReason) : reason === undefined ? outer : () => outer(name, reason);
  const value = body[name];
  const missing = value === undefined || (required !== 'present' && (value === null || (required === 'filled' && value === '')));
  if (required && missing) throw outer(name, requiredReason);
  if (value === undefined) return context.create ? field.default : undefined;
  if (field.kind === 'items') {
    const finish = field.finish === undefined ? undefined : named(FINISHERS, field.finish, 'finisher');
    const read = itemsReader((item, itemInvalid) => readFields(item, field.fields ?? {}, { ...context, create: true }, itemInvalid), finish);
    return read(body, name, invalid);
  }
  if (field.kind === 'ids') {
    const known = named(context.refs, field.ref ?? '', 'ref') as (id: number) => boolean;
    return idListReader(known, (id) => (field.refReason ?? '').replace('{id}', String(id)))(body, name, invalid);
  }
  if (field.fields && field.kind?.startsWith('object')) {
    const read = (object: Record<string, unknown>, nested: Invalid) =>
      readFields(object, field.fields ?? {}, { ...context, create: true }, nested, field.requires);
    const object = objectReader(read, field.kind === 'object?')(body, name, invalid);
    return object === null ? null : mapped(object, field, context);
  }
  const result = checked(body, name, field, context, invalid);
  if (result === null && !field.nullAsValue) return null;
  if (field.ref !== undefined && !named(context.refs, field.ref, 'ref')(result as never)) {
    if (field.refError !== undefined) {
      const [error, arg] = field.refError.split(':');
      throw named(context.errors, error ?? '', 'error')(name, arg);
    }
    throw invalid(name, (field.refReason ?? 'not found').replace('{id}', String(result)));
  }
  if (field.when) {
    const { field: other, prop, oneOf, reason: whenReason } = field.when;
    const state = body[other] ?? context.current?.[prop];
    if (!oneOf.includes(state as string)) throw outer(name, whenReason);
  }
  return mapped(result, field, context);
}

/** A value after the field's transforms, in order. */
function mapped(value: unknown, field: WriteField, context: WriteContext): unknown {
  let result = value;
  for (const transform of typeof field.map === 'string' ? [field.map] : (field.map ?? [])) {
    result = (TRANSFORMS[transform] ?? named(context.transforms, transform, 'transform'))(result as never);
  }
  return result;
}

/** Reads declared fields in order into a write under their props; `requires` props must end up non-null. */
function readFields(
  body: Record<string, unknown>,
  fields: WriteFields,
  context: WriteContext,
  invalid: Invalid,
  requires?: readonly string[],
): Record<string, unknown> {
  const write: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    if (field.createOnly && !context.create) continue;
    // A dotted name reads a nested value (checked again after its object, e.g. against a set).
    const nested = name.includes('.')
      ? { [name]: name.split('.').reduce<unknown>((at, key) => (isJsonObject(at) ? at[key] : undefined), body) }
      : body;
    const value = readField(nested, name, field, context, invalid);
    const to = field.to ?? camel(name);
    if (value !== undefined && to !== '') write[to] = value;
  }
  const lacking = requires?.find((prop) => write[prop] === undefined || write[prop] === null);
  if (lacking !== undefined) throw invalid(lacking, 'is required');
  return write;
}

/**
 * An object's write rules from a data file: a field named `...other` stands for the fields of the spec `other`, in
 * place (shared groups, e.g. the fields every object takes).
 */
export function writeSpec(specs: Readonly<Record<string, WriteSpec>>, name: string): WriteSpec {
  const spec = named(specs, name, 'write spec');
  const fields = Object.entries(spec.fields).flatMap(([key, field]) =>
    key.startsWith('...') ? Object.entries(writeSpec(specs, key.slice(3)).fields) : [[key, field] as const],
  );
  return { ...spec, fields: Object.fromEntries(fields) };
}

/**
 * Checks a body against an object's write rules, in declaration order, into a write (only the fields the body has,
 * with defaults); then `anyOf` against the current record with the write applied.
 * @throws the provider's error (`context.invalid` or a named one) for the first failure
 */
export function readWrite(spec: WriteSpec, body: Record<string, unknown>, context: WriteContext): Record<string, unknown> {
  const write = readFields(body, spec.fields, context, context.invalid);
  const refused = context.create ? spec.notOnCreate?.fields.find((name) => body[name] !== undefined) : undefined;
  if (refused !== undefined) throw context.invalid(refused, spec.notOnCreate?.reason ?? '');
  if (spec.anyOf) {
    const after = { ...context.current, ...write };
    const { props, field, reason } = spec.anyOf;
    if (props.every((prop) => after[prop] === undefined || after[prop] === null)) throw context.invalid(field, reason);
  }
  return write;
}

/** Applies a validated write to a record (a copy the store is about to keep): the `apply` rules, then every other prop (cloned). */
export function applyWrite(
  record: Record<string, unknown>,
  write: Record<string, unknown>,
  rules: ApplyRules,
  clock: { now: number; create: boolean },
): void {
  for (const prop of rules.merge ?? []) {
    const target = record[prop] as Record<string, unknown>;
    for (const [key, value] of Object.entries((write[prop] ?? {}) as Record<string, unknown>)) {
      if (value === null) delete target[key];
      else target[key] = value;
    }
  }
  for (const { prop, to, updateOnly, set } of rules.onChange ?? []) {
    const value = write[prop];
    if (value === undefined || value === record[prop] || (updateOnly && clock.create) || (to !== undefined && value !== to)) continue;
    for (const [key, stamp] of Object.entries(set)) record[key] = stamp === '$now' ? clock.now : stamp;
  }
  const skipped = new Set([...(rules.merge ?? []), ...(rules.skip ?? [])]);
  for (const [prop, value] of Object.entries(write)) if (!skipped.has(prop)) record[prop] = structuredClone(value);
}
