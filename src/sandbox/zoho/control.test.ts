/**
 * The Zoho fake's faults and control API: a queued fault answers the org's next API request in Zoho's shape (with
 * the fault's Retry-After), the control API lists, reads, writes (through the API's rules), deletes and resets an
 * org's records, mints tokens and expires them, and answers 404 without a control token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { controlFetch, TEST_CONTROL_TOKEN } from '../testing.js';
import { authorizeZoho, startZohoTestServer, type ZohoTestServer } from './testing.js';

let server: ZohoTestServer;
let closed: ZohoTestServer;

beforeAll(async () => {
  server = await startZohoTestServer({ seed: { contacts: 30, companies: 5, deals: 4 }, concurrency: null, controlToken: TEST_CONTROL_TOKEN });
  closed = await startZohoTestServer({ seed: { contacts: 3, companies: 1, deals: 1 } });
});
afterAll(async () => {
  await server.app.close();
  await closed.app.close();
});

const read = async (res: Response | Promise<Response>): Promise<any> => (await res).json();
const control = (path: string, init: RequestInit = {}) =>
  controlFetch(`${server.baseUrl}/_sandbox${path}`, init.body === undefined ? init : { ...init, headers: { 'content-type': 'application/json' } });

describe('Zoho faults and control API', () => {
  it('answers the next API requests with the queued faults, in Zoho’s shape, then serves again', async () => {
    const tokens = await authorizeZoho(server.baseUrl, 'faulty');
    const get = () =>
      fetch(`${tokens.api_domain}/crm/v8/Contacts?fields=Last_Name&per_page=2`, {
        headers: { authorization: `Zoho-oauthtoken ${tokens.access_token}` },
      });
    server.sandbox.zoho.resetCounters('faulty');
    server.sandbox.zoho.injectFault('faulty', { status: 429, retryAfterSeconds: 3 });
    server.sandbox.zoho.injectFault('faulty', { status: 503 });
    const limited = await get();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(await limited.json()).toEqual({
      code: 'TOO_MANY_REQUESTS',
      details: {},
      message: 'The API credits or concurrency of your org are exhausted.',
      status: 'error',
    });
    const down = await get();
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ code: 'INTERNAL_ERROR', status: 'error' });
    expect((await get()).status).toBe(200);
    expect(server.sandbox.zoho.counters('faulty').byStatus).toMatchObject({ '429': 1, '503': 1, '200': 1 });
  });

  it('lists, reads, writes through the API’s rules, deletes and resets an org’s records', async () => {
    const summary = await read(control('/orgs/ctl.eu'));
    expect(summary).toMatchObject({ name: 'ctl.eu', location: 'eu', records: { Contacts: 30, Accounts: 5 } });
    const first = await read(control('/orgs/ctl.eu/Contacts?limit=20'));
    expect(first.results).toHaveLength(20);
    const rest = await read(control(`/orgs/ctl.eu/contacts?limit=20&after=${first.after as string}`));
    expect(rest.results).toHaveLength(10);
    expect(rest.after).toBeUndefined();
    const refused = await control('/orgs/ctl.eu/Contacts', { method: 'POST', body: JSON.stringify({ First_Name: 'No' }) });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: 'MANDATORY_NOT_FOUND', status: 'error' });
    const created = await control('/orgs/ctl.eu/Contacts', { method: 'POST', body: JSON.stringify({ Last_Name: 'Control' }) });
    expect(created.status).toBe(201);
    const id = (await read(created)).id as string;
    expect(await read(control(`/orgs/ctl.eu/Contacts/${id}`))).toMatchObject({ id, Last_Name: 'Control' });
    expect((await control(`/orgs/ctl.eu/Contacts/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await control(`/orgs/ctl.eu/Contacts/${id}`)).status).toBe(404);
    expect((await control('/orgs/ctl.eu/Widgets')).status).toBe(404);
    expect((await control('/orgs/ctl.eu/reset', { method: 'POST' })).status).toBe(200);
    const reset = await read(control('/orgs/ctl.eu/Contacts?limit=100'));
    expect(reset.results.map((r: { id: string }) => r.id)).toEqual([...first.results, ...rest.results].map((r: { id: string }) => r.id));
  });

  it('mints tokens that the org’s API takes, and expires them', async () => {
    const minted = await read(control('/orgs/minted/tokens', { method: 'POST', body: '{}' }));
    const users = () =>
      fetch(`${minted.api_domain as string}/crm/v8/users?type=AllUsers`, {
        headers: { authorization: `Zoho-oauthtoken ${minted.access_token as string}` },
      });
    expect((await users()).status).toBe(200);
    expect(await read(control('/orgs/minted/expire-tokens', { method: 'POST' }))).toEqual({ expired: 1 });
    expect((await users()).status).toBe(401);
  });

  it('is not there without a control token', async () => {
    expect((await fetch(`${closed.baseUrl}/_sandbox/orgs/acme`)).status).toBe(404);
  });
});
