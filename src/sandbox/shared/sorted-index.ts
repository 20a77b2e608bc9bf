/**
 * Helpers for fakes that list or search many lazily generated records:
 * a sorted (value, id) index to page through a list sorted by a numeric
 * attribute (e.g. a modification time) from a cursor, a cache of results that
 * lives while a store's version is unchanged, and a plain text relevance score.
 */

/** (value, id) pairs sorted ascending by value, then id. */
export class SortedIndex {
  readonly #values: Float64Array;
  readonly #ids: Float64Array;

  /** Builds the index of the ids whose value is defined. */
  constructor(ids: Iterable<number>, valueOf: (id: number) => number | undefined) {
    const pairs: Array<[number, number]> = [];
    for (const id of ids) {
      const value = valueOf(id);
      if (value !== undefined) pairs.push([value, id]);
    }
    pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    this.#values = Float64Array.from(pairs, (pair) => pair[0]);
    this.#ids = Float64Array.from(pairs, (pair) => pair[1]);
  }

  /** Number of entries. */
  get size(): number {
    return this.#ids.length;
  }

  /** First position whose (value, id) is >= the given pair. */
  lowerBound(value: number, id: number): number {
    let low = 0;
    let high = this.#ids.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const v = this.#values[mid] ?? Infinity;
      const i = this.#ids[mid] ?? Infinity;
      if (v < value || (v === value && i < id)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The ids from a position, forwards (1) or backwards (-1). */
  *walk(from: number, step: 1 | -1): Generator<number> {
    for (let at = from; at >= 0 && at < this.#ids.length; at += step) {
      const id = this.#ids[at];
      if (id !== undefined) yield id;
    }
  }
}

/**
 * Results remembered per owner (e.g. an account) and key while the version they were computed at (e.g. a record
 * store's) is current; at most `maxEntries` per owner, the oldest forgotten first.
 */
export class VersionedCache<T> {
  readonly #owners = new WeakMap<object, Map<string, { version: number; value: T }>>();
  readonly #maxEntries: number;

  constructor(maxEntries = Number.POSITIVE_INFINITY) {
    this.#maxEntries = maxEntries;
  }

  /** The remembered value, or a computed one (remembered). */
  get(owner: object, key: string, version: number, compute: () => T): T {
    let entries = this.#owners.get(owner);
    if (!entries) {
      entries = new Map();
      this.#owners.set(owner, entries);
    }
    const hit = entries.get(key);
    if (hit && hit.version === version) return hit.value;
    const value = compute();
    entries.delete(key);
    if (entries.size >= this.#maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
    entries.set(key, { version, value });
    return value;
  }
}

/**
 * A plain relevance score of a search term (lower case) against values: 1 for a full, case-insensitive match, 0.5 for
 * a match at a word start, 0.25 for any other substring, 0 for none; with `exact`, only full matches count.
 */
export function textScore(values: readonly string[], term: string, exact: boolean): number {
  let best = 0;
  for (const raw of values) {
    const value = raw.toLowerCase();
    if (value === term) return 1;
    if (exact) continue;
    const at = value.indexOf(term);
    if (at < 0) continue;
    const wordStart = at === 0 || /[\s@.,+\-()]/.test(value.charAt(at - 1));
    best = Math.max(best, wordStart ? 0.5 : 0.25);
  }
  return best;
}
