import { describe, expect, it } from 'vitest';

import {
  compareValues,
  containsToken,
  type FieldFilter,
  type FilterDialect,
  type FilterSubject,
  groupsRequireAfter,
  matchesFilter,
  matchesGroups,
  parseFilter,
  parseFilterGroups,
  sortComparator,
} from './filters.js';

type Row = { id: number; values: Record<string, string> };
const subject: FilterSubject<Row> = {
  valueOf: (row, field) => row.values[field],
  kindOf: (field) => (field === 'n' ? 'number' : field === 'at' ? 'date' : 'string'),
};

class BadFilter extends Error {}
const dialect: FilterDialect = {
  operators: { eq: 'EQ', between: 'BETWEEN', in: 'IN', has: 'HAS_PROPERTY' },
  defaultOperator: 'eq',
  keys: { field: 'f', operator: 'op', value: 'v', highValue: 'hi', values: 'vs' },
  fail: (detail) => {
    throw new BadFilter(detail);
  },
};

describe('filter engine', () => {
  it('compares numbers by value, dates by epoch (ms or ISO) and strings case-insensitively', () => {
    expect(compareValues('number', '9', '10')).toBeLessThan(0);
    expect(compareValues('string', '9', '10')).toBeGreaterThan(0);
    expect(compareValues('date', '1700000000000', '2023-11-14T22:13:20.000Z')).toBe(0);
    expect(compareValues('string', 'Abc', 'aBC')).toBe(0);
  });

  it('evaluates every operator, a missing or empty value passing only the negative ones', () => {
    const f = (operator: FieldFilter['operator'], extra: Partial<FieldFilter> = {}): FieldFilter => ({ field: 'n', operator, ...extra });
    expect(matchesFilter(f('EQ', { value: '5' }), '5', 'number')).toBe(true);
    expect(matchesFilter(f('NEQ', { value: '5' }), undefined, 'number')).toBe(true);
    expect(matchesFilter(f('LT', { value: '10' }), '9', 'number')).toBe(true);
    expect(matchesFilter(f('GTE', { value: '10' }), '9', 'number')).toBe(false);
    expect(matchesFilter(f('BETWEEN', { value: '1', highValue: '9' }), '9', 'number')).toBe(true);
    expect(matchesFilter(f('IN', { values: ['1', '2'] }), '2', 'number')).toBe(true);
    expect(matchesFilter(f('NOT_IN', { values: ['1', '2'] }), '', 'number')).toBe(true);
    expect(matchesFilter(f('HAS_PROPERTY'), '', 'number')).toBe(false);
    expect(matchesFilter(f('NOT_HAS_PROPERTY'), undefined, 'number')).toBe(true);
    expect(matchesFilter(f('LT', { value: '10' }), undefined, 'number')).toBe(false);
    expect(matchesFilter(f('CONTAINS_TOKEN', { value: 'ada' }), 'Ada Lovelace', 'string')).toBe(true);
    expect(matchesFilter(f('NOT_CONTAINS_TOKEN', { value: 'ada' }), 'Adam Smith', 'string')).toBe(true);
  });

  it('matches tokens, with * wildcards against the value or one token', () => {
    expect(containsToken('ada@example.com', 'example')).toBe(true);
    expect(containsToken('ada@example.com', '*@example.com')).toBe(true);
    expect(containsToken('Ada Lovelace', 'love*')).toBe(true);
    expect(containsToken('Ada Lovelace', 'love')).toBe(false);
    expect(containsToken('Ada', '')).toBe(false);
  });

  it('ORs groups of ANDed filters (no groups: everything) and sorts with missing values last', () => {
    const rows: Row[] = [
      { id: 3, values: { n: '2', s: 'b' } },
      { id: 1, values: { s: 'a' } },
      { id: 2, values: { n: '10', s: 'a' } },
    ];
    const groups = [[{ field: 's', operator: 'EQ', value: 'A' } as const], [{ field: 'n', operator: 'GT', value: '5' } as const]];
    expect(rows.filter((row) => matchesGroups(groups, row, subject)).map((row) => row.id)).toEqual([1, 2]);
    expect(rows.filter((row) => matchesGroups([], row, subject))).toHaveLength(3);
    const byId = (a: Row, b: Row): number => a.id - b.id;
    expect([...rows].sort(sortComparator({ field: 'n', descending: true }, subject, byId)).map((row) => row.id)).toEqual([2, 3, 1]);
    expect([...rows].sort(sortComparator({ field: 'n', descending: false }, subject, byId)).map((row) => row.id)).toEqual([3, 2, 1]);
    expect([...rows].sort(sortComparator({ field: 's', descending: false }, subject, byId)).map((row) => row.id)).toEqual([1, 2, 3]);
    expect([...rows].sort(sortComparator(undefined, subject, byId)).map((row) => row.id)).toEqual([1, 2, 3]);
  });

  it('tells when every group needs dates after a bound', () => {
    const dates = new Set(['at']);
    expect(groupsRequireAfter([[{ field: 'at', operator: 'GT', value: '100' }]], dates, 100)).toBe(true);
    expect(groupsRequireAfter([[{ field: 'at', operator: 'GTE', value: '100' }]], dates, 100)).toBe(false);
    expect(groupsRequireAfter([[{ field: 'at', operator: 'GT', value: '100' }], [{ field: 's', operator: 'EQ', value: 'x' }]], dates, 99)).toBe(
      false,
    );
    expect(groupsRequireAfter([], dates, 0)).toBe(false);
  });

  it('parses wire filters in a dialect and fails through it', () => {
    const isField = (name: string): boolean => ['n', 's'].includes(name);
    expect(parseFilter({ f: 'n', v: 3 }, dialect, isField)).toEqual({ field: 'n', operator: 'EQ', value: '3' });
    expect(parseFilter({ f: 's', op: 'in', vs: ['a', 1, {}] }, dialect, isField)).toEqual({ field: 's', operator: 'IN', values: ['a', '1'] });
    expect(() => parseFilter({ f: 'x', v: '1' }, dialect, isField)).toThrow(new BadFilter('unknown property x'));
    expect(() => parseFilter({ f: 'n', op: 'EQ', v: '1' }, dialect, isField)).toThrow(new BadFilter('unknown operator EQ'));
    expect(() => parseFilter({ f: 'n', op: 'between', v: '1' }, dialect, isField)).toThrow(new BadFilter('between needs a highValue'));
    expect(() => parseFilter({ f: 'n', op: 'in' }, dialect, isField)).toThrow(new BadFilter('in needs values'));
    expect(() => parseFilter('x', dialect, isField)).toThrow(new BadFilter('filter must be an object'));
    expect(parseFilter({ f: 'n', op: 'has' }, dialect, isField)).toEqual({ field: 'n', operator: 'HAS_PROPERTY' });
  });

  it('parses filter groups within limits', () => {
    const isField = (name: string): boolean => name === 'n';
    const limits = { maxGroups: 2, maxFiltersPerGroup: 2, maxFilters: 3, groupsKey: 'groups', filtersKey: 'filters' };
    const one = { f: 'n', v: '1' };
    expect(parseFilterGroups([{ filters: [one] }, { filters: [one, one] }], dialect, isField, limits)).toHaveLength(2);
    expect(() => parseFilterGroups({}, dialect, isField, limits)).toThrow(new BadFilter('groups must be a list'));
    expect(() => parseFilterGroups([{}, {}, {}], dialect, isField, limits)).toThrow(new BadFilter('at most 2 groups'));
    expect(() => parseFilterGroups([{ other: [] }], dialect, isField, limits)).toThrow(new BadFilter('each filter group needs filters'));
    expect(() => parseFilterGroups([{ filters: [one, one, one] }], dialect, isField, limits)).toThrow(new BadFilter('at most 2 filters per group'));
    expect(() => parseFilterGroups([{ filters: [one, one] }, { filters: [one, one] }], dialect, isField, limits)).toThrow(
      new BadFilter('at most 3 filters'),
    );
  });
});
