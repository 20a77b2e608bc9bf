import { describe, expect, it } from 'vitest';

import { rankedSearch, type SearchableStore } from './records-search.js';

/** A store of ids 1..6 whose version the test bumps. */
function store(): SearchableStore & { bump(): void } {
  let version = 1;
  return {
    get version() {
      return version;
    },
    bump: () => void (version += 1),
    *idsAscending() {
      for (let id = 1; id <= 6; id += 1) yield id;
    },
  };
}

describe('ranked search', () => {
  it('answers the matching ids best first, then by id', () => {
    const scores: Record<number, number> = { 1: 0.25, 2: 1, 3: 0, 4: 0.5, 5: 1, 6: 0.25 };
    expect(rankedSearch(store(), 'q', (id) => scores[id] ?? 0)).toEqual([
      { id: 2, score: 1 },
      { id: 5, score: 1 },
      { id: 4, score: 0.5 },
      { id: 1, score: 0.25 },
      { id: 6, score: 0.25 },
    ]);
  });

  it('scans once per store version and request key', () => {
    const records = store();
    let scans = 0;
    const score = () => {
      scans += 1;
      return 1;
    };
    rankedSearch(records, 'a', score);
    rankedSearch(records, 'a', score);
    expect(scans).toBe(6);
    rankedSearch(records, 'b', score);
    expect(scans).toBe(12);
    records.bump();
    rankedSearch(records, 'a', score);
    expect(scans).toBe(18);
  });
});
