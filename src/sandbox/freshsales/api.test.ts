/**
 * The Freshsales fake over HTTP: the key check, views and paging to the end, filtered search, writes and their
 * errors, upserts, tasks, selectors, the hourly limit and faults; its answers have the shapes of the reference's
 * example responses (fixtures/).
 */
import { readFileSync } from 'node:fs';

import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readApiToken } from '../shared/api-token-page.js';
import { createFreshsalesSandboxWithUrl, type FreshsalesSandboxInstance } from './index.js';
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
/** Whether `actual` has every path of `example` with the same type (a null on either side matches any type: nullable). */
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
let sandbox: FreshsalesSandboxInstance;
let base: string;
let now = Date.UTC(2026, 4, 1, 12);

beforeAll(async () => {
  sandbox = createFreshsalesSandboxWithUrl(
    { seed: { contacts: 130, sales_accounts: 20, deals: 30, tasks: 40, notes: 10 }, hourlyLimit: 50, now: () => now },
    () => `${base}/..`,
  );
  app = Fastify();
  await app.register(sandbox.plugin, { prefix: '/sandbox/freshsales' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  base = `http://127.0.0.1:${address.port}/sandbox/freshsales`;
});
afterAll(async () => app.close());

/** A fresh account (a new hour of requests each). */
function account(name: string) {
  now += 3_600_000;
  return sandbox.freshsales.account(name);
}

async function call(key: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Token token=${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as Record<string, unknown> & { meta?: { total: number; total_pages: number } },
  };
}

describe('Freshsales fake', () => {
  it('reads the key from "Token token=<key>", quoted or not', () => {
    expect(keyOf('Token token=abc')).toBe('abc');
    expect(keyOf('Token token="abc"')).toBe('abc');
    expect(keyOf('Bearer abc')).toBeUndefined();
  });

  it("shows an account's key and bundle alias on the API-key page, and refuses a wrong key with Freshsales' 401", async () => {
    const a = account('Key Page Co');
    expect(await readApiToken(`${base}/api-key`, 'key page co')).toBe(a.apiKey);
    const page = await (
      await fetch(`${base}/api-key`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'account=Key+Page+Co',
      })
    ).text();
    expect(page).toContain(`${a.domain}/crm/sales`);
    expect(a.domain).toMatch(/^key-page-co-[0-9a-f]{6}\.myfreshworks\.com$/);
    const wrong = await call('nope', 'GET', '/api/selector/owners');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual(fixture('errors')['login_failed']);
    expect((await call(a.apiKey, 'GET', '/crm/sales/api/selector/owners')).status).toBe(200);
  });

  it('lists a view page by page to the end, with meta.total and total_pages, sorted as asked', async () => {
    const a = account('views');
    const views = await call(a.apiKey, 'GET', '/api/contacts/filters');
    expectShape(views.body, fixture('contact-filters'));
    const all = (views.body['filters'] as Array<{ id: number; name: string }>).find((v) => v.name === 'All Contacts');
    const ids: number[] = [];
    let page = 1;
    for (;;) {
      const res = await call(a.apiKey, 'GET', `/api/contacts/view/${all?.id}?page=${page}&per_page=100&sort=created_at&sort_type=asc`);
      expect(res.body.meta).toEqual({ total: 130, total_pages: 2 });
      if (page === 1) expectShape(res.body, fixture('contacts-view'));
      ids.push(...(res.body['contacts'] as Array<{ id: number }>).map((c) => c.id));
      if (page >= res.body.meta!.total_pages) break;
      page += 1;
    }
    expect(ids).toEqual(Array.from({ length: 130 }, (_, i) => i + 1));
    // At most 100 a page; 25 by default.
    expect(((await call(a.apiKey, 'GET', `/api/contacts/view/${all?.id}?per_page=500`)).body['contacts'] as unknown[]).length).toBe(100);
    expect(((await call(a.apiKey, 'GET', `/api/contacts/view/${all?.id}`)).body['contacts'] as unknown[]).length).toBe(25);
    expect((await call(a.apiKey, 'GET', '/api/contacts/view/999')).status).toBe(404);
  });

  it('filters with filtered_search rules: updated_at after a time, owner in a list, e-mail', async () => {
    const a = account('search');
    const all = a.contacts.all();
    const cut = all.map((c) => Date.parse(String(c['updated_at']))).sort((x, y) => x - y)[100] as number;
    const rules = [
      { attribute: 'updated_at', operator: 'is_after', value: new Date(cut).toISOString() },
      { attribute: 'owner_id', operator: 'is_in', value: [9001] },
    ];
    const expected = all.filter((c) => Date.parse(String(c['updated_at'])) > cut && c['owner_id'] === 9001).map((c) => c['id']);
    const res = await call(a.apiKey, 'POST', '/api/filtered_search/contact?per_page=100&sort=created_at&sort_type=asc', { filter_rule: rules });
    expect(res.status).toBe(200);
    expect((res.body['contacts'] as Array<{ id: number }>).map((c) => c.id)).toEqual(expected);
    expect(res.body.meta?.total).toBe(expected.length);
    const email = String(all[3]?.['email']);
    const byEmail = await call(a.apiKey, 'POST', '/api/filtered_search/contact', {
      filter_rule: [{ attribute: 'contact_email.email', operator: 'is_in', value: email.toUpperCase() }],
    });
    expect((byEmail.body['contacts'] as Array<{ id: number }>).map((c) => c.id)).toEqual([all[3]?.['id']]);
    const bad = await call(a.apiKey, 'POST', '/api/filtered_search/contact', { filter_rule: [{ attribute: 'city', operator: 'near', value: 'x' }] });
    expect(bad).toMatchObject({ status: 400, body: { errors: { code: 400, message: ['near is not a valid operator'] } } });
  });

  it('creates, reads, updates and deletes records wrapped in their singular key; refuses bad ones with 400 errors', async () => {
    const a = account('writes');
    const company = await call(a.apiKey, 'POST', '/api/sales_accounts', { sales_account: { name: 'Globex', website: 'https://globex.example' } });
    expect(company.status).toBe(200);
    const companyId = (company.body['sales_account'] as { id: number }).id;
    const created = await call(a.apiKey, 'POST', '/api/contacts', {
      contact: {
        first_name: 'Ann',
        last_name: 'Lee',
        emails: [{ value: 'ann@globex.example', is_primary: true, label: 'Work' }],
        sales_account_id: companyId,
        custom_field: { cf_tier: 'Gold' },
      },
    });
    const contact = created.body['contact'] as Record<string, unknown>;
    expect(contact).toMatchObject({
      display_name: 'Ann Lee',
      email: 'ann@globex.example',
      sales_account_id: companyId,
      owner_id: 9001,
      custom_field: { cf_tier: 'Gold' },
    });
    expect(contact['created_at']).toBe(new Date(Math.floor(now / 1000) * 1000).toISOString().replace('.000Z', '+00:00'));
    const deal = await call(a.apiKey, 'POST', '/api/deals', {
      deal: { name: 'Big one', amount: 1250.5, deal_stage_id: 7102, contacts_added_list: [contact['id']], sales_account_id: companyId },
    });
    expectShape(deal.body, fixture('deal'));
    expect(deal.body['deal']).toMatchObject({ amount: '1250.5', contact_ids: [contact['id']] });
    const updated = await call(a.apiKey, 'PUT', `/api/contacts/${contact['id']}`, { contact: { job_title: 'CTO' } });
    expect(updated.body['contact']).toMatchObject({ job_title: 'CTO', first_name: 'Ann' });
    expect((await call(a.apiKey, 'GET', `/api/contacts/${contact['id']}`)).body['contact']).toMatchObject({ job_title: 'CTO' });
    expect(await call(a.apiKey, 'DELETE', `/api/contacts/${contact['id']}`)).toMatchObject({ status: 200, body: true });
    expect(await call(a.apiKey, 'GET', `/api/contacts/${contact['id']}`)).toMatchObject({
      status: 404,
      body: { errors: { code: 404, message: ['Record not found'] } },
    });

    expect(await call(a.apiKey, 'POST', '/api/sales_accounts', { sales_account: { website: 'x' } })).toMatchObject({
      status: 400,
      body: { errors: { code: 400, message: ["Name can't be blank"] } },
    });
    expect(await call(a.apiKey, 'POST', '/api/deals', { deal: { name: 'No amount' } })).toMatchObject({
      status: 400,
      body: { errors: { message: ["Amount can't be blank"] } },
    });
    expect(await call(a.apiKey, 'POST', '/api/deals', { deal: { name: 'Bad', amount: 'lots' } })).toMatchObject({
      status: 400,
      body: { errors: { message: ['The type for amount is invalid.'] } },
    });
    expect(await call(a.apiKey, 'POST', '/api/contacts', { first_name: 'Unwrapped' })).toMatchObject({
      status: 400,
      body: { errors: { message: ['contact is missing'] } },
    });
    expect(await call(a.apiKey, 'POST', '/api/contacts', { contact: { last_name: 'X', sales_account_id: 1 } })).toMatchObject({
      status: 400,
      body: { errors: { message: ['Sales account does not exist'] } },
    });
    expect(await call(a.apiKey, 'POST', '/api/notes', { note: { description: 'Hi', targetable_type: 'Lead', targetable_id: 1 } })).toMatchObject({
      status: 400,
      body: { errors: { message: ['Targetable type is invalid'] } },
    });
  });

  it('upserts a contact by e-mail: updates the holder, else creates', async () => {
    const a = account('upserts');
    const seeded = a.contacts.get(5) as Record<string, unknown>;
    const hit = await call(a.apiKey, 'POST', '/api/contacts/upsert', {
      unique_identifier: { emails: seeded['email'] },
      contact: { job_title: 'Buyer' },
    });
    expect(hit.body['contact']).toMatchObject({ id: 5, job_title: 'Buyer' });
    const miss = await call(a.apiKey, 'POST', '/api/contacts/upsert', {
      unique_identifier: { emails: 'new@x.example' },
      contact: { last_name: 'New' },
    });
    expect(miss.body['contact']).toMatchObject({ email: 'new@x.example', last_name: 'New' });
    expect((miss.body['contact'] as { id: number }).id).toBeGreaterThan(130);
  });

  it('lists tasks by filter (required), and writes tasks and notes on a contact', async () => {
    const a = account('tasks');
    expect((await call(a.apiKey, 'GET', '/api/tasks')).status).toBe(400);
    const open = await call(a.apiKey, 'GET', '/api/tasks?filter=open&per_page=100');
    const completed = await call(a.apiKey, 'GET', '/api/tasks?filter=completed&per_page=100');
    expectShape(open.body, fixture('tasks'));
    expect(open.body.meta!.total + completed.body.meta!.total).toBe(40);
    const task = await call(a.apiKey, 'POST', '/api/tasks', {
      task: { title: 'Ring', due_date: '2026-06-01T10:00:00Z', targetable_type: 'Contact', targetable_id: 3 },
    });
    expect(task.body['task']).toMatchObject({ title: 'Ring', status: 0, targetable_id: 3 });
    const done = await call(a.apiKey, 'PUT', `/api/tasks/${(task.body['task'] as { id: number }).id}`, { task: { status: 1 } });
    expect(done.body['task']).toMatchObject({ status: 1, completed_date: expect.any(String) });
    const note = await call(a.apiKey, 'POST', '/api/notes', { note: { description: 'Met', targetable_type: 'Contact', targetable_id: '3' } });
    expect(note.body['note']).toMatchObject({ description: 'Met', targetable_type: 'Contact', targetable_id: 3, creater_id: 9001 });
  });

  it('lists appointments by filter (upcoming or past, required) and checks their times', async () => {
    const a = account('appointments');
    expect((await call(a.apiKey, 'GET', '/api/appointments')).status).toBe(400);
    const past = await call(a.apiKey, 'GET', '/api/appointments?filter=past&per_page=100');
    const upcoming = await call(a.apiKey, 'GET', '/api/appointments?filter=upcoming&per_page=100');
    expect(past.body.meta!.total + upcoming.body.meta!.total).toBe(a.appointments.count());
    expect(past.body['appointments']).toContainEqual(
      expect.objectContaining({ title: expect.any(String), from_date: expect.any(String), end_date: expect.any(String) }),
    );
    const bad = await call(a.apiKey, 'POST', '/api/appointments', {
      appointment: { title: 'Backwards', from_date: '2026-06-01T11:00:00Z', end_date: '2026-06-01T10:00:00Z' },
    });
    expect(bad).toMatchObject({ status: 400, body: { errors: { message: ['End date should be greater than from date'] } } });
    const made = await call(a.apiKey, 'POST', '/api/appointments', {
      appointment: {
        title: 'Demo',
        from_date: '2099-06-01T10:00:00Z',
        end_date: '2099-06-01T11:00:00Z',
        targetable_type: 'Deal',
        targetable_id: 200000001,
      },
    });
    expect(made.body['appointment']).toMatchObject({ title: 'Demo', creater_id: 9001, targetable_type: 'Deal', targetable_id: 200000001 });
    const later = await call(a.apiKey, 'GET', '/api/appointments?filter=upcoming&per_page=100');
    expect(later.body.meta!.total).toBe(upcoming.body.meta!.total + 1);
  });

  it('serves the selectors and field settings', async () => {
    const a = account('selectors');
    expectShape((await call(a.apiKey, 'GET', '/api/selector/owners')).body, fixture('owners'));
    expect(((await call(a.apiKey, 'GET', '/api/selector/deal_stages')).body['deal_stages'] as unknown[]).length).toBe(5);
    const fields = (await call(a.apiKey, 'GET', '/api/settings/contacts/fields')).body['fields'] as Array<{ name: string; default: boolean }>;
    expect(fields.find((f) => f.name === 'cf_tier')).toMatchObject({ default: false });
  });

  it('counts requests per hour in x-ratelimit-* headers and answers 429 with Retry-After past the limit', async () => {
    const a = account('limits');
    const first = await call(a.apiKey, 'GET', '/api/selector/owners');
    expect(first.headers.get('x-ratelimit-limit')).toBe('50');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('49');
    a.setUsage(50);
    const limited = await call(a.apiKey, 'GET', '/api/selector/owners');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(a.counters().rateLimited).toBe(1);
    now += 3_601_000;
    expect((await call(a.apiKey, 'GET', '/api/selector/owners')).status).toBe(200);
  });

  it('serves injected faults and counts them', async () => {
    const a = account('faults');
    a.resetCounters();
    a.injectFault({ status: 503, count: 1 });
    expect((await call(a.apiKey, 'GET', '/api/selector/owners')).status).toBe(503);
    expect((await call(a.apiKey, 'GET', '/api/selector/owners')).status).toBe(200);
    expect(a.counters()).toMatchObject({ total: 2, faulted: 1, byKind: { selector: 2 } });
  });
});

describe('Freshsales fake control API', () => {
  it('answers only with the control token: account summaries, records by module with cursors, no OAuth tokens', async () => {
    const instance = createFreshsalesSandboxWithUrl(
      { seed: { contacts: 7, sales_accounts: 2, deals: 1, tasks: 1, notes: 1 }, controlToken: 'control-token-of-the-test' },
      () => 'http://127.0.0.1/sandbox',
    );
    const control = Fastify();
    await control.register(instance.plugin, { prefix: '/sandbox/freshsales' });
    const get = (url: string, token = 'control-token-of-the-test') =>
      control.inject({ method: 'GET', url: `/sandbox/freshsales${url}`, headers: { authorization: `Bearer ${token}` } });
    expect((await get('/_sandbox/accounts/ctl', 'wrong')).statusCode).toBe(401);
    const summary = (await get('/_sandbox/accounts/ctl')).json();
    expect(summary).toMatchObject({
      name: 'ctl',
      apiKey: instance.freshsales.account('ctl').apiKey,
      contacts: { live: 7, deleted: 0 },
      rateLimit: { limit: 1000 },
    });
    const first = (await get('/_sandbox/accounts/ctl/contacts?limit=5')).json();
    expect(first.data).toHaveLength(5);
    const rest = (await get(`/_sandbox/accounts/ctl/contacts?limit=5&cursor=${first.nextCursor}`)).json();
    expect([...first.data, ...rest.data].map((c: { id: number }) => c.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect((await get('/_sandbox/accounts/ctl/sales_accounts/100000002')).json()).toMatchObject({ id: 100000002 });
    const tokens = await control.inject({
      method: 'POST',
      url: '/sandbox/freshsales/_sandbox/accounts/ctl/tokens',
      headers: { authorization: 'Bearer control-token-of-the-test' },
      payload: {},
    });
    expect(tokens.statusCode).toBe(400);
    await control.close();
  });
});
