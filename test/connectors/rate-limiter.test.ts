import { describe, expect, it } from 'vitest';

import { type Clock, createRateLimiter } from '../../src/connectors/kit/rate-limiter.js';

/** A clock whose time moves only when someone sleeps. */
function fakeClock(): Clock & { t: number } {
  const c = {
    t: 0,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms;
    },
  };
  return c;
}

describe('rate limiter', () => {
  it('keeps at most `concurrency` requests in flight, letting the next start as soon as one is answered', async () => {
    const limiter = createRateLimiter({ max: 1000, intervalMs: 1000, concurrency: 3 });
    let inFlight = 0;
    let peak = 0;
    const order: number[] = [];
    const releases: Array<() => void> = [];
    const requests = Array.from({ length: 8 }, (_, i) =>
      limiter.acquire().then((done) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        order.push(i);
        releases.push(() => {
          inFlight--;
          done();
        });
      }),
    );
    // Three start at once; the others wait.
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual([0, 1, 2]);
    // Each answer lets exactly one more start, in the order they asked.
    releases.shift()!();
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual([0, 1, 2, 3]);
    while (order.length < 8 || releases.length) {
      releases.shift()?.();
      await new Promise((r) => setTimeout(r, 1));
    }
    await Promise.all(requests);
    expect(peak).toBe(3);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('gives up waiting for a request in flight when the caller aborts', async () => {
    const limiter = createRateLimiter({ max: 1000, intervalMs: 1000, concurrency: 1 });
    const first = await limiter.acquire();
    const abort = new AbortController();
    const waiting = limiter.acquire(abort.signal);
    abort.abort(new Error('transfer cancelled'));
    await expect(waiting).rejects.toThrow('transfer cancelled');
    first();
    // The aborted caller took no slot: the next one starts at once.
    (await limiter.acquire())();
  });

  it('lets at most `max` requests start within any window, counting each until interval after its response', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ max: 3, intervalMs: 1000 }, clock);
    const starts: number[] = [];
    for (let i = 0; i < 9; i++) {
      const done = await limiter.acquire();
      starts.push(clock.t);
      clock.t += 10; // the request takes 10 ms
      done();
    }
    // Any 3 consecutive requests after the first 3 start at least 1000 ms after the response of the one 3 earlier.
    for (let i = 3; i < starts.length; i++) expect(starts[i]! - (starts[i - 3]! + 10)).toBeGreaterThanOrEqual(1000);
    expect(starts.slice(0, 3)).toEqual([0, 10, 20]);
  });

  it('shrinks its budget by what other clients spent, as reported by the headers', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ max: 10, intervalMs: 1000 }, clock);
    const done = await limiter.acquire();
    done();
    // The provider says only 1 request is left: another client used 8.
    limiter.observe({ max: 10, remaining: 1, intervalMs: 1000 });
    (await limiter.acquire())();
    const before = clock.t;
    (await limiter.acquire())();
    expect(clock.t - before).toBeGreaterThanOrEqual(900);
  });

  it('adopts the limit the provider reports, and pauses after a 429', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ max: 100, intervalMs: 10_000 }, clock);
    limiter.observe({ max: 2, intervalMs: 500 });
    (await limiter.acquire())();
    (await limiter.acquire())();
    const t = clock.t;
    (await limiter.acquire())();
    expect(clock.t - t).toBeGreaterThanOrEqual(500);
    limiter.pauseUntil(clock.t + 5000);
    const p = clock.t;
    (await limiter.acquire())();
    expect(clock.t - p).toBeGreaterThanOrEqual(5000);
  });
});
