import { describe, expect, it } from 'vitest';

import { attioManifest } from '../../src/connectors/attio/index.js';
import { hubspotManifest } from '../../src/connectors/hubspot/index.js';
import { routeLimitOf } from '../../src/connectors/kit/manifest.js';
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

describe('route limits of a manifest', () => {
  it("chooses HubSpot's search by method and path, and Attio's writes by what a request does", () => {
    const req = (method: string, path: string, readOnly?: boolean) => ({ method, path, ...(readOnly === undefined ? {} : { readOnly }) });
    expect(routeLimitOf(hubspotManifest, req('POST', '/crm/v3/objects/contacts/search?x=1'))?.name).toBe('search');
    expect(routeLimitOf(hubspotManifest, req('POST', '/crm/v3/objects/contacts/batch/create'))).toBeUndefined();
    expect(routeLimitOf(hubspotManifest, req('GET', '/crm/v3/objects/contacts/search'))).toBeUndefined();
    // Attio: reads (a GET, a record query marked read-only) take the account's window only; writes also the writes' 25/s.
    expect(routeLimitOf(attioManifest, req('GET', '/v2/objects/people/records/1'))).toBeUndefined();
    expect(routeLimitOf(attioManifest, req('POST', '/v2/objects/people/records/query', true))).toBeUndefined();
    for (const [method, path] of [
      ['POST', '/v2/objects/people/records'],
      ['PATCH', '/v2/objects/people/records/1'],
      ['PUT', '/v2/objects/people/records?matching_attribute=email_addresses'],
      ['DELETE', '/v2/notes/1'],
    ] as const) {
      expect(routeLimitOf(attioManifest, req(method, path))).toEqual({ name: 'writes', writes: true, window: { max: 25, intervalMs: 1000 } });
    }
    expect(attioManifest.rateLimit.window).toEqual({ max: 100, intervalMs: 1000 });
  });
});
