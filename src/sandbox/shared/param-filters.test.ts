import { describe, expect, it } from 'vitest';

import { type ParamFilter, paramFilter } from './param-filters.js';

type Row = { id: number; ownerId: number; done: boolean; changed: number };
const rows: Row[] = [
  { id: 1, ownerId: 7, done: false, changed: 100 },
  { id: 2, ownerId: 8, done: true, changed: 200 },
  { id: 3, ownerId: 7, done: true, changed: 300 },
];
const read: string[] = [];
const int = (query: Record<string, unknown>, name: string) => {
  read.push(name);
  const raw = query[name];
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(String(raw))) throw new Error(`bad ${name}`);
  return Number(raw);
};
const FILTERS: ParamFilter[] = [
  {
    param: 'ids',
    read: (query, name) => (query[name] === undefined ? undefined : String(query[name]).split(',').map(Number)),
    prop: 'id',
    test: 'in',
  },
  { param: 'done', read: (query, name) => (query[name] === undefined ? undefined : query[name] === 'true') },
  { param: 'owner_id', read: int },
  { param: 'since', read: int, prop: 'changed', test: 'atLeast' },
];
const ids = (query: Record<string, unknown>) => rows.filter(paramFilter<Row>(query, FILTERS)).map((row) => row.id);

describe('declared list filters', () => {
  it('passes everything without parameters', () => {
    expect(ids({})).toEqual([1, 2, 3]);
  });

  it('compares camel-cased properties, lists and lower bounds, all at once', () => {
    expect(ids({ owner_id: '7' })).toEqual([1, 3]);
    expect(ids({ done: 'true' })).toEqual([2, 3]);
    expect(ids({ ids: '1,2' })).toEqual([1, 2]);
    expect(ids({ ids: '' })).toEqual([]);
    expect(ids({ since: '200' })).toEqual([2, 3]);
    expect(ids({ owner_id: '7', done: 'false', since: '50' })).toEqual([1]);
  });

  it('reads the parameters in the declared order when the filter is made, so the first bad one throws', () => {
    read.length = 0;
    const filter = paramFilter<Row>({ owner_id: '7' }, FILTERS);
    expect(read).toEqual(['owner_id', 'since']);
    expect(() => paramFilter<Row>({ owner_id: 'x', since: 'y' }, FILTERS)).toThrow('bad owner_id');
    expect(() => paramFilter<Row>({ owner_id: '1', since: 'y' }, FILTERS)).toThrow('bad since');
    expect(rows.filter(filter)).toHaveLength(2);
  });

  it('takes an upper bound that excludes the given value', () => {
    const until: ParamFilter = { param: 'until', read: int, prop: 'changed', test: 'below' };
    expect(rows.filter(paramFilter<Row>({ until: '300' }, [until])).map((row) => row.id)).toEqual([1, 2]);
    expect(rows.filter(paramFilter<Row>({ until: '100', owner_id: '7' }, [FILTERS[2] as ParamFilter, until]))).toEqual([]);
  });
});
