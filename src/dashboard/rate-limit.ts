/**
 * Failed sign-in attempts, counted in memory per key (an email, an IP address) over a sliding window. A key with
 * `max` failures in the window is refused until the oldest of them leaves it.
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
