/**
 * Keyset paging of a record store's lists, for fakes whose list routes sort by id or by a numeric attribute (a
 * creation or change time) and page with a cursor naming the first record of the next page (its sort value and id).
 * The fake declares how to read a record's filter and sort attributes without generating it, which records match, and
 * (optionally) the few ids a filter narrows the list to; the kit walks the ids lazily (by id) or a sorted index of the
 * values (cached per store version), and reads one record past the page to know where the next one starts.
 */
import { takePage } from './paging.js';
import { SortedIndex, VersionedCache } from './sorted-index.js';

/** Where a page starts (inclusive): the sort value (the id itself when sorting by id) and the id. */
export interface KeysetPosition {
  value: number;
  id: number;
}

/** The ids of a store, walked from an id in either direction. */
export interface KeysetStore {
  /** Changes whenever a record does (sorted indexes are kept per version). */
  readonly version: number;
  idsAscending(from?: number): Iterable<number>;
  idsDescending(from?: number): Iterable<number>;
}

/** Sorting by a value rather than by id. */
export interface KeysetSort<M> {
  /** The value of a record, or undefined to leave it out of the index (e.g. deleted records). */
  valueOf: (meta: M) => number | undefined;
  /** Names the index among a store's others (the field, and what `valueOf` leaves out). */
  indexKey: string;
  /** Values a matching record must have: the walk starts no earlier than `min` (ascending) or below `below` (descending). */
  range?: { min?: number | undefined; below?: number | undefined };
}

/** One page request of a keyset list. */
export interface KeysetRequest<M> {
  store: KeysetStore;
  /** The filter and sort attributes of an id (undefined: no such record). */
  metaOf: (id: number) => M | undefined;
  idOf: (meta: M) => number;
  matches: (meta: M) => boolean;
  direction: 'asc' | 'desc';
  limit: number;
  cursor?: KeysetPosition | undefined;
  /** The only ids that can match, ascending, when a filter narrows them down cheaply. */
  candidates?: readonly number[] | undefined;
  /** Sorts by a value; undefined sorts by id. */
  sort?: KeysetSort<M> | undefined;
}

/** A page of ids plus where the next one starts. */
export interface KeysetPage {
  ids: number[];
  next?: KeysetPosition;
}

const indexes = new VersionedCache<SortedIndex>();

/** Collects up to `limit + 1` matching records from an id stream; the extra one becomes the next page's position. */
function collect<M>(request: KeysetRequest<M>, ids: Iterable<number>): KeysetPage {
  const matching = function* (): Generator<M> {
    for (const id of ids) {
      const meta = request.metaOf(id);
      if (meta !== undefined && request.matches(meta)) yield meta;
    }
  };
  const page = takePage(matching(), request.limit);
  const pageIds = page.items.map(request.idOf);
  if (page.next === undefined) return { ids: pageIds };
  const id = request.idOf(page.next);
  return { ids: pageIds, next: { value: request.sort?.valueOf(page.next) ?? id, id } };
}

function byId<M>(request: KeysetRequest<M>): KeysetPage {
  const start = request.cursor?.id;
  const { candidates, store } = request;
  if (candidates === undefined) {
    const ids = request.direction === 'asc' ? store.idsAscending(start ?? undefined) : store.idsDescending(start ?? Number.MAX_SAFE_INTEGER);
    return collect(request, ids);
  }
  if (request.direction === 'asc') return collect(request, start === undefined ? [...candidates] : candidates.filter((id) => id >= start));
  const descending = [...candidates].reverse();
  return collect(request, start === undefined ? descending : descending.filter((id) => id <= start));
}

function byValue<M>(request: KeysetRequest<M>, sort: KeysetSort<M>): KeysetPage {
  const { store, candidates, cursor } = request;
  const build = () =>
    new SortedIndex(candidates ?? store.idsAscending(), (id) => {
      const meta = request.metaOf(id);
      return meta === undefined ? undefined : sort.valueOf(meta);
    });
  const index = candidates ? build() : indexes.get(store, sort.indexKey, store.version, build);
  const { min, below } = sort.range ?? {};
  if (request.direction === 'asc') {
    let from = cursor ? index.lowerBound(cursor.value, cursor.id) : 0;
    if (min !== undefined) from = Math.max(from, index.lowerBound(min, 0));
    return collect(request, index.walk(from, 1));
  }
  let from = cursor ? index.lowerBound(cursor.value, cursor.id + 1) - 1 : index.size - 1;
  if (below !== undefined) from = Math.min(from, index.lowerBound(below, 0) - 1);
  return collect(request, index.walk(from, -1));
}

/** One page of a keyset list. */
export function keysetPage<M>(request: KeysetRequest<M>): KeysetPage {
  return request.sort ? byValue(request, request.sort) : byId(request);
}
