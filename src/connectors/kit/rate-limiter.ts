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

/** A window limit, and optionally a cap on the requests in flight at once (Zoho's and Dataverse's concurrency limits). */
export interface LimitWindow {
  max: number;
  intervalMs: number;
  concurrency?: number;
}

export function createRateLimiter(initial: LimitWindow, clock: Clock = systemClock): RateLimiter {
  let max = initial.max;
  let intervalMs = initial.intervalMs;
  const concurrency = initial.concurrency ?? Infinity;
  /** Callers waiting for a request in flight to finish (the concurrency cap is reached). */
  const inFlightWaiters = new Set<() => void>();
  const waitForRelease = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const done = () => {
        inFlightWaiters.delete(done);
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        inFlightWaiters.delete(done);
        reject(abortReason(signal));
      };
      inFlightWaiters.add(done);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
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
      if (inFlight >= concurrency) {
        await waitForRelease(signal);
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
          for (const wake of inFlightWaiters) wake();
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

/**
 * The budget of a provider account's window shared by every Weft process on one database (src/limits/ keeps it).
 * A process takes a slice of the budget at once (a grant of several slots), spends it request by request, and settles
 * it: the slots it used occupy the window until `until`, the others go back. The kit never sees the database.
 */
export interface SharedWindowStore {
  /**
   * Takes up to `want` free slots of window `key` (at most `window.max` occupied at once): the grant, or when a slot
   * may be free again. Rejects when the store cannot be reached.
   */
  reserve(key: string, want: number, window: { max: number; intervalMs: number }): Promise<{ grantId: string; slots: number } | { retryAt: number }>;
  /**
   * Ends a grant: each slot it used occupies the window until its time in `until` (epoch ms: an interval after that
   * request's response), the others are free. `windowMax` is the window's size as this process sees it now. Never
   * rejects.
   */
  settle(key: string, grantId: string, until: number[], windowMax: number): Promise<void>;
}

/**
 * Slots a process takes at once: a tenth of the window, so that ten processes can share it, and no more than 50, so
 * that a process that dies holding a grant (its slots come back only at the grant's provisional end) keeps little of
 * a large window.
 */
export const sliceOf = (max: number) => Math.min(50, Math.max(1, Math.ceil(max / 10)));
/** A grant serves requests no longer than this after it was taken (then what is left goes back). */
export const GRANT_OPEN_MS = 2_000;
/** Unused slots of a grant go back after this long without a request. */
const GRANT_IDLE_MS = 300;

interface Grant {
  id: string;
  slots: number;
  used: number;
  inFlight: number;
  openedAt: number;
  /** When each finished request's slot frees: an interval after its response. */
  ends: number[];
  closed: boolean;
  settled: boolean;
}

/**
 * A limiter whose requests also draw on the window's budget shared with other processes: a request takes a slot of
 * this process's grant (a new grant when it is spent, waiting while the window is full across processes) and then a
 * slot of the local limiter, which keeps pacing by the provider's headers and pauses after 429s.
 */
export function createSharedRateLimiter(
  local: RateLimiter,
  store: SharedWindowStore,
  key: string,
  initial: { max: number; intervalMs: number },
  clock: Clock = systemClock,
): RateLimiter & { flush(): Promise<void> } {
  const window = { ...initial };
  let grant: Grant | null = null;
  /** Settlements under way: the next reservation waits for them, so that it sees the slots they give back. */
  let settling: Promise<void> = Promise.resolve();
  let queue: Promise<void> = Promise.resolve();
  let idleTimer: ReturnType<typeof setTimeout> | null = null;

  const settleIfDone = (g: Grant) => {
    if (!g.closed || g.inFlight > 0 || g.settled) return;
    g.settled = true;
    const done = store.settle(key, g.id, g.ends, window.max);
    settling = settling.then(() => done);
  };
  const close = (g: Grant) => {
    g.closed = true;
    if (grant === g) grant = null;
    settleIfDone(g);
  };

  /** Unused slots go back when no request follows soon. */
  const closeWhenIdle = (g: Grant) => {
    if (grant !== g || idleTimer) return;
    idleTimer = setTimeout(() => {
      idleTimer = null;
      if (grant === g && g.inFlight === 0) close(g);
    }, GRANT_IDLE_MS);
    idleTimer.unref?.();
  };

  const takeSlot = async (signal?: AbortSignal): Promise<Grant> => {
    for (;;) {
      signal?.throwIfAborted();
      const now = clock.now();
      if (grant && (grant.used >= grant.slots || now - grant.openedAt > GRANT_OPEN_MS)) close(grant);
      if (grant) {
        grant.used++;
        grant.inFlight++;
        return grant;
      }
      await settling;
      const res = await store.reserve(key, sliceOf(window.max), { ...window });
      if ('grantId' in res) {
        grant = { id: res.grantId, slots: res.slots, used: 0, inFlight: 0, openedAt: clock.now(), ends: [], closed: false, settled: false };
        continue;
      }
      await clock.sleep(Math.min(window.intervalMs, Math.max(5, res.retryAt - clock.now())), signal);
    }
  };

  const limiter: RateLimiter & { flush(): Promise<void> } = {
    acquire(signal) {
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = null;
      const turn = queue.then(() => takeSlot(signal));
      queue = turn.then(
        () => undefined,
        () => undefined,
      );
      return turn.then(async (g) => {
        let releaseLocal: () => void;
        try {
          releaseLocal = await local.acquire(signal);
        } catch (e) {
          // The slot was not spent on a request: give it back to the grant.
          g.used--;
          g.inFlight--;
          settleIfDone(g);
          closeWhenIdle(g);
          throw e;
        }
        let released = false;
        return () => {
          if (released) return;
          released = true;
          releaseLocal();
          g.inFlight--;
          g.ends.push(clock.now() + window.intervalMs);
          if (g.used >= g.slots) close(g);
          settleIfDone(g);
          closeWhenIdle(g);
        };
      });
    },
    observe(report) {
      const before = `${window.max}/${window.intervalMs}`;
      if (report.intervalMs && report.intervalMs > 0) window.intervalMs = report.intervalMs;
      if (report.max && report.max > 0) window.max = report.max;
      // The provider's window is not the one the grant was taken in: give its unused slots back, and take the next
      // grant in the window the provider reports.
      if (grant && `${window.max}/${window.intervalMs}` !== before) close(grant);
      local.observe(report);
    },
    pauseUntil(until) {
      local.pauseUntil(until);
    },
    /** Gives the unused slots back now (the process stops): resolves once the store has them. */
    flush() {
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = null;
      if (grant) close(grant);
      return settling;
    },
  };
  return limiter;
}

/**
 * One limiter per provider account, shared by every transfer of this process that talks to that account; with a
 * shared store, the account's budget is also shared with the other processes on the database.
 */
export class RateLimiterRegistry {
  readonly #limiters = new Map<string, RateLimiter>();
  readonly #shared: Array<{ flush(): Promise<void> }> = [];
  constructor(
    private readonly clock: Clock = systemClock,
    private readonly store: SharedWindowStore | null = null,
  ) {}
  get(key: string, initial: LimitWindow): RateLimiter {
    let limiter = this.#limiters.get(key);
    if (!limiter) {
      const local = createRateLimiter(initial, this.clock);
      if (this.store) {
        const shared = createSharedRateLimiter(local, this.store, key, { max: initial.max, intervalMs: initial.intervalMs }, this.clock);
        this.#shared.push(shared);
        limiter = shared;
      } else {
        limiter = local;
      }
      this.#limiters.set(key, limiter);
    }
    return limiter;
  }
  /** Gives every unused slot of the shared windows back (before the process closes its database). */
  async flush(): Promise<void> {
    await Promise.all(this.#shared.map((l) => l.flush()));
  }
}
