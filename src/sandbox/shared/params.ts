/**
 * Strict readers of query parameters and JSON body fields, for fakes whose
 * provider validates them (wrong types answer 400 rather than being ignored).
 * The provider supplies its 400 as `invalid(name, reason)`; the kit supplies
 * the checks and the reasons ("must be an integer", "must be one of a, b").
 */
import { queryScalar } from './util.js';

/** The provider's error for an invalid parameter or field. */
export type Invalid = (name: string, reason: string) => Error;

/** A parsed query object. */
export type Query = Record<string, unknown>;

/** Readers of a request's query parameters; each answers undefined for an absent or empty parameter. */
export interface QueryParams {
  /** A string parameter (the last when repeated). */
  string: (query: Query, name: string) => string | undefined;
  /** An integer parameter within an optional range. */
  int: (query: Query, name: string, range?: { min?: number; max?: number }) => number | undefined;
  /** A boolean parameter ("true"/"false", also 1/0). */
  bool: (query: Query, name: string) => boolean | undefined;
  /** A comma-separated list parameter (empty items dropped). */
  list: (query: Query, name: string) => string[] | undefined;
  /** One value of an enumeration, or the fallback when absent. */
  oneOf: <T extends string>(query: Query, name: string, allowed: readonly T[], fallback: T) => T;
  /** A list parameter whose every item is one of an enumeration. */
  listOf: <T extends string>(query: Query, name: string, allowed: readonly T[]) => T[] | undefined;
}

/** Query readers that throw the provider's error. */
export function queryParams(invalid: Invalid): QueryParams {
  const string = (query: Query, name: string): string | undefined => {
    const value = queryScalar(query[name]);
    return value === undefined || value === '' ? undefined : value;
  };
  const list = (query: Query, name: string): string[] | undefined =>
    string(query, name)
      ?.split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  const outside = (name: string, allowed: readonly string[]) => invalid(name, `must be one of ${allowed.join(', ')}`);
  return {
    string,
    int(query, name, range = {}) {
      const text = string(query, name);
      if (text === undefined) return undefined;
      if (!/^-?\d{1,15}$/.test(text)) throw invalid(name, 'must be an integer');
      const value = Number(text);
      if (range.min !== undefined && value < range.min) throw invalid(name, `must be >= ${range.min}`);
      if (range.max !== undefined && value > range.max) throw invalid(name, `must be <= ${range.max}`);
      return value;
    },
    bool(query, name) {
      const text = string(query, name);
      if (text === undefined) return undefined;
      if (text === 'true' || text === '1') return true;
      if (text === 'false' || text === '0') return false;
      throw invalid(name, 'must be a boolean');
    },
    list,
    listOf<T extends string>(query: Query, name: string, allowed: readonly T[]) {
      const items = list(query, name);
      if (items?.some((item) => !(allowed as readonly string[]).includes(item))) throw outside(name, allowed);
      return items as T[] | undefined;
    },
    oneOf(query, name, allowed, fallback) {
      const text = string(query, name);
      if (text === undefined) return fallback;
      if (!(allowed as readonly string[]).includes(text)) throw outside(name, allowed);
      return text as (typeof allowed)[number];
    },
  };
}

/** Whether a value is a JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON types a body field may be declared with; `?` admits null. */
export type FieldKind = 'integer' | 'number' | 'string' | 'boolean' | 'integer?' | 'number?' | 'string?';

const CHECKS: Record<string, { test: (value: unknown) => boolean; reason: string }> = {
  integer: { test: (value) => typeof value === 'number' && Number.isSafeInteger(value), reason: 'must be an integer' },
  number: { test: (value) => typeof value === 'number' && Number.isFinite(value), reason: 'must be a number' },
  string: { test: (value) => typeof value === 'string', reason: 'must be a string' },
  boolean: { test: (value) => typeof value === 'boolean', reason: 'must be a boolean' },
};

/**
 * Reads one body field of a declared kind.
 * @returns undefined when absent; null when null and the kind admits it
 * @throws the provider's error for any other value
 */
export function bodyValue(body: Record<string, unknown>, name: string, kind: FieldKind, invalid: Invalid): unknown {
  const value = body[name];
  if (value === undefined) return undefined;
  const nullable = kind.endsWith('?');
  if (value === null && nullable) return null;
  const check = CHECKS[nullable ? kind.slice(0, -1) : kind];
  if (check && !check.test(value)) throw invalid(name, check.reason);
  return value;
}

/**
 * Reads the declared fields of a body, in declaration order, into a write under their new names.
 * @param fields - wire name → [name in the write, kind]
 * @returns only the fields the body has
 */
export function readBodyFields(
  body: Record<string, unknown>,
  fields: Readonly<Record<string, readonly [string, FieldKind]>>,
  invalid: Invalid,
): Record<string, unknown> {
  const write: Record<string, unknown> = {};
  for (const [name, [to, kind]] of Object.entries(fields)) {
    const value = bodyValue(body, name, kind, invalid);
    if (value !== undefined) write[to] = value;
  }
  return write;
}

/** Copies the named properties a validated write defines onto a record (undefined: not given, left alone). */
export function assignDefined<T, K extends keyof T>(target: T, source: { readonly [P in K]?: T[P] }, keys: readonly K[]): void {
  for (const key of keys) {
    const value = source[key];
    if (value !== undefined) target[key] = value as T[K];
  }
}
