/**
 * Readers the object routes of a provider fake share: the JSON object a write's body must be, a list of names, a page
 * size under the route's rule, an id cursor or an offset, a record addressed by id or by its unique field, and the
 * unique values of a batch of creates. Each throws the provider's own error for what it refuses.
 */
import { type LimitRule, pageSize } from './paging.js';
import type { RecordStore } from './record-store.js';

/** The provider's error for a refused parameter, given its text. */
export type Refusal = (raw: string) => Error;

/** A body that must be a JSON object. @throws invalid() for anything else */
export function jsonObject(body: unknown, invalid: () => Error): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid();
  return body as Record<string, unknown>;
}

/** The texts of a JSON list (other items dropped); undefined when it is not a list. */
export function textList(raw: unknown): string[] | undefined {
  return Array.isArray(raw) ? raw.filter((item): item is string => typeof item === 'string') : undefined;
}

/**
 * A page size parameter (absent or empty: the rule's fallback; above the maximum: as the rule says).
 * @throws invalid for a non-integer, one below 1 or one above a rejecting rule's maximum
 */
export function pageSizeParam(raw: string | undefined, rule: LimitRule, invalid: Refusal): number {
  const requested = raw === undefined || raw === '' ? undefined : Number(raw);
  if (requested !== undefined && (!Number.isInteger(requested) || requested < 1)) throw invalid(raw ?? '');
  const size = pageSize(requested, rule);
  if (size === undefined) throw invalid(raw ?? '');
  return size;
}

/** An id cursor (absent or empty: undefined). @throws invalid for anything but up to 15 digits */
export function idCursorParam(raw: string | undefined, invalid: Refusal): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,15}$/.test(raw)) throw invalid(raw);
  return Number(raw);
}

/** An offset (absent or empty: 0). @throws invalid for anything but a non-negative integer */
export function offsetParam(raw: string | undefined, invalid: Refusal): number {
  const offset = raw === undefined || raw === '' ? 0 : Number(raw);
  if (!Number.isInteger(offset) || offset < 0) throw invalid(raw ?? '');
  return offset;
}

/** How an object type's records are addressed: by id, under any of `idNames` (or no name), or by its unique field. */
export interface RecordKeys {
  idNames: readonly string[];
  /** The field whose values are unique, if any. */
  unique: string | undefined;
  /** The provider's error for a key that is neither. */
  notAKey: (key: string) => Error;
}

/**
 * A record by its id or by the value of its unique field, named `key`; removed records by id only.
 * @throws keys.notAKey for a key that is neither
 */
export function findByKey<R>(store: RecordStore<R>, value: string, key: string | undefined, keys: RecordKeys, removed = false): R | undefined {
  if (key === undefined || key === '' || keys.idNames.includes(key)) return removed ? store.removed(value) : store.live(value);
  if (key !== keys.unique) throw keys.notAKey(key);
  return removed ? undefined : store.findByUnique(value);
}

/**
 * Checks the values a batch of creates gives a unique field before anything is written (compared lower-cased, as the
 * store's unique index does; absent and empty values are skipped).
 * @throws refuse.taken for a value a live record holds, refuse.repeated for one given twice (whichever comes first)
 */
export function checkBatchUnique<R>(
  store: RecordStore<R>,
  values: ReadonlyArray<string | undefined>,
  refuse: { taken: (holder: R) => Error; repeated: (value: string) => Error },
): void {
  const seen = new Set<string>();
  for (const value of values) {
    const lower = value?.toLowerCase();
    if (!lower) continue;
    const holder = store.findByUnique(lower);
    if (holder) throw refuse.taken(holder);
    if (seen.has(lower)) throw refuse.repeated(lower);
    seen.add(lower);
  }
}
