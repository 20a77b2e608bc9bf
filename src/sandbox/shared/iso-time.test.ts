import { describe, expect, it } from 'vitest';

import { isoTime } from './iso-time.js';

describe('iso time', () => {
  it("answers what a Date does, for a made-up fake's invoice dates and the edges of its fast path", () => {
    const invoiceDates = [0, 1, 999, 86_399_999, 86_400_000, Date.UTC(2024, 1, 29, 23, 59, 59, 9), Date.UTC(2026, 4, 1, 12, 3, 4, 56)];
    const edges = [253_402_300_799_999, 253_402_300_800_000, -1, -86_400_001, 1.5, 8.64e15];
    for (let k = 0; k < 2_000; k += 1) invoiceDates.push(Math.floor((k * 7_919_113_457) % 253_402_300_800_000));
    for (const ms of [...invoiceDates, ...edges]) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
    expect(() => isoTime(8.64e15 + 1)).toThrow(RangeError);
  });
});
