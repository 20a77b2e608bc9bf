/** A per-day allowance (a daily request or token budget) that resets at UTC midnight. */

const DAY_MS = 86_400_000;

/** A per-day allowance that resets at UTC midnight. */
export class DailyAllowance {
  readonly limit: number;
  readonly #now: () => number;
  #day: number;
  #used = 0;

  constructor(limit: number, now: () => number) {
    this.limit = limit;
    this.#now = now;
    this.#day = Math.floor(now() / DAY_MS);
  }

  /** What is left today. */
  remaining(): number {
    this.#roll();
    return Math.max(0, this.limit - this.#used);
  }

  /** Takes `cost` if it fits; returns whether it did. */
  trySpend(cost: number): boolean {
    this.#roll();
    if (this.#used + cost > this.limit) return false;
    this.#used += cost;
    return true;
  }

  /** Counts `cost` even beyond the limit (for counters that are only reported). */
  spend(cost: number): void {
    this.#roll();
    this.#used += cost;
  }

  /** Milliseconds until the next reset. */
  msUntilReset(): number {
    return (Math.floor(this.#now() / DAY_MS) + 1) * DAY_MS - this.#now();
  }

  reset(): void {
    this.#used = 0;
    this.#day = Math.floor(this.#now() / DAY_MS);
  }

  #roll(): void {
    const day = Math.floor(this.#now() / DAY_MS);
    if (day !== this.#day) {
      this.#day = day;
      this.#used = 0;
    }
  }
}
