/**
 * The Close fake over HTTP, written from Close's API reference (developer.close.com; see ../README.md): HTTP Basic
 * with the key as the user name, `_skip`/`_limit` paging with `has_more` and its maximum, `_fields`, the documented
 * list filters, writes with their `field-errors`, trailing-slash paths, 404s, the `ratelimit` headers and the 429; its
 * answers have the shapes of the reference's example responses (fixtures/).
 */
import { readFileSync } from 'node:fs';

import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readApiToken } from '../shared/api-token-page.js';
import { runFakeFlow } from '../shared/oauth-test-flow.js';
import { CLOSE_ENDPOINTS } from './endpoints.js';
import { type CloseSandboxInstance, createCloseSandboxWithUrl } from './index.js';
import { keyOf } from './plugin.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

/** The JSON type of every path of `example` (arrays by their first item), as `path: type` lines. */
function shapeOf(example: unknown, path = '$'): string[] {
  if (Array.isArray(example)) return [`${path}: array`, ...(example.length ? shapeOf(example[0], `${path}[]`) : [])];
  if (example !== null && typeof example === 'object') {
    return [`${path}: object`, ...Object.entries(example).flatMap(([k, v]) => shapeOf(v, `${path}.${k}`))];
  }
  return [`${path}: ${example === null ? 'null' : typeof example}`];
}
/** Whether `actual` has every path of `example` with the same type (a null on either side matches any type). */
function expectShape(actual: unknown, example: unknown): void {
  const types = new Map(shapeOf(actual).map((l) => l.split(': ') as [string, string]));
  const missing = shapeOf(example).filter((line) => {
    const [path, type] = line.split(': ') as [string, string];
    const have = types.get(path);
    return have === undefined || (have !== type && have !== 'null' && type !== 'null');
  });
  expect(missing).toEqual([]);
}

let app: FastifyInstance;
let sandbox: CloseSandboxInstance;
let base: string;
let now = Date.UTC(2026, 4, 1, 12);

beforeAll(async () => {
  sandbox = createCloseSandboxWithUrl(
    {
      seed: { leads: 20, contacts: 130, opportunities: 40, tasks: 30, notes: 25, calls: 12, meetings: 7 },
      rateLimit: { max: 40, windowMs: 1000 },
      now: () => now,
    },
    () => `${base}/..`,
  );
  app = Fastify();
  await app.register(sandbox.plugin, { prefix: '/sandbox/close' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  base = `http://127.0.0.1:${address.port}/sandbox/close`;
});
afterAll(async () => app.close());

/** An organization with a fresh request window. */
function account(name: string) {
  now += 10_000;
  return sandbox.close.account(name);
}

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

async function call(key: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: basic(key), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as Record<string, any> };
}

describe('Close fake', () => {
  it('reads the key from HTTP Basic with an empty password only', () => {
    expect(keyOf(basic('api_abc.def'))).toBe('api_abc.def');
    expect(keyOf(`Basic ${Buffer.from('api_abc:secret').toString('base64')}`)).toBeUndefined();
    expect(keyOf('Bearer api_abc')).toBeUndefined();
  });

  it("shows an organization's key on the API-key page, answers /me/, and refuses a wrong key with 401", async () => {
    const a = account('Key Page Org');
    expect(await readApiToken(`${base}/api-key`, 'key page org')).toBe(a.apiKey);
    expect(a.apiKey).toMatch(/^api_[\w-]{22}\.[\w-]{21}$/);
    const me = await call(a.apiKey, 'GET', '/api/v1/me/');
    expect(me.status).toBe(200);
    expectShape(me.body, fixture('me'));
    const wrong = await call('api_nope.nope', 'GET', '/api/v1/me/');
    expect(wrong.status).toBe(401);
    expect(typeof wrong.body['error']).toBe('string');
  });

  it('answers an unknown API path with its 404 error, any other path with an empty 404', async () => {
    const a = account('Unknown Paths Org');
    const unknown = await call(a.apiKey, 'PATCH', '/api/v1/no-such-thing/');
    expect({ status: unknown.status, body: unknown.body }).toEqual({ status: 404, body: { error: 'Not found' } });
    const other = await fetch(`${base}/no-such-page`);
    expect({ status: other.status, body: await other.text() }).toEqual({ status: 404, body: '' });
  });

  it('pages leads with _skip and _limit to the end by has_more, refuses a limit over 100, and selects _fields', async () => {
    const a = account('paging');
    const ids: string[] = [];
    for (let skip = 0; ; skip += 7) {
      const res = await call(a.apiKey, 'GET', `/api/v1/contact/?_skip=${skip}&_limit=7`);
      expect(res.status).toBe(200);
      if (skip === 0) expectShape(res.body['data'][0], fixture('contact'));
      ids.push(...res.body['data'].map((c: { id: string }) => c.id));
      if (!res.body['has_more']) break;
    }
    expect(ids).toHaveLength(130);
    expect(new Set(ids).size).toBe(130);
    expect(ids.every((id) => /^cont_[0-9A-Za-z]{22}$/.test(id))).toBe(true);
    const leads = await call(a.apiKey, 'GET', '/api/v1/lead/?_limit=100');
    expect(leads.body).toMatchObject({ has_more: false, total_results: 20 });
    expectShape(leads.body['data'][0], fixture('lead'));
    const over = await call(a.apiKey, 'GET', '/api/v1/lead/?_limit=101');
    expect(over.status).toBe(400);
    expect(over.body['error']).toMatch(/_limit/);
    const picked = await call(a.apiKey, 'GET', '/api/v1/opportunity/?_limit=1&_fields=id,value,value_currency,nope');
    expect(Object.keys(picked.body['data'][0]).sort()).toEqual(['id', 'value', 'value_currency']);
    expectShape((await call(a.apiKey, 'GET', '/api/v1/opportunity/?_limit=1')).body['data'][0], fixture('opportunity'));
    expectShape((await call(a.apiKey, 'GET', '/api/v1/task/?_limit=1')).body['data'][0], fixture('task'));
    expectShape((await call(a.apiKey, 'GET', '/api/v1/activity/note/?_limit=1')).body['data'][0], fixture('note'));
  });

  it("filters with Close's list parameters: lead_id, date_updated__gte, status_type", async () => {
    const a = account('filters');
    const opportunities = a.opportunities.all();
    const cut = opportunities.map((o) => Date.parse(String(o['date_updated']))).sort((x, y) => x - y)[25] as number;
    const after = await call(a.apiKey, 'GET', `/api/v1/opportunity/?date_updated__gte=${encodeURIComponent(new Date(cut).toISOString())}`);
    expect(after.body['data'].map((o: { id: string }) => o.id)).toEqual(
      opportunities.filter((o) => Date.parse(String(o['date_updated'])) >= cut).map((o) => o['id']),
    );
    const won = await call(a.apiKey, 'GET', '/api/v1/opportunity/?status_type=won');
    expect(won.body['data'].every((o: { status_type: string }) => o.status_type === 'won')).toBe(true);
    const lead = a.leads.all()[3] as { id: string; contacts: Array<{ id: string }> };
    const contacts = await call(a.apiKey, 'GET', `/api/v1/contact/?lead_id=${lead.id}`);
    expect(contacts.body['data'].map((c: { id: string }) => c.id)).toEqual(lead.contacts.map((c) => c.id));
    expect(contacts.body['data'].every((c: { lead_id: string }) => c.lead_id === lead.id)).toBe(true);
    const notes = await call(a.apiKey, 'GET', `/api/v1/activity/note/?lead_id=${lead.id}`);
    expect(notes.body['data'].every((n: { lead_id: string }) => n.lead_id === lead.id)).toBe(true);
    expect((await call(a.apiKey, 'GET', '/api/v1/opportunity/?date_updated__gt=yesterday')).status).toBe(400);
  });

  it('creates, patches and deletes with PUT as a patch, field-errors for bad links and 404s after a delete', async () => {
    const a = account('writes');
    const lead = await call(a.apiKey, 'POST', '/api/v1/lead/', { name: 'Acme', addresses: [{ label: 'business', city: 'Paris', country: 'FR' }] });
    expect(lead.status).toBe(200);
    expect(lead.body).toMatchObject({ name: 'Acme', display_name: 'Acme', addresses: [{ label: 'business', city: 'Paris', country: 'FR' }] });
    const contact = await call(a.apiKey, 'POST', '/api/v1/contact/', {
      lead_id: lead.body['id'],
      name: 'Ann Lee',
      emails: [{ email: 'ann@acme.example', type: 'office' }],
      phones: [{ phone: '+33 1 23 45 67 89', type: 'mobile' }],
    });
    expect(contact.body).toMatchObject({ lead_id: lead.body['id'], name: 'Ann Lee', phones: [{ phone: '+33 1 23 45 67 89', type: 'mobile' }] });
    const patched = await call(a.apiKey, 'PUT', `/api/v1/contact/${contact.body['id']}/`, { title: 'CEO' });
    expect(patched.body).toMatchObject({ name: 'Ann Lee', title: 'CEO', emails: [{ email: 'ann@acme.example' }] });
    // A contact without a lead gets a lead of its own.
    const alone = await call(a.apiKey, 'POST', '/api/v1/contact/', { name: 'Solo' });
    expect(alone.body['lead_id']).toMatch(/^lead_/);
    expect(alone.body['lead_id']).not.toBe(lead.body['id']);
    const bad = await call(a.apiKey, 'POST', '/api/v1/opportunity/', { lead_id: 'lead_0000000000000000000999', value: 100 });
    expect(bad).toMatchObject({ status: 400, body: fixture('errors')['field_errors'] });
    const float = await call(a.apiKey, 'POST', '/api/v1/opportunity/', { lead_id: lead.body['id'], value: 12.5 });
    expect(float.body['field-errors']).toEqual({ value: 'A valid integer is required.' });
    const foreign = await call(a.apiKey, 'POST', '/api/v1/opportunity/', { lead_id: lead.body['id'], contact_id: alone.body['id'], value: 100 });
    expect(foreign.body['field-errors']).toHaveProperty('contact_id');
    const opp = await call(a.apiKey, 'POST', '/api/v1/opportunity/', {
      lead_id: lead.body['id'],
      contact_id: contact.body['id'],
      value: 123456,
      value_currency: 'EUR',
      status_id: 'stat_Won0000000000000000000000',
    });
    expect(opp.body).toMatchObject({ value: 123456, value_currency: 'EUR', status_type: 'won', lead_name: 'Acme', contact_name: 'Ann Lee' });
    expect((await call(a.apiKey, 'POST', '/api/v1/task/', { text: 'Call' })).body['field-errors']).toEqual({ lead_id: 'This field is required.' });
    expect((await call(a.apiKey, 'POST', '/api/v1/activity/note/', { lead_id: lead.body['id'], note: 'Met.' })).body).toMatchObject({
      _type: 'Note',
      note: 'Met.',
    });
    expect((await call(a.apiKey, 'PUT', `/api/v1/contact/${contact.body['id']}/`, { lead_id: null })).status).toBe(400);
    expect(await call(a.apiKey, 'DELETE', `/api/v1/contact/${contact.body['id']}/`)).toMatchObject({ status: 200, body: {} });
    const gone = await call(a.apiKey, 'GET', `/api/v1/contact/${contact.body['id']}/`);
    expect(gone.status).toBe(404);
    expect(gone.body['error']).toMatch(/does not exist/);
    // Close's paths end with a slash.
    expect((await call(a.apiKey, 'GET', '/api/v1/lead')).status).toBe(404);
  });

  it('sends the ratelimit headers, answers 429 with rate_reset and retry-after once the key has spent its window, and frees it after', async () => {
    const a = account('limits');
    const first = await call(a.apiKey, 'GET', '/api/v1/me/');
    expect(first.headers.get('ratelimit')).toBe('limit=40, remaining=39, reset=1');
    expect(first.headers.get('ratelimit-remaining')).toBe('39');
    for (let i = 0; i < 39; i++) await call(a.apiKey, 'GET', '/api/v1/me/');
    const limited = await call(a.apiKey, 'GET', '/api/v1/me/');
    expect(limited.status).toBe(429);
    expectShape(limited.body, fixture('errors')['rate_limited']);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('ratelimit')).toBe('limit=40, remaining=0, reset=1');
    now += 1_100;
    expect((await call(a.apiKey, 'GET', '/api/v1/me/')).status).toBe(200);
  });

  it('lists calls and meetings under /activity/, with Close activity ids unique across their kinds', async () => {
    const a = account('activities');
    const calls = await call(a.apiKey, 'GET', '/api/v1/activity/call/?_limit=100');
    const meetings = await call(a.apiKey, 'GET', '/api/v1/activity/meeting/?_limit=100');
    const notes = await call(a.apiKey, 'GET', '/api/v1/activity/note/?_limit=100');
    expect(calls.body['data'][0]).toMatchObject({ _type: 'Call', status: 'completed', direction: expect.stringMatching(/^(in|out)bound$/) });
    expect(meetings.body['data'][0]).toMatchObject({ _type: 'Meeting', attendees: [{ status: 'yes' }] });
    const ids = [...calls.body['data'], ...meetings.body['data'], ...notes.body['data']].map((x: { id: string }) => x.id);
    expect(ids.every((id) => id.startsWith('acti_'))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const one = calls.body['data'][0] as { id: string };
    expect((await call(a.apiKey, 'GET', `/api/v1/activity/meeting/${one.id}/`)).status).toBe(404);
    expect((await call(a.apiKey, 'GET', `/api/v1/activity/call/${one.id}/`)).body).toMatchObject({ id: one.id });
  });

  it('lists the custom fields of leads, contacts and opportunities, and answers their values as custom.<id> keys when set', async () => {
    const a = account('custom fields');
    const defs = await call(a.apiKey, 'GET', '/api/v1/custom_field/contact/');
    expect(defs.status).toBe(200);
    expect(defs.body['has_more']).toBe(false);
    expect(defs.body['data'].map((d: { id: string; type: string }) => [d.id, d.type])).toEqual(a.customFields('contacts').map((d) => [d.id, d.type]));
    expect(defs.body['data'][1]).toMatchObject({
      name: 'Source',
      type: 'choices',
      choices: ['Website', 'Referral', 'Event', 'Cold outreach'],
      accepts_multiple_values: false,
    });
    expect((await call(a.apiKey, 'GET', '/api/v1/custom_field/lead/')).body).toEqual({ has_more: false, data: [] });
    const paged = await call(a.apiKey, 'GET', '/api/v1/custom_field/opportunity/?_limit=1&_fields=id,name');
    expect(paged.body).toEqual({ has_more: true, data: [{ id: a.customFields('opportunities')[0]!.id, name: 'Contract length (months)' }] });
    const one = a.customFields('contacts')[2]!;
    expect((await call(a.apiKey, 'GET', `/api/v1/custom_field/contact/${one.id}/`)).body).toMatchObject({
      id: one.id,
      name: 'Score',
      type: 'number',
    });
    expect((await call(a.apiKey, 'GET', '/api/v1/custom_field/contact/cf_nope/')).status).toBe(404);

    // Values: on some contacts, absent on the others; `_fields` picks them by key.
    const contacts = (await call(a.apiKey, 'GET', '/api/v1/contact/?_limit=100')).body['data'] as Array<Record<string, unknown>>;
    for (const def of a.customFields('contacts')) {
      const set = contacts.filter((c) => Object.hasOwn(c, `custom.${def.id}`));
      expect(set.length, def.name).toBeGreaterThan(0);
      expect(set.length, def.name).toBeLessThan(contacts.length);
    }
    const key = `custom.${one.id}`;
    const withScore = contacts.find((c) => Object.hasOwn(c, key))!;
    const picked = await call(a.apiKey, 'GET', `/api/v1/contact/${String(withScore['id'])}/?_fields=id,${key}`);
    expect(picked.body).toEqual({ id: withScore['id'], [key]: withScore[key] });
    const opportunity = (await call(a.apiKey, 'GET', '/api/v1/opportunity/?_limit=100')).body['data'] as Array<Record<string, unknown>>;
    expect(opportunity.some((o) => typeof o[`custom.${a.customFields('opportunities')[0]!.id}`] === 'number')).toBe(true);
  });

  it('writes custom values by custom.<id> key, clears them with null, and refuses an unknown field or a value of the wrong type', async () => {
    const a = account('custom writes');
    const [profile, source, score, birthday] = a.customFields('contacts').map((d) => `custom.${d.id}`) as [string, string, string, string];
    const created = await call(a.apiKey, 'POST', '/api/v1/contact/', {
      name: 'Cy Field',
      [source]: 'Event',
      [score]: '42',
      [birthday]: '1980-02-29',
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: 'Cy Field', [source]: 'Event', [score]: 42, [birthday]: '1980-02-29' });
    expect(Object.hasOwn(created.body, profile)).toBe(false);
    const id = created.body['id'] as string;
    const patched = await call(a.apiKey, 'PUT', `/api/v1/contact/${id}/`, { [profile]: 'https://www.linkedin.com/in/cy', [source]: null });
    expect(patched.body).toMatchObject({ [profile]: 'https://www.linkedin.com/in/cy', [score]: 42 });
    expect(Object.hasOwn(patched.body, source)).toBe(false);
    expect(a.contacts.find(id)).toEqual(patched.body);

    const refused = await call(a.apiKey, 'PUT', `/api/v1/contact/${id}/`, {
      'custom.cf_nope': 'x',
      [source]: 'Billboard',
      [score]: 'many',
      [birthday]: 'yesterday',
    });
    expect(refused).toMatchObject({
      status: 400,
      body: {
        errors: [],
        'field-errors': {
          'custom.cf_nope': 'The Custom Field "cf_nope" does not exist.',
          [source]: '"Billboard" is not a valid choice.',
          [score]: 'A valid number is required.',
          [birthday]: 'Invalid date.',
        },
      },
    });
    expect(a.contacts.find(id)).toEqual(patched.body);
    // The in-process handle writes as the API does.
    expect(a.contacts.put(id, { [score]: 7 })).toMatchObject({ id, [score]: 7 });
  });

  it("runs an OAuth app's flow: consent, a code for an hour's bearer token and a refresh token, each refresh token used once", async () => {
    const a = account('OAuth Org');
    const grant = await runFakeFlow<Record<string, unknown>>(
      CLOSE_ENDPOINTS,
      { sandboxUrl: `${base}/..`, account: 'OAuth Org' },
      { clientAuth: 'body' },
    );
    expect(grant).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: expect.any(String),
      scope: 'all.full_access offline_access',
      user_id: 'user_AvaAdmin00000000000000000',
      organization_id: 'orga_sandbox000000000000000000',
    });
    const bearer = (token: unknown) => fetch(`${base}/api/v1/contact/?_limit=1`, { headers: { authorization: `Bearer ${String(token)}` } });
    const listed = await bearer(grant['access_token']);
    expect(listed.status).toBe(200);
    expect(listed.headers.get('ratelimit')).toMatch(/^limit=40, remaining=\d+, reset=1$/);
    expect(a.counters().byKind['token']).toBe(1);

    // Expired (as after an hour): refused with 401 until refreshed.
    expect(a.expireAccessTokens()).toBe(1);
    const expired = await bearer(grant['access_token']);
    expect({ status: expired.status, body: await expired.json() }).toEqual({
      status: 401,
      body: { error: 'Unauthorized: the access token is invalid or has expired' },
    });
    const refresh = (token: unknown) =>
      fetch(`${base}${CLOSE_ENDPOINTS.tokenPath}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: CLOSE_ENDPOINTS.defaultClient.clientId,
          client_secret: CLOSE_ENDPOINTS.defaultClient.clientSecret,
          grant_type: 'refresh_token',
          refresh_token: String(token),
        }),
      });
    const renewed = (await (await refresh(grant['refresh_token'])).json()) as Record<string, unknown>;
    expect(renewed).toMatchObject({ token_type: 'Bearer', expires_in: 3600, organization_id: 'orga_sandbox000000000000000000' });
    expect(renewed['refresh_token']).not.toBe(grant['refresh_token']);
    expect((await bearer(renewed['access_token'])).status).toBe(200);
    const reused = await refresh(grant['refresh_token']);
    expect({ status: reused.status, body: await reused.json() }).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid grant: refresh_token is invalid' },
    });
    // The API key of the organization works as before, beside the app's tokens.
    expect((await call(a.apiKey, 'GET', '/api/v1/me/')).status).toBe(200);
  });

  it('sends a declined consent back as error=access_denied', async () => {
    const form = new URLSearchParams({
      client_id: CLOSE_ENDPOINTS.defaultClient.clientId,
      redirect_uri: 'http://127.0.0.1/oauth/callback',
      state: 's1',
      account: 'Declining Org',
      decision: 'cancel',
    });
    const res = await fetch(`${base}${CLOSE_ENDPOINTS.authorizePath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('http://127.0.0.1/oauth/callback?error=access_denied&state=s1');
  });

  it('serves a queued fault once', async () => {
    const a = account('faults');
    a.injectFault({ status: 503 });
    expect((await call(a.apiKey, 'GET', '/api/v1/lead/')).status).toBe(503);
    expect((await call(a.apiKey, 'GET', '/api/v1/lead/')).status).toBe(200);
  });
});
