/**
 * Paces requests to one provider account so that a rolling window limit (HubSpot: 100 requests per 10 s) is never
 * exceeded. A request occupies a slot from the moment it is sent until `intervalMs` after its response arrived: the
 * provider counts it at arrival, which lies between the two, so the window we keep is never smaller than the
 * provider's and a lone client never sees a 429. Headers that report the remaining budget (other clients of the
 * same account spend it too) shrink our view of it.
 */
export interface RateLimiter {
  /** Waits for a free slot and takes it; call the returned function when the response has arrived. */
  acquire(signal?: AbortSignal): Promise<() => void>;
  /** Tells the limiter what the provider reported after a response. */
  observe(report: { max?: number; remaining?: number; intervalMs?: number }): void;
  /** Blocks every request until `until` (epoch ms), e.g. after a 429 with Retry-After. */
  pauseUntil(until: number): void;
}

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Why a signal aborted, as an Error (an abort reason may be any value). */
function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error(typeof reason === 'string' ? `Aborted: ${reason}` : 'Aborted');
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortReason(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export function createRateLimiter(initial: { max: number; intervalMs: number }, clock: Clock = systemClock): RateLimiter {
  let max = initial.max;
  let intervalMs = initial.intervalMs;
  /** End times (ms) of slots taken by finished requests, ascending. */
  const finished: number[] = [];
  /** Requests in flight. */
  let inFlight = 0;
  /** Slots that other clients took, as reported by the provider; they expire like ours. */
  const foreign: number[] = [];
  let pausedUntil = 0;
  let queue: Promise<void> = Promise.resolve();

  const prune = (now: number) => {
    while (finished.length && (finished[0] as number) + intervalMs <= now) finished.shift();
    while (foreign.length && (foreign[0] as number) + intervalMs <= now) foreign.shift();
  };

  const waitForSlot = async (signal?: AbortSignal): Promise<void> => {
    for (;;) {
      const now = clock.now();
      prune(now);
      if (pausedUntil > now) {
        await clock.sleep(pausedUntil - now, signal);
        continue;
      }
      if (finished.length + foreign.length + inFlight < max) return;
      const oldest = Math.min(finished[0] ?? Infinity, foreign[0] ?? Infinity);
      // All slots are held by requests in flight: wait a little for one to finish.
      const wait = Number.isFinite(oldest) ? oldest + intervalMs - now : 5;
      await clock.sleep(Math.max(1, wait), signal);
    }
  };

  return {
    acquire(signal) {
      // Callers queue in order, so a burst of waiters does not stampede.
      const turn = queue.then(() => waitForSlot(signal));
      queue = turn.catch(() => undefined);
      return turn.then(() => {
        inFlight++;
        let released = false;
        return () => {
          if (released) return;
          released = true;
          inFlight--;
          finished.push(clock.now());
        };
      });
    },
    observe(report) {
      if (report.intervalMs && report.intervalMs > 0) intervalMs = report.intervalMs;
      if (report.max && report.max > 0) max = report.max;
      if (report.remaining !== undefined && report.remaining >= 0) {
        const now = clock.now();
        prune(now);
        const ours = finished.length + foreign.length + inFlight;
        const theirs = max - report.remaining - ours;
        for (let i = 0; i < theirs; i++) foreign.push(now);
      }
    },
    pauseUntil(until) {
      pausedUntil = Math.max(pausedUntil, until);
    },
  };
}

/** One limiter per provider account, shared by every transfer of this process that talks to that account. */
export class RateLimiterRegistry {
  readonly #limiters = new Map<string, RateLimiter>();
  constructor(private readonly clock: Clock = systemClock) {}
  get(key: string, initial: { max: number; intervalMs: number }): RateLimiter {
    let limiter = this.#limiters.get(key);
    if (!limiter) {
      limiter = createRateLimiter(initial, this.clock);
      this.#limiters.set(key, limiter);
    }
    return limiter;
  }
}
