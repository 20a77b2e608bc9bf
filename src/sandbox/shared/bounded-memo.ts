/**
 * A memo of a pure function kept in a Map that is emptied when it is full: what a fake remembers on a hot path (slugs,
 * templates split once, the day part of a timestamp, a seed record's parent) so that a page costs less CPU, without
 * growing without bound however many keys a long run asks for.
 */
export class BoundedMemo<K, V> {
  readonly #entries = new Map<K, V>();

  /** @param limit - most entries kept: the memo is emptied before a new one is added past it */
  constructor(readonly limit: number) {}

  /** Entries kept now. */
  get size(): number {
    return this.#entries.size;
  }

  /** The value remembered for `key`, else `make(key)`, remembered (undefined values are made again each time). */
  get(key: K, make: (key: K) => V): V {
    let value = this.#entries.get(key);
    if (value === undefined) {
      if (this.#entries.size >= this.limit) this.#entries.clear();
      value = make(key);
      this.#entries.set(key, value);
    }
    return value;
  }
}
