/**
 * Failed sign-in attempts, counted in memory per key (an IP address) over a sliding window. A
 * key with `max` failures in the window is refused until the oldest of them leaves it.
 *
 * An email alone is never locked, since anyone could then lock a known administrator out: failures for one email
 * from any address only slow its next attempts down (`Slowdown`), each attempt waiting longer, up to a bound.
 */
export interface FailureLimiterOptions {
  max?: number;
  windowMs?: number;
  /** Keys remembered at most; the least recently failed are forgotten first. */
  maxKeys?: number;
}

/** Counts failures per key in a sliding window (see the file comment). */
export class FailureLimiter {
  readonly max: number;
  readonly windowMs: number;
  readonly #maxKeys: number;
  readonly #failures = new Map<string, number[]>();

  constructor(options: FailureLimiterOptions = {}) {
    this.max = options.max ?? 5;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.#maxKeys = options.maxKeys ?? 10_000;
  }

  /** Milliseconds until any of `keys` may try again; 0 when none is blocked. */
  retryAfterMs(keys: string[], now = Date.now()): number {
    let wait = 0;
    for (const key of keys) {
      const recent = this.#recent(key, now);
      if (recent.length >= this.max) wait = Math.max(wait, (recent[recent.length - this.max] as number) + this.windowMs - now);
    }
    return wait;
  }

  /** Counts a failure against every key. */
  fail(keys: string[], now = Date.now()): void {
    for (const key of keys) {
      const recent = this.#recent(key, now);
      recent.push(now);
      this.#failures.delete(key);
      this.#failures.set(key, recent.slice(-this.max));
      if (this.#failures.size > this.#maxKeys) this.#failures.delete(this.#failures.keys().next().value as string);
    }
  }

  /**
   * Takes back one failure counted at `at` (an attempt counted before it was checked, that then succeeded). Counting
   * first means that many attempts sent at once cannot all slip through before the first failure is recorded.
   */
  forgive(key: string, at: number): void {
    const list = this.#failures.get(key);
    const i = list ? list.lastIndexOf(at) : -1;
    if (list && i >= 0) list.splice(i, 1);
  }

  /** The failures of a key in the window (at most `max` are remembered). */
  count(key: string, now = Date.now()): number {
    return this.#recent(key, now).length;
  }

  /** Forgets a key's failures (after a successful sign-in with that email). */
  clear(key: string): void {
    this.#failures.delete(key);
  }

  #recent(key: string, now: number): number[] {
    const list = (this.#failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length === 0) this.#failures.delete(key);
    return list;
  }
}

export interface SlowdownOptions {
  /** Failures in the window before attempts are slowed. @defaultValue 5 */
  after?: number;
  /** The wait of the first slowed attempt, doubled for each further failure. @defaultValue 1000 */
  baseMs?: number;
  /** The longest wait. @defaultValue 10000 */
  maxMs?: number;
  windowMs?: number;
}

/** Failures per key (an email) that slow its attempts down rather than refuse them. */
export class Slowdown {
  readonly #after: number;
  readonly #baseMs: number;
  readonly #maxMs: number;
  readonly #failures: FailureLimiter;

  constructor(options: SlowdownOptions = {}) {
    this.#after = options.after ?? 5;
    this.#baseMs = options.baseMs ?? 1000;
    this.#maxMs = options.maxMs ?? 10_000;
    this.#failures = new FailureLimiter({ max: this.#after + 16, ...(options.windowMs !== undefined ? { windowMs: options.windowMs } : {}) });
  }

  /** How long an attempt for this key waits now (0 below `after` failures). */
  delayMs(key: string, now = Date.now()): number {
    const excess = this.#failures.count(key, now) - this.#after;
    return excess < 0 ? 0 : Math.min(this.#baseMs * 2 ** excess, this.#maxMs);
  }

  fail(key: string, now = Date.now()): void {
    this.#failures.fail([key], now);
  }

  clear(key: string): void {
    this.#failures.clear(key);
  }
}
