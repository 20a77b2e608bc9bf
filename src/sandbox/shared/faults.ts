/**
 * Fault injection: a per-account queue of canned failures that the next API
 * responses of that account consume, one per request, before any real work.
 */

/** A failure to serve instead of the real response. */
export interface FaultSpec {
  /** HTTP status to answer with, e.g. 429, 500, 502 or 503. */
  status: number;
  /** How many consecutive requests fail this way (default 1). */
  count?: number;
  /** Adds a `Retry-After` header with this many seconds. */
  retryAfterSeconds?: number;
  /** Replaces the provider's default body for this status. */
  body?: unknown;
  /** Serves this many requests normally before the failures start (queued failures before it are served first). */
  after?: number;
}

/** One queued failure, as handed to a request. */
export interface Fault {
  status: number;
  retryAfterSeconds?: number;
  body?: unknown;
}

/** Validates a fault spec from an untrusted source (e.g. an HTTP control call). */
export function parseFaultSpec(input: unknown): FaultSpec {
  if (typeof input !== 'object' || input === null) throw new Error('A fault must be an object');
  const record = input as Record<string, unknown>;
  const status = record['status'];
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
    throw new Error('fault.status must be an integer HTTP error status (400-599)');
  }
  const count = record['count'] ?? 1;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 100_000) {
    throw new Error('fault.count must be a positive integer');
  }
  const retryAfter = record['retryAfterSeconds'];
  if (retryAfter !== undefined && (typeof retryAfter !== 'number' || !(retryAfter >= 0))) {
    throw new Error('fault.retryAfterSeconds must be a non-negative number');
  }
  const spec: FaultSpec = { status, count };
  const after = record['after'];
  if (after !== undefined) {
    if (typeof after !== 'number' || !Number.isInteger(after) || after < 0) throw new Error('fault.after must be a non-negative integer');
    spec.after = after;
  }
  if (typeof retryAfter === 'number') spec.retryAfterSeconds = retryAfter;
  if (record['body'] !== undefined) spec.body = record['body'];
  return spec;
}

/** A FIFO of failures; each {@link FaultQueue.take} consumes one. */
export class FaultQueue {
  readonly #queue: Array<{ fault: Fault | null; left: number }> = [];

  /** Appends `spec.after` normal responses (default 0), then `spec.count` failures (default 1). */
  enqueue(spec: FaultSpec): void {
    const fault: Fault = { status: spec.status };
    if (spec.retryAfterSeconds !== undefined) fault.retryAfterSeconds = spec.retryAfterSeconds;
    if (spec.body !== undefined) fault.body = spec.body;
    if (spec.after) this.#queue.push({ fault: null, left: spec.after });
    this.#queue.push({ fault, left: spec.count ?? 1 });
  }

  /** Consumes the next queued entry: a failure to serve, or undefined (serve normally). */
  take(): Fault | undefined {
    const head = this.#queue[0];
    if (head === undefined) return undefined;
    head.left -= 1;
    if (head.left <= 0) this.#queue.shift();
    return head.fault ?? undefined;
  }

  /** Number of failures still queued. */
  pending(): number {
    return this.#queue.reduce((sum, entry) => sum + (entry.fault ? entry.left : 0), 0);
  }

  /** Drops every queued failure. */
  clear(): void {
    this.#queue.length = 0;
  }
}
