import { describe, expect, it } from 'vitest';

import { COMPANY_STEM_COUNT } from './names.js';
import { mixSeed } from './prng.js';
import { seedDraws, wholeSeconds } from './records-seed.js';

describe('keyed seed draws', () => {
  const draws = seedDraws(123_456_789);

  it('answers the same draws for the same (salt, index), and others for others', () => {
    expect(draws.rng(7, 3).next()).toBe(seedDraws(123_456_789).rng(7, 3).next());
    expect(draws.rng(7, 3).next()).not.toBe(draws.rng(7, 4).next());
    expect(draws.unit(7, 3)).toBe(mixSeed(123_456_789, 7, 3) / 4294967296);
    expect(draws.unit(7, 3)).toBeGreaterThanOrEqual(0);
    expect(draws.unit(7, 3)).toBeLessThan(1);
    expect(draws.choose(['a', 'b', 'c'], 7, 3)).toBe(['a', 'b', 'c'][mixSeed(123_456_789, 7, 3) % 3]);
    expect(draws.choose([], 7, 3)).toBeUndefined();
  });

  it('places seed times in their timeline slot, in whole seconds, changed at most the maximum age later', () => {
    const timeline = { epoch: Date.UTC(2024, 0, 1), spacing: 60_000, maxEditAge: 86_400_000 };
    for (let index = 0; index < 200; index += 1) {
      const { createdAt, updatedAt } = draws.times(timeline, 9, index);
      expect(createdAt % 1000).toBe(0);
      expect(updatedAt % 1000).toBe(0);
      expect(createdAt).toBeGreaterThanOrEqual(timeline.epoch + index * timeline.spacing - 1000);
      expect(createdAt).toBeLessThan(timeline.epoch + (index + 1) * timeline.spacing);
      expect(updatedAt).toBeGreaterThanOrEqual(createdAt);
      expect(updatedAt).toBeLessThanOrEqual(createdAt + timeline.maxEditAge);
    }
    expect(wholeSeconds(1_999)).toBe(1_000);
  });

  it('permutes company stems per account within a round, distinct within it', () => {
    const stems = Array.from({ length: COMPANY_STEM_COUNT }, (_, index) => draws.companyStem(index));
    expect(new Set(stems).size).toBe(COMPANY_STEM_COUNT);
    expect(Math.max(...stems)).toBe(COMPANY_STEM_COUNT - 1);
    expect(draws.companyStem(COMPANY_STEM_COUNT)).toBeGreaterThanOrEqual(COMPANY_STEM_COUNT);
    expect(seedDraws(1).companyStem(0)).not.toBe(seedDraws(2).companyStem(0));
  });
});
