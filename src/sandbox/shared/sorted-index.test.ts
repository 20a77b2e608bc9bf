import { describe, expect, it } from 'vitest';

import { SortedIndex, textScore, VersionedCache } from './sorted-index.js';

describe('sorted index', () => {
  const values: Record<number, number> = { 1: 30, 2: 10, 3: 20, 4: 10, 5: 99 };
  const index = new SortedIndex([1, 2, 3, 4, 5], (id) => (id === 5 ? undefined : values[id]));

  it('orders ids by value, then id, leaving out ids without a value', () => {
    expect(index.size).toBe(4);
    expect([...index.walk(0, 1)]).toEqual([2, 4, 3, 1]);
    expect([...index.walk(index.size - 1, -1)]).toEqual([1, 3, 4, 2]);
  });

  it('finds where a (value, id) position starts, for cursors', () => {
    expect(index.lowerBound(10, 3)).toBe(1);
    expect(index.lowerBound(10, 0)).toBe(0);
    expect(index.lowerBound(25, 0)).toBe(3);
    expect(index.lowerBound(31, 0)).toBe(4);
    expect([...index.walk(index.lowerBound(10, 4), 1)]).toEqual([4, 3, 1]);
  });
});

describe('versioned cache', () => {
  it('computes again when the version changes, per owner and key, forgetting the oldest beyond its size', () => {
    const cache = new VersionedCache<number>(2);
    const owner = {};
    let computed = 0;
    const compute = () => ++computed;
    expect(cache.get(owner, 'a', 1, compute)).toBe(1);
    expect(cache.get(owner, 'a', 1, compute)).toBe(1);
    expect(cache.get(owner, 'a', 2, compute)).toBe(2);
    expect(cache.get({}, 'a', 2, compute)).toBe(3);
    cache.get(owner, 'b', 2, compute);
    cache.get(owner, 'c', 2, compute);
    expect(cache.get(owner, 'a', 2, compute)).toBe(6);
    expect(cache.get(owner, 'c', 2, compute)).toBe(5);
  });
});

describe('text score', () => {
  it('scores full matches 1, word starts 0.5, other substrings 0.25, and only full matches when exact', () => {
    expect(textScore(['Ada Lovelace'], 'ada lovelace', false)).toBe(1);
    expect(textScore(['Ada Lovelace'], 'love', false)).toBe(0.5);
    expect(textScore(['Ada Lovelace'], 'velace', false)).toBe(0.25);
    expect(textScore(['ada@example.com'], 'example', false)).toBe(0.5);
    expect(textScore(['Ada Lovelace'], 'love', true)).toBe(0);
    expect(textScore(['x', 'Ada'], 'ada', true)).toBe(1);
    expect(textScore([], 'ada', false)).toBe(0);
  });
});
