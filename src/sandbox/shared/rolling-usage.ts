/**
 * A rolling usage counter for long windows (a daily API allocation, say):
 * counts events in any trailing window of `windowMs`, in buckets of
 * `bucketMs`, so a day of a million requests costs a few kilobytes.
 *
 * Unlike {@link RollingWindowLimiter} it never stores one timestamp per event
 * and it can be set to an arbitrary usage ("only 10 requests left today").
 * An event leaves the window when its whole bucket is older than `windowMs`,
 * so the window is exact to one bucket.
 */

/** Settings of a {@link RollingUsageCounter}. */
export interface RollingUsageSettings {
  /** Length of the trailing window, e.g. 24 hours. */
  windowMs: number;
  /** Bucket granularity, e.g. one minute. */
  bucketMs: number;
}

/** Counts events in a trailing window, bucketed. */
export class RollingUsageCounter {
  readonly windowMs: number;
  readonly bucketMs: number;
  readonly #now: () => number;
  /** [bucket start, count] pairs, oldest first. */
  #buckets: Array<[number, number]> = [];
  #total = 0;

  /**
   * @param settings - window and bucket lengths (both positive, bucket ≤ window)
   * @param now - clock in epoch milliseconds
   * @throws Error for invalid settings
   */
  constructor(settings: RollingUsageSettings, now: () => number) {
    if (!(settings.windowMs > 0) || !(settings.bucketMs > 0) || settings.bucketMs > settings.windowMs) {
      throw new Error('A rolling usage counter needs 0 < bucketMs <= windowMs');
    }
    this.windowMs = settings.windowMs;
    this.bucketMs = settings.bucketMs;
    this.#now = now;
  }

  /** Events counted in the current window. */
  used(): number {
    this.#evict(this.#now());
    return this.#total;
  }

  /** Counts `count` events now (default 1). */
  add(count = 1): void {
    const now = this.#now();
    this.#evict(now);
    const start = now - (now % this.bucketMs);
    const last = this.#buckets[this.#buckets.length - 1];
    if (last !== undefined && last[0] === start) last[1] += count;
    else this.#buckets.push([start, count]);
    this.#total += count;
  }

  /** Forgets every event, then counts `count` events now (as if they all happened just now). */
  set(count: number): void {
    this.reset();
    if (count > 0) this.add(count);
  }

  /** Forgets every event. */
  reset(): void {
    this.#buckets = [];
    this.#total = 0;
  }

  #evict(now: number): void {
    const cutoff = now - this.windowMs;
    while (this.#buckets.length > 0) {
      const first = this.#buckets[0];
      if (first === undefined || first[0] + this.bucketMs > cutoff) break;
      this.#total -= first[1];
      this.#buckets.shift();
    }
  }
}
