/**
 * The Copper fake against developer.copper.com: the three authentication headers, search paging to the end, the
 * filters the connector sends, writes and their 422s, notes as Note activities, deletions, the rolling-minute limit
 * and its 429, and the documented example answers' shapes (test/connectors/fixtures/copper).
 */
import { readFileSync } from 'node:fs';

import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { tokenOnPage } from '../shared/api-token-page.js';
import { type CopperSandbox, createCopperSandboxWithUrl } from './index.js';

const API = '/copper/developer_api/v1';
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../test/connectors/fixtures/copper/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

let app: FastifyInstance;
let copper: CopperSandbox;
let now = Date.UTC(2025, 0, 1);

beforeAll(async () => {
  const sandbox = createCopperSandboxWithUrl(
    { seed: { people: 450, companies: 60, opportunities: 90 }, rateLimit: { max: 400, windowMs: 60_000 }, now: () => now },
    () => 'http://sandbox.test',
  );
  copper = sandbox.copper;
  app = Fastify();
  await app.register(sandbox.plugin, { prefix: '/copper' });
});
afterAll(async () => app.close());

function headers(account: string, overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const a = copper.account(account);
  const all: Record<string, string | undefined> = {
    'x-pw-accesstoken': a.apiKey,
    'x-pw-application': 'developer_api',
    'x-pw-useremail': a.email,
    'content-type': 'application/json',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

async function call(account: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, overrides = {}) {
  const res = await app.inject({
    method,
    url: `${API}${path}`,
    headers: headers(account, overrides),
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return { status: res.statusCode, body: res.body ? (JSON.parse(res.body) as any) : undefined, headers: res.headers };
}

describe('authentication', () => {
  it("shows an account's API key and its user's e-mail on the key page, and takes them with X-PW-Application: developer_api", async () => {
    const page = await app.inject({
      method: 'POST',
      url: '/copper/api-keys',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'account=Auth+Co',
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Account name');
    expect(tokenOnPage(page.body)).toBe(copper.account('auth co').apiKey);
    expect(page.body).toContain(copper.account('auth co').email);
    const res = await call('auth co', 'GET', '/account');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: expect.any(Number), name: 'auth co' });
  });

  it.each([
    ['no key', { 'x-pw-accesstoken': undefined }],
    ['an unknown key', { 'x-pw-accesstoken': 'f'.repeat(32) }],
    ['no application', { 'x-pw-application': undefined }],
    ['another application', { 'x-pw-application': 'web' }],
    ['no e-mail', { 'x-pw-useremail': undefined }],
    ["another user's e-mail", { 'x-pw-useremail': 'someone@else.example.com' }],
  ])('answers 401 for %s', async (_what, overrides) => {
    const res = await call('auth co', 'GET', '/account', undefined, overrides);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ success: false, status: 401, message: 'Unauthorized' });
  });

  it("refuses one account's key with another account's e-mail", async () => {
    const res = await call('auth co', 'GET', '/account', undefined, { 'x-pw-useremail': copper.account('other co').email });
    expect(res.status).toBe(401);
  });
});

describe('searches', () => {
  it('pages people to the end with page_number from 1 and page_size 200, oldest first, every live person once', async () => {
    const seen: number[] = [];
    let last = -Infinity;
    for (let page = 1; ; page += 1) {
      const res = await call('paging co', 'POST', '/people/search', {
        page_size: 200,
        page_number: page,
        sort_by: 'date_created',
        sort_direction: 'asc',
      });
      expect(res.status).toBe(200);
      for (const p of res.body) {
        expect(p.date_created).toBeGreaterThanOrEqual(last);
        last = p.date_created;
        seen.push(p.id);
      }
      if (res.body.length < 200) break;
    }
    expect(seen.length).toBe(450);
    expect(new Set(seen).size).toBe(450);
  });

  it('answers 20 records by default, and 422 for a page_size above 200', async () => {
    expect((await call('paging co', 'POST', '/companies/search', {})).body).toHaveLength(20);
    const res = await call('paging co', 'POST', '/people/search', { page_size: 201 });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ success: false, status: 422, message: 'page_size must be an integer between 1 and 200' });
  });

  it('filters by assignee_ids, company_ids, emails and the modified-date bounds (Unix seconds), ANDed', async () => {
    const everyone = copper.account('filter co').all('people');
    const target = everyone.find((p) => p['company_id'] !== null) as Record<string, any>;
    const byCompany = await call('filter co', 'POST', '/people/search', { company_ids: [target.company_id], page_size: 200 });
    expect(byCompany.body.map((p: any) => p.id).sort()).toEqual(
      everyone
        .filter((p) => p['company_id'] === target.company_id)
        .map((p) => p.id)
        .sort(),
    );
    const byOwner = await call('filter co', 'POST', '/people/search', {
      assignee_ids: [target.assignee_id],
      company_ids: [target.company_id],
      page_size: 200,
    });
    expect(byOwner.body.every((p: any) => p.assignee_id === target.assignee_id && p.company_id === target.company_id)).toBe(true);
    const byEmail = await call('filter co', 'POST', '/people/search', { emails: [target.emails[0].email.toUpperCase()] });
    expect(byEmail.body.map((p: any) => p.id)).toEqual([target.id]);
    const since = target.date_modified as number;
    const recent = await call('filter co', 'POST', '/people/search', { minimum_modified_date: since, page_size: 200 });
    const expected = everyone.filter((p) => (p['date_modified'] as number) >= since).length;
    expect(recent.body.length).toBe(Math.min(200, expected));
    expect(recent.body.every((p: any) => p.date_modified >= since)).toBe(true);
    const upTo = await call('filter co', 'POST', '/people/search', { maximum_modified_date: since, minimum_modified_date: since });
    expect(upTo.body.map((p: any) => p.id)).toContain(target.id);
  });

  it('finds notes as activities of the user type Note (id 0) and leaves other activity types out', async () => {
    const types = await call('notes co', 'GET', '/activity_types');
    expect(types.body.user[0]).toEqual({ id: 0, category: 'user', name: 'Note', is_disabled: false, count_as_interaction: false });
    const notes = await call('notes co', 'POST', '/activities/search', { activity_types: [{ category: 'user', id: 0 }], page_size: 200 });
    const all = copper.account('notes co').all('activities');
    expect(notes.body.length).toBe(all.filter((a) => (a['type'] as any).id === 0).length);
    expect(notes.body.length).toBeLessThan(all.length);
    expect(notes.body.every((a: any) => a.type.id === 0 && a.type.category === 'user' && a.parent && typeof a.parent.id === 'number')).toBe(true);
  });
});

describe('writes', () => {
  it('creates a person from a name (split into its halves), updates only the fields given, deletes it; then 404', async () => {
    now = Date.UTC(2025, 0, 2);
    const created = await call('write co', 'POST', '/people', {
      name: 'Ann Marie Lee',
      emails: [{ email: 'ann@acme.example', category: 'work' }],
      address: { street: '1 Main St', city: 'Boston', state: 'MA', postal_code: '02110', country: 'US' },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      name: 'Ann Marie Lee',
      first_name: 'Ann Marie',
      last_name: 'Lee',
      date_created: now / 1000,
      date_modified: now / 1000,
    });
    now += 5000;
    const updated = await call('write co', 'PUT', `/people/${created.body.id}`, { title: 'CTO', first_name: 'Anne' });
    expect(updated.body).toMatchObject({
      name: 'Anne Lee',
      title: 'CTO',
      emails: [{ email: 'ann@acme.example', category: 'work' }],
      date_modified: now / 1000,
    });
    expect((await call('write co', 'DELETE', `/people/${created.body.id}`)).body).toEqual({ id: created.body.id, is_deleted: true });
    const gone = await call('write co', 'GET', `/people/${created.body.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ success: false, status: 404, message: 'Resource not found' });
    expect(copper.account('write co').deleted('people', created.body.id)).toBe(true);
  });

  it.each([
    ['a person without a name', '/people', { title: 'CTO' }, "Validation errors: name can't be blank"],
    [
      'an e-mail of an unknown category',
      '/people',
      { name: 'X Y', emails: [{ email: 'x@y.example', category: 'home' }] },
      'emails[0].category must be one of: work, personal, other',
    ],
    ['an opportunity with an ISO close date', '/opportunities', { name: 'Deal', close_date: '2025-03-01' }, 'close_date must be a date (MM/DD/YYYY)'],
    [
      'an opportunity of an unknown status',
      '/opportunities',
      { name: 'Deal', status: 'Closed' },
      'status must be one of: Open, Won, Lost, Abandoned',
    ],
    [
      'a stage of another pipeline',
      '/opportunities',
      { name: 'Deal', pipeline_id: 213214, pipeline_stage_id: 987795 },
      'pipeline_stage_id 987795 is not a stage of pipeline 213214',
    ],
    ['a lead of an unknown status', '/leads', { name: 'Lee', status: 'Qualified' }, 'status must be one of: New, Unqualified, Open, Junk'],
    [
      'a lead e-mail of an unknown category',
      '/leads',
      { name: 'Lee', email: { email: 'a@b.example', category: 'home' } },
      'email[0].category must be one of: work, personal, other',
    ],
    ['a note without a parent', '/activities', { type: { category: 'user', id: 0 }, details: 'x' }, "Validation errors: parent can't be blank"],
    [
      'a note of a system type',
      '/activities',
      { type: { category: 'system', id: 1 }, parent: { id: 1, type: 'person' } },
      'type must be a user activity type ({"category": "user", "id": …})',
    ],
  ])('answers 422 for %s', async (_what, path, body, message) => {
    const res = await call('write co', 'POST', path, body);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ success: false, status: 422, message });
  });

  it('creates an opportunity in the first stage of its pipeline, with a monetary value and an M/D/YYYY close date', async () => {
    const person = copper.account('write co').all('people')[0] as Record<string, any>;
    const res = await call('write co', 'POST', '/opportunities', {
      name: 'Big deal',
      monetary_value: 1250.5,
      close_date: '03/01/2025',
      primary_contact_id: person.id,
    });
    expect(res.body).toMatchObject({
      name: 'Big deal',
      monetary_value: 1250.5,
      close_date: '03/01/2025',
      pipeline_id: 213214,
      pipeline_stage_id: 987790,
      status: 'Open',
      primary_contact_id: person.id,
    });
  });
});

describe('leads', () => {
  it('creates a lead as New with one e-mail, finds it by that e-mail, and lists customer sources', async () => {
    const created = await call('lead co', 'POST', '/leads', {
      name: 'Lee Park',
      email: { email: 'lee@park.example', category: 'work' },
      customer_source_id: 331241,
    });
    expect(created.body).toMatchObject({
      name: 'Lee Park',
      first_name: 'Lee',
      last_name: 'Park',
      status: 'New',
      status_id: 208231,
      email: { email: 'lee@park.example', category: 'work' },
    });
    const found = await call('lead co', 'POST', '/leads/search', { emails: 'LEE@park.example' });
    expect(found.body.map((l: any) => l.id)).toEqual([created.body.id]);
    expect((await call('lead co', 'GET', '/customer_sources')).body).toContainEqual({ id: 331241, name: 'Cold Call' });
    expect(Object.keys(created.body)).toEqual(expect.arrayContaining(Object.keys(fixture('lead.json'))));
  });
});

describe('limits and the in-process handle', () => {
  it('answers 429 past the rolling minute, without rate-limit headers, and lets requests through once the minute rolled', async () => {
    const sandbox = createCopperSandboxWithUrl(
      { seed: { people: 5, companies: 2, opportunities: 2 }, rateLimit: { max: 3, windowMs: 60_000 }, now: () => now },
      () => 'http://x.test',
    );
    const small = Fastify();
    await small.register(sandbox.plugin, { prefix: '/copper' });
    const a = sandbox.copper.account('limited');
    const h = { 'x-pw-accesstoken': a.apiKey, 'x-pw-application': 'developer_api', 'x-pw-useremail': a.email };
    for (let i = 0; i < 3; i += 1) expect((await small.inject({ method: 'GET', url: `${API}/account`, headers: h })).statusCode).toBe(200);
    const refused = await small.inject({ method: 'GET', url: `${API}/account`, headers: h });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({ success: false, status: 429, message: 'Rate limit exceeded' });
    expect(Object.keys(refused.headers).filter((k) => /ratelimit|retry-after/i.test(k))).toEqual([]);
    expect(a.counters().rateLimited).toBe(1);
    now += 60_001;
    expect((await small.inject({ method: 'GET', url: `${API}/account`, headers: h })).statusCode).toBe(200);
    a.enqueueFault({ status: 503 });
    expect((await small.inject({ method: 'GET', url: `${API}/account`, headers: h })).statusCode).toBe(503);
    await small.close();
  });

  it('serves the same seed for the same account name, and reset brings a changed account back to it', async () => {
    const before = copper.account('Seed Co').all('companies');
    expect(copper.account('seed co').all('companies')).toEqual(before);
    await call('seed co', 'PUT', `/companies/${before[0]?.id}`, { name: 'Renamed' });
    expect(copper.account('seed co').get('companies', before[0]?.id as number)?.['name']).toBe('Renamed');
    copper.account('seed co').reset();
    expect(copper.account('seed co').all('companies')).toEqual(before);
  });
});

describe('control API', () => {
  it('answers only to its token: the account summary with the key and e-mail, records, faults and reset', async () => {
    const sandbox = createCopperSandboxWithUrl(
      { seed: { people: 5, companies: 2, opportunities: 2 }, controlToken: 'ctl', now: () => now },
      () => 'http://x.test',
    );
    const c = Fastify();
    await c.register(sandbox.plugin, { prefix: '/copper' });
    const auth = { authorization: 'Bearer ctl' };
    expect((await c.inject({ method: 'GET', url: '/copper/_sandbox/accounts/acme' })).statusCode).toBe(401);
    const summary = (await c.inject({ method: 'GET', url: '/copper/_sandbox/accounts/acme', headers: auth })).json();
    expect(summary).toMatchObject({
      name: 'acme',
      apiKey: sandbox.copper.account('acme').apiKey,
      email: sandbox.copper.account('acme').email,
      records: { people: 5 },
    });
    const list = (await c.inject({ method: 'GET', url: '/copper/_sandbox/accounts/acme/people?limit=3', headers: auth })).json();
    expect(list.results).toHaveLength(3);
    const rest = (await c.inject({ method: 'GET', url: `/copper/_sandbox/accounts/acme/people?after=${list.after}`, headers: auth })).json();
    expect(rest.results).toHaveLength(2);
    const created = await c.inject({ method: 'POST', url: '/copper/_sandbox/accounts/acme/people', headers: auth, payload: { name: 'Ann Lee' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ first_name: 'Ann', last_name: 'Lee' });
    const refused = await c.inject({ method: 'POST', url: '/copper/_sandbox/accounts/acme/people', headers: auth, payload: { title: 'x' } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toEqual({ success: false, status: 422, message: "Validation errors: name can't be blank" });
    expect((await c.inject({ method: 'DELETE', url: `/copper/_sandbox/accounts/acme/people/${created.json().id}`, headers: auth })).statusCode).toBe(
      204,
    );
    expect(
      (await c.inject({ method: 'POST', url: '/copper/_sandbox/accounts/acme/faults', headers: auth, payload: { status: 500 } })).json(),
    ).toEqual({ pending: 1 });
    expect((await c.inject({ method: 'POST', url: '/copper/_sandbox/accounts/acme/reset', headers: auth })).json()).toMatchObject({
      records: { people: 5 },
      pendingFaults: 0,
    });
    await c.close();
  });
});

describe('documented answers (developer.copper.com example responses)', () => {
  it('answers an opportunity and a person with the fields of the documented examples', async () => {
    const opp = (await call('shape co', 'POST', '/opportunities/search', { page_size: 1 })).body[0];
    expect(Object.keys(opp).sort()).toEqual(expect.arrayContaining(Object.keys(fixture('opportunity.json')).sort()));
    const person = (await call('shape co', 'POST', '/people/search', { page_size: 1 })).body[0];
    expect(Object.keys(person).sort()).toEqual(expect.arrayContaining(Object.keys(fixture('person.json')).sort()));
    expect(typeof opp.close_date).toBe('string');
    expect(opp.close_date).toMatch(/^\d{1,2}\/\d{1,2}\/\d{4}$/);
    expect(typeof person.date_modified).toBe('number');
  });

  it('lists pipelines with their stages, custom field definitions and users', async () => {
    const pipelines = (await call('shape co', 'GET', '/pipelines')).body;
    expect(pipelines[0]).toEqual({
      id: 213214,
      name: 'Sales',
      stages: expect.arrayContaining([{ id: 987790, name: 'Qualified', win_probability: 5 }]),
    });
    const defs = (await call('shape co', 'GET', '/custom_field_definitions')).body;
    expect(defs[0]).toMatchObject({ id: 100764, data_type: 'String', available_on: expect.arrayContaining(['person']) });
    const users = (await call('shape co', 'POST', '/users/search', { page_size: 200 })).body;
    expect(users.map((u: any) => u.email)).toContain(copper.account('shape co').email);
  });
});
