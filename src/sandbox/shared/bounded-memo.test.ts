import { describe, expect, it } from 'vitest';

import { BoundedMemo } from './bounded-memo.js';

describe('bounded memo', () => {
  it('makes a value once per key and empties itself when full, as a made-up fake memoises its ticket titles', () => {
    const memo = new BoundedMemo<number, string>(3);
    let made = 0;
    const title = (ticket: number) => `Ticket #${ticket} (${++made})`;
    expect(memo.get(1, title)).toBe('Ticket #1 (1)');
    expect(memo.get(1, title)).toBe('Ticket #1 (1)');
    expect([memo.get(2, title), memo.get(3, title), memo.size]).toEqual(['Ticket #2 (2)', 'Ticket #3 (3)', 3]);
    expect(memo.get(4, title)).toBe('Ticket #4 (4)');
    expect(memo.size).toBe(1);
    expect(memo.get(1, title)).toBe('Ticket #1 (5)');
  });
});
