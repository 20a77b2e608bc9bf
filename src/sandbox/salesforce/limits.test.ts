/**
 * The daily API allocation, injected faults, request-level errors, query
 * cursors and the control API of the Salesforce sandbox, over real HTTP.
 */
import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TEST_CONTROL_TOKEN } from '../testing.js';
import { type SalesforceTestServer, startSalesforceTestServer } from './testing.js';

const DAY = 86_400_000;
let server: SalesforceTestServer;
let open: SalesforceTestServer;
let clock = Date.UTC(2026, 4, 4, 9);

beforeAll(async () => {
  server = await startSalesforceTestServer({
    seed: { contacts: 600, accounts: 20 },
    dailyApiLimit: 5,
    now: () => clock,
    controlToken: TEST_CONTROL_TOKEN,
  });
  open = await startSalesforceTestServer({
    seed: { contacts: 600, accounts: 20 },
    dailyApiLimit: null,
    now: () => clock,
    controlToken: TEST_CONTROL_TOKEN,
  });
});

afterAll(async () => {
  await server.close();
  await open.close();
});

interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
}

async function call(target: SalesforceTestServer, path: string, init: RequestInit & { token?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined) };
  if (init.token !== undefined) headers['authorization'] = `Bearer ${init.token}`;
  // The control API answers only to its control token.
  else if (path.startsWith('/_sandbox')) headers['authorization'] = `Bearer ${TEST_CONTROL_TOKEN}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${target.baseUrl}${path}`, { ...init, headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

describe('daily API allocation', () => {
  it('counts requests in Sforce-Limit-Info and answers 403 REQUEST_LIMIT_EXCEEDED when used up, changing nothing', async () => {
    const org = server.salesforce.org('Limited');
    const token = org.issueTokens().access_token;
    for (let i = 1; i <= 4; i += 1) {
      const reply = await call(server, '/services/data/v60.0/query?q=SELECT+COUNT()+FROM+Contact', { token });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('sforce-limit-info')).toBe(`api-usage=${i}/5`);
    }
    const limits = await call(server, '/services/data/v60.0/limits', { token });
    expect((limits.body as { DailyApiRequests: unknown }).DailyApiRequests).toEqual({ Max: 5, Remaining: 0 });
    const refused = await call(server, '/services/data/v60.0/sobjects/Contact', {
      token,
      method: 'POST',
      body: JSON.stringify({ LastName: 'Blocked' }),
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    expect(refused.headers.get('sforce-limit-info')).toBe('api-usage=5/5');
    expect(refused.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(org.contacts.count()).toBe(600);
    expect(org.counters()).toMatchObject({ total: 6, rateLimited: 1, byStatus: { '200': 5, '403': 1 } });

    const conn = new jsforce.Connection({ instanceUrl: server.baseUrl, accessToken: token, version: '60.0' });
    const error = (await conn.query('SELECT Id FROM Contact').then(
      () => expect.fail('expected REQUEST_LIMIT_EXCEEDED'),
      (failure: unknown) => failure,
    )) as { errorCode: string };
    expect(error.errorCode).toBe('REQUEST_LIMIT_EXCEEDED');

    clock += DAY + 60_000; // the rolling 24 hours move on (and the 2-hour session is long gone)
    expect((await call(server, '/services/data/v60.0/limits', { token: org.issueTokens().access_token })).status).toBe(200);
    expect(org.limits()).toEqual({ max: 5, used: 1, remaining: 4, enforced: true });
  });

  it('can be set to a remaining number of requests, in process and over the control API', async () => {
    const org = server.salesforce.org('Almost Out');
    const token = org.issueTokens().access_token;
    org.setRemainingDailyRequests(1);
    expect((await call(server, '/services/data/v60.0/sobjects', { token })).status).toBe(200);
    expect((await call(server, '/services/data/v60.0/sobjects', { token })).status).toBe(403);
    const reset = await call(server, '/_sandbox/orgs/Almost%20Out/limits', { method: 'PUT', body: JSON.stringify({ remaining: 3 }) });
    expect(reset.body).toEqual({ max: 5, used: 2, remaining: 3, enforced: true });
    expect((await call(server, '/services/data/v60.0/sobjects', { token })).status).toBe(200);
  });

  it('never refuses with a null limit but still reports usage against 15000', async () => {
    const token = open.salesforce.org('Unlimited').issueTokens().access_token;
    for (let i = 0; i < 7; i += 1) await call(open, '/services/data/v60.0/sobjects', { token });
    const reply = await call(open, '/services/data/v60.0/limits', { token });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('sforce-limit-info')).toBe('api-usage=8/15000');
    expect((reply.body as { DailyApiRequests: unknown }).DailyApiRequests).toEqual({ Max: 15000, Remaining: 14992 });
  });
});

describe('faults', () => {
  it('serves queued faults before any work, then recovers', async () => {
    const org = open.salesforce.org('Faulty');
    const token = org.issueTokens().access_token;
    org.injectFault({ status: 503, count: 2, retryAfterSeconds: 4 });
    org.injectFault({ status: 500 });
    org.injectFault({ status: 403 });
    const first = await call(open, '/services/data/v60.0/sobjects/Contact', { token, method: 'POST', body: JSON.stringify({ LastName: 'Nope' }) });
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('4');
    expect(first.body).toEqual([{ message: 'Server is temporarily unavailable', errorCode: 'SERVER_UNAVAILABLE' }]);
    expect((await call(open, '/services/data/v60.0/limits', { token })).status).toBe(503);
    const crash = await call(open, '/services/data/v60.0/limits', { token });
    expect(crash.status).toBe(500);
    expect(crash.body).toEqual([
      {
        errorCode: 'UNKNOWN_EXCEPTION',
        message: expect.stringMatching(/^An unexpected error occurred\. Please include this ErrorId if you contact support: /),
      },
    ]);
    const limited = await call(open, '/services/data/v60.0/limits', { token });
    expect(limited.body).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    expect((await call(open, '/services/data/v60.0/limits', { token })).status).toBe(200);
    expect(org.contacts.count()).toBe(600);
    expect(org.counters()).toMatchObject({ total: 5, faulted: 4 });
  });

  it('queues faults with a custom body over the control API', async () => {
    const queued = await call(open, '/_sandbox/orgs/faulty/faults', { method: 'POST', body: JSON.stringify({ status: 502, body: { oops: true } }) });
    expect(queued.body).toEqual({ pending: 1 });
    const token = open.salesforce.org('faulty').issueTokens().access_token;
    expect(await call(open, '/services/data/v60.0/limits', { token })).toMatchObject({ status: 502, body: { oops: true } });
    expect((await call(open, '/_sandbox/orgs/faulty/faults', { method: 'POST', body: JSON.stringify({ status: 200 }) })).status).toBe(400);
  });
});

describe('request-level errors', () => {
  it('answers 401 INVALID_SESSION_ID without a token, unattributed', async () => {
    const before = open.salesforce.unattributedCounters().total;
    const reply = await call(open, '/services/data/v60.0/sobjects');
    expect(reply).toMatchObject({ status: 401, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] });
    expect(open.salesforce.unattributedCounters().total).toBe(before + 1);
  });

  it('lists versions without authentication and refuses unknown versions and paths', async () => {
    const versions = await call(open, '/services/data/');
    expect(versions.status).toBe(200);
    const list = versions.body as Array<{ label: string; url: string; version: string }>;
    expect(list[0]).toEqual({ label: "Winter '11", url: '/services/data/v20.0', version: '20.0' });
    expect(list.find((entry) => entry.version === '60.0')).toEqual({ label: "Spring '24", url: '/services/data/v60.0', version: '60.0' });
    const token = open.salesforce.org('paths').issueTokens().access_token;
    const oldVersion = await call(open, '/services/data/v19.0/limits', { token });
    expect(oldVersion).toMatchObject({ status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] });
    expect((await call(open, '/services/data/v60.0/nothing/here', { token })).body).toEqual([
      { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' },
    ]);
    const wrongMethod = await call(open, '/services/data/v60.0/limits', { token, method: 'POST', body: '{}' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body).toEqual([{ message: "HTTP Method 'POST' not allowed. Allowed are HEAD,GET", errorCode: 'METHOD_NOT_ALLOWED' }]);
    expect((await call(open, '/services/data/v60.0/sobjects/Campaign/describe', { token })).status).toBe(404);
    const resources = await call(open, '/services/data/v60.0/', { token });
    expect(resources.body).toMatchObject({
      sobjects: '/services/data/v60.0/sobjects',
      query: '/services/data/v60.0/query',
      limits: '/services/data/v60.0/limits',
    });
  });

  it('answers JSON_PARSER_ERROR for bodies Salesforce cannot read', async () => {
    const token = open.salesforce.org('paths').issueTokens().access_token;
    const broken = await call(open, '/services/data/v60.0/sobjects/Contact', { token, method: 'POST', body: '{"LastName":' });
    expect(broken.status).toBe(400);
    expect((broken.body as Array<{ errorCode: string }>)[0]?.errorCode).toBe('JSON_PARSER_ERROR');
    const wrongType = await call(open, '/services/data/v60.0/sobjects/Account', {
      token,
      method: 'POST',
      body: JSON.stringify({ Name: 'N', NumberOfEmployees: 'many' }),
    });
    expect(wrongType.body).toEqual([
      {
        message: 'Cannot deserialize instance of int from VALUE_STRING value many or request may be missing a required field',
        errorCode: 'JSON_PARSER_ERROR',
      },
    ]);
    const id = open.salesforce.org('paths').contacts.list({ limit: 1 }).records[0]?.Id ?? '';
    const bodyless = await fetch(`${open.baseUrl}/services/data/v60.0/sobjects/Contact/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    expect(bodyless.status).toBe(204);
  });
});

describe('query cursors', () => {
  it('expire after 15 minutes of disuse with INVALID_QUERY_LOCATOR', async () => {
    const token = open.salesforce.org('cursors').issueTokens().access_token;
    const headers = { 'Sforce-Query-Options': 'batchSize=200' };
    const first = await call(open, '/services/data/v60.0/query?q=SELECT+Id+FROM+Contact', { token, headers });
    const next = (first.body as { nextRecordsUrl: string }).nextRecordsUrl;
    expect((await call(open, next, { token, headers })).status).toBe(200);
    clock += 15 * 60 * 1000 + 1;
    const stale = await call(open, next, { token, headers });
    expect(stale).toMatchObject({ status: 400, body: [{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }] });
  });

  it('keep at most 10 open per user: the 11th releases the oldest', async () => {
    const org = open.salesforce.org('ten cursors');
    const token = org.issueTokens().access_token;
    const headers = { 'Sforce-Query-Options': 'batchSize=200' };
    const urls: string[] = [];
    for (let i = 0; i < 11; i += 1) {
      clock += 1;
      const reply = await call(open, '/services/data/v60.0/query?q=SELECT+Id+FROM+Contact', { token, headers });
      urls.push((reply.body as { nextRecordsUrl: string }).nextRecordsUrl);
    }
    expect(org.openQueryCursors()).toBe(10);
    expect((await call(open, urls[0] ?? '', { token })).status).toBe(400);
    expect((await call(open, urls[10] ?? '', { token })).status).toBe(200);
  });
});

describe('control API', () => {
  it('summarises, lists, creates, updates, deletes and resets an org', async () => {
    const summary = await call(open, '/_sandbox/orgs/Control%20Org');
    expect(summary.body).toMatchObject({ name: 'control org', contacts: { live: 600, deleted: 0 }, accounts: { live: 20, deleted: 0 } });
    const page = await call(open, '/_sandbox/orgs/control org/contacts?limit=2');
    const listed = page.body as { records: Array<{ Id: string }>; nextAfter: string };
    expect(listed.records).toHaveLength(2);
    const more = (await call(open, `/_sandbox/orgs/control org/contacts?limit=2&after=${listed.nextAfter}`)).body as {
      records: Array<{ Id: string }>;
    };
    expect(more.records[0]?.Id).toBe(listed.nextAfter);

    const created = await call(open, '/_sandbox/orgs/control org/Contact', {
      method: 'POST',
      body: JSON.stringify({ LastName: 'Controlled', Email: 'c@example.com' }),
    });
    expect(created.status).toBe(201);
    const id = (created.body as { Id: string }).Id;
    const invalid = await call(open, '/_sandbox/orgs/control org/Contact', { method: 'POST', body: JSON.stringify({ FirstName: 'No last name' }) });
    expect(invalid).toMatchObject({
      status: 400,
      body: { salesforce: [{ message: 'Required fields are missing: [LastName]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName'] }] },
    });
    const patched = await call(open, `/_sandbox/orgs/control org/Contact/${id}`, { method: 'PATCH', body: JSON.stringify({ Title: 'Boss' }) });
    expect(patched.body).toMatchObject({ Id: id, Title: 'Boss', Email: 'c@example.com' });
    expect((await call(open, `/_sandbox/orgs/control org/Contact/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(open, `/_sandbox/orgs/control org/Contact/${id}?deleted=true`)).body).toMatchObject({ Id: id, IsDeleted: true });
    expect(open.salesforce.org('control org').counters().total).toBe(0);

    const tokens = await call(open, '/_sandbox/orgs/control org/tokens', { method: 'POST', body: JSON.stringify({ scopes: ['api'] }) });
    const minted = tokens.body as { access_token: string; refresh_token?: string };
    expect(minted.refresh_token).toBeUndefined();
    expect((await call(open, '/services/data/v60.0/sobjects', { token: minted.access_token })).status).toBe(200);
    expect((await call(open, '/_sandbox/orgs/control org/expire-tokens', { method: 'POST' })).body).toEqual({ expired: 1 });
    expect((await call(open, '/services/data/v60.0/sobjects', { token: minted.access_token })).status).toBe(401);

    const reset = await call(open, '/_sandbox/orgs/control org/reset', { method: 'POST' });
    expect(reset.body).toMatchObject({ contacts: { live: 600, deleted: 0 }, pendingFaults: 0 });
    const settings = await call(open, '/_sandbox');
    expect(settings.body).toMatchObject({ provider: 'salesforce', baseUrl: open.baseUrl, dailyApiLimit: null, clients: ['weft-sandbox-salesforce'] });
  });
});
