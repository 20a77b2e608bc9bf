import { describe, expect, it } from 'vitest';

import type { FilterSubject } from './filters.js';
import { idFloorOf, type SearchScope, searchStore } from './objects-search.js';
import { RecordStore } from './record-store.js';

interface Item {
  id: number;
  colour: string;
  at: number;
  gone?: number;
}

const COLOURS = ['red', 'blue', 'green'];

function items(seedCount = 9): RecordStore<Item> {
  return new RecordStore<Item>({
    shape: {
      idOf: (item) => item.id,
      clone: (item) => ({ ...item }),
      removedAt: (item) => item.gone,
      setRemovedAt: (copy, at) => {
        if (at === undefined) delete copy.gone;
        else copy.gone = at;
      },
    },
    idBase: 1,
    seedCount,
    generate: (index) => ({ id: 1 + index, colour: COLOURS[index % 3] ?? 'red', at: 1_000 + index }),
    now: () => 5_000,
  });
}

const subject: FilterSubject<Item> = {
  valueOf: (item, name) => (name === 'colour' ? item.colour : name === 'at' ? new Date(item.at).toISOString() : undefined),
  kindOf: (name) => (name === 'at' ? 'date' : 'string'),
};
const scope: SearchScope<Item> = { subject, tie: (a, b) => a.id - b.id, idOf: (item) => item.id };

describe('searchStore', () => {
  it('filters, sorts (ties by the scope) and pages by offset', () => {
    const store = items();
    const search = { filterGroups: [[{ field: 'colour', operator: 'NEQ' as const, value: 'green' }]], offset: 0, limit: 4 };
    const first = searchStore(store, scope, { ...search, sort: { field: 'colour', descending: false } });
    expect(first.total).toBe(6);
    expect(first.records.map((item) => item.id)).toEqual([2, 5, 8, 1]);
    expect(first.nextOffset).toBe(4);
    const last = searchStore(store, scope, { ...search, sort: { field: 'colour', descending: false }, offset: 4 });
    expect(last.records.map((item) => item.id)).toEqual([4, 7]);
    expect(last.nextOffset).toBeUndefined();
    expect(searchStore(store, scope, { ...search, limit: 0 })).toEqual({ total: 6, records: [], nextOffset: undefined });
  });

  it('applies the further test and remembers matches until the store changes', () => {
    const store = items();
    let tests = 0;
    const also = { key: 'odd', test: (item: Item) => (tests++, item.id % 2 === 1) };
    const search = { filterGroups: [], also, offset: 0, limit: 10 };
    expect(searchStore(store, scope, search).records.map((item) => item.id)).toEqual([1, 3, 5, 7, 9]);
    searchStore(store, scope, search);
    expect(tests).toBe(9);
    store.remove(3);
    expect(searchStore(store, scope, search).total).toBe(4);
    expect(tests).toBe(9 + 8);
  });

  it('skips untouched seed records when every group wants dates after the seed bound', () => {
    const store = items();
    store.update(2, (copy) => void (copy.at = 9_000));
    const after = { field: 'at', operator: 'GT' as const, value: new Date(1_000).toISOString() };
    // The bound claims no seed record is dated after 1000, so seeds 2..9 (dated 1001..1008) are not even looked at.
    const withBound = { ...scope, seedDates: { fields: new Set(['at']), bound: 1_000 } };
    expect(searchStore(store, withBound, { filterGroups: [[after]], offset: 0, limit: 10 }).records.map((item) => item.id)).toEqual([2]);
    expect(searchStore(items(), scope, { filterGroups: [[after]], offset: 0, limit: 10 }).total).toBe(8);
  });

  it('keeps the ids a further id test passes, from matches remembered without it (paging by id scans once)', () => {
    const store = items();
    let tests = 0;
    const also = { key: 'not green', test: (item: Item) => (tests++, item.colour !== 'green') };
    const after = (last: number) => ({ filterGroups: [], also, keepId: (id: number | string) => Number(id) > last, offset: 0, limit: 2 });
    const first = searchStore(store, scope, after(0));
    expect([first.total, first.records.map((item) => item.id)]).toEqual([6, [1, 2]]);
    const next = searchStore(store, scope, after(2));
    expect([next.total, next.records.map((item) => item.id), next.nextOffset]).toEqual([4, [4, 5], 2]);
    expect(searchStore(store, scope, after(8)).records.map((item) => item.id)).toEqual([]);
    expect(tests).toBe(9);
  });

  it("takes the same id floor of every group as a keyset page on the scope's id field (a made-up fake's `item_id`)", () => {
    const store = items();
    let tests = 0;
    const withId: SearchScope<Item> = {
      ...scope,
      idField: 'item_id',
      subject: {
        valueOf: (item, name) => (name === 'item_id' ? String(item.id) : (tests++, subject.valueOf(item, name))),
        kindOf: (name) => (name === 'item_id' ? 'number' : 'string'),
      },
    };
    const page = (last: string, operator: 'GT' | 'GTE' = 'GT') => {
      const floor = { field: 'item_id', operator, value: last };
      return searchStore(store, withId, { filterGroups: [[floor, { field: 'colour', operator: 'NEQ', value: 'green' }]], offset: 0, limit: 2 });
    };
    expect(page('0').records.map((item) => item.id)).toEqual([1, 2]);
    expect([page('2').total, page('2').records.map((item) => item.id)]).toEqual([4, [4, 5]]);
    expect(page('4', 'GTE').records.map((item) => item.id)).toEqual([4, 5]);
    expect(tests).toBe(9);
    const other = { field: 'item_id', operator: 'GT', value: '3' } as const;
    expect(idFloorOf([[other], [{ ...other, value: '4' }]], 'item_id', 'number')).toBeUndefined();
    expect(idFloorOf([[other], []], 'item_id', 'number')).toBeUndefined();
    expect(idFloorOf([[other], [other]], 'item_id', 'number')?.filterGroups).toEqual([[], []]);
  });
});
