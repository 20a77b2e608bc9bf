/**
 * The Attio fake against Attio's API reference: answers of the documented shapes (recorded examples in
 * fixtures/documented-shapes.json), paging a query to the end, filters, write validation with Attio's error bodies,
 * the rate limits and their 429, API keys and the OAuth flow, and the in-process handle.
 */
import { readFileSync } from 'node:fs';

import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readApiToken } from '../shared/api-token-page.js';
import { runFakeFlow } from '../shared/oauth-test-flow.js';
import { ATTIO_ENDPOINTS, type AttioSandboxInstance, createAttioSandboxWithUrl } from './index.js';

const DOCS = JSON.parse(readFileSync(new URL('./fixtures/documented-shapes.json', import.meta.url), 'utf8')) as Record<string, unknown>;

/** The shape of a JSON value: its keys (recursively) and the types of non-null leaves. */
function shapeOf(v: unknown): unknown {
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length ? [shapeOf(v[0])] : [];
  if (typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v as object)
        .map(([k, x]) => [k, shapeOf(x)])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
  return typeof v;
}
/** Same keys everywhere; a documented null or a null answered matches any type. */
function sameShape(actual: unknown, documented: unknown, path = '$'): void {
  const [a, d] = [shapeOf(actual), shapeOf(documented)];
  if (a === 'null' || d === 'null') return;
  if (typeof a === 'object' && typeof d === 'object' && !Array.isArray(a) && !Array.isArray(d)) {
    expect(Object.keys(a as object).sort(), path).toEqual(Object.keys(d as object).sort());
    for (const k of Object.keys(d as object))
      sameShape((actual as Record<string, unknown>)[k], (documented as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  if (Array.isArray(actual) && Array.isArray(documented)) {
    if (actual.length && documented.length) sameShape(actual[0], documented[0], `${path}[0]`);
    return;
  }
  expect(a, path).toEqual(d);
}

let app: FastifyInstance;
let fake: AttioSandboxInstance;
let base: string;
let now = Date.UTC(2024, 5, 1, 12);

async function call(method: string, path: string, key: string | undefined, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as any };
}

beforeAll(async () => {
  app = Fastify();
  let url = '';
  fake = createAttioSandboxWithUrl(
    { seed: { people: 30, companies: 8, deals: 12, notes: 9, tasks: 7 }, now: () => now, controlToken: 'ctl' },
    () => url,
  );
  await app.register(fake.plugin, { prefix: '/sandbox/attio' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as { port: number };
  url = `http://127.0.0.1:${address.port}/sandbox`;
  base = `${url}/attio`;
});
afterAll(async () => app?.close());

describe('Attio fake: credentials', () => {
  it('shows a workspace API key on its page, and answers /v2/self for it; 401 without', async () => {
    const key = await readApiToken(`${base}${ATTIO_ENDPOINTS.keyPagePath}`, 'Keys Inc');
    expect(key).toBe(fake.attio.workspace('keys inc').apiKey);
    const self = await call('GET', '/v2/self', key);
    expect(self.status).toBe(200);
    expect(self.body).toMatchObject({ active: true, workspace_id: fake.attio.workspace('Keys Inc').workspaceId, token_type: 'Bearer' });
    const none = await call('GET', '/v2/self', 'nope');
    expect(none.status).toBe(401);
    expect(none.body).toEqual({
      status_code: 401,
      type: 'auth_error',
      code: 'unauthorized',
      message: 'Authentication failed. Check your access token.',
    });
  });

  it('runs the OAuth flow: consent for an account name, a token that never expires and has no refresh token', async () => {
    const page = await (
      await fetch(`${base}/authorize?client_id=weft-sandbox-attio&redirect_uri=http://127.0.0.1/cb&response_type=code&state=s`)
    ).text();
    expect(page).toContain('Account name');
    expect(page).toContain('Authorize');
    const token = await runFakeFlow<Record<string, unknown>>(
      ATTIO_ENDPOINTS,
      { sandboxUrl: base.replace(/\/attio$/, ''), account: 'OAuth Co' },
      { clientAuth: 'body' },
    );
    expect(Object.keys(token).sort()).toEqual(['access_token', 'token_type']);
    expect(token['token_type']).toBe('Bearer');
    const self = await call('GET', '/v2/self', token['access_token'] as string);
    expect(self.body.workspace_id).toBe(fake.attio.workspace('oauth co').workspaceId);
    expect(self.body.scope).toContain('record_permission:read-write');
  });
});

describe('Attio fake: documented shapes', () => {
  const key = () => fake.attio.workspace('shapes').apiKey;

  it('answers records, values, notes, tasks, members and objects as the reference shows them', async () => {
    const people = await call('POST', '/v2/objects/people/records/query', key(), { limit: 1 });
    const person = people.body.data[0];
    sameShape({ ...person, values: {} }, DOCS['record']);
    sameShape(person.values.name[0], DOCS['personalNameValue']);
    sameShape(person.values.email_addresses[0], DOCS['emailValue']);
    const deal = (await call('POST', '/v2/objects/deals/records/query', key(), { limit: 1 })).body.data[0];
    sameShape(deal.values.value[0], DOCS['currencyValue']);
    expect(typeof deal.values.value[0].currency_value).toBe('number');
    sameShape((await call('GET', '/v2/notes?limit=1', key())).body.data[0], DOCS['note']);
    sameShape((await call('GET', '/v2/tasks?limit=1', key())).body.data[0], DOCS['task']);
    sameShape((await call('GET', '/v2/workspace_members', key())).body.data[0], DOCS['member']);
    sameShape((await call('GET', '/v2/objects', key())).body.data[0], DOCS['object']);
    const attributes = (await call('GET', '/v2/objects/deals/attributes', key())).body.data;
    expect(attributes.map((a: { api_slug: string }) => a.api_slug)).toEqual([
      'name',
      'stage',
      'owner',
      'value',
      'associated_people',
      'associated_company',
      'created_at',
    ]);
    expect(attributes[1]).toMatchObject({ type: 'status', is_required: true, is_multiselect: false });
  });

  it('answers a bad filter and a missing record with the documented error bodies', async () => {
    const bad = await call('POST', '/v2/objects/people/records/query', key(), { filter: { shoe_size: 42 } });
    expect(bad.status).toBe(400);
    sameShape(bad.body, DOCS['filterError']);
    expect(bad.body).toMatchObject({ type: 'invalid_request_error', code: 'filter_error' });
    const missing = await call('GET', '/v2/objects/people/records/00000000-0000-4000-8000-000000000000', key());
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ status_code: 404, type: 'invalid_request_error', code: 'not_found', message: 'Record not found.' });
  });
});

describe('Attio fake: seed', () => {
  it('gives each person a phone number with one country prefix, and its digits as the E.164 number', () => {
    for (const person of fake.attio.workspace('seed phones').records('people').slice(0, 50) as unknown as Array<{ values: any }>) {
      for (const phone of person.values.phone_numbers as Array<{ original_phone_number: string; phone_number: string }>) {
        expect(phone.original_phone_number).toMatch(/^\+\d{1,3} [^+]+$/);
        expect(phone.phone_number).toBe(`+${phone.original_phone_number.replace(/\D/g, '')}`);
      }
    }
  });
});

describe('Attio fake: queries', () => {
  const key = () => fake.attio.workspace('queries').apiKey;

  it('pages a query by offset to the end (limit at most 500)', async () => {
    const ids: string[] = [];
    for (let offset = 0; ; offset += 7) {
      const page = await call('POST', '/v2/objects/people/records/query', key(), { limit: 7, offset });
      ids.push(...page.body.data.map((r: { id: { record_id: string } }) => r.id.record_id));
      if (page.body.data.length < 7) break;
    }
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    const tooMany = await call('POST', '/v2/objects/people/records/query', key(), { limit: 501 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.code).toBe('validation_type');
  });

  it('filters by shorthand, by property, by $and/$or and on timestamps', async () => {
    const all = (await call('POST', '/v2/objects/people/records/query', key(), {})).body.data;
    const target = all[4];
    const email = target.values.email_addresses[0].email_address as string;
    const short = await call('POST', '/v2/objects/people/records/query', key(), { filter: { email_addresses: email.toUpperCase() } });
    expect(short.body.data.map((r: any) => r.id.record_id)).toEqual([target.id.record_id]);
    const companyId = target.values.company[0].target_record_id as string;
    const byCompany = await call('POST', '/v2/objects/people/records/query', key(), {
      filter: {
        $and: [{ company: { target_record_id: { $eq: companyId } } }, { name: { full_name: { $contains: target.values.name[0].last_name } } }],
      },
    });
    expect(byCompany.body.data.map((r: any) => r.id.record_id)).toContain(target.id.record_id);
    expect(byCompany.body.data.every((r: any) => r.values.company[0].target_record_id === companyId)).toBe(true);
    const since = all[20].created_at as string;
    const later = await call('POST', '/v2/objects/people/records/query', key(), { filter: { created_at: { $gte: since } } });
    expect(later.body.data).toHaveLength(10);
    const either = await call('POST', '/v2/objects/people/records/query', key(), {
      filter: { $or: [{ email_addresses: email }, { email_addresses: all[0].values.email_addresses[0].email_address }] },
    });
    expect(either.body.data).toHaveLength(2);
    const sorted = await call('POST', '/v2/objects/people/records/query', key(), {
      sorts: [{ attribute: 'created_at', direction: 'desc' }],
      limit: 2,
    });
    expect(sorted.body.data[0].id.record_id).toBe(all[29].id.record_id);
  });
});

describe('Attio fake: writes', () => {
  const key = () => fake.attio.workspace('writes').apiKey;

  it('creates a person with typed values, appends on PATCH and replaces on PUT; refuses bad values with Attio bodies', async () => {
    const created = await call('POST', '/v2/objects/people/records', key(), {
      data: {
        values: {
          name: [{ first_name: 'Ann', last_name: 'Lee', full_name: 'Ann Lee' }],
          email_addresses: ['ann@lee.example'],
          phone_numbers: [{ original_phone_number: '+1 555 0100', country_code: 'US' }],
        },
      },
    });
    expect(created.status).toBe(200);
    const id = created.body.data.id.record_id as string;
    expect(created.body.data.values.name[0]).toMatchObject({
      first_name: 'Ann',
      last_name: 'Lee',
      full_name: 'Ann Lee',
      attribute_type: 'personal-name',
      active_until: null,
    });
    const patched = await call('PATCH', `/v2/objects/people/records/${id}`, key(), { data: { values: { email_addresses: ['ann2@lee.example'] } } });
    expect(patched.body.data.values.email_addresses.map((v: any) => v.email_address)).toEqual(['ann2@lee.example', 'ann@lee.example']);
    const put = await call('PUT', `/v2/objects/people/records/${id}`, key(), { data: { values: { email_addresses: ['ann3@lee.example'] } } });
    expect(put.body.data.values.email_addresses.map((v: any) => v.email_address)).toEqual(['ann3@lee.example']);
    expect(fake.attio.workspace('writes').record('people', id)).toBeDefined();

    const unknown = await call('POST', '/v2/objects/people/records', key(), { data: { values: { shoe_size: 42 } } });
    expect(unknown.body).toEqual({
      status_code: 400,
      type: 'invalid_request_error',
      code: 'value_not_found',
      message: 'Cannot find attribute with slug/ID "shoe_size".',
    });
    const phone = await call('POST', '/v2/objects/people/records', key(), { data: { values: { phone_numbers: ['555 0100'] } } });
    expect(phone.status).toBe(400);
    expect(phone.body.code).toBe('validation_type');
    const taken = await call('POST', '/v2/objects/people/records', key(), { data: { values: { email_addresses: ['ann3@lee.example'] } } });
    expect(taken.body.code).toBe('uniqueness_conflict');
    const deal = await call('POST', '/v2/objects/deals/records', key(), { data: { values: { name: 'No stage' } } });
    expect(deal.body).toMatchObject({ status_code: 400, code: 'validation_type', message: 'Required attribute with slug "stage" is missing.' });
  });

  it('asserts a person by e-mail: updates the holder, else creates', async () => {
    const holder = fake.attio.workspace('writes').records('people')[3] as any;
    const email = holder.values.email_addresses[0].email_address;
    const asserted = await call('PUT', '/v2/objects/people/records?matching_attribute=email_addresses', key(), {
      data: { values: { email_addresses: [email], job_title: 'Chief Tester' } },
    });
    expect(asserted.body.data.id.record_id).toBe(holder.id.record_id);
    expect(asserted.body.data.values.job_title[0].value).toBe('Chief Tester');
    const fresh = await call('PUT', '/v2/objects/people/records?matching_attribute=email_addresses', key(), {
      data: { values: { email_addresses: ['new@one.example'] } },
    });
    expect(fresh.body.data.id.record_id).not.toBe(holder.id.record_id);
  });

  it('creates notes and tasks on records; a task content cannot change; deletes', async () => {
    const person = fake.attio.workspace('writes').records('people')[0] as any;
    const note = await call('POST', '/v2/notes', key(), {
      data: { parent_object: 'people', parent_record_id: person.id.record_id, title: 'Hi', format: 'plaintext', content: 'Met.' },
    });
    expect(note.body.data).toMatchObject({ parent_object: 'people', parent_record_id: person.id.record_id, content_plaintext: 'Met.' });
    const listed = await call('GET', `/v2/notes?parent_object=people&parent_record_id=${person.id.record_id}&limit=50`, key());
    expect(listed.body.data.map((n: any) => n.id.note_id)).toContain(note.body.data.id.note_id);
    const task = await call('POST', '/v2/tasks', key(), {
      data: {
        content: 'Call',
        format: 'plaintext',
        deadline_at: null,
        is_completed: false,
        linked_records: [{ target_object: 'people', target_record_id: person.id.record_id }],
        assignees: [],
      },
    });
    // A task names a linked record's object by its id.
    const peopleObject = (await call('GET', '/v2/objects/people', key())).body.data.id.object_id as string;
    expect(task.body.data.linked_records).toEqual([{ target_object_id: peopleObject, target_record_id: person.id.record_id }]);
    const taskId = task.body.data.id.task_id;
    const done = await call('PATCH', `/v2/tasks/${taskId}`, key(), { data: { is_completed: true } });
    expect(done.body.data.is_completed).toBe(true);
    const content = await call('PATCH', `/v2/tasks/${taskId}`, key(), { data: { content: 'x', format: 'plaintext' } });
    expect(content.status).toBe(400);
    expect((await call('DELETE', `/v2/tasks/${taskId}`, key())).status).toBe(200);
    expect((await call('GET', `/v2/tasks/${taskId}`, key())).status).toBe(404);
  });
});

describe('Attio fake: rate limits and the handle', () => {
  it('allows 25 writes a second, then answers 429 with Retry-After as a date; reads have their own 100', async () => {
    const ws = fake.attio.workspace('limits');
    now += 10_000;
    for (let i = 0; i < 25; i++) {
      const r = await call('POST', '/v2/objects/companies/records', ws.apiKey, { data: { values: { name: `Co ${i}` } } });
      expect(r.status).toBe(200);
    }
    const over = await call('POST', '/v2/objects/companies/records', ws.apiKey, { data: { values: { name: 'One too many' } } });
    expect(over.status).toBe(429);
    expect(over.body).toEqual(DOCS['rateLimited']);
    expect(Date.parse(over.headers.get('retry-after') ?? '')).toBeGreaterThan(now);
    expect((await call('GET', '/v2/workspace_members', ws.apiKey)).status).toBe(200);
    expect(ws.limits()).toEqual({ reads: 99, writes: 0 });
    now += 1000;
    expect((await call('POST', '/v2/objects/companies/records', ws.apiKey, { data: { values: { name: 'Next second' } } })).status).toBe(200);
    expect(ws.counters().rateLimited).toBe(1);
  });

  it('serves queued faults and resets the workspace to its seed', async () => {
    const ws = fake.attio.workspace('faults');
    ws.injectFault({ status: 503 });
    expect((await call('GET', '/v2/workspace_members', ws.apiKey)).status).toBe(503);
    await call('POST', '/v2/objects/companies/records', ws.apiKey, { data: { values: { name: 'Temp' } } });
    expect(ws.records('companies')).toHaveLength(9);
    ws.reset();
    expect(ws.records('companies')).toHaveLength(8);
  });

  it('serves the control API behind its token', async () => {
    const res = await fetch(`${base}/_sandbox/workspaces/control`, { headers: { authorization: 'Bearer ctl' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'control', people: 30, companies: 8, deals: 12 });
  });
});

describe('Attio fake: a kept state file', () => {
  it('answers after a restart as before: the API key, a created record and an OAuth token', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { SandboxFile } = await import('../shared/persistence.js');
    const path = join(mkdtempSync(join(tmpdir(), 'attio-')), 'state.db');
    const open = async () => {
      const file = new SandboxFile(path);
      const instance = createAttioSandboxWithUrl(
        { seed: { people: 5, companies: 2, deals: 2 }, journal: file.provider('attio') },
        () => 'http://127.0.0.1/sandbox',
      );
      const server = Fastify();
      await server.register(instance.plugin, { prefix: '/attio' });
      const inject = async (method: 'GET' | 'POST', url: string, token: string, payload?: object) =>
        (await server.inject({ method, url: `/attio${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) })).json();
      return { file, server, ws: instance.attio.workspace('kept'), inject };
    };
    const first = await open();
    const key = first.ws.apiKey;
    const token = first.ws.issueTokens().access_token;
    const created = await first.inject('POST', '/v2/objects/people/records', key, { data: { values: { email_addresses: ['kept@example.com'] } } });
    const id = created.data.id.record_id as string;
    await first.server.close();
    first.file.close();

    const second = await open();
    expect(second.ws.apiKey).toBe(key);
    expect((await second.inject('GET', `/v2/objects/people/records/${id}`, key)).data.values.email_addresses[0].email_address).toBe(
      'kept@example.com',
    );
    expect((await second.inject('GET', '/v2/self', token)).workspace_id).toBe(second.ws.workspaceId);
    await second.server.close();
    second.file.close();
  });
});
