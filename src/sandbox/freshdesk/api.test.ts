/**
 * The Freshdesk fake over HTTP: the key check, paging with `Link` to the end, the filters, the 30-day default of the
 * ticket list, conversations, writes and Freshdesk's validation answers, the per-minute credits and faults; and the
 * vendor's own Node client (`freshdesk-api`) as the referee of the shapes it reads.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import Freshdesk from 'freshdesk-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readApiToken } from '../shared/api-token-page.js';
import { createFreshdeskSandboxWithUrl, type FreshdeskSandboxInstance } from './index.js';
import { keyOf } from './plugin.js';
import { AGENTS, fdTime } from './records.js';

let app: FastifyInstance;
let sandbox: FreshdeskSandboxInstance;
let base: string;
let now = Date.UTC(2026, 4, 1, 12);

beforeAll(async () => {
  sandbox = createFreshdeskSandboxWithUrl(
    { seed: { companies: 12, contacts: 130, tickets: 40 }, minuteLimit: 20, now: () => now },
    () => `${base}/..`,
  );
  app = Fastify();
  await app.register(sandbox.plugin, { prefix: '/sandbox/freshdesk' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  base = `http://127.0.0.1:${address.port}/sandbox/freshdesk`;
});
afterAll(async () => app.close());

/** A fresh help desk (a new minute of credits each). */
function account(name: string) {
  now += 60_000;
  return sandbox.freshdesk.account(name);
}

const basic = (key: string) => `Basic ${Buffer.from(`${key}:X`).toString('base64')}`;

async function call(key: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: basic(key), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text === '' ? undefined : JSON.parse(text)) as unknown };
}
type Item = Record<string, unknown> & { id: number };

/** Every page of a list, following `Link` to the end; the pages' sizes too. */
async function allPages(key: string, path: string): Promise<{ items: Item[]; sizes: number[] }> {
  const items: Item[] = [];
  const sizes: number[] = [];
  let url: string | null = `${base}${path}`;
  while (url) {
    const res = await fetch(url, { headers: { authorization: basic(key) } });
    expect(res.status).toBe(200);
    const page = (await res.json()) as Item[];
    items.push(...page);
    sizes.push(page.length);
    url = /^<([^>]+)>; rel="next"$/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
  }
  return { items, sizes };
}

/** The vendor client's callback as a promise (the data, or its error). */
function vendor<T>(run: (cb: (error: unknown, data: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => run((error, data) => (error ? reject(error as Error) : resolve(data))));
}

describe('Freshdesk fake', () => {
  it("reads the key from HTTP Basic (any password), and refuses a wrong key with Freshdesk's 401", async () => {
    expect(keyOf(`Basic ${Buffer.from('abc:X').toString('base64')}`)).toBe('abc');
    expect(keyOf(`Basic ${Buffer.from('abc:').toString('base64')}`)).toBe('abc');
    expect(keyOf('Bearer abc')).toBeUndefined();
    const a = account('Key Page Co');
    expect(await readApiToken(`${base}/api-key`, 'key page co')).toBe(a.apiKey);
    expect(a.domain).toMatch(/^key-page-co-[0-9a-f]{6}\.freshdesk\.com$/);
    expect(await call('nope', 'GET', '/api/v2/contacts')).toMatchObject({
      status: 401,
      body: { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' },
    });
  });

  it('pages contacts by page and per_page (30 unless asked, at most 100) with a Link to the next page, and filters them', async () => {
    const a = account('paging');
    const { items, sizes } = await allPages(a.apiKey, '/api/v2/contacts?per_page=100');
    expect(sizes).toEqual([100, 30]);
    expect(items.map((c) => c.id)).toEqual(Array.from({ length: 130 }, (_, i) => 47000200001 + i));
    expect((await allPages(a.apiKey, '/api/v2/contacts')).sizes).toEqual([30, 30, 30, 30, 10]);
    const first = await call(a.apiKey, 'GET', '/api/v2/contacts?per_page=100');
    expect(first.headers.get('link')).toBe(`<${base}/api/v2/contacts?per_page=100&page=2>; rel="next"`);
    expect(await call(a.apiKey, 'GET', '/api/v2/contacts?per_page=101')).toMatchObject({
      status: 400,
      body: {
        description: 'Validation failed',
        errors: [{ field: 'per_page', message: 'It should be a Positive Integer less than or equal to 100', code: 'invalid_value' }],
      },
    });
    expect((await call(a.apiKey, 'GET', '/api/v2/contacts?colour=red')).body).toEqual({
      description: 'Validation failed',
      errors: [{ field: 'colour', message: 'Unexpected/invalid field in request', code: 'invalid_field' }],
    });
    // Most contacts are in a company, at one of its domains.
    const withCompany = items.filter((c) => c['company_id'] !== null);
    expect(withCompany.length).toBeGreaterThan(80);
    const companies = new Map(a.companies.all().map((c) => [c['id'], c]));
    for (const c of withCompany) expect((companies.get(c['company_id'])?.['domains'] as string[])[0]).toBe(String(c['email']).split('@')[1]);
    const company = withCompany[0]?.['company_id'] as number;
    const byCompany = await allPages(a.apiKey, `/api/v2/contacts?company_id=${company}&per_page=100`);
    expect(byCompany.items.map((c) => c.id)).toEqual(items.filter((c) => c['company_id'] === company).map((c) => c.id));
    const email = String(items[5]?.['email']);
    expect(((await call(a.apiKey, 'GET', `/api/v2/contacts?email=${encodeURIComponent(email)}`)).body as Item[]).map((c) => c.id)).toEqual([
      items[5]?.id,
    ]);
    const cut = items.map((c) => String(c['updated_at'])).sort()[100] as string;
    const since = await allPages(a.apiKey, `/api/v2/contacts?_updated_since=${cut}&per_page=100`);
    expect(since.items.map((c) => c.id)).toEqual(items.filter((c) => String(c['updated_at']) >= cut).map((c) => c.id));
    expect(await call(a.apiKey, 'GET', '/api/v2/contacts/1')).toMatchObject({ status: 404, body: undefined });
  });

  it('lists tickets of the last 30 days unless updated_since says otherwise, with the requester when asked (two credits)', async () => {
    const a = account('tickets');
    expect((await call(a.apiKey, 'GET', '/api/v2/tickets')).body).toEqual([]);
    const contact = a.contacts.all()[0] as Item;
    const fresh = a.tickets.create({ requester_id: contact.id, subject: 'Printer on fire' });
    const recent = await call(a.apiKey, 'GET', '/api/v2/tickets?include=requester');
    expect(recent.headers.get('x-ratelimit-used-currentrequest')).toBe('2');
    expect(recent.body).toEqual([
      {
        ...Object.fromEntries(Object.entries(fresh).filter(([k]) => k !== 'description' && k !== 'description_text')),
        requester: { id: contact.id, name: contact['name'], email: contact['email'], mobile: contact['mobile'], phone: contact['phone'] },
      },
    ]);
    const all = await allPages(a.apiKey, '/api/v2/tickets?updated_since=2000-01-01T00:00:00Z&order_by=created_at&order_type=asc&per_page=25');
    expect(all.sizes).toEqual([25, 16]);
    expect(all.items.map((t) => t.id)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    expect(all.items.every((t) => typeof t['requester_id'] === 'number' && !('description' in t))).toBe(true);
    const withCompany = all.items.find((t) => t['company_id'] !== null) as Item;
    const company = a.companies.get(withCompany['company_id'] as number) as Item;
    const embedded = await call(a.apiKey, 'GET', `/api/v2/tickets/${withCompany.id}?include=company`);
    expect(embedded.headers.get('x-ratelimit-used-currentrequest')).toBe('2');
    expect(embedded.body).toMatchObject({
      id: withCompany.id,
      company: { id: company.id, name: company['name'] },
      description_text: expect.any(String),
    });
    const occasional = (await call(a.apiKey, 'GET', '/api/v2/agents?state=occasional')).body as Item[];
    expect(occasional.map((x) => x.id)).toEqual([AGENTS[2].id]);
  });

  it("raises a ticket through the handle with a seeded ticket's fields, in the API's order: open, low priority, by e-mail, due in three days", () => {
    const a = account('raised');
    const seeded = a.tickets.all()[0] as Item;
    const contact = a.contacts.all()[0] as Item;
    const fresh = a.tickets.create({ requester_id: contact.id, subject: 'Printer on fire' });
    expect(Object.keys(fresh)).toEqual(Object.keys(seeded));
    expect(fresh).toMatchObject({
      subject: 'Printer on fire',
      status: 2,
      priority: 1,
      source: 2,
      requester_id: contact.id,
      company_id: contact['company_id'] ?? null,
      due_by: fdTime(now + 3 * 86_400_000),
      fr_due_by: fdTime(now + 86_400_000),
      description: '',
      tags: [],
    });
  });

  it("lists a ticket's conversations (replies and private notes), adds notes and replies, and moves the ticket's updated_at", async () => {
    const a = account('conversations');
    const conversations = (await call(a.apiKey, 'GET', '/api/v2/tickets/3/conversations')).body as Item[];
    expect(conversations.map((c) => [c['private'], c['incoming'], c['ticket_id']])).toEqual([
      [false, false, 3],
      [true, false, 3],
      [false, true, 3],
    ]);
    const ticket = (await call(a.apiKey, 'GET', '/api/v2/tickets/3')).body as Item;
    expect(conversations[2]?.['user_id']).toBe(ticket['requester_id']);
    now += 5000;
    const note = await call(a.apiKey, 'POST', '/api/v2/tickets/3/notes', {
      body: '<p>Called the customer.</p>',
      private: true,
      user_id: AGENTS[1].id,
    });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({
      body: '<p>Called the customer.</p>',
      body_text: 'Called the customer.',
      private: true,
      user_id: AGENTS[1].id,
      ticket_id: 3,
    });
    const reply = await call(a.apiKey, 'POST', '/api/v2/tickets/3/reply', { body: 'Fixed now.' });
    expect(reply.body).toMatchObject({ private: false, incoming: false, user_id: AGENTS[0].id, ticket_id: 3 });
    const after = (await call(a.apiKey, 'GET', '/api/v2/tickets/3/conversations')).body as Item[];
    expect(after.map((c) => c.id)).toEqual([...conversations.map((c) => c.id), (note.body as Item).id, (reply.body as Item).id]);
    expect(((await call(a.apiKey, 'GET', '/api/v2/tickets/3')).body as Item)['updated_at']).toBe(
      new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    );
    expect((await call(a.apiKey, 'POST', '/api/v2/tickets/3/notes', { private: true })).body).toEqual({
      description: 'Validation failed',
      errors: [{ field: 'body', message: 'Mandatory attribute missing', code: 'missing_field' }],
    });
    expect((await call(a.apiKey, 'POST', '/api/v2/tickets/999/notes', { body: 'x' })).status).toBe(404);
    // Only notes are edited.
    const edited = await call(a.apiKey, 'PUT', `/api/v2/conversations/${(note.body as Item).id}`, { body: 'Called twice.' });
    expect(edited.body).toMatchObject({ id: (note.body as Item).id, body: 'Called twice.', body_text: 'Called twice.', private: true });
    expect((await call(a.apiKey, 'PUT', `/api/v2/conversations/${(reply.body as Item).id}`, { body: 'x' })).status).toBe(404);
  });

  it("creates and updates contacts and companies with Freshdesk's validation: 400s and the 409 of a duplicate", async () => {
    const a = account('writes');
    const company = await call(a.apiKey, 'POST', '/api/v2/companies', { name: 'Globex', domains: ['globex.example'] });
    expect(company.status).toBe(201);
    const companyId = (company.body as Item).id;
    const contact = await call(a.apiKey, 'POST', '/api/v2/contacts', { name: 'Hank Scorpio', email: 'hank@globex.example' });
    expect(contact.status).toBe(201);
    // A new contact joins the company of its address's domain.
    expect(contact.body).toMatchObject({ name: 'Hank Scorpio', email: 'hank@globex.example', company_id: companyId, active: false });
    const id = (contact.body as Item).id;
    expect(await call(a.apiKey, 'POST', '/api/v2/contacts', { name: 'Other Hank', email: 'HANK@globex.example' })).toEqual({
      status: 409,
      headers: expect.anything() as unknown,
      body: {
        description: 'Validation failed',
        errors: [{ field: 'email', additional_info: { user_id: id }, message: 'It should be a unique value', code: 'duplicate_value' }],
      },
    });
    expect((await call(a.apiKey, 'POST', '/api/v2/contacts', { name: 'Nobody' })).body).toEqual({
      description: 'Validation failed',
      errors: [
        { field: 'email', message: 'Please fill at least 1 of email, mobile, phone, twitter_id, unique_external_id fields', code: 'missing_field' },
      ],
    });
    expect((await call(a.apiKey, 'POST', '/api/v2/contacts', { name: 'Bad', email: 'not-an-address' })).body).toEqual({
      description: 'Validation failed',
      errors: [{ field: 'email', message: "It should be in the 'valid email address' format", code: 'invalid_value' }],
    });
    const updated = await call(a.apiKey, 'PUT', `/api/v2/contacts/${id}`, { job_title: 'CEO', company_id: null });
    expect(updated.body).toMatchObject({ id, job_title: 'CEO', company_id: null, email: 'hank@globex.example' });
    expect((await call(a.apiKey, 'POST', '/api/v2/companies', { name: 'globex' })).status).toBe(409);
    expect((await call(a.apiKey, 'PUT', '/api/v2/companies/1', { name: 'x' })).status).toBe(404);
    const bad = await fetch(`${base}/api/v2/contacts`, {
      method: 'POST',
      headers: { authorization: basic(a.apiKey), 'content-type': 'application/json' },
      body: '{',
    });
    expect([bad.status, await bad.json()]).toEqual([400, { code: 'invalid_json', message: 'Request body has invalid json format' }]);
  });

  it('counts credits per minute in X-RateLimit-* headers and answers 429 with Retry-After once they are spent; serves faults', async () => {
    const a = account('limits');
    a.setUsage(18);
    const last = await call(a.apiKey, 'GET', '/api/v2/agents');
    expect([
      last.headers.get('x-ratelimit-total'),
      last.headers.get('x-ratelimit-remaining'),
      last.headers.get('x-ratelimit-used-currentrequest'),
    ]).toEqual(['20', '1', '1']);
    // The requester costs one more credit than there is.
    const over = await call(a.apiKey, 'GET', '/api/v2/tickets?include=requester');
    expect([over.status, over.headers.get('retry-after'), over.headers.get('x-ratelimit-remaining')]).toEqual([429, '60', '0']);
    now += 61_000;
    a.injectFault({ status: 503 });
    expect((await call(a.apiKey, 'GET', '/api/v2/agents')).status).toBe(503);
    expect((await call(a.apiKey, 'GET', '/api/v2/agents')).status).toBe(200);
  });

  it('answers the vendor client (freshdesk-api): contacts, companies, agents, tickets, conversations, a new contact', async () => {
    const a = account('vendor');
    const client = new Freshdesk(base, a.apiKey);
    const contacts = await vendor<Item[]>((cb) => client.listAllContacts({ per_page: 100, page: 2 }, cb));
    expect(contacts.map((c) => c.id)).toEqual(
      a.contacts
        .all()
        .slice(100)
        .map((c) => c['id']),
    );
    const companies = await vendor<Item[]>((cb) => client.listAllCompanies({}, cb));
    expect(companies.map((c) => [c['name'], c['domains']])).toEqual(a.companies.all().map((c) => [c['name'], c['domains']]));
    const agents = await vendor<Array<Item & { contact: { name: string; email: string; active: boolean } }>>((cb) => client.listAllAgents({}, cb));
    expect(agents.map((x) => [x.id, x.contact.name, x.contact.email, x.contact.active])).toEqual(
      AGENTS.map((x) => [x.id, x.name, x.email, x.active]),
    );
    const tickets = await vendor<Item[]>((cb) => client.listAllTickets({ updated_since: '2000-01-01T00:00:00Z', per_page: 100 }, cb));
    expect(tickets).toHaveLength(40);
    const conversations = await vendor<Item[]>((cb) => client.listAllConversations(tickets[0]?.id, cb));
    expect(conversations.map((c) => c['ticket_id'])).toEqual([tickets[0]?.id, tickets[0]?.id, tickets[0]?.id]);
    const created = await vendor<Item>((cb) => client.createContact({ name: 'Vera Vendor', email: 'vera@example.org' }, cb));
    expect(a.contacts.get(created.id)).toMatchObject({ name: 'Vera Vendor', email: 'vera@example.org' });
    const duplicate = await vendor<Item>((cb) => client.createContact({ name: 'Vera Again', email: 'vera@example.org' }, cb)).catch(
      (e: unknown) => e,
    );
    expect(duplicate).toMatchObject({ name: 'FreshdeskError', status: 409, message: 'Validation failed' });
  });
});
