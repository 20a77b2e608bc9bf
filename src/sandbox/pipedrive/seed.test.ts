/**
 * Deterministic seed data, list filters and sorting, large lazy companies,
 * and the control API.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { controlFetch, TEST_CONTROL_TOKEN } from '../testing.js';
import { createPipedriveSandbox, type PipedriveSandboxInstance } from './index.js';

let app: FastifyInstance;
let sandbox: PipedriveSandboxInstance;
let base: string;

beforeAll(async () => {
  sandbox = createPipedriveSandbox({
    publicUrl: 'http://127.0.0.1/sandbox',
    burstLimit: null,
    now: () => Date.UTC(2026, 5, 1),
    controlToken: TEST_CONTROL_TOKEN,
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

async function get(path: string, token: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}${path}`, { headers: { 'x-api-token': token } });
  return (await response.json()) as Record<string, unknown>;
}

async function allIds(path: string, token: string): Promise<Array<Record<string, unknown>>> {
  const records: Array<Record<string, unknown>> = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page = await get(`${path}${cursor ? `${separator}cursor=${cursor}` : ''}`, token);
    records.push(...(page['data'] as Array<Record<string, unknown>>));
    cursor = (page['additional_data'] as { next_cursor: string | null }).next_cursor;
  } while (cursor);
  return records;
}

describe('determinism', () => {
  it('serves the same data for the same company name, in any sandbox', () => {
    const other = createPipedriveSandbox({ publicUrl: 'http://other.test/sandbox' });
    const a = sandbox.pipedrive.company('Acme').persons.list({ limit: 50 }).data;
    const b = other.pipedrive.company('  ACME ').persons.list({ limit: 50 }).data;
    expect(b).toEqual(a);
    expect(other.pipedrive.company('acme').organizations.get(17)).toEqual(sandbox.pipedrive.company('acme').organizations.get(17));
    expect(other.pipedrive.company('acme').customFieldKeys).toEqual(sandbox.pipedrive.company('acme').customFieldKeys);
    expect(sandbox.pipedrive.company('Globex').persons.get(1)).not.toEqual(sandbox.pipedrive.company('Acme').persons.get(1));
    // API tokens are stable within a sandbox but derive from a per-sandbox secret.
    expect(sandbox.pipedrive.company('ACME').apiToken()).toBe(sandbox.pipedrive.company('acme').apiToken());
    expect(other.pipedrive.company('acme').apiToken()).not.toBe(sandbox.pipedrive.company('acme').apiToken());
  });

  it('fills seed records realistically: unique e-mails, organizations, owners, custom fields', () => {
    const company = sandbox.pipedrive.company('Acme');
    const people = company.persons.list({ limit: 500 }).data;
    const emails = people.flatMap((person) => (person['emails'] as Array<{ value: string }>).map((email) => email.value));
    expect(new Set(emails).size).toBe(emails.length);
    expect(people.filter((person) => person['org_id'] !== null).length).toBeGreaterThan(350);
    const owners = new Set(people.map((person) => person['owner_id']));
    expect([...owners].every((owner) => company.users.some((user) => user.id === owner))).toBe(true);
    const custom = people.filter((person) => (person['custom_fields'] as Record<string, unknown>)[company.customFieldKeys.leadSource] !== null);
    expect(custom.length).toBeGreaterThan(200);
    expect(people.every((person) => String(person['add_time']) <= String(person['update_time']))).toBe(true);
  });
});

describe('list filters and sorting over HTTP', () => {
  it('pages every person in update_time order and in descending id order', async () => {
    const token = sandbox.pipedrive.company('Sorted').apiToken();
    const byTime = await allIds('/api/v2/persons?sort_by=update_time&limit=97', token);
    expect(byTime).toHaveLength(1000);
    expect(new Set(byTime.map((person) => person['id'])).size).toBe(1000);
    const times = byTime.map((person) => String(person['update_time']));
    expect(times).toEqual([...times].sort());
    const desc = await allIds('/api/v2/persons?sort_direction=desc&limit=333', token);
    expect(desc.map((person) => person['id'])).toEqual(Array.from({ length: 1000 }, (_, i) => 1000 - i));
  });

  it('filters by org_id, owner_id and ids', async () => {
    const company = sandbox.pipedrive.company('Filters');
    const token = company.apiToken();
    const ofOrg = await allIds('/api/v2/persons?org_id=3&limit=10', token);
    expect(ofOrg.length).toBeGreaterThan(0);
    expect(ofOrg.every((person) => person['org_id'] === 3)).toBe(true);
    const expected = company.persons.list({ limit: 1000 }).data.filter((person) => person['org_id'] === 3).length;
    expect(ofOrg).toHaveLength(expected);
    const owner = company.users[1]?.id ?? 0;
    const ofOwner = await allIds(`/api/v2/persons?owner_id=${owner}&limit=500`, token);
    expect(ofOwner.every((person) => person['owner_id'] === owner)).toBe(true);
    const some = await get('/api/v2/persons?ids=5,3,9999', token);
    expect((some['data'] as Array<{ id: number }>).map((person) => person.id)).toEqual([3, 5]);
  });

  it('answers invalid parameters with v2 validation errors', async () => {
    const token = sandbox.pipedrive.company('Filters').apiToken();
    expect(await get('/api/v2/persons?updated_since=2025-01-01T10:20:00.123Z', token)).toEqual({
      success: false,
      error: "Validation failed: updated_since: '2025-01-01T10:20:00.123Z' is not a valid datetime",
      code: 'ERR_SCHEMA_VALIDATION_FAILED',
    });
    expect(await get('/api/v2/persons?cursor=not-a-cursor', token)).toMatchObject({ success: false, code: 'ERR_SCHEMA_VALIDATION_FAILED' });
    expect(await get('/api/v2/persons?sort_by=name', token)).toMatchObject({ success: false, code: 'ERR_SCHEMA_VALIDATION_FAILED' });
    expect(await get('/api/v2/persons/search?term=a', token)).toMatchObject({ success: false, code: 'ERR_SCHEMA_VALIDATION_FAILED' });
  });
});

describe('a million lazy persons', () => {
  it('lists, sorts by update_time and finds changes since a time without generating everything', async () => {
    const big = createPipedriveSandbox({
      publicUrl: 'http://127.0.0.1/sandbox',
      seed: { persons: 1_000_000, organizations: 10_000 },
      now: () => Date.UTC(2027, 0, 1),
    });
    const company = big.pipedrive.company('Big Corp');
    expect(company.persons.count()).toBe(1_000_000);
    const first = company.persons.list({ limit: 500 });
    expect(first.data).toHaveLength(500);
    const next = company.persons.list({ limit: 500, cursor: first.nextCursor ?? '' });
    expect(next.data[0]?.id).toBe(501);
    company.persons.update(777_777, { name: 'Changed Person' });
    const fresh = company.persons.create({ name: 'New Person' });
    expect(fresh.id).toBe(1_000_001);
    expect(company.persons.get(1_000_000)?.id).toBe(1_000_000);
    expect(company.persons.count()).toBe(1_000_001);
  });
});

describe('control API', () => {
  it('shows a company with its API token and steers records, faults and counters', async () => {
    const summary = (await (await controlFetch(`${base}/_sandbox/companies/Control%20Corp`)).json()) as Record<string, unknown>;
    const company = sandbox.pipedrive.company('control corp');
    expect(summary).toMatchObject({
      name: 'control corp',
      apiToken: company.apiToken(),
      persons: { live: 1000, deleted: 0 },
      organizations: { live: 200, deleted: 0 },
    });
    const created = await controlFetch(`${base}/_sandbox/companies/control%20corp/persons`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Made Here', emails: [{ value: 'made@example.com' }] }),
    });
    expect(created.status).toBe(201);
    expect(((await created.json()) as Record<string, unknown>)['id']).toBe(1001);
    const invalid = await controlFetch(`${base}/_sandbox/accounts/control%20corp/persons`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({}),
    });
    expect(invalid.status).toBe(400);
    const patched = await controlFetch(`${base}/_sandbox/companies/control%20corp/persons/1001`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Made There' }),
    });
    expect(((await patched.json()) as Record<string, unknown>)['name']).toBe('Made There');
    expect((await controlFetch(`${base}/_sandbox/companies/control%20corp/persons/1001`, { method: 'DELETE' })).status).toBe(204);
    expect(company.persons.count({ deleted: true })).toBe(1);
    const fault = await controlFetch(`${base}/_sandbox/companies/control%20corp/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 500 }),
    });
    expect(await fault.json()).toEqual({ pending: 1 });
    expect((await fetch(`${base}/api/v2/persons`, { headers: { 'x-api-token': company.apiToken() } })).status).toBe(500);
    const counters = (await (await controlFetch(`${base}/_sandbox/companies/control%20corp/counters`)).json()) as Record<string, unknown>;
    expect(counters).toMatchObject({ total: 1, faulted: 1, byKind: { list: 1 } });
    const tokens = await controlFetch(`${base}/_sandbox/companies/control%20corp/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(((await tokens.json()) as Record<string, unknown>)['token_type']).toBe('Bearer');
    const reset = (await (await controlFetch(`${base}/_sandbox/companies/control%20corp/reset`, { method: 'POST' })).json()) as Record<
      string,
      unknown
    >;
    expect(reset).toMatchObject({ persons: { live: 1000, deleted: 0 }, pendingFaults: 0 });
    const root = (await (await controlFetch(`${base}/_sandbox`)).json()) as Record<string, unknown>;
    expect(root).toMatchObject({ provider: 'pipedrive', baseUrl: 'http://127.0.0.1/sandbox/pipedrive' });
  });
});
