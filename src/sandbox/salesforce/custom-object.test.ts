/**
 * The custom object Vehicle__c against jsforce 3.6 (Salesforce's de-facto Node
 * SDK): describeGlobal and describe, SOQL with query locators, single-record
 * REST, sObject Collections and external-id upserts, and the errors a
 * passthrough pull or push meets.
 */
import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { isValidVin } from '../shared/vehicles.js';
import { controlFetch, TEST_CONTROL_TOKEN } from '../testing.js';
import { createSalesforceSandbox, type SalesforceOrgHandle } from './index.js';
import { type SalesforceTestServer, startSalesforceTestServer } from './testing.js';

const ID18 = /^a0X[a-zA-Z0-9]{15}$/;
const BATCH_200 = { 'Sforce-Query-Options': 'batchSize=200' };

let server: SalesforceTestServer;
let org: SalesforceOrgHandle;
let conn: Connection;
let clock = Date.UTC(2026, 2, 2, 12);

interface SfError extends Error {
  errorCode: string;
  data: unknown;
}

async function failure(promise: PromiseLike<unknown>): Promise<SfError> {
  try {
    await promise;
  } catch (error) {
    return error as SfError;
  }
  return expect.fail('expected the jsforce call to fail');
}

interface Vehicle {
  Id: string;
  Name: string;
  Make__c: string;
  Model__c: string | null;
  Year__c: number | null;
  VIN__c: string | null;
  Price__c: number | null;
}

beforeAll(async () => {
  server = await startSalesforceTestServer({
    dailyApiLimit: null,
    now: () => clock,
    seed: { contacts: 10, accounts: 3, vehicles: 450 },
    controlToken: TEST_CONTROL_TOKEN,
  });
  org = server.salesforce.org('Fleet Motors');
  const tokens = org.issueTokens();
  conn = new jsforce.Connection({ instanceUrl: tokens.instance_url, accessToken: tokens.access_token, version: '60.0' });
});

afterAll(async () => {
  await server.close();
});

describe('metadata', () => {
  it('lists Vehicle__c in describeGlobal as a custom, queryable, createable, updateable object', async () => {
    const global = await conn.describeGlobal();
    const vehicle = global.sobjects.find((sobject) => sobject.name === 'Vehicle__c');
    expect(vehicle).toMatchObject({
      name: 'Vehicle__c',
      label: 'Vehicle',
      labelPlural: 'Vehicles',
      keyPrefix: 'a0X',
      custom: true,
      customSetting: false,
      queryable: true,
      createable: true,
      updateable: true,
      deletable: true,
    });
    expect(vehicle?.urls).toEqual({
      rowTemplate: '/services/data/v60.0/sobjects/Vehicle__c/{ID}',
      defaultValues: '/services/data/v60.0/sobjects/Vehicle__c/defaultValues?recordTypeId&fields',
      describe: '/services/data/v60.0/sobjects/Vehicle__c/describe',
      sobject: '/services/data/v60.0/sobjects/Vehicle__c',
    });
    expect(global.sobjects.find((sobject) => sobject.name === 'Contact')?.custom).toBe(false);
  });

  it('describes Vehicle__c: standard fields of a custom object, then the __c fields with custom: true', async () => {
    const described = await conn.sobject('Vehicle__c').describe();
    expect(described).toMatchObject({ name: 'Vehicle__c', custom: true, keyPrefix: 'a0X', queryable: true });
    expect(described.fields.map((field) => field.name)).toEqual([
      'Id',
      'OwnerId',
      'IsDeleted',
      'Name',
      'CreatedDate',
      'CreatedById',
      'LastModifiedDate',
      'LastModifiedById',
      'SystemModstamp',
      'Make__c',
      'Model__c',
      'Year__c',
      'VIN__c',
      'Price__c',
    ]);
    const byName = new Map(described.fields.map((field) => [field.name, field]));
    expect(byName.get('Name')).toMatchObject({
      type: 'string',
      length: 80,
      nameField: true,
      custom: false,
      createable: true,
      defaultedOnCreate: true,
    });
    expect(byName.get('Make__c')).toMatchObject({ type: 'string', custom: true, nillable: false, createable: true });
    expect(byName.get('Year__c')).toMatchObject({ type: 'double', custom: true, precision: 4, scale: 0 });
    expect(byName.get('Price__c')).toMatchObject({ type: 'currency', custom: true, precision: 16, scale: 2 });
    expect(byName.get('VIN__c')).toMatchObject({ type: 'string', custom: true, length: 17, unique: true, externalId: true, idLookup: true });
    expect(byName.get('OwnerId')).toMatchObject({ type: 'reference', referenceTo: ['User'], relationshipName: 'Owner', custom: false });
    expect(described.supportedScopes).toEqual([
      { label: 'All vehicles', name: 'everything' },
      { label: 'My vehicles', name: 'mine' },
    ]);
  });
});

describe('query', () => {
  it('pages every seed vehicle with query locators in batches of 200, in Id order, without loss or duplicates', async () => {
    org.resetCounters();
    const records: Vehicle[] = [];
    const query = conn.query<Vehicle>('SELECT Id, Name, Make__c, Model__c, Year__c, VIN__c, Price__c FROM Vehicle__c ORDER BY Id');
    query.on('record', (record: Vehicle) => records.push(record));
    const result = await query.run({ autoFetch: true, maxFetch: 5000, headers: BATCH_200 });
    expect(result.totalSize).toBe(450);
    expect(records).toHaveLength(450);
    const ids = records.map((record) => record.Id);
    expect(new Set(ids).size).toBe(450);
    expect([...ids].sort()).toEqual(ids);
    expect(ids.every((id) => ID18.test(id))).toBe(true);
    expect(org.counters().byKind).toEqual({ query: 1, 'query-more': 2 });
    const first = records[0];
    expect(first?.Name).toBe(`${first?.Year__c ?? ''} ${first?.Make__c ?? ''} ${first?.Model__c ?? ''}`);
    expect(typeof first?.Year__c).toBe('number');
    expect(records.every((record) => isValidVin(record.VIN__c ?? ''))).toBe(true);
    expect(new Set(records.map((record) => record.VIN__c)).size).toBe(450);
  });

  it('filters, sorts and resolves Owner with SOQL; nextRecordsUrl is a locator-offset path', async () => {
    const make = org.vehicles.list({ limit: 1 }).records[0]?.['Make__c'] as string;
    const found = await conn.query<Vehicle & { Owner: { Name: string } }>(
      `SELECT Id, Make__c, Year__c, Owner.Name FROM Vehicle__c WHERE Make__c = '${make.toUpperCase()}' AND Year__c >= 2012 ORDER BY Year__c DESC, Id`,
    );
    expect(found.totalSize).toBeGreaterThan(0);
    expect(found.records.every((record) => record.Make__c === make)).toBe(true);
    const years = found.records.map((record) => record.Year__c ?? 0);
    expect([...years].sort((a, b) => b - a)).toEqual(years);
    expect(found.records[0]?.Owner.Name).toMatch(/\w/);
    const raw = await conn.request<{ nextRecordsUrl: string; done: boolean; totalSize: number }>({
      method: 'GET',
      url: '/services/data/v60.0/query?q=SELECT+Id+FROM+Vehicle__c+ORDER+BY+Id',
      headers: BATCH_200,
    });
    expect(raw).toMatchObject({
      totalSize: 450,
      done: false,
      nextRecordsUrl: expect.stringMatching(/^\/services\/data\/v60\.0\/query\/01g[a-zA-Z0-9]{15}-200$/),
    });
    const count = await conn.query('SELECT COUNT() FROM Vehicle__c');
    expect(count.totalSize).toBe(450);
    const custom = await conn.query<Record<string, unknown>>('SELECT FIELDS(CUSTOM) FROM Vehicle__c LIMIT 1');
    expect(Object.keys(custom.records[0] ?? {})).toEqual(['attributes', 'Make__c', 'Model__c', 'Year__c', 'VIN__c', 'Price__c']);
    const badField = await failure(conn.query('SELECT Id, Colour__c FROM Vehicle__c'));
    expect(badField.errorCode).toBe('INVALID_FIELD');
    const badType = await failure(conn.query('SELECT Id FROM Vehicle'));
    expect(badType.errorCode).toBe('INVALID_TYPE');
    expect(badType.message).toContain(
      "sObject type 'Vehicle' is not supported. If you are attempting to use a custom object, be sure to append the '__c'",
    );
  });
});

describe('records', () => {
  it('creates, finds, retrieves, updates and destroys one vehicle; a missing Name becomes the 15-character id', async () => {
    const created = await conn
      .sobject('Vehicle__c')
      .create({ Make__c: 'Saab', Model__c: '900', Year__c: 1991, VIN__c: 'YS3AK35E7M7000001', Price__c: 5400.5 });
    expect(created).toEqual({ id: expect.stringMatching(ID18), success: true, errors: [] });
    const id = created.id ?? '';
    const record = await conn.sobject('Vehicle__c').retrieve(id);
    expect(record).toMatchObject({
      Id: id,
      Name: id.slice(0, 15),
      Make__c: 'Saab',
      Year__c: 1991,
      Price__c: 5400.5,
      IsDeleted: false,
      OwnerId: org.userId,
    });
    const found = await conn.sobject('Vehicle__c').find<Vehicle>({ Make__c: 'Saab' }, ['Id', 'Name']);
    expect(found.map((vehicle) => vehicle.Id)).toEqual([id]);
    clock += 60_000;
    expect(await conn.sobject('Vehicle__c').update({ Id: id, Name: 'Classic Saab', Price__c: null })).toEqual({ id, success: true, errors: [] });
    expect(org.vehicles.get(id)).toMatchObject({ Name: 'Classic Saab', Price__c: null });
    const named = await conn.sobject('Vehicle__c').create({ Name: 'Blue van', Make__c: 'Ford' });
    expect(org.vehicles.get(named.id ?? '')?.['Name']).toBe('Blue van');
    expect(await conn.sobject('Vehicle__c').destroy(id)).toEqual({ id, success: true, errors: [] });
    expect((await failure(conn.sobject('Vehicle__c').retrieve(id))).errorCode).toBe('ENTITY_IS_DELETED');
    const recycled = await conn.query<{ Id: string; IsDeleted: boolean }>(`SELECT Id, IsDeleted FROM Vehicle__c WHERE Id = '${id}'`).scanAll(true);
    expect(recycled.records.map((row) => row.IsDeleted)).toEqual([true]);
  });

  it('answers unknown fields, a missing required field, a duplicate VIN and a clearing of Name like Salesforce', async () => {
    const unknown = await failure(conn.sobject('Vehicle__c').create({ Make__c: 'Fiat', Colour__c: 'red' }));
    expect(unknown.errorCode).toBe('INVALID_FIELD');
    expect(unknown.message).toBe("No such column 'Colour__c' on sobject of type Vehicle__c");
    const required = await failure(conn.sobject('Vehicle__c').create({ Model__c: '500' }));
    expect(required.data).toEqual({ message: 'Required fields are missing: [Make__c]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Make__c'] });
    const seedVehicle = org.vehicles.list({ limit: 1, after: org.vehicles.list({ limit: 10 }).records[9]?.Id ?? '' }).records[0];
    const duplicate = await failure(conn.sobject('Vehicle__c').create({ Make__c: 'Fiat', VIN__c: String(seedVehicle?.['VIN__c']).toLowerCase() }));
    expect(duplicate.errorCode).toBe('DUPLICATE_VALUE');
    expect(duplicate.message).toBe(`duplicate value found: VIN__c duplicates value on record with id: ${seedVehicle?.Id ?? ''}`);
    const wrongType = await failure(conn.sobject('Vehicle__c').create({ Make__c: 'Fiat', Year__c: 'nineteen' }));
    expect(wrongType.errorCode).toBe('JSON_PARSER_ERROR');
    const tooLong = await failure(conn.sobject('Vehicle__c').create({ Make__c: 'Fiat', VIN__c: 'X'.repeat(18) }));
    expect(tooLong.errorCode).toBe('STRING_TOO_LONG');
    const noName = await failure(conn.sobject('Vehicle__c').update({ Id: seedVehicle?.Id ?? '', Name: null }));
    expect(noName.errorCode).toBe('REQUIRED_FIELD_MISSING');
  });

  it('upserts on VIN__c: 201 created, then 200 created:false, also for a seed vehicle', async () => {
    const first = await conn.sobject('Vehicle__c').upsert({ VIN__c: '1HGCM82633A004352', Make__c: 'Honda', Model__c: 'Accord' }, 'VIN__c');
    expect(first).toEqual({ id: expect.stringMatching(ID18), success: true, errors: [], created: true });
    const second = await conn.sobject('Vehicle__c').upsert({ VIN__c: '1hgcm82633a004352', Price__c: 9000 }, 'VIN__c');
    expect(second).toEqual({ id: first.id, success: true, errors: [], created: false });
    const seed = org.vehicles.list({ limit: 1 }).records[0];
    const seedUpsert = await conn.sobject('Vehicle__c').upsert({ VIN__c: String(seed?.['VIN__c']), Price__c: 12345 }, 'VIN__c');
    expect(seedUpsert).toEqual({ id: seed?.Id, success: true, errors: [], created: false });
    expect(org.vehicles.get(seed?.Id ?? '')?.['Price__c']).toBe(12345);
    const byVin = await conn.request<Vehicle>({
      method: 'GET',
      url: `/services/data/v60.0/sobjects/Vehicle__c/VIN__c/${String(seed?.['VIN__c'])}?fields=Id,Price__c`,
    });
    expect(byVin.Id).toBe(seed?.Id);
  });

  it('creates and updates up to 200 vehicles per sObject Collections call, with per-record results', async () => {
    org.resetCounters();
    const before = org.vehicles.count();
    const records = Array.from({ length: 200 }, (_, i) =>
      i === 7 ? { Model__c: 'No make' } : { Make__c: 'Lada', Model__c: 'Niva', Year__c: 1990 + (i % 30) },
    );
    const created = await conn.sobject('Vehicle__c').create(records);
    expect(created).toHaveLength(200);
    expect(created[7]).toEqual({
      success: false,
      errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Make__c]', fields: ['Make__c'] }],
    });
    expect(created.filter((result) => result.success)).toHaveLength(199);
    expect(org.vehicles.count()).toBe(before + 199);
    const ids = created.flatMap((result) => (result.success ? [result.id] : []));
    const updated = await conn.sobject('Vehicle__c').update(ids.slice(0, 150).map((Id) => ({ Id, Price__c: 1500 })));
    expect(updated.every((result) => result.success)).toBe(true);
    const read = await conn.sobject('Vehicle__c').retrieve(ids.slice(0, 3), { fields: ['Price__c', 'Make__c'] });
    expect(read.map((record) => record['Price__c'])).toEqual([1500, 1500, 1500]);
    const tooMany = await failure(conn.sobject('Vehicle__c').create(Array.from({ length: 201 }, () => ({ Make__c: 'Lada' }))));
    expect(tooMany.errorCode).toBe('EXCEEDED_ID_LIMIT');
    expect(org.counters().byKind).toEqual({ 'collection-create': 2, 'collection-update': 1, 'collection-retrieve': 1 });
    const destroyed = await conn.sobject('Vehicle__c').destroy(ids.slice(0, 2));
    expect(destroyed.map((result) => result.success)).toEqual([true, true]);
  });
});

describe('seed and in-process access', () => {
  it('lets the control API list and create vehicles', async () => {
    const base = `${server.baseUrl}/_sandbox/orgs/${encodeURIComponent('Fleet Motors')}`;
    const listed = (await (await controlFetch(`${base}/vehicles?limit=2`)).json()) as { records: Array<{ Id: string }> };
    expect(listed.records.map((record) => record.Id)).toEqual(org.vehicles.list({ limit: 2 }).records.map((record) => record.Id));
    const byName = (await (await controlFetch(`${base}/Vehicle__c?limit=2`)).json()) as { records: Array<{ Id: string }> };
    expect(byName.records).toEqual(listed.records);
    const refused = await controlFetch(`${base}/vehicles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Model__c: 'x' }),
    });
    expect(refused.status).toBe(400);
    const summary = (await (await controlFetch(base)).json()) as { vehicles: { live: number } };
    expect(summary.vehicles.live).toBe(org.vehicles.count());
  });

  it('is deterministic per org, sized by seed.vehicles (default 120), and reachable as org(…).vehicles', () => {
    const a = createSalesforceSandbox({ publicUrl: 'https://a.example.test/sandbox' }).salesforce.org('Fleet Motors');
    const b = createSalesforceSandbox({ publicUrl: 'https://b.example.test/sandbox', seed: { vehicles: 450 } }).salesforce.org('fleet motors');
    expect(a.vehicles.count()).toBe(120);
    expect(a.vehicles.list({ limit: 5 })).toEqual(b.vehicles.list({ limit: 5 }));
    const other = createSalesforceSandbox({ publicUrl: 'https://a.example.test/sandbox' }).salesforce.org('Other Motors');
    expect(other.vehicles.list({ limit: 1 }).records[0]?.['VIN__c']).not.toBe(a.vehicles.list({ limit: 1 }).records[0]?.['VIN__c']);
    const made = a.vehicles.create({ Make__c: 'Skoda', Model__c: 'Octavia' });
    expect(made['Name']).toBe(made.Id.slice(0, 15));
    expect(a.vehicles.update(made.Id, { Year__c: 2020 })['Year__c']).toBe(2020);
    expect(a.vehicles.delete(made.Id)).toBe(true);
    expect(() => a.vehicles.create({ Model__c: 'No make' })).toThrow(/Required fields are missing: \[Make__c\]/);
  });
});
