/** Strict query-parameter readers for API v2 (Pipedrive validates query parameters like bodies). */
import { queryScalar } from '../shared/util.js';
import { validationFailed } from './errors.js';
import { parseRfc3339 } from './validate.js';

/** Parsed query object of a request. */
export type Query = Record<string, unknown>;

/** A string parameter (the last when repeated). */
export function stringParam(query: Query, name: string): string | undefined {
  const value = queryScalar(query[name]);
  return value === undefined || value === '' ? undefined : value;
}

/**
 * An integer parameter.
 * @throws PipedriveApiError 400 when it is not an integer in range
 */
export function intParam(query: Query, name: string, range: { min?: number; max?: number } = {}): number | undefined {
  const text = stringParam(query, name);
  if (text === undefined) return undefined;
  if (!/^-?\d{1,15}$/.test(text)) throw validationFailed(name, 'must be an integer');
  const value = Number(text);
  if (range.min !== undefined && value < range.min) throw validationFailed(name, `must be >= ${range.min}`);
  if (range.max !== undefined && value > range.max) throw validationFailed(name, `must be <= ${range.max}`);
  return value;
}

/** A boolean parameter ("true"/"false", also 1/0). */
export function boolParam(query: Query, name: string): boolean | undefined {
  const text = stringParam(query, name);
  if (text === undefined) return undefined;
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw validationFailed(name, 'must be a boolean');
}

/** A comma-separated list parameter. */
export function listParam(query: Query, name: string): string[] | undefined {
  const text = stringParam(query, name);
  if (text === undefined) return undefined;
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** One value of an enumeration. */
export function enumParam<T extends string>(query: Query, name: string, allowed: readonly T[], fallback: T): T {
  const text = stringParam(query, name);
  if (text === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(text)) throw validationFailed(name, `must be one of ${allowed.join(', ')}`);
  return text as T;
}

/** An RFC 3339 timestamp parameter (no fractional seconds). */
export function timeParam(query: Query, name: string): number | undefined {
  const text = stringParam(query, name);
  if (text === undefined) return undefined;
  const ms = parseRfc3339(text);
  if (ms === undefined) throw validationFailed(name, `'${text}' is not a valid datetime`);
  return ms;
}

/** The page size: default 100, at most 500 (above answers 400; Pipedrive documents 500 as the maximum). */
export function limitParam(query: Query): number {
  return intParam(query, 'limit', { min: 1, max: 500 }) ?? 100;
}
