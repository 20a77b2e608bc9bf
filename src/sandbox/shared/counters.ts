/**
 * Per-account request counters, so tests and benchmarks can assert how many
 * provider calls a sync made ("did it page with 100 per request?").
 */

/** A point-in-time copy of the counters. */
export interface CounterSnapshot {
  /** Every request attributed to the account (including rejected ones). */
  total: number;
  /** Requests by route kind, e.g. `list`, `get`, `batch-read`, `search`, `token`. */
  byKind: Record<string, number>;
  /** Responses by HTTP status code. */
  byStatus: Record<string, number>;
  /** Requests answered 429 by the rate limiter (not injected faults). */
  rateLimited: number;
  /** Requests answered by an injected fault. */
  faulted: number;
}

/** How a counted request ended. */
export type CountedOutcome = 'served' | 'rate-limited' | 'faulted';

/** Mutable counters for one account. */
export class RequestCounters {
  #total = 0;
  #byKind = new Map<string, number>();
  #byStatus = new Map<number, number>();
  #rateLimited = 0;
  #faulted = 0;

  /** Records one finished request. */
  record(kind: string, status: number, outcome: CountedOutcome = 'served'): void {
    this.#total += 1;
    this.#byKind.set(kind, (this.#byKind.get(kind) ?? 0) + 1);
    this.#byStatus.set(status, (this.#byStatus.get(status) ?? 0) + 1);
    if (outcome === 'rate-limited') this.#rateLimited += 1;
    if (outcome === 'faulted') this.#faulted += 1;
  }

  /** A copy of the current values. */
  snapshot(): CounterSnapshot {
    return {
      total: this.#total,
      byKind: Object.fromEntries([...this.#byKind.entries()].sort(([a], [b]) => a.localeCompare(b))),
      byStatus: Object.fromEntries([...this.#byStatus.entries()].sort(([a], [b]) => a - b)),
      rateLimited: this.#rateLimited,
      faulted: this.#faulted,
    };
  }

  /** Sets every counter back to zero. */
  reset(): void {
    this.#total = 0;
    this.#byKind = new Map();
    this.#byStatus = new Map();
    this.#rateLimited = 0;
    this.#faulted = 0;
  }
}
