/**
 * The official HubSpot Node SDK (@hubspot/api-client 13.5.0) against the sandbox
 * over real HTTP: every call must get what real HubSpot would give.
 */
import { AssociationTypes, Client } from '@hubspot/api-client';
import {
  AssociationSpecAssociationCategoryEnum,
  FilterOperatorEnum,
  type SimplePublicObject,
} from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createSandbox, type Sandbox } from '../index.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The public URL differs from the listening address, as behind a proxy: links must use it. */
const PUBLIC_URL = 'https://weft.example.test/sandbox';

let app: FastifyInstance;
let sandbox: Sandbox;
let apiBase: string;
let accessToken: string;
let client: Client;

interface SdkError {
  code: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

async function failure(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  return expect.fail('expected the SDK call to fail');
}

async function raw(path: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(`${apiBase}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

beforeAll(async () => {
  sandbox = createSandbox({ publicUrl: PUBLIC_URL, hubspotRateLimit: null, hubspotSearchRateLimit: null });
  app = Fastify();
  await app.register(sandbox.plugin, { prefix: '/sandbox' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  apiBase = `http://127.0.0.1:${address.port}/sandbox/hubspot`;
  accessToken = sandbox.hubspot.account('SDK Corp').issueTokens().access_token;
  client = new Client({ accessToken, basePath: apiBase });
});

afterAll(async () => {
  await app.close();
});

describe('listing', () => {
  it('pages through all 1000 seed contacts with getAll: unique ids in ascending order', async () => {
    const before = sandbox.hubspot.account('SDK Corp').counters().byKind['list'] ?? 0;
    const contacts = await client.crm.contacts.getAll();
    expect(contacts).toHaveLength(1000);
    const ids = contacts.map((contact) => Number(contact.id));
    expect(new Set(ids).size).toBe(1000);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(contacts[0]?.createdAt).toBeInstanceOf(Date);
    expect(Object.keys(contacts[0]?.properties ?? {})).toEqual(['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname']);
    // getAll asks for 100 per page: 10 list requests.
    expect(sandbox.hubspot.account('SDK Corp').counters().byKind['list']).toBe(before + 10);
    expect(await client.crm.companies.getAll()).toHaveLength(200);
  });

  it('getPage: limit default 10, above 100 served as 100, paging link built on the public URL', async () => {
    const first = await client.crm.contacts.basicApi.getPage();
    expect(first.results).toHaveLength(10);
    expect(first.paging?.next?.after).toBe('1011');
    expect(first.paging?.next?.link).toBe(`${PUBLIC_URL}/hubspot/crm/v3/objects/contacts?after=1011`);
    const big = await client.crm.contacts.basicApi.getPage(500, '1011', ['email', 'jobtitle']);
    expect(big.results).toHaveLength(100);
    expect(big.results[0]?.id).toBe('1011');
    expect(big.paging?.next?.link).toBe(`${PUBLIC_URL}/hubspot/crm/v3/objects/contacts?limit=500&properties=email&properties=jobtitle&after=1111`);
    const last = await client.crm.contacts.basicApi.getPage(100, '1901');
    expect(last.results).toHaveLength(100);
    expect(last.paging).toBeUndefined();
  });

  it('returns requested properties (unset ones as null, unknown ones ignored) and associations', async () => {
    const page = await client.crm.contacts.basicApi.getPage(100, undefined, ['fax', 'no_such_property', 'company'], undefined, ['companies']);
    const withoutFax = page.results.find((contact) => contact.properties['fax'] === null);
    expect(withoutFax).toBeDefined();
    expect(Object.keys(withoutFax?.properties ?? {}).sort()).toEqual(['company', 'createdate', 'fax', 'hs_object_id', 'lastmodifieddate']);
    const associated = page.results.filter((contact) => contact.associations?.['companies']);
    expect(associated.length).toBeGreaterThan(80);
    const results = associated[0]?.associations?.['companies']?.results ?? [];
    expect(results).toEqual([
      { id: expect.stringMatching(/^\d+$/), type: 'contact_to_company' },
      { id: results[0]?.id, type: 'contact_to_company_unlabeled' },
    ]);
  });

  it('serves the object type ids and the date-versioned alias with the same data', async () => {
    const v3 = await raw('/crm/v3/objects/contacts?limit=3');
    const byId = await raw('/crm/v3/objects/0-1?limit=3');
    const dated = await raw('/crm/objects/2026-03/contacts?limit=3');
    expect(JSON.parse(byId.text).results).toEqual(JSON.parse(v3.text).results);
    expect(JSON.parse(dated.text).results).toEqual(JSON.parse(v3.text).results);
    const unknownType = await raw('/crm/v3/objects/widgets');
    expect(unknownType.status).toBe(400);
    expect(JSON.parse(unknownType.text)).toEqual({
      status: 'error',
      message: 'Unable to infer object type from: widgets',
      correlationId: expect.stringMatching(UUID),
    });
  });
});

describe('single records', () => {
  it('getById with properties, associations and idProperty=email', async () => {
    const contact = await client.crm.contacts.basicApi.getById('1005', ['email', 'phone', 'associatedcompanyid'], undefined, ['companies']);
    expect(contact.id).toBe('1005');
    const byEmail = await client.crm.contacts.basicApi.getById(contact.properties['email'] ?? '', ['email'], undefined, undefined, false, 'email');
    expect(byEmail.id).toBe('1005');
    const company = await client.crm.companies.basicApi.getById('8000000001', ['name', 'industry', 'customer_tier'], undefined, ['contacts']);
    expect(company.properties['name']).toMatch(/\w/);
    const contactIds = (company.associations?.['contacts']?.results ?? []).map((entry) => entry.id);
    expect(contactIds.length).toBeGreaterThan(0);
    const someContact = await client.crm.contacts.basicApi.getById(contactIds[0] ?? '', ['associatedcompanyid']);
    expect(someContact.properties['associatedcompanyid']).toBe('8000000001');
  });

  it('answers 404 for an unknown id exactly like HubSpot', async () => {
    const error = await failure(client.crm.contacts.basicApi.getById('424242'));
    expect(error.code).toBe(404);
    expect(error.body).toEqual({
      status: 'error',
      message: 'Object not found.  objectId are usually numeric.',
      correlationId: expect.stringMatching(UUID),
      context: { id: ['424242'] },
      category: 'OBJECT_NOT_FOUND',
    });
    expect(error.headers['x-hubspot-correlation-id']).toBe(error.body['correlationId']);
  });

  it('creates (201), updates, clears and archives a contact', async () => {
    const created = await client.crm.contacts.basicApi.create({
      properties: { email: 'Grace.Hopper@Example.com', firstname: 'Grace', lastname: 'Hopper', lifecyclestage: 'lead', favorite_color: 'blue' },
      associations: [
        {
          to: { id: '8000000003' },
          types: [
            {
              associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
              associationTypeId: AssociationTypes.primaryContactToCompany,
            },
          ],
        },
      ],
    });
    expect(Number(created.id)).toBeGreaterThan(2000);
    expect(created.properties).toMatchObject({
      email: 'Grace.Hopper@Example.com',
      firstname: 'Grace',
      hs_object_id: created.id,
      associatedcompanyid: '8000000003',
    });
    expect(created.createdAt.getTime()).toBe(created.updatedAt.getTime());

    const updated = await client.crm.contacts.basicApi.update(created.id, { properties: { jobtitle: 'Rear Admiral', lifecyclestage: '' } });
    expect(updated.properties).toEqual({
      jobtitle: 'Rear Admiral',
      lifecyclestage: null,
      createdate: created.properties['createdate'],
      hs_object_id: created.id,
      lastmodifieddate: expect.any(String),
    });
    const read = await client.crm.contacts.basicApi.getById(created.id, ['lifecyclestage', 'jobtitle'], undefined, ['companies']);
    expect(read.properties['lifecyclestage']).toBeNull();
    expect(read.associations?.['companies']?.results.map((entry) => entry.type)).toEqual(['contact_to_company', 'contact_to_company_unlabeled']);

    const v4 = await client.crm.associations.v4.basicApi.getPage('contacts', created.id, 'companies');
    expect(v4.results).toHaveLength(1);
    expect(Number(v4.results[0]?.toObjectId)).toBe(8000000003);
    expect(v4.results[0]?.associationTypes).toEqual([
      { category: 'HUBSPOT_DEFINED', typeId: 1, label: 'Primary' },
      { category: 'HUBSPOT_DEFINED', typeId: 279, label: null },
    ]);

    await client.crm.contacts.basicApi.archive(created.id);
    expect((await failure(client.crm.contacts.basicApi.getById(created.id))).code).toBe(404);
    const archived = await client.crm.contacts.basicApi.getById(created.id, undefined, undefined, undefined, true);
    expect(archived.archived).toBe(true);
    expect(archived.archivedAt).toBeInstanceOf(Date);
    const archivedPage = await client.crm.contacts.basicApi.getPage(10, undefined, undefined, undefined, undefined, true);
    expect(archivedPage.results.map((contact) => contact.id)).toContain(created.id);
    // Archiving again (or an unknown id) is still a 204.
    await client.crm.contacts.basicApi.archive(created.id);
  });

  it('refuses a taken e-mail with 409 CONFLICT', async () => {
    const existing = await client.crm.contacts.basicApi.getById('1010', ['email']);
    const error = await failure(
      client.crm.contacts.basicApi.create({ properties: { email: (existing.properties['email'] ?? '').toUpperCase() }, associations: [] }),
    );
    expect(error.code).toBe(409);
    expect(error.body).toEqual({
      status: 'error',
      message: 'Contact already exists. Existing ID: 1010',
      correlationId: expect.stringMatching(UUID),
      category: 'CONFLICT',
    });
  });

  it('refuses unknown properties with 400 PROPERTY_DOESNT_EXIST', async () => {
    const error = await failure(client.crm.companies.basicApi.create({ properties: { name: 'X', description2: 'nope' }, associations: [] }));
    expect(error.code).toBe(400);
    const portalId = sandbox.hubspot.account('SDK Corp').hubId;
    expect(error.body).toEqual({
      status: 'error',
      message: `Property values were not valid: [{"isValid":false,"message":"Property \\"description2\\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"description2","localizedErrorMessage":"Property \\"description2\\" does not exist","portalId":${portalId}}]`,
      correlationId: expect.stringMatching(UUID),
      errors: [{ message: 'Property "description2" does not exist', code: 'PROPERTY_DOESNT_EXIST', context: { propertyName: ['description2'] } }],
      category: 'VALIDATION_ERROR',
    });
    const badEmail = await failure(client.crm.contacts.basicApi.create({ properties: { email: 'not-an-email' }, associations: [] }));
    expect(String(badEmail.body['message'])).toContain('"error":"INVALID_EMAIL"');
    const badOption = await failure(client.crm.contacts.basicApi.update('1001', { properties: { lifecyclestage: 'Lead' } }));
    expect(String(badOption.body['message'])).toContain('"error":"INVALID_OPTION"');
    const empty = await failure(client.crm.contacts.basicApi.update('1001', { properties: {} }));
    expect(empty.body['message']).toBe('No properties found to update, please provide at least one.');
  });
});

describe('batch', () => {
  it('creates (201), updates (200), upserts and reads (200/207) in batches', async () => {
    const created = await client.crm.contacts.batchApi.create({
      inputs: [
        { properties: { email: 'batch.one@example.org', firstname: 'One' }, associations: [] },
        { properties: { email: 'batch.two@example.org', firstname: 'Two' }, associations: [] },
      ],
    });
    expect(created.status).toBe('COMPLETE');
    expect(created.results.map((contact) => contact.properties['firstname']).sort()).toEqual(['One', 'Two']);
    expect(created.startedAt).toBeInstanceOf(Date);
    expect(created.completedAt).toBeInstanceOf(Date);
    const [one, two] = [...created.results].sort((a, b) => Number(a.id) - Number(b.id)) as [SimplePublicObject, SimplePublicObject];

    const updated = await client.crm.contacts.batchApi.update({
      inputs: [
        { id: one.id, properties: { jobtitle: 'Pilot' } },
        { id: 'batch.two@example.org', idProperty: 'email', properties: { jobtitle: 'Navigator' } },
      ],
    });
    expect(updated.results.map((contact) => contact.properties['jobtitle']).sort()).toEqual(['Navigator', 'Pilot']);

    const upserted = await client.crm.contacts.batchApi.upsert({
      inputs: [
        { id: 'batch.two@example.org', idProperty: 'email', properties: { lastname: 'Second' } },
        { id: 'batch.three@example.org', idProperty: 'email', properties: { firstname: 'Three' } },
      ],
    });
    expect(upserted.results.map((contact) => [contact.properties['email'], contact._new])).toEqual([
      ['batch.two@example.org', false],
      ['batch.three@example.org', true],
    ]);

    const read = await client.crm.contacts.batchApi.read({
      inputs: [{ id: one.id }, { id: two.id }],
      properties: ['jobtitle'],
      propertiesWithHistory: [],
    });
    expect(read.results.map((contact) => contact.properties['jobtitle'])).toEqual(['Pilot', 'Navigator']);

    const partial = await raw('/crm/v3/objects/contacts/batch/read', {
      method: 'POST',
      body: JSON.stringify({ inputs: [{ id: one.id }, { id: '999999' }], properties: ['email'], propertiesWithHistory: [] }),
    });
    expect(partial.status).toBe(207);
    const partialBody = JSON.parse(partial.text) as Record<string, unknown>;
    expect(partialBody).toEqual({
      status: 'COMPLETE',
      results: [expect.objectContaining({ id: one.id })],
      numErrors: 1,
      errors: [
        {
          status: 'error',
          category: 'OBJECT_NOT_FOUND',
          message: 'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.',
          context: { ids: ['999999'] },
        },
      ],
      startedAt: expect.any(String),
      completedAt: expect.any(String),
    });

    await client.crm.contacts.batchApi.archive({ inputs: [{ id: one.id }, { id: two.id }] });
    expect((await failure(client.crm.contacts.basicApi.getById(one.id))).code).toBe(404);
  });

  it('answers 207 for a batch create with an invalid input, and 409 for a taken e-mail', async () => {
    const mixed = await client.crm.companies.batchApi.create({
      inputs: [
        { properties: { name: 'Good Co' }, associations: [] },
        { properties: { name: 'Bad Co', nope: 'x' }, associations: [] },
      ],
    });
    expect(mixed.results).toHaveLength(1);
    expect('numErrors' in mixed ? mixed.numErrors : 0).toBe(1);
    const taken = await client.crm.contacts.basicApi.getById('1020', ['email']);
    const conflict = await failure(
      client.crm.contacts.batchApi.create({ inputs: [{ properties: { email: taken.properties['email'] ?? '' }, associations: [] }] }),
    );
    expect(conflict.code).toBe(409);
    expect(conflict.body['message']).toBe('Contact already exists. Existing ID: 1020');
  });

  it('refuses more than 100 inputs with 400', async () => {
    const inputs = Array.from({ length: 101 }, (_, i) => ({ id: String(1001 + i) }));
    const error = await failure(client.crm.contacts.batchApi.read({ inputs, properties: [], propertiesWithHistory: [] }));
    expect(error.code).toBe(400);
    expect(error.body).toEqual({
      status: 'error',
      message: 'The maximum number of inputs supported in a batch is 100. Please reduce the number of items and try again',
      correlationId: expect.stringMatching(UUID),
      category: 'VALIDATION_ERROR',
    });
  });
});

describe('owners', () => {
  it('pages through the owners every hubspot_owner_id points at, finds one by e-mail, id or user id', async () => {
    const first = await client.crm.owners.ownersApi.getPage(undefined, undefined, 2);
    expect(first.results).toHaveLength(2);
    expect(first.paging?.next?.after).toBe('2');
    const rest = await client.crm.owners.ownersApi.getPage(undefined, first.paging?.next?.after, 500);
    const owners = [...first.results, ...rest.results];
    expect(owners).toHaveLength(5);
    expect(rest.paging).toBeUndefined();
    const [owner] = owners;
    expect(owner).toMatchObject({ id: expect.stringMatching(/^\d+$/), type: 'PERSON', archived: false, email: expect.stringContaining('@hub') });
    expect(owner?.createdAt).toBeInstanceOf(Date);
    const contacts = await client.crm.contacts.basicApi.getPage(100, undefined, ['hubspot_owner_id']);
    const ids = new Set(owners.map((o) => o.id));
    for (const c of contacts.results) if (c.properties['hubspot_owner_id']) expect(ids.has(c.properties['hubspot_owner_id'])).toBe(true);
    expect((await client.crm.owners.ownersApi.getPage(owner?.email)).results.map((o) => o.id)).toEqual([owner?.id]);
    expect((await client.crm.owners.ownersApi.getById(Number(owner?.id))).email).toBe(owner?.email);
    expect((await client.crm.owners.ownersApi.getById(owner?.userId ?? 0, 'userId')).id).toBe(owner?.id);
    expect((await client.crm.owners.ownersApi.getPage(undefined, undefined, 100, true)).results).toEqual([]);
    await expect(client.crm.owners.ownersApi.getById(1)).rejects.toMatchObject({ code: 404 });
    expect((await raw('/crm/v3/owners/?limit=501')).status).toBe(400);
  });
});

describe('search', () => {
  it('filters, sorts and pages with a numeric offset and a total', async () => {
    const response = await client.crm.contacts.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'lifecyclestage', operator: FilterOperatorEnum.Eq, value: 'customer' }] }],
      sorts: [JSON.stringify({ propertyName: 'createdate', direction: 'DESCENDING' })],
      properties: ['email', 'lifecyclestage'],
      limit: 50,
      after: '0',
    });
    expect(response.total).toBeGreaterThan(50);
    expect(response.results).toHaveLength(50);
    expect(response.results.every((contact) => contact.properties['lifecyclestage'] === 'customer')).toBe(true);
    const created = response.results.map((contact) => contact.createdAt.getTime());
    expect([...created].sort((a, b) => b - a)).toEqual(created);
    expect(response.paging?.next?.after).toBe('50');

    const all: string[] = [];
    let after: string | undefined = '0';
    while (after !== undefined) {
      const page = await client.crm.contacts.searchApi.doSearch({ filterGroups: [], sorts: [], properties: [], limit: 200, after });
      all.push(...page.results.map((contact) => contact.id));
      after = page.paging?.next?.after;
    }
    expect(new Set(all).size).toBe(sandbox.hubspot.account('SDK Corp').contacts.count());
  });

  it('supports IN, HAS_PROPERTY, CONTAINS_TOKEN, BETWEEN and OR-ed groups', async () => {
    const ownerPage = await client.crm.contacts.searchApi.doSearch({
      filterGroups: [
        {
          filters: [
            { propertyName: 'favorite_color', operator: FilterOperatorEnum.In, values: ['red', 'blue'] },
            { propertyName: 'fax', operator: FilterOperatorEnum.HasProperty },
          ],
        },
        { filters: [{ propertyName: 'email', operator: FilterOperatorEnum.ContainsToken, value: '*@example.net' }] },
      ],
      properties: ['favorite_color', 'fax', 'email'],
      limit: 200,
    });
    expect(ownerPage.total).toBeGreaterThan(0);
    for (const contact of ownerPage.results) {
      const first = ['red', 'blue'].includes(contact.properties['favorite_color'] ?? '') && contact.properties['fax'] !== null;
      expect(first || (contact.properties['email'] ?? '').endsWith('@example.net')).toBe(true);
    }
    const between = await client.crm.companies.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'numberofemployees', operator: FilterOperatorEnum.Between, value: '50', highValue: '200' }] }],
      properties: ['numberofemployees'],
      limit: 100,
    });
    expect(
      between.results.every(
        (company) => Number(company.properties['numberofemployees']) >= 50 && Number(company.properties['numberofemployees']) <= 200,
      ),
    ).toBe(true);
    const text = await client.crm.contacts.searchApi.doSearch({ query: 'hopper', limit: 10 });
    expect(text.total).toBe(0);
  });

  it('finds records modified since a timestamp (incremental sync)', async () => {
    const since = Date.now() - 1;
    const changed = await client.crm.contacts.basicApi.update('1500', { properties: { jobtitle: 'Changed' } });
    const response = await client.crm.contacts.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: FilterOperatorEnum.Gte, value: String(since) }] }],
      sorts: [JSON.stringify({ propertyName: 'lastmodifieddate', direction: 'ASCENDING' })],
      properties: ['jobtitle'],
      limit: 100,
    });
    expect(response.results.map((contact) => contact.id)).toContain(changed.id);
    expect(response.results.every((contact) => contact.updatedAt.getTime() >= since)).toBe(true);
  });

  it('refuses limit > 200 and paging past 10,000 results with 400', async () => {
    const tooMany = await failure(client.crm.contacts.searchApi.doSearch({ limit: 201 }));
    expect(tooMany.code).toBe(400);
    const beyond = await failure(client.crm.contacts.searchApi.doSearch({ limit: 10, after: '10000' }));
    expect(beyond.code).toBe(400);
    expect((await failure(client.crm.contacts.searchApi.doSearch({ limit: 10, after: '9995' }))).code).toBe(400);
    expect((await client.crm.contacts.searchApi.doSearch({ limit: 10, after: '9990' })).results).toEqual([]);
    expect(beyond.body).toEqual({
      status: 'error',
      message: 'There was a problem with the request.',
      correlationId: expect.stringMatching(UUID),
      context: { detail: ['cannot page beyond 10000 results'] },
      category: 'VALIDATION_ERROR',
    });
  });
});

describe('properties and associations APIs', () => {
  it('lists property definitions including custom ones', async () => {
    const contacts = await client.crm.properties.coreApi.getAll('contacts');
    const byName = new Map(contacts.results.map((property) => [property.name, property]));
    expect(byName.get('favorite_color')).toMatchObject({
      hubspotDefined: false,
      type: 'enumeration',
      fieldType: 'select',
      groupName: 'contactinformation',
    });
    expect(byName.get('lifecyclestage')?.options.map((option) => option.value)).toEqual([
      'subscriber',
      'lead',
      'marketingqualifiedlead',
      'salesqualifiedlead',
      'opportunity',
      'customer',
      'evangelist',
      'other',
    ]);
    expect(byName.get('email')?.hubspotDefined).toBe(true);
    const companies = await client.crm.properties.coreApi.getAll('companies');
    expect(companies.results.map((property) => property.name)).toEqual(
      expect.arrayContaining(['industry', 'annualrevenue', 'customer_tier', 'hs_lastmodifieddate']),
    );
    const one = await client.crm.properties.coreApi.getByName('companies', 'industry');
    expect(one.options.map((option) => option.value)).toContain('COMPUTER_SOFTWARE');
  });

  it('reads associations in batch through v4', async () => {
    const company = await client.crm.companies.basicApi.getById('8000000010', undefined, undefined, ['contacts']);
    const expected = (company.associations?.['contacts']?.results ?? [])
      .filter((entry) => entry.type === 'company_to_contact')
      .map((entry) => Number(entry.id));
    const batch = await client.crm.associations.v4.batchApi.getPage('companies', 'contacts', { inputs: [{ id: '8000000010' }] });
    expect(batch.results[0]?.to.map((entry) => Number(entry.toObjectId))).toEqual(expected);
  });
});

describe('unknown routes', () => {
  it('answers 404 for unknown paths and 405 with Allow for a wrong method', async () => {
    const unknown = await raw('/crm/v3/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toBe('');
    const wrongMethod = await raw('/crm/v3/objects/contacts/1001', { method: 'PUT', body: '{}' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('DELETE,GET,PATCH');
    expect(wrongMethod.text).toBe('');
  });

  it('answers invalid JSON with 400 VALIDATION_ERROR', async () => {
    const response = await raw('/crm/v3/objects/contacts', { method: 'POST', body: '{"properties":' });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toMatchObject({
      status: 'error',
      category: 'VALIDATION_ERROR',
      message: expect.stringMatching(/^Invalid input JSON/),
    });
  });
});
