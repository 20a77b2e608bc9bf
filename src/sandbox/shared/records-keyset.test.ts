import { describe, expect, it } from 'vitest';

import { keysetPage, type KeysetRequest, type KeysetStore } from './records-keyset.js';

/** Ids 1..10; a record's time is (11 - id) * 10, so time order is the reverse of id order; even ids are "red". */
const store: KeysetStore = {
  version: 1,
  *idsAscending(from = 1) {
    for (let id = Math.max(1, from); id <= 10; id += 1) yield id;
  },
  *idsDescending(from = 10) {
    for (let id = Math.min(10, from); id >= 1; id -= 1) yield id;
  },
};
interface Meta {
  id: number;
  time: number;
  red: boolean;
}
const base: KeysetRequest<Meta> = {
  store,
  metaOf: (id) => (id >= 1 && id <= 10 ? { id, time: (11 - id) * 10, red: id % 2 === 0 } : undefined),
  idOf: (meta) => meta.id,
  matches: () => true,
  direction: 'asc',
  limit: 3,
};

/** Every id of a list, page after page. */
function all(request: KeysetRequest<Meta>): number[] {
  const ids: number[] = [];
  let cursor = request.cursor;
  for (;;) {
    const page = keysetPage({ ...request, cursor });
    ids.push(...page.ids);
    if (!page.next) return ids;
    cursor = page.next;
  }
}

describe('keyset paging', () => {
  it('pages by id in both directions, naming the first record of the next page', () => {
    expect(keysetPage(base)).toEqual({ ids: [1, 2, 3], next: { value: 4, id: 4 } });
    expect(all({ ...base, direction: 'desc', matches: (meta) => meta.red })).toEqual([10, 8, 6, 4, 2]);
    expect(keysetPage({ ...base, cursor: { value: 9, id: 9 } })).toEqual({ ids: [9, 10] });
  });

  it('pages only the candidates a filter narrows the list to', () => {
    expect(all({ ...base, candidates: [2, 5, 7, 9] })).toEqual([2, 5, 7, 9]);
    expect(all({ ...base, candidates: [2, 5, 7, 9], direction: 'desc', limit: 1 })).toEqual([9, 7, 5, 2]);
  });

  it('pages by a value through a sorted index, leaving out what the value leaves out, within a range', () => {
    const sort = { valueOf: (meta: Meta) => (meta.id === 5 ? undefined : meta.time), indexKey: 'time' };
    const first = keysetPage({ ...base, sort });
    expect(first).toEqual({ ids: [10, 9, 8], next: { value: 40, id: 7 } });
    expect(all({ ...base, sort })).toEqual([10, 9, 8, 7, 6, 4, 3, 2, 1]);
    expect(all({ ...base, sort, direction: 'desc' })).toEqual([1, 2, 3, 4, 6, 7, 8, 9, 10]);
    const range = { min: 30, below: 70 };
    expect(all({ ...base, sort: { ...sort, indexKey: 'ranged', range } })).toEqual([8, 7, 6, 4, 3, 2, 1]);
    expect(all({ ...base, sort: { ...sort, indexKey: 'ranged', range }, direction: 'desc' })).toEqual([6, 7, 8, 9, 10]);
    expect(all({ ...base, sort, candidates: [1, 2, 3] })).toEqual([3, 2, 1]);
  });
});
