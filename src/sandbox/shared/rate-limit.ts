/**
 * A rolling-window request limiter, the kind HubSpot (and several other CRMs)
 * use: at most `max` accepted requests in any window of `intervalMs`.
 */

/** The outcome of {@link RollingWindowLimiter.tryAcquire}. */
export interface RateLimitDecision {
  /** Whether the request may proceed. */
  allowed: boolean;
  /** Requests still available in the current window after this decision. */
  remaining: number;
  /** Milliseconds until the oldest request in the window leaves it (0 when not full). */
  retryAfterMs: number;
}

/** Limit settings. */
export interface RateLimitSettings {
  max: number;
  intervalMs: number;
}

/**
 * What an unenforced limiter advertises in rate-limit headers: a sandbox configured without limits behaves like an
 * account with a very large allowance, so that clients that pace by the headers (as they should) do not slow down.
 */
export const UNENFORCED_MAX = 1_000_000;

/** Counts accepted requests in a sliding time window. Rejected requests are not counted. */
export class RollingWindowLimiter {
  readonly max: number;
  readonly intervalMs: number;
  readonly #enforce: boolean;
  readonly #now: () => number;
  /** Timestamps of accepted requests, oldest first. */
  #stamps: number[] = [];
  #head = 0;

  /**
   * @param settings - window size and capacity
   * @param now - clock in epoch milliseconds
   * @param enforce - when false every request is allowed but still counted (for headers)
   */
  constructor(settings: RateLimitSettings, now: () => number, enforce = true) {
    if (!(settings.max > 0) || !(settings.intervalMs > 0)) {
      throw new Error('A rate limit needs a positive max and intervalMs');
    }
    this.max = settings.max;
    this.intervalMs = settings.intervalMs;
    this.#now = now;
    this.#enforce = enforce;
  }

  /** The capacity to report in headers: `max`, or {@link UNENFORCED_MAX} when the limit is not enforced. */
  get advertisedMax(): number {
    return this.#enforce ? this.max : UNENFORCED_MAX;
  }

  /** Requests accepted within the current window. */
  used(): number {
    this.#evict(this.#now());
    return this.#stamps.length - this.#head;
  }

  /** Requests still available in the current window. */
  remaining(): number {
    return Math.max(0, this.max - this.used());
  }

  /** Tries to take one slot in the window. */
  tryAcquire(): RateLimitDecision {
    const now = this.#now();
    this.#evict(now);
    const used = this.#stamps.length - this.#head;
    if (used >= this.max && this.#enforce) {
      const oldest = this.#stamps[this.#head] ?? now;
      return { allowed: false, remaining: 0, retryAfterMs: Math.max(0, oldest + this.intervalMs - now) };
    }
    this.#stamps.push(now);
    return { allowed: true, remaining: Math.max(0, this.advertisedMax - used - 1), retryAfterMs: 0 };
  }

  /** Milliseconds until the oldest accepted request leaves the window (0 when the window is empty). */
  msUntilOldestLeaves(): number {
    const now = this.#now();
    this.#evict(now);
    const oldest = this.#stamps[this.#head];
    return oldest === undefined ? 0 : Math.max(0, oldest + this.intervalMs - now);
  }

  /** Forgets every request (an empty window). */
  reset(): void {
    this.#stamps = [];
    this.#head = 0;
  }

  #evict(now: number): void {
    const cutoff = now - this.intervalMs;
    while (this.#head < this.#stamps.length && (this.#stamps[this.#head] ?? Infinity) <= cutoff) {
      this.#head += 1;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#stamps.length) {
      this.#stamps = this.#stamps.slice(this.#head);
      this.#head = 0;
    }
  }
}
