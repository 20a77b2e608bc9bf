import { describe, expect, it } from 'vitest';

import { lazy } from './lazy.js';

describe('lazy', () => {
  it('makes the value at the first call only', () => {
    let made = 0;
    const value = lazy(() => ({ n: ++made }));
    expect(made).toBe(0);
    const first = value();
    expect(value()).toBe(first);
    expect(made).toBe(1);
  });

  it('shares one promise between callers, and tries again after a rejection', async () => {
    let calls = 0;
    const value = lazy(async () => {
      calls++;
      if (calls === 1) throw new Error('first load failed');
      return calls;
    });
    const a = value();
    expect(value()).toBe(a);
    await expect(a).rejects.toThrow('first load failed');
    await expect(value()).resolves.toBe(2);
    await expect(value()).resolves.toBe(2);
    expect(calls).toBe(2);
  });
});
