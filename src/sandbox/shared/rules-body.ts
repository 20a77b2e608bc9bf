/**
 * Whole write bodies declared as data, on top of the field rules (rules.ts): a fake declares, per body field and in
 * the order its API checks them, either a {@link FieldRule} or a reader for the shapes a rule does not cover (lists of
 * ids, lists of objects, nested objects, objects of dynamic keys), and reads the body into a write with one call.
 * Errors inside nested values name their path (`emails[0].value`, `address.city`, `custom_fields.abc`).
 */
import { type Invalid, isJsonObject } from './params.js';
import { type FieldRule, ruledValue } from './rules.js';

/** Reads one field of a body: undefined when absent, else the value for the write. */
export type BodyReader = (body: Record<string, unknown>, name: string, invalid: Invalid) => unknown;

/** A body's fields in check order: wire name → [name in the write, rule or reader]. */
export type BodyFields = Readonly<Record<string, readonly [string, FieldRule | BodyReader]>>;

/** The provider's error, for the fields of a value nested at `path`. */
export function invalidAt(path: string, invalid: Invalid): Invalid {
  return (name, reason) => invalid(`${path}.${name}`, reason);
}

/**
 * Checks the declared fields of a body, in declaration order, into a write under their new names.
 * @returns only the fields the body has
 */
export function readBody(body: Record<string, unknown>, fields: BodyFields, invalid: Invalid): Record<string, unknown> {
  const write: Record<string, unknown> = {};
  for (const [name, [to, check]] of Object.entries(fields)) {
    const value = typeof check === 'function' ? check(body, name, invalid) : ruledValue(body, name, check, invalid);
    if (value !== undefined) write[to] = value;
  }
  return write;
}

/** A request body as an object: none (undefined, null) is `{}`; anything else but an object answers `body: must be an object`. */
export function bodyObject(raw: unknown, invalid: Invalid): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (!isJsonObject(raw)) throw invalid('body', 'must be an object');
  return raw;
}

/**
 * A list of objects, each read by `readItem` (its errors named `name[i].field`), then the whole list by `finish` (e.g.
 * to make the first item primary when none is); null clears (an empty list).
 */
export function itemsReader<T>(
  readItem: (item: Record<string, unknown>, invalid: Invalid) => T,
  finish: (items: T[]) => T[] = (items) => items,
): BodyReader {
  return (body, name, invalid) => {
    const value = body[name];
    if (value === undefined) return undefined;
    if (value === null) return [];
    if (!Array.isArray(value)) throw invalid(name, 'must be an array');
    const items = value.map((item, index) => {
      if (!isJsonObject(item)) throw invalid(`${name}[${index}]`, 'must be an object');
      return readItem(item, invalidAt(`${name}[${index}]`, invalid));
    });
    return finish(items);
  };
}

/** A nested object read by `read` (its errors named `name.field`); null is null when `nullable`, else not an object. */
export function objectReader<T>(read: (value: Record<string, unknown>, invalid: Invalid) => T, nullable: boolean): BodyReader {
  return (body, name, invalid) => {
    const value = body[name];
    if (value === undefined || (value === null && nullable)) return value;
    if (!isJsonObject(value)) throw invalid(name, 'must be an object');
    return read(value, invalidAt(name, invalid));
  };
}

/** An object of dynamic keys (custom fields), each checked by the rule `ruleOf` gives it; a key without one is refused. */
export function keyedReader(ruleOf: (key: string) => FieldRule | undefined, unknownReason: string): BodyReader {
  return objectReader((value, invalid) => {
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const rule = ruleOf(key);
      if (!rule) throw invalid(key, unknownReason);
      result[key] = ruledValue(value, key, rule, invalid);
    }
    return result;
  }, false);
}

/** A list of integer ids, each one `known` (else `unknownReason(id)`), without repeats; null clears (an empty list). */
export function idListReader(known: (id: number) => boolean, unknownReason: (id: number) => string): BodyReader {
  return (body, name, invalid) => {
    const value = body[name];
    if (value === undefined) return undefined;
    if (value === null) return [];
    if (!Array.isArray(value) || !value.every((id) => typeof id === 'number' && Number.isSafeInteger(id))) {
      throw invalid(name, 'must be an array of integers');
    }
    const unknown = (value as number[]).find((id) => !known(id));
    if (unknown !== undefined) throw invalid(name, unknownReason(unknown));
    return [...new Set(value as number[])];
  };
}
