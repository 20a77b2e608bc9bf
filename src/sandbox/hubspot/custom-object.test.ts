/**
 * The custom object `cars` against the official HubSpot Node SDK
 * (@hubspot/api-client 13.5): the schemas API, the generic CRM objects APIs
 * addressed by objectTypeId, fullyQualifiedName and `p_cars`, and the errors a
 * passthrough pull or push meets.
 */
import { Client } from '@hubspot/api-client';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/objects/index.js';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createSandbox, type Sandbox } from '../index.js';
import { isValidVin } from '../shared/vehicles.js';
import { controlFetch, TEST_CONTROL_TOKEN } from '../testing.js';
import type { HubSpotAccountHandle } from './handles.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PUBLIC_URL = 'https://weft.example.test/sandbox';
const ACCOUNT = 'Car Dealers Inc';

let app: FastifyInstance;
let sandbox: Sandbox;
let apiBase: string;
let accessToken: string;
let client: Client;
let account: HubSpotAccountHandle;
let typeId: string;

interface SdkError {
  code: number;
  body: Record<string, unknown>;
}

async function failure(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  return expect.fail('expected the SDK call to fail');
}

async function raw(path: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${apiBase}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

beforeAll(async () => {
  sandbox = createSandbox({
    publicUrl: PUBLIC_URL,
    hubspotRateLimit: null,
    hubspotSearchRateLimit: null,
    seed: { contacts: 20, companies: 5, customObjects: 250 },
    controlToken: TEST_CONTROL_TOKEN,
  });
  app = Fastify();
  await app.register(sandbox.plugin, { prefix: '/sandbox' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  apiBase = `http://127.0.0.1:${address.port}/sandbox/hubspot`;
  account = sandbox.hubspot.account(ACCOUNT);
  accessToken = account.issueTokens().access_token;
  client = new Client({ accessToken, basePath: apiBase });
  typeId = account.carSchema.objectTypeId;
});

afterAll(async () => {
  await app.close();
});

describe('schemas', () => {
  it('lists the portal custom object with crm.schemas.coreApi.getAll', async () => {
    const schemas = await client.crm.schemas.coreApi.getAll();
    expect(schemas.results).toHaveLength(1);
    const [cars] = schemas.results;
    expect(cars?.name).toBe('cars');
    expect(cars?.objectTypeId).toMatch(/^2-\d+$/);
    expect(cars?.objectTypeId).toBe(`2-${cars?.id}`);
    expect(cars?.fullyQualifiedName).toBe(`p${account.hubId}_cars`);
    expect(cars?.labels).toEqual({ singular: 'Car', plural: 'Cars' });
    expect(cars?.primaryDisplayProperty).toBe('model');
    expect(cars?.requiredProperties).toEqual(['make', 'model']);
    expect(cars?.createdAt).toBeInstanceOf(Date);
    const vin = cars?.properties.find((property) => property.name === 'vin');
    expect(vin).toMatchObject({ type: 'string', fieldType: 'text', hasUniqueValue: true, hubspotDefined: false, groupName: 'car_information' });
    expect(cars?.properties.map((property) => property.name)).toEqual(
      expect.arrayContaining(['make', 'model', 'year', 'vin', 'price', 'hs_object_id', 'hs_createdate', 'hs_lastmodifieddate']),
    );
    expect(cars?.associations.map((association) => association.toObjectTypeId)).toEqual(['0-1', '0-2']);
    // Another portal has another objectTypeId and fullyQualifiedName.
    const other = sandbox.hubspot.account('Someone Else').carSchema;
    expect(other.objectTypeId).not.toBe(typeId);
    expect(other.fullyQualifiedName).toBe(`p${sandbox.hubspot.account('Someone Else').hubId}_cars`);
  });

  it('reads one schema by objectTypeId, fullyQualifiedName, p_cars, also under /crm/v3/schemas', async () => {
    const byId = await client.crm.schemas.coreApi.getById(typeId);
    const byName = await client.crm.schemas.coreApi.getById(account.carSchema.fullyQualifiedName);
    const byShortName = await client.crm.schemas.coreApi.getById('p_cars');
    expect(byName).toEqual(byId);
    expect(byShortName).toEqual(byId);
    const legacyPath = await raw(`/crm/v3/schemas/${typeId}`);
    expect(legacyPath.status).toBe(200);
    expect(legacyPath.body['objectTypeId']).toBe(typeId);
    expect(Object.keys(legacyPath.body)).toEqual([
      'labels',
      'requiredProperties',
      'searchableProperties',
      'primaryDisplayProperty',
      'secondaryDisplayProperties',
      'archived',
      'restorable',
      'metaType',
      'id',
      'fullyQualifiedName',
      'createdAt',
      'updatedAt',
      'objectTypeId',
      'properties',
      'associations',
      'name',
    ]);
    const list = await raw('/crm/v3/schemas');
    expect((list.body['results'] as unknown[]).length).toBe(1);
    expect((await raw('/crm/v3/schemas?archived=true')).body).toEqual({ results: [] });
    const contacts = await client.crm.schemas.coreApi.getById('contacts');
    expect(contacts).toMatchObject({ objectTypeId: '0-1', fullyQualifiedName: 'CONTACT', name: 'CONTACT' });
    const unknown = await raw('/crm/v3/schemas/p_boats');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      status: 'error',
      message: 'Unable to infer object type from: p_boats',
      correlationId: expect.stringMatching(UUID),
    });
  });

  it('serves the property definitions of cars by every name', async () => {
    const all = await client.crm.properties.coreApi.getAll(typeId);
    expect(all.results.map((property) => property.name)).toContain('vin');
    const price = await client.crm.properties.coreApi.getByName('p_cars', 'price');
    expect(price).toMatchObject({ name: 'price', type: 'number', fieldType: 'number', hubspotDefined: false });
    const byFqn = await raw(`/crm/v3/properties/${account.carSchema.fullyQualifiedName}`);
    expect((byFqn.body['results'] as unknown[]).length).toBe(all.results.length);
  });
});

describe('records', () => {
  it('pages every seed car by objectTypeId with after, limit capped at 100, no loss or duplicates', async () => {
    const ids: string[] = [];
    let after: string | undefined;
    let requests = 0;
    do {
      const page = await client.crm.objects.basicApi.getPage(typeId, 500, after, ['make', 'model', 'year', 'vin', 'price']);
      requests += 1;
      expect(page.results.length).toBeLessThanOrEqual(100);
      ids.push(...page.results.map((car) => car.id));
      for (const car of page.results) {
        expect(car.properties['make']).toMatch(/\w/);
        expect(isValidVin(car.properties['vin'] ?? '')).toBe(true);
        expect(car.properties['year']).toMatch(/^\d{4}$/);
      }
      after = page.paging?.next?.after;
    } while (after !== undefined);
    expect(requests).toBe(3);
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
    expect([...ids].sort((a, b) => Number(a) - Number(b))).toEqual(ids);
    const vins = (await Promise.all([0, 100, 200].map((at) => client.crm.objects.basicApi.getPage(typeId, 100, ids[at], ['vin'])))).flatMap((page) =>
      page.results.map((car) => car.properties['vin']),
    );
    expect(new Set(vins).size).toBe(250);
  });

  it('answers the same records under the fullyQualifiedName, p_cars and a date-versioned path; defaults to hs_ properties', async () => {
    const byId = await client.crm.objects.basicApi.getPage(typeId, 5);
    const byFqn = await client.crm.objects.basicApi.getPage(account.carSchema.fullyQualifiedName, 5);
    const byShort = await client.crm.objects.basicApi.getPage('p_cars', 5);
    expect(byFqn.results).toEqual(byId.results);
    expect(byShort.results).toEqual(byId.results);
    expect(Object.keys(byId.results[0]?.properties ?? {})).toEqual(['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id']);
    expect(byId.paging?.next?.link).toBe(`${PUBLIC_URL}/hubspot/crm/v3/objects/${typeId}?limit=5&after=${byId.paging?.next?.after ?? ''}`);
    const dated = await raw(`/crm/objects/2026-03/p_cars?limit=5`);
    expect(JSON.parse(JSON.stringify(byId.results))).toEqual(dated.body['results']);
    // The base name is no longer accepted (HubSpot changelog, June 2025).
    const bare = await failure(client.crm.objects.basicApi.getPage('cars', 5));
    expect(bare.code).toBe(400);
    expect(bare.body['message']).toBe('Unable to infer object type from: cars');
    // Names of an object's prototype are no object type either.
    for (const name of ['constructor', '__proto__', 'toString']) {
      const proto = await raw(`/crm/v3/objects/${name}?limit=5`);
      expect(proto.status).toBe(400);
      expect(proto.body['message']).toBe(`Unable to infer object type from: ${name}`);
    }
    const otherPortal = await raw(`/crm/v3/objects/${sandbox.hubspot.account('Someone Else').carSchema.objectTypeId}`);
    expect(otherPortal.status).toBe(400);
  });

  it('gets, creates (201), updates, reads by the unique vin and archives a car', async () => {
    const [first] = (await client.crm.objects.basicApi.getPage(typeId, 1, undefined, ['vin'])).results;
    const read = await client.crm.objects.basicApi.getById(typeId, first?.id ?? '', ['make', 'no_such_property']);
    expect(Object.keys(read.properties).sort()).toEqual(['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id', 'make']);
    const byVin = await client.crm.objects.basicApi.getById(
      'p_cars',
      (first?.properties['vin'] ?? '').toLowerCase(),
      ['make'],
      undefined,
      undefined,
      false,
      'vin',
    );
    expect(byVin.id).toBe(first?.id);

    const created = await client.crm.objects.basicApi.create(typeId, {
      properties: { make: 'Saab', model: '900', year: '1991', vin: 'YS3AK35E7M7000001', price: '5400', condition: 'used' },
      associations: [],
    });
    expect(created.properties).toMatchObject({ make: 'Saab', model: '900', hs_object_id: created.id, hs_createdate: expect.any(String) });
    expect(Number(created.id)).toBeGreaterThan(21_000_000_250);
    const updated = await client.crm.objects.basicApi.update(typeId, created.id, { properties: { price: '4900', condition: '' } });
    expect(updated.properties).toEqual({
      price: '4900',
      condition: null,
      hs_createdate: created.properties['hs_createdate'],
      hs_object_id: created.id,
      hs_lastmodifieddate: expect.any(String),
    });
    expect(account.cars.get(created.id)?.properties['price']).toBe('4900');
    await client.crm.objects.basicApi.archive(typeId, created.id);
    expect((await failure(client.crm.objects.basicApi.getById(typeId, created.id))).code).toBe(404);
    expect((await client.crm.objects.basicApi.getById(typeId, created.id, undefined, undefined, undefined, true)).archived).toBe(true);
  });

  it('refuses an unknown property, a missing required property and a taken vin', async () => {
    const unknown = await failure(
      client.crm.objects.basicApi.create(typeId, { properties: { make: 'Fiat', model: '500', colour: 'red' }, associations: [] }),
    );
    expect(unknown.code).toBe(400);
    expect(unknown.body).toMatchObject({
      category: 'VALIDATION_ERROR',
      errors: [{ message: 'Property "colour" does not exist', code: 'PROPERTY_DOESNT_EXIST', context: { propertyName: ['colour'] } }],
    });
    const missing = await failure(client.crm.objects.basicApi.create(typeId, { properties: { make: 'Fiat' }, associations: [] }));
    expect(missing.code).toBe(400);
    expect(missing.body['errors']).toEqual([
      { message: 'Required property model is missing', code: 'REQUIRED_PROPERTY', context: { propertyName: ['model'] } },
    ]);
    const seedVin = account.cars.list({ limit: 1 }).results[0]?.properties['vin'] ?? '';
    const taken = await failure(
      client.crm.objects.basicApi.create(typeId, { properties: { make: 'Fiat', model: '500', vin: seedVin }, associations: [] }),
    );
    expect(taken.code).toBe(400);
    expect(String(taken.body['message'])).toContain('already has that value');
    const badYear = await failure(client.crm.objects.basicApi.update(typeId, '21000000001', { properties: { condition: 'mint' } }));
    expect(String(badYear.body['message'])).toContain('"error":"INVALID_OPTION"');
    const readOnly = await failure(client.crm.objects.basicApi.update(typeId, '21000000001', { properties: { hs_object_id: '5' } }));
    expect(String(readOnly.body['message'])).toContain('"error":"READ_ONLY_VALUE"');
  });
});

describe('batch and search', () => {
  it('batch creates (201, 207 per bad input), updates and reads cars; 100 inputs at most', async () => {
    const inputs = Array.from({ length: 100 }, (_, i) => ({
      properties: { make: 'Lada', model: 'Niva', year: String(1990 + (i % 30)), vin: `XTA21213${String(i).padStart(9, '0')}` },
      associations: [],
    }));
    const created = await client.crm.objects.batchApi.create(typeId, { inputs });
    expect(created.status).toBe('COMPLETE');
    expect(created.results).toHaveLength(100);
    const mixed = await raw(`/crm/v3/objects/${typeId}/batch/create`, {
      method: 'POST',
      body: JSON.stringify({ inputs: [{ properties: { make: 'Lada', model: 'Samara' } }, { properties: { make: 'Lada' } }] }),
    });
    expect(mixed.status).toBe(207);
    expect(mixed.body['numErrors']).toBe(1);
    const tooMany = await failure(
      client.crm.objects.batchApi.create(typeId, { inputs: [...inputs, inputs[0] ?? { properties: {}, associations: [] }] }),
    );
    expect(tooMany.code).toBe(400);

    const ids = created.results.map((car) => car.id).sort((a, b) => Number(a) - Number(b));
    const updated = await client.crm.objects.batchApi.update('p_cars', {
      inputs: [
        { id: ids[0] ?? '', properties: { price: '1000' } },
        { id: 'XTA21213000000001', idProperty: 'vin', properties: { price: '1100' } },
      ],
    });
    expect(updated.results.map((car) => car.properties['price']).sort()).toEqual(['1000', '1100']);
    const read = await client.crm.objects.batchApi.read(typeId, {
      inputs: [{ id: ids[0] ?? '' }, { id: ids[1] ?? '' }],
      properties: ['price'],
      propertiesWithHistory: [],
    });
    expect(read.results.map((car) => car.properties['price']).sort()).toEqual(['1000', '1100']);
    const partial = await raw(`/crm/v3/objects/${typeId}/batch/read`, {
      method: 'POST',
      body: JSON.stringify({ inputs: [{ id: ids[0] }, { id: '1' }], properties: [], propertiesWithHistory: [] }),
    });
    expect(partial.status).toBe(207);
    expect((partial.body['errors'] as Array<Record<string, unknown>>)[0]?.['message']).toBe(
      `Could not get some ${account.carSchema.fullyQualifiedName} objects, they may be deleted or not exist. Check that ids are valid.`,
    );
    const upserted = await client.crm.objects.batchApi.upsert(typeId, {
      inputs: [
        { id: 'XTA21213000000002', idProperty: 'vin', properties: { price: '1200' } },
        { id: 'XTA21213000000999', idProperty: 'vin', properties: { make: 'Lada', model: 'Vesta' } },
      ],
    });
    expect(upserted.results.map((car) => car._new)).toEqual([false, true]);
  });

  it('searches cars by property and by text, and pages the search to the end', async () => {
    const make = account.cars.list({ limit: 1 }).results[0]?.properties['make'] ?? '';
    const expected = account.cars.count();
    const found = await client.crm.objects.searchApi.doSearch(typeId, {
      filterGroups: [{ filters: [{ propertyName: 'make', operator: FilterOperatorEnum.Eq, value: make }] }],
      properties: ['make', 'model'],
      limit: 200,
      after: '0',
      sorts: ['year'],
    });
    expect(found.total).toBeGreaterThan(0);
    expect(found.total).toBeLessThan(expected);
    expect(found.results.every((car) => car.properties['make'] === make)).toBe(true);
    const text = await client.crm.objects.searchApi.doSearch('p_cars', {
      filterGroups: [],
      query: 'niva',
      limit: 10,
      after: '0',
      sorts: [],
      properties: [],
    });
    expect(text.total).toBe(100);
    const ids: string[] = [];
    let after: string | undefined = '0';
    while (after !== undefined) {
      const page = await client.crm.objects.searchApi.doSearch(typeId, { filterGroups: [], limit: 200, after, sorts: [], properties: [] });
      ids.push(...page.results.map((car) => car.id));
      after = page.paging?.next?.after;
    }
    expect(ids).toHaveLength(expected);
    expect(new Set(ids).size).toBe(expected);
  });

  it('seeds cars deterministically per account, sized by seed.customObjects (default 120)', () => {
    const again = createSandbox({ publicUrl: PUBLIC_URL, seed: { customObjects: 250 } }).hubspot.account(ACCOUNT);
    const fresh = createSandbox({ publicUrl: PUBLIC_URL }).hubspot.account(ACCOUNT);
    expect(again.carSchema).toEqual(account.carSchema);
    expect(again.cars.get('21000000007')).toEqual(fresh.cars.get('21000000007'));
    expect(again.cars.get('21000000007')?.properties['vin']).toMatch(/000006$/);
    expect(fresh.cars.count()).toBe(120);
    expect(
      createSandbox({ publicUrl: PUBLIC_URL, seed: { customObjects: 0 } })
        .hubspot.account(ACCOUNT)
        .cars.count(),
    ).toBe(0);
    expect(sandbox.hubspot.account('Another Dealer').cars.get('21000000007')).not.toEqual(fresh.cars.get('21000000007'));
  });

  it('lets the control API list and change cars', async () => {
    const base = `${apiBase}/_sandbox/accounts/${encodeURIComponent(ACCOUNT)}`;
    const listed = (await (await controlFetch(`${base}/cars?limit=2`)).json()) as { results: Array<{ id: string }>; nextAfter?: string };
    expect(listed.results.map((car) => car.id)).toEqual(['21000000001', '21000000002']);
    const byTypeId = (await (await controlFetch(`${base}/${typeId}?limit=2`)).json()) as { results: Array<{ id: string }> };
    expect(byTypeId.results).toEqual(listed.results);
    const created = await controlFetch(`${base}/cars`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ properties: { make: 'Trabant', model: '601' } }),
    });
    expect(created.status).toBe(201);
    const refused = await controlFetch(`${base}/cars`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ properties: { make: 'Trabant' } }),
    });
    expect(refused.status).toBe(400);
    const summary = (await (await controlFetch(base)).json()) as { cars: { live: number; schema: { objectTypeId: string } } };
    expect(summary.cars.schema.objectTypeId).toBe(typeId);
  });

  it('counts requests under the usual kinds', async () => {
    account.resetCounters();
    await client.crm.schemas.coreApi.getAll();
    await client.crm.objects.basicApi.getPage(typeId, 10);
    expect(account.counters().byKind).toEqual({ list: 1, schemas: 1 });
  });
});
