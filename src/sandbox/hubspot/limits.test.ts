/**
 * Rate limits, injected faults, token expiry and request counters, over HTTP.
 * A controllable clock drives the windows; no assertion depends on wall time.
 */
import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { type HubSpotAccountHandle, type SandboxServer, startSandboxServer } from '../index.js';
import { controlFetch, TEST_CONTROL_TOKEN } from '../testing.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let server: SandboxServer;
let now = Date.UTC(2026, 4, 1);
let account: HubSpotAccountHandle;
let token: string;

beforeAll(async () => {
  server = await startSandboxServer({
    controlToken: TEST_CONTROL_TOKEN,
    seed: { contacts: 30, companies: 5 },
    hubspotRateLimit: { max: 5, intervalMs: 10_000 },
    hubspotSearchRateLimit: { max: 2, intervalMs: 1_000 },
    now: () => now,
  });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  now += 60_000; // every test starts with empty windows
  account = server.sandbox.hubspot.account(`limits-${now}`);
  token = account.issueTokens().access_token;
});

async function call(path: string, init: RequestInit = {}, accessToken = token) {
  const response = await fetch(`${server.url}/hubspot${path}`, {
    ...init,
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

describe('rate limiting', () => {
  it('sends the X-HubSpot-RateLimit headers on every API response', async () => {
    const first = await call('/crm/v3/objects/contacts?limit=1');
    expect(first.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
    expect(first.headers.get('x-hubspot-ratelimit-max')).toBe('5');
    expect(first.headers.get('x-hubspot-ratelimit-remaining')).toBe('4');
    const notFound = await call('/crm/v3/objects/contacts/1');
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('x-hubspot-ratelimit-remaining')).toBe('3');
  });

  it('answers 429 TEN_SECONDLY_ROLLING when the window is full, without touching data', async () => {
    for (let i = 0; i < 5; i += 1) expect((await call('/crm/v3/objects/contacts?limit=1')).status).toBe(200);
    const before = account.contacts.count();
    const limited = await call('/crm/v3/objects/contacts', { method: 'POST', body: JSON.stringify({ properties: { email: 'late@example.com' } }) });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      correlationId: expect.stringMatching(UUID),
      policyName: 'TEN_SECONDLY_ROLLING',
      requestId: expect.stringMatching(UUID),
    });
    expect(limited.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
    expect(account.contacts.count()).toBe(before);
    expect(account.contacts.findByEmail('late@example.com')).toBeUndefined();
    expect(account.counters()).toMatchObject({ total: 6, rateLimited: 1, byKind: { list: 5, create: 1 }, byStatus: { '200': 5, '429': 1 } });
    now += 10_001; // the window rolls on
    const retried = await call('/crm/v3/objects/contacts', { method: 'POST', body: JSON.stringify({ properties: { email: 'late@example.com' } }) });
    expect(retried.status).toBe(201);
  });

  it('lets the official SDK retry a TEN_SECONDLY_ROLLING 429 by its policyName (seen through the SDK error)', async () => {
    for (let i = 0; i < 5; i += 1) await call('/crm/v3/objects/contacts?limit=1');
    const client = new Client({ accessToken: token, basePath: `${server.url}/hubspot` });
    const error = (await client.crm.contacts.basicApi.getPage(1).catch((caught: unknown) => caught)) as {
      code: number;
      body: Record<string, unknown>;
    };
    expect(error.code).toBe(429);
    // The SDK's RetryDecorator keys on exactly this value.
    expect(error.body['policyName']).toBe('TEN_SECONDLY_ROLLING');
  });

  it('limits search separately with the SECONDLY policy', async () => {
    const search = () => call('/crm/v3/objects/contacts/search', { method: 'POST', body: JSON.stringify({ limit: 1 }) });
    expect((await search()).status).toBe(200);
    expect((await search()).status).toBe(200);
    const limited = await search();
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', policyName: 'SECONDLY' });
    now += 1_001;
    expect((await search()).status).toBe(200);
  });

  it('does not enforce when the limit is null, and its headers advertise an allowance no client will reach', async () => {
    const open = await startSandboxServer({ hubspotRateLimit: null, seed: { contacts: 5, companies: 1 } });
    try {
      const accessToken = open.sandbox.hubspot.account('open').issueTokens().access_token;
      let last: Response | undefined;
      for (let i = 0; i < 105; i += 1) {
        last = await fetch(`${open.url}/hubspot/crm/v3/objects/contacts?limit=1`, { headers: { authorization: `Bearer ${accessToken}` } });
        expect(last.status).toBe(200);
        await last.arrayBuffer();
      }
      expect(last?.headers.get('x-hubspot-ratelimit-max')).toBe('1000000');
      expect(last?.headers.get('x-hubspot-ratelimit-remaining')).toBe(String(1_000_000 - 105));
    } finally {
      await open.close();
    }
  });
});

describe('faults', () => {
  it('fails the next N responses of the account with the given status, then recovers', async () => {
    account.injectFault({ status: 503, count: 2 });
    const client = new Client({ accessToken: token, basePath: `${server.url}/hubspot` });
    for (let i = 0; i < 2; i += 1) {
      const error = (await client.crm.contacts.basicApi.getPage(1).catch((caught: unknown) => caught)) as { code: number; body: unknown };
      expect(error.code).toBe(503);
      expect(error.body).toEqual({
        status: 'error',
        message: 'Service Unavailable',
        correlationId: expect.stringMatching(UUID),
        category: 'INTERNAL_ERROR',
      });
    }
    expect((await client.crm.contacts.basicApi.getPage(1)).results).toHaveLength(1);
    expect(account.counters()).toMatchObject({ faulted: 2, byStatus: { '200': 1, '503': 2 } });
  });

  it('serves 429 faults with a Retry-After header and never runs the handler', async () => {
    account.injectFault({ status: 429, retryAfterSeconds: 7 });
    const before = account.contacts.count();
    const response = await call('/crm/v3/objects/contacts', { method: 'POST', body: JSON.stringify({ properties: { firstname: 'Nope' } }) });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.body).toMatchObject({ errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' });
    expect(account.contacts.count()).toBe(before);
  });

  it('is controllable over HTTP for tests in another process', async () => {
    const control = `${server.url}/hubspot/_sandbox/accounts/${encodeURIComponent(account.name)}`;
    const queued = await controlFetch(`${control}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 500, count: 3 }),
    });
    expect(await queued.json()).toEqual({ pending: 3 });
    expect((await call('/crm/v3/objects/companies')).status).toBe(500);
    const cleared = await controlFetch(`${control}/faults`, { method: 'DELETE' });
    expect(await cleared.json()).toEqual({ pending: 0 });
    expect((await call('/crm/v3/objects/companies')).status).toBe(200);
    const bad = await controlFetch(`${control}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"status":200}' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'fault.status must be an integer HTTP error status (400-599)' });
  });
});

describe('authentication', () => {
  it('answers 401 INVALID_AUTHENTICATION for a missing or unknown token', async () => {
    const missing = await fetch(`${server.url}/hubspot/crm/v3/objects/contacts`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('x-hubspot-ratelimit-remaining')).toBeNull();
    expect(await missing.json()).toEqual({
      status: 'error',
      message:
        'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
      correlationId: expect.stringMatching(UUID),
      category: 'INVALID_AUTHENTICATION',
    });
    expect((await call('/crm/v3/objects/contacts', {}, 'not-a-token')).status).toBe(401);
  });

  it('answers 401 EXPIRED_AUTHENTICATION once a token outlives its 30 minutes', async () => {
    const issuedAt = now;
    now = issuedAt + 1800 * 1000 + 5 * 60_000;
    const expired = await call('/crm/v3/objects/contacts');
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({
      status: 'error',
      message: 'The OAuth token used to make this call expired 5 minute(s) ago.',
      correlationId: expect.stringMatching(UUID),
      category: 'EXPIRED_AUTHENTICATION',
      context: { 'expire time': [new Date(issuedAt + 1800 * 1000).toISOString()] },
    });
  });

  it('expires every token of an account on demand (programmatically and over HTTP)', async () => {
    expect(account.expireAccessTokens()).toBe(1);
    const expired = await call('/crm/v3/objects/contacts');
    expect(expired.body?.['message']).toBe('The OAuth token used to make this call expired 0 second(s) ago.');
    const fresh = account.issueTokens().access_token;
    expect((await call('/crm/v3/objects/contacts', {}, fresh)).status).toBe(200);
    const response = await controlFetch(`${server.url}/hubspot/_sandbox/accounts/${encodeURIComponent(account.name)}/expire-tokens`, {
      method: 'POST',
    });
    expect(await response.json()).toEqual({ expired: 1 });
    expect((await call('/crm/v3/objects/contacts', {}, fresh)).status).toBe(401);
  });
});

describe('counters', () => {
  it('counts requests by kind and is readable over HTTP', async () => {
    await call('/crm/v3/objects/contacts?limit=1');
    await call('/crm/v3/objects/contacts/batch/read', {
      method: 'POST',
      body: JSON.stringify({ inputs: [{ id: '1001' }], properties: [], propertiesWithHistory: [] }),
    });
    await call('/crm/v3/objects/contacts/search', { method: 'POST', body: '{}' });
    await call('/crm/v3/properties/contacts');
    const response = await controlFetch(`${server.url}/hubspot/_sandbox/accounts/${encodeURIComponent(account.name)}/counters`);
    expect(await response.json()).toEqual({
      total: 4,
      byKind: { 'batch-read': 1, list: 1, properties: 1, search: 1 },
      byStatus: { '200': 4 },
      rateLimited: 0,
      faulted: 0,
    });
    const reset = await controlFetch(`${server.url}/hubspot/_sandbox/accounts/${encodeURIComponent(account.name)}/counters/reset`, {
      method: 'POST',
    });
    expect(reset.status).toBe(204);
    expect(account.counters().total).toBe(0);
  });
});
