/**
 * Ranked searches over a record store's ids, for fakes whose search endpoints answer hits best first: the fake scores
 * each id (0: no match, e.g. with {@link textScore} over its searchable values, after its own filters); the kit scans
 * every id once, orders the hits by score then id, and remembers them per store version and request (the normalised
 * term and filters), so that paging through the hits does not scan again.
 */
import { VersionedCache } from './sorted-index.js';

/** One hit of a ranked search. */
export interface ScoredHit {
  id: number;
  score: number;
}

/** The ids of a store, and a version that changes whenever a record does. */
export interface SearchableStore {
  readonly version: number;
  idsAscending(): Iterable<number>;
}

/** The hits remembered per store: the last 16 requests. */
const caches = new VersionedCache<ScoredHit[]>(16);

/**
 * Every id of a store the search matches, best first, then by id (remembered while the store is unchanged).
 * @param key - names the request among the store's others (the same key must mean the same scores)
 * @param score - the score of an id; 0 (or less) leaves it out
 */
export function rankedSearch(store: SearchableStore, key: string, score: (id: number) => number): ScoredHit[] {
  return caches.get(store, key, store.version, () => {
    const hits: ScoredHit[] = [];
    for (const id of store.idsAscending()) {
      const value = score(id);
      if (value > 0) hits.push({ id, score: value });
    }
    return hits.sort((a, b) => b.score - a.score || a.id - b.id);
  });
}
