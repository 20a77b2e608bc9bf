/**
 * Burst windows, the search window, the daily token budget, injected faults,
 * token expiry and counters, over HTTP. A controllable clock drives the
 * windows; no assertion depends on wall time.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createPipedriveSandbox, type PipedriveCompanyHandle, type PipedriveSandboxInstance } from './index.js';

let app: FastifyInstance;
let sandbox: PipedriveSandboxInstance;
let base: string;
let now = Date.UTC(2026, 4, 1, 12);
let company: PipedriveCompanyHandle;
let token: string;

beforeAll(async () => {
  sandbox = createPipedriveSandbox({
    publicUrl: 'http://127.0.0.1/sandbox',
    seed: { persons: 30, organizations: 5 },
    burstLimit: { apiToken: { max: 4, windowMs: 2_000 }, oauth: { max: 6, windowMs: 2_000 } },
    searchBurstLimit: { max: 2, windowMs: 2_000 },
    dailyTokenBudget: 60,
    now: () => now,
  });
  app = Fastify();
  await app.register(sandbox.plugin, { prefix: '/sandbox/pipedrive' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  base = `http://127.0.0.1:${address.port}/sandbox/pipedrive`;
});

afterAll(async () => {
  await app.close();
});

beforeEach(() => {
  now += 86_400_000; // every test starts on a new day, with empty windows and a full budget
  company = sandbox.pipedrive.company(`limits-${now}`);
  token = company.apiToken();
});

async function call(path: string, init: RequestInit = {}, headers: Record<string, string> = { 'x-api-token': token }) {
  const response = await fetch(`${base}${path}`, { ...init, headers: { 'content-type': 'application/json', ...headers } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

describe('burst limits', () => {
  it('sends x-ratelimit-* headers on every API response', async () => {
    const first = await call('/api/v2/persons?limit=1');
    expect(first.headers.get('x-ratelimit-limit')).toBe('4');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('3');
    expect(first.headers.get('x-ratelimit-reset')).toBe('2');
    expect(first.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    now += 500;
    const notFound = await call('/api/v2/persons/999');
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('x-ratelimit-remaining')).toBe('2');
    expect(notFound.headers.get('x-ratelimit-reset')).toBe('2');
  });

  it('answers 429 when the rolling window is full, changes nothing, and recovers', async () => {
    for (let i = 0; i < 4; i += 1) expect((await call('/api/v2/persons?limit=1')).status).toBe(200);
    const before = company.persons.count();
    const limited = await call('/api/v2/persons', { method: 'POST', body: JSON.stringify({ name: 'Too Late' }) });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      success: false,
      error: 'Request over limit',
      errorCode: 429,
      error_info: 'Please check developers.pipedrive.com',
    });
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(company.persons.count()).toBe(before);
    expect(company.counters()).toMatchObject({ total: 5, rateLimited: 1, byKind: { list: 4, create: 1 }, byStatus: { '200': 4, '429': 1 } });
    now += 2_001;
    expect((await call('/api/v2/persons', { method: 'POST', body: JSON.stringify({ name: 'On Time' }) })).status).toBe(200);
    expect(company.persons.count()).toBe(before + 1);
  });

  it('keeps one window per token: OAuth tokens have their own (larger) window', async () => {
    for (let i = 0; i < 4; i += 1) await call('/api/v2/persons?limit=1');
    expect((await call('/api/v2/persons?limit=1')).status).toBe(429);
    const oauth = company.issueTokens().access_token;
    const viaOAuth = await call('/api/v2/persons?limit=1', {}, { authorization: `Bearer ${oauth}` });
    expect(viaOAuth.status).toBe(200);
    expect(viaOAuth.headers.get('x-ratelimit-limit')).toBe('6');
  });

  it('limits search endpoints separately', async () => {
    expect((await call('/api/v2/persons/search?term=ab')).status).toBe(200);
    expect((await call('/api/v2/persons/search?term=ab')).status).toBe(200);
    const third = await call('/api/v2/persons/search?term=ab');
    expect(third.status).toBe(429);
    expect((await call('/api/v2/persons?limit=1')).status).toBe(200);
  });
});

describe('daily token budget', () => {
  it('charges documented costs, reports them, and answers 429 when spent', async () => {
    const list = await call('/api/v2/persons?limit=1');
    expect(list.headers.get('x-daily-ratelimit-token-limit')).toBe('60');
    expect(list.headers.get('x-daily-ratelimit-token-remaining')).toBe('50');
    now += 2_001;
    await call('/api/v2/persons/1');
    expect(company.dailyBudget()).toEqual({ limit: 60, remaining: 49 });
    for (let i = 0; i < 4; i += 1) {
      now += 2_001;
      await call('/api/v2/persons?limit=1');
    }
    now += 2_001;
    const spent = await call('/api/v2/persons', { method: 'POST', body: JSON.stringify({ name: 'Over Budget' }) });
    expect(company.dailyBudget()?.remaining).toBe(4);
    expect(spent.status).toBe(200);
    now += 2_001;
    const refused = await call('/api/v2/persons?limit=1');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-daily-ratelimit-token-remaining')).toBe('4');
    now += 86_400_000;
    expect((await call('/api/v2/persons?limit=1')).status).toBe(200);
  });
});

describe('faults and token expiry', () => {
  it('serves queued faults in the route dialect, then real responses', async () => {
    company.injectFault({ status: 503, count: 2, retryAfterSeconds: 7 });
    const first = await call('/api/v2/persons?limit=1');
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.body).toEqual({ success: false, error: 'Service unavailable', code: 'ERR_INTERNAL' });
    now += 1_000;
    const second = await call('/v1/personFields');
    expect(second.status).toBe(503);
    expect(second.body).toMatchObject({ success: false, error: 'Service unavailable', data: null, additional_data: null });
    now += 1_000;
    expect((await call('/api/v2/persons?limit=1')).status).toBe(200);
    expect(company.counters().faulted).toBe(2);
  });

  it('answers 401 after the access token expires (by clock or by control)', async () => {
    const grant = company.issueTokens();
    const headers = { authorization: `Bearer ${grant.access_token}` };
    expect((await call('/api/v2/organizations?limit=1', {}, headers)).status).toBe(200);
    now += 3_599_000;
    const expired = await call('/api/v2/organizations?limit=1', {}, headers);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('x-401-by-gw')).toBe('true');
    const fresh = company.issueTokens();
    expect(company.expireAccessTokens()).toBe(1);
    expect((await call('/api/v2/organizations?limit=1', {}, { authorization: `Bearer ${fresh.access_token}` })).status).toBe(401);
  });

  it('counts requests without valid credentials as unattributed', async () => {
    const before = sandbox.pipedrive.unattributedCounters().total;
    await call('/api/v2/persons', {}, { 'x-api-token': 'f'.repeat(40) });
    expect(sandbox.pipedrive.unattributedCounters().total).toBe(before + 1);
  });
});
