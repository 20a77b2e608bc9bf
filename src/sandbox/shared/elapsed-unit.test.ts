import { describe, expect, it } from 'vitest';

import { elapsedUnit } from './elapsed-unit.js';

describe('elapsed unit', () => {
  it("says how long ago a made-up fake's parcel was sent in the largest whole unit", () => {
    const sent = (seconds: number) => elapsedUnit(seconds);
    expect(sent(-5)).toEqual({ amount: 0, unit: 'second' });
    expect(sent(59.9)).toEqual({ amount: 59, unit: 'second' });
    expect(sent(60)).toEqual({ amount: 1, unit: 'minute' });
    expect(sent(3 * 3600 + 59 * 60)).toEqual({ amount: 3, unit: 'hour' });
    expect(sent(86_400 * 2 + 5)).toEqual({ amount: 2, unit: 'day' });
    expect(sent(86_400 * 400)).toEqual({ amount: 400, unit: 'day' });
  });
});
