/**
 * Searching a record store: ORed filter groups of ANDed filters, an optional further test (e.g. a free-text query),
 * one sort and an offset page. The sorted matches are remembered by the store while it is unchanged, so paging through
 * them does not scan again (a store is searched under one scope); when every filter group requires a date after the
 * seed's bound, the scan skips the untouched seed records (incremental-sync searches, "modified since…", stay cheap).
 */
import {
  compareValues,
  type FieldFilter,
  type FieldSort,
  type FilterSubject,
  groupsRequireAfter,
  matchesGroups,
  sortComparator,
  type ValueKind,
} from './filters.js';
import { slicePage } from './paging.js';
import type { RecordId, RecordStore } from './record-store.js';

/** How an object type's records are searched. */
export interface SearchScope<R> {
  subject: FilterSubject<R>;
  /** How records tie under the sort (and their order without one). */
  tie: (a: R, b: R) => number;
  /** The id a match is read back by. */
  idOf: (record: R) => RecordId;
  /** The date fields no untouched seed record is dated after `bound` in (no bound: the seed is always scanned). */
  seedDates?: { fields: ReadonlySet<string>; bound: number | undefined };
  /** The field that holds a record's id: the same GT/GTE filter on it in every group is a keyset page ({@link idFloorOf}). */
  idField?: string;
}

/** One validated search. */
export interface StoreSearch<R> {
  filterGroups: ReadonlyArray<readonly FieldFilter[]>;
  sort?: FieldSort | undefined;
  /** A further test every match passes, and the text that tells it apart from others (part of the remembered key). */
  also?: { key: string; test: (record: R) => boolean } | undefined;
  offset: number;
  limit: number;
  /**
   * A further test on the ids of the remembered matches, applied after them and not part of the remembered key: a
   * filter that changes from page to page (e.g. "id above the last one read") so that paging does not scan again.
   */
  keepId?: ((id: RecordId) => boolean) | undefined;
}

/** A page of matches. */
export interface StoreSearchPage<R> {
  total: number;
  records: R[];
  /** Where the next page starts; undefined on the last page and for a page of no items (a count). */
  nextOffset: number | undefined;
}

/** Every match's id, in answer order. */
function matchingIds<R>(store: RecordStore<R>, scope: SearchScope<R>, search: StoreSearch<R>): RecordId[] {
  const key = JSON.stringify([search.filterGroups, search.sort ?? null, search.also?.key ?? null]);
  return store.cached(key, () => {
    const { seedDates } = scope;
    const changedSeedOnly = seedDates !== undefined && groupsRequireAfter(search.filterGroups, seedDates.fields, seedDates.bound ?? Infinity);
    const matches: R[] = [];
    for (const record of store.scanLive({ changedSeedOnly })) {
      if (matchesGroups(search.filterGroups, record, scope.subject) && (search.also?.test(record) ?? true)) matches.push(record);
    }
    matches.sort(sortComparator(search.sort, scope.subject, scope.tie));
    return matches.map(scope.idOf);
  });
}

/**
 * The same GT/GTE filter on the id field in every group (a keyset page: "after the last id read"), taken out of the
 * groups and turned into a test of the ids it passes, so that the matches of the other filters are remembered from
 * page to page and not scanned again; undefined when the groups have none.
 */
export function idFloorOf(
  groups: ReadonlyArray<readonly FieldFilter[]>,
  idField: string,
  kind: ValueKind,
): { filterGroups: FieldFilter[][]; keepId: (id: RecordId) => boolean } | undefined {
  let floor: FieldFilter | undefined;
  const rest: FieldFilter[][] = [];
  for (const group of groups) {
    const at = group.findIndex((filter) => filter.field === idField && (filter.operator === 'GT' || filter.operator === 'GTE'));
    const filter = group[at];
    if (filter === undefined || (floor !== undefined && (floor.operator !== filter.operator || floor.value !== filter.value))) return undefined;
    floor = filter;
    rest.push(group.filter((_, index) => index !== at));
  }
  if (floor === undefined) return undefined;
  const [operator, target] = [floor.operator, floor.value ?? ''];
  return {
    filterGroups: rest,
    keepId: (id) => (operator === 'GT' ? compareValues(kind, String(id), target) > 0 : compareValues(kind, String(id), target) >= 0),
  };
}

/** Runs a search and answers one page of it (a keyset page on the scope's id field as its `keepId`, when it has none). */
export function searchStore<R>(store: RecordStore<R>, scope: SearchScope<R>, search: StoreSearch<R>): StoreSearchPage<R> {
  const { idField } = scope;
  const floor = idField === undefined || search.keepId ? undefined : idFloorOf(search.filterGroups, idField, scope.subject.kindOf(idField));
  if (floor) search = { ...search, ...floor };
  const matches = matchingIds(store, scope, search);
  const ids = search.keepId ? matches.filter(search.keepId) : matches;
  const slice = slicePage(ids, search.offset, search.limit);
  const records = slice.items.map((id) => store.live(id)).filter((record): record is R => record !== undefined);
  return { total: ids.length, records, nextOffset: search.limit > 0 ? slice.nextOffset : undefined };
}
