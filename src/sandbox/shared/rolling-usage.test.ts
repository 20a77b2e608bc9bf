import { describe, expect, it } from 'vitest';

import { RollingUsageCounter } from './rolling-usage.js';

describe('RollingUsageCounter', () => {
  it('counts events in the trailing window, to the bucket', () => {
    let now = 60_000 * 10;
    const counter = new RollingUsageCounter({ windowMs: 60_000 * 60, bucketMs: 60_000 }, () => now);
    counter.add();
    counter.add(2);
    now += 30 * 60_000;
    counter.add();
    expect(counter.used()).toBe(4);
    now += 30 * 60_000; // the first bucket (10:00-11:00) is still partly inside the window
    expect(counter.used()).toBe(4);
    now += 60_000; // now it has left the window
    expect(counter.used()).toBe(1);
    now += 30 * 60_000;
    expect(counter.used()).toBe(0);
  });

  it('can be set to a usage and reset', () => {
    const counter = new RollingUsageCounter({ windowMs: 1_000, bucketMs: 100 }, () => 5_000);
    counter.set(7);
    expect(counter.used()).toBe(7);
    counter.reset();
    expect(counter.used()).toBe(0);
    expect(() => new RollingUsageCounter({ windowMs: 10, bucketMs: 100 }, () => 0)).toThrow(/bucketMs/);
  });
});
