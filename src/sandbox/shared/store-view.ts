/**
 * The read side of a fake's in-process record handle over a record store:
 * counts, id-ordered pages (`after` is the id to start at, inclusive, as the
 * stores page), reads by id and by unique value, each record converted to the
 * handle's shape.
 */
import type { RecordStore } from './record-store.js';

/** Reads of one record type; `archived` selects removed records instead of live ones. */
export interface StoreView<T> {
  /** Number of live (or archived) records. */
  count(options?: { archived?: boolean }): number;
  /** A page in id order; `after` is the id to start at (inclusive), as in the API's paging. */
  list(options?: { limit?: number; after?: string; archived?: boolean }): { results: T[]; nextAfter?: string };
  /** A live record (or an archived one with `archived: true`). */
  get(id: string, options?: { archived?: boolean }): T | undefined;
  /** A live record by the value of its unique property (case-insensitive); undefined when the type has none. */
  findByUnique(value: string): T | undefined;
}

/** The reads of a store, records converted by `convert`; `limit` is the page size when a list asks for none. */
export function storeView<R, T>(store: RecordStore<R>, convert: (record: R) => T, limit = 100): StoreView<T> {
  const converted = (record: R | undefined): T | undefined => (record === undefined ? undefined : convert(record));
  return {
    count: (options) => (options?.archived ? store.countRemoved() : store.countLive()),
    list: (options = {}) => {
      const after = options.after === undefined ? undefined : Number(options.after);
      const page = store.page(options.limit ?? limit, after, options.archived ?? false);
      const results = page.records.map(convert);
      return page.nextAfter === undefined ? { results } : { results, nextAfter: String(page.nextAfter) };
    },
    get: (id, options) => converted(options?.archived ? store.removed(id) : store.live(id)),
    findByUnique: (value) => converted(store.findByUnique(value)),
  };
}
