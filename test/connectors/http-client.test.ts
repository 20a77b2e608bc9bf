/** The provider HTTP client's retry rules, against a scripted local server (no sleeping: a fake clock). */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { hubspotManifest } from '../../src/connectors/hubspot/manifest.js';
import { createProviderClient, ProviderError, sandboxEgress } from '../../src/connectors/index.js';
import { parseRateLimitField } from '../../src/connectors/kit/http.js';
import type { Clock } from '../../src/connectors/kit/rate-limiter.js';
import { createRateLimiter } from '../../src/connectors/kit/rate-limiter.js';
import { pipedriveManifest } from '../../src/connectors/pipedrive/manifest.js';

const clock: Clock & { slept: number[] } = {
  slept: [],
  now: () => Date.now(),
  sleep(ms) {
    this.slept.push(ms);
    return Promise.resolve();
  },
};

describe('provider HTTP client', () => {
  let server: FastifyInstance;
  let base: string;
  let script: Array<{ status: number; body?: unknown; headers?: Record<string, string> }> = [];
  let hits: Array<{ method: string; url: string; auth: string | undefined }> = [];
  beforeAll(async () => {
    server = Fastify();
    server.all('/*', async (request, reply) => {
      hits.push({ method: request.method, url: request.url, auth: request.headers.authorization });
      const next = script.shift() ?? { status: 200, body: { ok: true } };
      for (const [k, v] of Object.entries(next.headers ?? {})) reply.header(k, v);
      return reply.status(next.status).send(next.body ?? {});
    });
    base = await server.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => server.close());
  beforeEach(() => {
    script = [];
    hits = [];
    clock.slept = [];
  });

  let token = 'first';
  let renewals = 0;
  const client = () =>
    createProviderClient({
      manifest: hubspotManifest,
      apiBase: base,
      auth: { headers: async () => ({ authorization: `Bearer ${token}` }), renew: async () => void ((token = 'second'), renewals++) },
      limiter: null,
      // The scripted server stands for a sandbox: its origin is where requests may go.
      egress: sandboxEgress(hubspotManifest, base),
      clock,
    });

  it('retries a read after 5xx and gives up after six attempts', async () => {
    script = [{ status: 503 }, { status: 500 }, { status: 200, body: { results: [] } }];
    const c = client();
    const res = await c.request({ method: 'GET', path: '/crm/v3/objects/contacts' });
    expect(res.body).toEqual({ results: [] });
    expect(c.stats).toEqual({ requests: 3, retries: 2, rateLimited: 0, waitedMs: 0 });
    script = Array.from({ length: 10 }, () => ({ status: 502, body: { message: 'bad gateway' } }));
    const err = await c.request({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: 'transient', status: 502, mayHaveReachedProvider: false });
    expect(hits.filter((h) => h.url === '/x')).toHaveLength(6);
  });

  it('never retries a write that failed with 5xx: it may have reached the provider', async () => {
    script = [{ status: 500, body: { message: 'oops' } }];
    const c = client();
    const err = await c.request({ method: 'POST', path: '/crm/v3/objects/contacts/batch/create', json: { inputs: [] } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'transient', status: 500, mayHaveReachedProvider: true });
    expect(hits).toHaveLength(1);
  });

  it('retries a read-only POST (search) like a GET', async () => {
    script = [{ status: 503 }, { status: 200, body: { total: 0, results: [] } }];
    const c = client();
    await c.request({ method: 'POST', path: '/crm/v3/objects/contacts/search', json: {}, readOnly: true });
    expect(hits).toHaveLength(2);
  });

  it('retries any request answered 429, after Retry-After', async () => {
    script = [
      { status: 429, headers: { 'retry-after': '3' }, body: { errorType: 'RATE_LIMIT' } },
      { status: 201, body: { id: '1' } },
    ];
    const c = client();
    const res = await c.request({ method: 'POST', path: '/crm/v3/objects/contacts', json: { properties: {} } });
    expect(res.status).toBe(201);
    expect(clock.slept).toEqual([3000]);
    expect(c.stats.retries).toBe(1);
  });

  it('waits out a 429 without Retry-After no longer than the provider window, and gives up after the bound with an explained error', async () => {
    script = Array.from({ length: 40 }, () => ({
      status: 429,
      body: { status: 'error', message: 'You have reached your ten_secondly_rolling limit.' },
    }));
    const c = createProviderClient({
      manifest: hubspotManifest,
      apiBase: base,
      auth: { headers: async () => ({}), renew: async () => undefined },
      limiter: null,
      clock,
      rateLimitGiveUpMs: 60_000,
      egress: sandboxEgress(hubspotManifest, base),
    });
    const err = (await c.request({ method: 'GET', path: '/crm/v3/objects/contacts' }).catch((e: unknown) => e)) as ProviderError;
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.kind).toBe('quota_exhausted');
    expect(err.errorType).toBe('upstream');
    const waited = clock.slept.reduce((a, b) => a + b, 0);
    // Each wait at most HubSpot's 10 s window, growing from the backoff's first steps; together within the bound.
    expect(Math.max(...clock.slept)).toBeLessThanOrEqual(10_000);
    expect(clock.slept.slice(-3)).toEqual([10_000, 10_000, 10_000]);
    expect(waited).toBeLessThanOrEqual(60_000);
    expect(waited).toBeGreaterThan(50_000);
    expect(err.message).toBe(
      `HubSpot kept answering 429 (rate limited) to this request: ${hits.length} times in a row, ${Math.round(waited / 1000)} s of waiting without saying how long to wait (no Retry-After). ` +
        "Weft stopped the transfer after 60 s (WEFT_RATE_LIMIT_GIVE_UP_MS); another app may be using up the account's limit. Start the transfer again later.",
    );
    expect(c.stats).toEqual({ requests: hits.length, retries: hits.length - 1, rateLimited: hits.length, waitedMs: waited });
    // What the stats gained is handed out once.
    expect(c.takeStats()).toEqual({ requests: hits.length, retries: hits.length - 1, rateLimited: hits.length, waitedMs: waited });
    expect(c.takeStats()).toEqual({ requests: 0, retries: 0, rateLimited: 0, waitedMs: 0 });
  });

  it("caps a 429's wait by Pipedrive's 2 s window and by a route's own window (HubSpot search, 1 s)", async () => {
    script = Array.from({ length: 8 }, () => ({ status: 429 }));
    const pd = createProviderClient({
      manifest: pipedriveManifest,
      apiBase: base,
      auth: { headers: async () => ({}), renew: async () => undefined },
      limiter: null,
      clock,
      egress: sandboxEgress(pipedriveManifest, base),
    });
    await pd.request({ method: 'GET', path: '/api/v2/persons' });
    expect(clock.slept).toHaveLength(8);
    expect(Math.max(...clock.slept)).toBeLessThanOrEqual(2_000);
    expect(clock.slept.slice(-2)).toEqual([2_000, 2_000]);
    // The route's limiter is paused for each wait; a clock that moves only when slept keeps the test instant.
    const moving: Clock & { t: number; slept: number[] } = {
      t: 0,
      slept: [],
      now() {
        return this.t;
      },
      sleep(ms) {
        this.slept.push(ms);
        this.t += ms;
        return Promise.resolve();
      },
    };
    script = Array.from({ length: 8 }, () => ({ status: 429 }));
    const routeLimiter = createRateLimiter({ max: 4, intervalMs: 1000 }, moving);
    const hs = createProviderClient({
      manifest: hubspotManifest,
      apiBase: base,
      auth: { headers: async () => ({}), renew: async () => undefined },
      limiter: null,
      routeLimiter: () => routeLimiter,
      clock: moving,
      egress: sandboxEgress(hubspotManifest, base),
    });
    await hs.request({ method: 'POST', path: '/crm/v3/objects/contacts/search', json: {}, readOnly: true });
    expect(hs.stats.rateLimited).toBe(8);
    expect(hs.stats.waitedMs).toBeGreaterThan(4_000);
    expect(hs.stats.waitedMs).toBeLessThanOrEqual(8_000);
  });

  it('renews the credentials once on 401, then gives up with auth_invalid', async () => {
    token = 'first';
    renewals = 0;
    script = [
      { status: 401, body: { category: 'EXPIRED_AUTHENTICATION' } },
      { status: 200, body: {} },
    ];
    const c = client();
    await c.request({ method: 'GET', path: '/a' });
    expect(hits.map((h) => h.auth)).toEqual(['Bearer first', 'Bearer second']);
    script = [{ status: 401 }, { status: 401 }];
    const err = await c.request({ method: 'GET', path: '/b' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'auth_invalid', status: 401 });
    expect(renewals).toBe(2);
  });

  it('does not retry a rejected request (4xx) and keeps the provider body', async () => {
    script = [{ status: 400, body: { category: 'VALIDATION_ERROR', message: 'Property values were not valid' } }];
    const err = await client()
      .request({ method: 'GET', path: '/c' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'rejected', status: 400, body: { category: 'VALIDATION_ERROR' } });
    expect((err as Error).message).toBe('400: Property values were not valid');
  });

  it('retries a write whose connection was refused (it never left)', async () => {
    const c = createProviderClient({
      manifest: hubspotManifest,
      apiBase: 'http://127.0.0.1:1',
      auth: { headers: async () => ({}), renew: async () => undefined },
      limiter: null,
      egress: sandboxEgress(hubspotManifest, 'http://127.0.0.1:1'),
      clock,
      maxAttempts: 3,
    });
    const err = await c.request({ method: 'POST', path: '/x', json: {} }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'transient', mayHaveReachedProvider: false });
    expect(c.stats).toEqual({ requests: 3, retries: 2, rateLimited: 0, waitedMs: 0 });
  });
  it('reads a structured RateLimit field: one policy as a list of members, or the tightest of several', () => {
    expect(parseRateLimitField('limit=100, remaining=42, reset=3')).toEqual({ limit: 100, remaining: 42, reset: 3 });
    expect(parseRateLimitField('limit=20, remaining=0, reset=0.5')).toEqual({ limit: 20, remaining: 0, reset: 0.5 });
    expect(parseRateLimitField('"key";limit=20;remaining=5;reset=1, "org";limit=60;remaining=2;reset=4')).toEqual({
      limit: 60,
      remaining: 2,
      reset: 4,
    });
    expect(parseRateLimitField('remaining=abc')).toBeUndefined();
    expect(parseRateLimitField(undefined)).toBeUndefined();
  });

  it('paces by a structured ratelimit header: its limit and remaining reach the limiter, and a spent window waits out its reset', async () => {
    const moving: Clock & { t: number } = {
      t: 1_000_000,
      now() {
        return this.t;
      },
      sleep(ms) {
        this.t += ms;
        return Promise.resolve();
      },
    };
    const manifest = { ...hubspotManifest, rateLimit: { window: { max: 100, intervalMs: 1000 }, headers: { structured: 'ratelimit' } } };
    const seen: Array<{ max?: number; remaining?: number }> = [];
    const paused: number[] = [];
    const limiter = createRateLimiter({ max: 100, intervalMs: 1000 }, moving);
    const watched = {
      acquire: limiter.acquire.bind(limiter),
      observe: (r: { max?: number; remaining?: number }) => (seen.push(r), limiter.observe(r)),
      pauseUntil: (until: number) => (paused.push(until), limiter.pauseUntil(until)),
    };
    const c = createProviderClient({
      manifest,
      apiBase: base,
      auth: { headers: async () => ({}), renew: async () => undefined },
      limiter: watched,
      egress: sandboxEgress(manifest, base),
      clock: moving,
    });
    script = [
      { status: 200, headers: { ratelimit: 'limit=20, remaining=7, reset=1' } },
      { status: 200, headers: { ratelimit: 'limit=20, remaining=0, reset=2.5' } },
    ];
    await c.request({ method: 'GET', path: '/a' });
    const at = moving.t;
    await c.request({ method: 'GET', path: '/b' });
    expect(seen).toEqual([
      { max: 20, remaining: 7 },
      { max: 20, remaining: 0 },
    ]);
    expect(paused).toEqual([at + 2_500]);
    // The next request waits for the reset.
    await c.request({ method: 'GET', path: '/c' });
    expect(moving.t).toBeGreaterThanOrEqual(at + 2_500);
  });
});
