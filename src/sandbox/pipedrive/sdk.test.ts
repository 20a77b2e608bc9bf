/**
 * The official Pipedrive Node SDK (pipedrive 33.7.0, v2 and v1 APIs) against
 * the sandbox over real HTTP, with an API token and with an OAuth access
 * token: every call must get what real Pipedrive would give.
 */
import type { FastifyInstance } from 'fastify';
import { Configuration as V1Configuration, PersonFieldsApi, UsersApi } from 'pipedrive/v1';
import { Configuration, OrganizationsApi, PersonsApi } from 'pipedrive/v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { PipedriveCompanyHandle, PipedriveSandboxInstance } from './index.js';
import { startPipedriveTestServer } from './testing.js';

/** The public URL differs from the listening address, as behind a proxy. */
const PUBLIC_URL = 'https://weft.example.test/sandbox';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

let app: FastifyInstance;
let sandbox: PipedriveSandboxInstance;
let base: string;
let company: PipedriveCompanyHandle;
let persons: PersonsApi;

/** What the SDK throws: its error interceptor rejects with the response body. */
async function failure(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  return expect.fail('expected the SDK call to fail');
}

beforeAll(async () => {
  ({ app, sandbox, baseUrl: base } = await startPipedriveTestServer({ publicUrl: PUBLIC_URL, burstLimit: null }));
  company = sandbox.pipedrive.company('SDK Corp');
  const config = new Configuration({ apiKey: company.apiToken(), basePath: `${base}/api/v2` });
  persons = new PersonsApi(config);
});

afterAll(async () => {
  await app.close();
});

describe('persons with an API token', () => {
  it('pages through all 1000 seed persons with cursors: unique ids in ascending order', async () => {
    const ids: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await persons.getPersons({ limit: 100, ...(cursor ? { cursor } : {}) });
      expect(page.success).toBe(true);
      ids.push(...(page.data ?? []).map((person) => person.id ?? 0));
      cursor = page.additional_data?.next_cursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(10);
    expect(ids).toHaveLength(1000);
    expect(new Set(ids).size).toBe(1000);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids[0]).toBe(1);
  });

  it('ends with next_cursor null and encodes cursors like Pipedrive', async () => {
    const last = await persons.getPersons({ limit: 500, cursor: firstCursorAt(501) });
    expect(last.data).toHaveLength(500);
    expect(last.additional_data).toEqual({ next_cursor: null });
    const first = await persons.getPersons({ limit: 2 });
    const decoded = JSON.parse(Buffer.from(first.additional_data?.next_cursor ?? '', 'base64url').toString('utf8')) as unknown;
    expect(decoded).toEqual({ field: 'id', fieldValue: 3, sortDirection: 'asc', id: 3 });
  });

  it('returns persons in the v2 shape', async () => {
    const page = await persons.getPersons({ limit: 1 });
    const person = page.data?.[0] as Record<string, unknown>;
    expect(Object.keys(person)).toEqual([
      'id',
      'name',
      'first_name',
      'last_name',
      'add_time',
      'update_time',
      'visible_to',
      'custom_fields',
      'owner_id',
      'label_ids',
      'org_id',
      'is_deleted',
      'picture_id',
      'phones',
      'emails',
    ]);
    expect(person['add_time']).toMatch(RFC3339);
    expect(person['update_time']).toMatch(RFC3339);
    expect(Object.keys(person['custom_fields'] as object).every((key) => /^[0-9a-f]{40}$/.test(key))).toBe(true);
    expect(person['is_deleted']).toBe(false);
  });

  it('sorts by update_time and filters by updated_since', async () => {
    const page = await persons.getPersons({ sort_by: 'update_time', sort_direction: 'desc', limit: 50 });
    const times = (page.data ?? []).map((person) => person.update_time ?? '');
    expect(times).toEqual([...times].sort().reverse());
    const since = times[9] ?? '';
    const recent = await persons.getPersons({ updated_since: since, sort_by: 'update_time', limit: 500 });
    expect((recent.data ?? []).every((person) => (person.update_time ?? '') >= since)).toBe(true);
    expect(recent.data?.length).toBeGreaterThanOrEqual(10);
  });

  it('gets, adds, updates and deletes a person', async () => {
    const seed = await persons.getPerson({ id: 7 });
    expect(seed.data?.id).toBe(7);
    const keys = company.customFieldKeys;
    const created = await persons.addPerson({
      AddPersonRequest: {
        name: 'Ada Lovelace',
        emails: [{ value: 'ada@example.com' }],
        phones: [{ value: '+44 20 7946 0000', label: 'mobile' }],
        custom_fields: { [keys.preferredLanguage]: 'English' },
      },
    });
    const person = created.data ?? {};
    expect(person).toMatchObject({
      id: 1001,
      name: 'Ada Lovelace',
      first_name: 'Ada',
      last_name: 'Lovelace',
      emails: [{ value: 'ada@example.com', primary: true, label: 'work' }],
      phones: [{ value: '+44 20 7946 0000', primary: true, label: 'mobile' }],
      owner_id: company.users[0]?.id,
      org_id: null,
      visible_to: 3,
      is_deleted: false,
      update_time: null,
    });
    expect(person.custom_fields?.[keys.preferredLanguage]).toBe('English');
    const updated = await persons.updatePerson({ id: 1001, UpdatePersonRequest: { name: 'Ada King', org_id: 3 } });
    expect(updated.data).toMatchObject({ id: 1001, name: 'Ada King', first_name: 'Ada', last_name: 'King', org_id: 3 });
    expect(updated.data?.update_time).toMatch(RFC3339);
    const fetched = await persons.getPerson({ id: 1001, custom_fields: keys.preferredLanguage });
    expect(fetched.data?.custom_fields).toEqual({ [keys.preferredLanguage]: 'English' });
    const deleted = await persons.deletePerson({ id: 1001 });
    expect(deleted).toEqual({ success: true, data: { id: 1001 } });
    const gone = await persons.getPerson({ id: 1001 });
    expect(gone.data?.is_deleted).toBe(true);
    const list = await persons.getPersons({ ids: '1000,1001' });
    expect((list.data ?? []).map((p) => p.id)).toEqual([1000]);
  });

  it('searches persons by name and e-mail', async () => {
    const target = company.persons.get(42);
    const email = (target?.['emails'] as Array<{ value: string }> | undefined)?.[0]?.value ?? '';
    const byEmail = await persons.searchPersons({ term: email, fields: 'email', exact_match: true });
    expect(byEmail.data?.items?.[0]).toMatchObject({ result_score: 1, item: { id: 42, type: 'person', emails: expect.arrayContaining([email]) } });
    const byName = await persons.searchPersons({ term: String(target?.name).split(' ')[0] ?? '', limit: 5 });
    expect(byName.data?.items?.length).toBeGreaterThan(0);
    expect(byName.additional_data).toHaveProperty('next_cursor');
  });

  it('surfaces 404, 400 and 401 the way the SDK surfaces them (the response body)', async () => {
    expect(await failure(persons.getPerson({ id: 999_999 }))).toEqual({ success: false, error: 'Person not found', code: 'ERR_NOT_FOUND' });
    expect(await failure(persons.addPerson({ AddPersonRequest: { emails: [{ value: 'x@example.com' }] } }))).toEqual({
      success: false,
      error: 'Validation failed: name: is required',
      code: 'ERR_SCHEMA_VALIDATION_FAILED',
    });
    expect(await failure(persons.addPerson({ AddPersonRequest: { name: 'Owner Less', owner_id: 1 } }))).toEqual({
      success: false,
      error: 'Validation failed: owner_id: User not found or not accessible.',
      code: 'ERR_SCHEMA_VALIDATION_FAILED',
    });
    const unauthorized = new PersonsApi(new Configuration({ apiKey: '0'.repeat(40), basePath: `${base}/api/v2` }));
    expect(await failure(unauthorized.getPersons())).toEqual({
      success: false,
      error: 'unauthorized access',
      errorCode: 401,
      error_info: 'Please check developers.pipedrive.com',
    });
    expect(await failure(persons.getPersons({ limit: 501 }))).toMatchObject({ success: false, code: 'ERR_SCHEMA_VALIDATION_FAILED' });
  });
});

describe('organizations with an OAuth access token', () => {
  it('lists, gets, adds, updates, deletes and searches organizations', async () => {
    const grant = company.issueTokens();
    expect(grant.api_domain).toBe(`${PUBLIC_URL}/pipedrive`);
    const orgs = new OrganizationsApi(new Configuration({ accessToken: grant.access_token, basePath: `${base}/api/v2` }));
    const all: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await orgs.getOrganizations({ limit: 75, ...(cursor ? { cursor } : {}) });
      all.push(...(page.data ?? []).map((org) => org.id ?? 0));
      cursor = page.additional_data?.next_cursor ?? undefined;
    } while (cursor);
    expect(all).toHaveLength(200);
    expect(new Set(all).size).toBe(200);
    const one = await orgs.getOrganization({ id: 5 });
    expect(Object.keys(one.data ?? {})).toEqual([
      'id',
      'name',
      'owner_id',
      'add_time',
      'update_time',
      'address',
      'is_deleted',
      'visible_to',
      'label_ids',
      'website',
      'linkedin',
      'industry',
      'annual_revenue',
      'employee_count',
      'custom_fields',
    ]);
    const created = await orgs.addOrganization({
      AddOrganizationRequest: { name: 'Sandbox Labs', address: { value: '1 Main St, Boston', locality: 'Boston' }, employee_count: 12 },
    });
    expect(created.data).toMatchObject({
      id: 201,
      name: 'Sandbox Labs',
      employee_count: 12,
      address: { value: '1 Main St, Boston', locality: 'Boston', country: null },
    });
    const updated = await orgs.updateOrganization({ id: 201, UpdateOrganizationRequest: { website: 'https://sandbox.example.com' } });
    expect(updated.data?.website).toBe('https://sandbox.example.com');
    const found = await orgs.searchOrganization({ term: 'Sandbox Labs', exact_match: true });
    expect(found.data?.items?.[0]).toMatchObject({ result_score: 1, item: { id: 201, type: 'organization', name: 'Sandbox Labs' } });
    expect(await orgs.deleteOrganization({ id: 201 })).toEqual({ success: true, data: { id: 201 } });
    expect(await failure(orgs.updateOrganization({ id: 201, UpdateOrganizationRequest: { name: 'Gone' } }))).toEqual({
      success: false,
      error: 'Organization not found',
      code: 'ERR_NOT_FOUND',
    });
    expect(await failure(orgs.addOrganization({ AddOrganizationRequest: {} as never }))).toMatchObject({ code: 'ERR_SCHEMA_VALIDATION_FAILED' });
  });

  it('answers an expired access token with the gateway 401', async () => {
    const grant = company.issueTokens();
    const orgs = new OrganizationsApi(new Configuration({ accessToken: grant.access_token, basePath: `${base}/api/v2` }));
    expect((await orgs.getOrganization({ id: 1 })).success).toBe(true);
    expect(company.expireAccessTokens()).toBeGreaterThan(0);
    expect(await failure(orgs.getOrganization({ id: 1 }))).toMatchObject({ success: false, error: 'unauthorized access', errorCode: 401 });
  });
});

describe('API v1 with the SDK', () => {
  it('lists person fields, custom ones with 40-char keys, at the SDK default /v1 base and at /api/v1', async () => {
    for (const path of ['/v1', '/api/v1']) {
      const api = new PersonFieldsApi(new V1Configuration({ apiKey: company.apiToken(), basePath: `${base}${path}` }));
      const fields = await api.getPersonFields({ limit: 500 });
      expect(fields.success).toBe(true);
      const custom = fields.data.filter((field) => field.edit_flag);
      expect(custom.map((field) => field.name)).toEqual(['Lead source', 'Preferred language']);
      expect(custom.every((field) => /^[0-9a-f]{40}$/.test(field.key ?? ''))).toBe(true);
      expect(custom[0]?.options?.length).toBe(5);
      expect(fields.additional_data).toEqual({ pagination: { start: 0, limit: 500, more_items_in_collection: false } });
    }
  });

  it('returns the current user', async () => {
    const users = new UsersApi(new V1Configuration({ apiKey: company.apiToken(), basePath: `${base}/v1` }));
    const me = await users.getCurrentUser();
    expect(me.data).toMatchObject({ id: company.users[0]?.id, company_id: company.companyId, company_domain: company.domain, is_you: true });
  });

  it("lists the company's users, the token's own marked is_you", async () => {
    const users = new UsersApi(new V1Configuration({ apiKey: company.apiToken(), basePath: `${base}/v1` }));
    const list = await users.getUsers();
    expect(list.success).toBe(true);
    expect(list.data?.map((u) => u.id)).toEqual(company.users.map((u) => u.id));
    expect(list.data?.map((u) => u.is_you)).toEqual([true, false, false]);
    expect(list.data?.[1]).toMatchObject({ name: company.users[1]?.name, email: company.users[1]?.email, active_flag: true });
    expect(list.data?.[1]).not.toHaveProperty('company_id');
  });
});

/** A cursor pointing at id `id` (ascending by id), built like the sandbox's. */
function firstCursorAt(id: number): string {
  return Buffer.from(JSON.stringify({ field: 'id', fieldValue: id, sortDirection: 'asc', id }), 'utf8').toString('base64url');
}
