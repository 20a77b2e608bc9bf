import v8 from 'node:v8';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { loadConfig } from '../config.js';
import { limitHeapGrowth } from './heap.js';

describe('limitHeapGrowth', () => {
  afterEach(() => vi.restoreAllMocks());

  it("sets V8's heap growing percent, and leaves V8 its own factor at 0", () => {
    const set = vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    limitHeapGrowth(60);
    expect(set).toHaveBeenCalledWith('--heap-growing-percent=60');
    set.mockClear();
    limitHeapGrowth(0);
    expect(set).not.toHaveBeenCalled();
  });

  it('is 60 % unless configured, and refuses what V8 would not take', () => {
    const base = { WEFT_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64') };
    expect(loadConfig(base).heapGrowthPercent).toBe(60);
    expect(loadConfig({ ...base, WEFT_HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).toBe(0);
    expect(() => loadConfig({ ...base, WEFT_HEAP_GROWTH_PERCENT: '-5' })).toThrow(/WEFT_HEAP_GROWTH_PERCENT/);
    expect(() => loadConfig({ ...base, WEFT_HEAP_GROWTH_PERCENT: '1000' })).toThrow(/WEFT_HEAP_GROWTH_PERCENT/);
  });
});
