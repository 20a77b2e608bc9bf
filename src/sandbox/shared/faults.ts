import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import type { CountedOutcome } from './counters.js';

/**
 * Fault injection: a per-account queue of canned failures that the next API
 * responses of that account consume, one per request, before any real work;
 * and, in-process only, steps: test code run exactly between two requests.
 */

/** A failure to serve instead of the real response. */
export interface FaultSpec {
  /** HTTP status to answer with, e.g. 429, 500, 502 or 503; none with `delayMs`: the request is only held, then served. */
  status?: number;
  /** Holds the request this long (ms) once its body is received, before it is handled (a slow provider; 0 to 60,000). */
  delayMs?: number;
  /** How many consecutive requests fail this way (default 1). */
  count?: number;
  /** Adds a `Retry-After` header with this many seconds. */
  retryAfterSeconds?: number;
  /** Replaces the provider's default body for this status. */
  body?: unknown;
  /** Serves this many requests normally before the failures start (queued failures before it are served first). */
  after?: number;
  /**
   * The request is served in full (its writes happen) and only its answer is replaced by this failure, as when a
   * gateway times out after the provider committed: the client cannot know whether its write was applied.
   */
  afterWork?: boolean;
  /**
   * In-process only (never accepted by {@link parseFaultSpec}, so never from the HTTP control API): not a failure but
   * a step, test code run exactly between two requests of the account, with no timing. Once `after` requests have
   * been served (or failed by the entries queued before it), the step waits for a request `when` accepts (the next
   * request, without `when`), runs `run` before that request is handled, and lets the request go on to the next
   * queued entry (served normally when there is none): a step takes no request of its own. `run` is synchronous (a
   * promise it returned would not be waited for, so it is refused); it runs once. A step takes no other field but
   * `after`.
   */
  run?: (request: FaultRequest) => void;
  /** With `run`: the request the step runs before (the first one it accepts; every request without `when`). */
  when?: (request: FaultRequest) => boolean;
}

/** What a step ({@link FaultSpec.run}) knows of the request it runs before. */
export interface FaultRequest {
  method: string;
  /** The path and query, as requested (under the sandbox's mount, e.g. `/sandbox/freshdesk/api/v2/contacts?page=2`). */
  url: string;
}

/** One queued failure, as handed to a request. */
export interface Fault {
  status?: number;
  delayMs?: number;
  retryAfterSeconds?: number;
  body?: unknown;
  /** See {@link FaultSpec.afterWork}. */
  afterWork?: boolean;
}

/** Validates a fault spec from an untrusted source (e.g. an HTTP control call). */
export function parseFaultSpec(input: unknown): FaultSpec {
  if (typeof input !== 'object' || input === null) throw new Error('A fault must be an object');
  const record = input as Record<string, unknown>;
  const status = record['status'];
  const delayMs = record['delayMs'];
  if (delayMs !== undefined && (typeof delayMs !== 'number' || !Number.isInteger(delayMs) || delayMs < 0 || delayMs > 60_000)) {
    throw new Error('fault.delayMs must be an integer number of milliseconds (0-60000)');
  }
  if (status === undefined && delayMs !== undefined) {
    if (record['afterWork'] !== undefined || record['body'] !== undefined || record['retryAfterSeconds'] !== undefined) {
      throw new Error('A fault without status only delays: afterWork, body and retryAfterSeconds need a status');
    }
  } else if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
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
  const spec: FaultSpec = { count };
  if (typeof status === 'number') spec.status = status;
  if (typeof delayMs === 'number') spec.delayMs = delayMs;
  const after = record['after'];
  if (after !== undefined) {
    if (typeof after !== 'number' || !Number.isInteger(after) || after < 0) throw new Error('fault.after must be a non-negative integer');
    spec.after = after;
  }
  if (typeof retryAfter === 'number') spec.retryAfterSeconds = retryAfter;
  if (record['body'] !== undefined) spec.body = record['body'];
  const afterWork = record['afterWork'];
  if (afterWork !== undefined) {
    if (typeof afterWork !== 'boolean') throw new Error('fault.afterWork must be a boolean');
    if (afterWork) spec.afterWork = true;
  }
  return spec;
}

/** A queued step: see {@link FaultSpec.run}. */
interface Step {
  run: (request: FaultRequest) => void;
  when: (request: FaultRequest) => boolean;
}

/** A FIFO of failures (each {@link FaultQueue.take} consumes one) and steps (run by the request they wait for). */
export class FaultQueue {
  readonly #queue: Array<{ fault: Fault | null; left: number } | { step: Step }> = [];

  /**
   * Appends `spec.after` normal responses (default 0), then `spec.count` failures (default 1), or the step
   * `spec.run` (see {@link FaultSpec.run}).
   */
  enqueue(spec: FaultSpec): void {
    if (spec.run !== undefined) {
      const extra = Object.keys(spec).filter((k) => !['run', 'when', 'after'].includes(k) && spec[k as keyof FaultSpec] !== undefined);
      if (extra.length > 0) throw new Error(`A step (fault.run) takes no ${extra.join(', ')}`);
      if (spec.after) this.#queue.push({ fault: null, left: spec.after });
      this.#queue.push({ step: { run: spec.run, when: spec.when ?? (() => true) } });
      return;
    }
    if (spec.when !== undefined) throw new Error('fault.when needs fault.run');
    const fault: Fault = {};
    if (spec.status !== undefined) fault.status = spec.status;
    if (spec.delayMs !== undefined) fault.delayMs = spec.delayMs;
    if (spec.retryAfterSeconds !== undefined) fault.retryAfterSeconds = spec.retryAfterSeconds;
    if (spec.body !== undefined) fault.body = spec.body;
    if (spec.afterWork) fault.afterWork = true;
    if (spec.after) this.#queue.push({ fault: null, left: spec.after });
    this.#queue.push({ fault, left: spec.count ?? 1 });
  }

  /**
   * Called once for each API request of the account, before it is handled: runs the steps at the head of the queue
   * that wait for this request, then consumes the next entry: a failure to serve, or undefined (serve normally). A
   * request a step at the head does not accept is served normally, consuming nothing.
   */
  take(request: FaultRequest): Fault | undefined {
    for (;;) {
      const head = this.#queue[0];
      if (head === undefined) return undefined;
      if ('step' in head) {
        if (!head.step.when(request)) return undefined;
        this.#queue.shift();
        const result: unknown = head.step.run(request);
        if (typeof (result as { then?: unknown } | undefined)?.then === 'function') {
          throw new Error('A sandbox step (fault.run) must be synchronous: its promise would not be waited for');
        }
        continue;
      }
      head.left -= 1;
      if (head.left <= 0) this.#queue.shift();
      return head.fault ?? undefined;
    }
  }

  /** Number of failures still queued (steps not counted). */
  pending(): number {
    return this.#queue.reduce((sum, entry) => sum + ('fault' in entry && entry.fault ? entry.left : 0), 0);
  }

  /** Number of steps still waiting for their request. */
  pendingSteps(): number {
    return this.#queue.filter((entry) => 'step' in entry).length;
  }

  /** Drops every queued failure and step. */
  clear(): void {
    this.#queue.length = 0;
  }
}

/** Answers replaced after the work was done (faults with `afterWork`), by request. */
const lostAnswers = new WeakMap<FastifyRequest, { status: number; body: unknown; headers: Record<string, string> }>();

/** Serves `request` normally, then replaces its answer with this status and body (see {@link FaultSpec.afterWork}). */
export function loseAnswer(request: FastifyRequest, status: number, body: unknown, headers: Record<string, string> = {}): void {
  lostAnswers.set(request, { status, body, headers });
}

/** Requests to hold before their handler runs (faults with `delayMs`), by request. */
const holds = new WeakMap<FastifyRequest, number>();

/**
 * Holds `request` for `ms` once its body has been received, before its handler runs: the provider is slow, and a
 * client that gives up in the meantime does not stop the work (as a real provider goes on with a request whose
 * client has gone).
 */
export function holdRequest(request: FastifyRequest, ms: number): void {
  holds.set(request, ms);
}

/** Adds the hooks of {@link holdRequest} and {@link loseAnswer} to a scope of API routes. */
export function registerFaultHooks(scope: FastifyInstance): void {
  scope.addHook('preHandler', async (request) => {
    const ms = holds.get(request);
    if (ms === undefined) return;
    holds.delete(request);
    await new Promise((resolve) => setTimeout(resolve, ms));
  });
  scope.addHook('onSend', async (request, reply, payload) => {
    const lost = lostAnswers.get(request);
    if (!lost) return payload;
    lostAnswers.delete(request);
    reply.code(lost.status).headers(lost.headers).type('application/json; charset=utf-8');
    return JSON.stringify(lost.body);
  });
}

/** What a finished API request is counted as: under whose counters, its kind and its outcome. */
export interface CountedRequest {
  counters: { record(kind: string, status: number, outcome: CountedOutcome): void };
  kind: string;
  outcome: CountedOutcome;
}

/**
 * The hooks of a scope that holds a fake's API routes: the provider's guard
 * (latency, authentication, limits, faults) on request, the fault hooks, and
 * the count of every finished request.
 */
export function registerGuardHooks(
  scope: FastifyInstance,
  guard: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>,
  counted: (request: FastifyRequest) => CountedRequest,
): void {
  scope.addHook('onRequest', guard);
  registerFaultHooks(scope);
  scope.addHook('onResponse', async (request, reply) => {
    const { counters, kind, outcome } = counted(request);
    counters.record(kind, reply.statusCode, outcome);
  });
}
