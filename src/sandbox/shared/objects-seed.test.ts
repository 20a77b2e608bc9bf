import { describe, expect, it } from 'vitest';

import { COMPANY_STEM_COUNT, PLACES } from './names.js';
import { companyDescription, companyStem, EMPLOYEE_BUCKETS, employeeCount, seedEmail, seedIndexFromEmail } from './objects-seed.js';
import { createRng } from './prng.js';

describe('seed pieces', () => {
  it('walks every company stem once per round, in an order of the account', () => {
    const stems = Array.from({ length: COMPANY_STEM_COUNT }, (_, index) => companyStem(index, 12_345));
    expect(new Set(stems).size).toBe(COMPANY_STEM_COUNT);
    expect(Math.max(...stems)).toBe(COMPANY_STEM_COUNT - 1);
    expect(companyStem(COMPANY_STEM_COUNT, 12_345)).toBe(COMPANY_STEM_COUNT + stems[0]!);
    expect(companyStem(0, 1)).not.toBe(companyStem(0, 2));
  });

  it('draws headcounts in the buckets and fills every placeholder of a description, deterministically', () => {
    const low = EMPLOYEE_BUCKETS[0]![0][0];
    const high = EMPLOYEE_BUCKETS.at(-1)![0][1];
    const place = PLACES[0]!;
    for (let seed = 0; seed < 50; seed += 1) {
      const count = employeeCount(createRng(seed));
      expect(count).toBeGreaterThanOrEqual(low);
      expect(count).toBeLessThanOrEqual(high);
      const text = companyDescription(createRng(seed), 'Blue Data Inc.', 'data', place);
      expect(text).not.toMatch(/[{}]/);
      expect(text).toContain('Blue Data Inc.');
      expect(companyDescription(createRng(seed), 'Blue Data Inc.', 'data', place)).toBe(text);
    }
  });

  it('gives unique e-mail addresses that name their index', () => {
    const email = seedEmail('Zoë', "O'Neil", 42, 'example.com');
    expect(email).toMatch(/^[a-z]+\.[a-z]+42@example\.com$/);
    expect(seedIndexFromEmail(email)).toBe(42);
    expect(seedIndexFromEmail('nobody@example.com')).toBeUndefined();
    expect(seedIndexFromEmail('x1234567890123@example.com')).toBeUndefined();
  });
});
