import { describe, expect, it } from 'vitest';

import type { PushOperation } from '../../src/connectors/kit/connector.js';
import type { ProviderClient } from '../../src/connectors/kit/http.js';
import {
  declaredObjects,
  discoveredObjects,
  fieldsOfSample,
  IDENTITY,
  inSlices,
  type ObjectDecl,
  type ObjectDialect,
  sharedObjects,
} from '../../src/connectors/kit/objects.js';
import type { Condition } from '../../src/model/filter.js';

type Raw = { id: number; props: Record<string, unknown>; links?: string[] };

const client = {} as ProviderClient;

/** A dialect over records in memory that notes what the kit asked of it. */
function dialect() {
  const calls: unknown[] = [];
  const rows: Raw[] = [
    { id: 1, props: { fn: 'Ann', color: 'red' }, links: ['9'] },
    { id: 2, props: { fn: 'Bob' } },
  ];
  const contact: ObjectDecl<Raw> = {
    name: 'crm-contact',
    path: '/contacts',
    properties: ['fn'],
    filters: { first_name: { name: 'fn', type: 'string' } },
    associations: { 'crm-company': 'companies' },
    mapper: { toCommon: (r) => ({ first_name: r.props['fn'] ?? null }) },
    extra: {},
  };
  const d: ObjectDialect<Raw> = {
    objects: { 'crm-contact': contact },
    custom(name) {
      if (!name.endsWith('__c')) throw new Error(`Not a custom object: ${name}`);
      return { name, path: `/${name}`, properties: [], filters: {}, associations: {}, mapper: IDENTITY, extra: {} };
    },
    discover: async () => [{ name: 'cars__c', label: 'Cars', custom: true, pull: true, push: true }],
    async page(_c, object, request) {
      calls.push({ page: object.name, request });
      return { items: rows, next: 'n2' };
    },
    async byIds(_c, object, ids, fields) {
      calls.push({ byIds: object.name, ids, fields });
      return rows.filter((r) => ids.includes(String(r.id)));
    },
    async write(_c, object, ops) {
      calls.push({ write: object.name, ops });
      return ops.map((op) => ({ index: op.index, success: true, id: op.id ?? 'new', errors: [] }));
    },
    describe: async () => [
      { name: 'fn', label: 'First name', type: 'string', custom: false, writable: true },
      { name: 'color', label: 'Color', type: 'string', custom: true, writable: true },
    ],
    id: (r) => String(r.id),
    value: (r, f) => r.props[f],
    associated: (r, via) => (via === 'companies' ? (r.links ?? []) : []),
  };
  return { calls, connector: declaredObjects(d, 'Test') };
}

describe('kit declared objects', () => {
  it('a mapped object: common data, the associations asked for, and the extra fields raw; the request passes as it is', async () => {
    const { calls, connector } = dialect();
    const request = { endgrateType: 'crm-contact', cursor: null, associations: ['crm-company'], fields: ['color'], filter: [] };
    const page = await connector.pull(client, request);
    expect(page).toEqual({
      records: [
        { id: '1', data: { first_name: 'Ann' }, associations: { 'crm-company': ['9'] }, fields: { color: 'red' } },
        { id: '2', data: { first_name: 'Bob' }, associations: { 'crm-company': [] }, fields: { color: null } },
      ],
      next: 'n2',
    });
    expect(calls).toEqual([{ page: 'crm-contact', request }]);
  });

  it('the identity: records are the fields asked for as they are; no associations or filter reach the dialect', async () => {
    const { calls, connector } = dialect();
    const filter: Condition[] = [{ kind: 'eq', field: 'fn', type: 'string', values: ['Ann'] }];
    const page = await connector.pull(client, {
      endgrateType: 'cars__c',
      cursor: 'c1',
      associations: ['crm-company'],
      fields: ['fn', 'color'],
      filter,
    });
    expect(page.records).toEqual([
      { id: '1', data: { fn: 'Ann', color: 'red' } },
      { id: '2', data: { fn: 'Bob', color: null } },
    ]);
    expect(calls).toEqual([{ page: 'cars__c', request: { endgrateType: 'cars__c', cursor: 'c1', associations: [], fields: ['fn', 'color'] } }]);
  });

  it('pushes: the identity writes its data as provider fields; a mapped object gets its operations unchanged', async () => {
    const { calls, connector } = dialect();
    const ops: PushOperation[] = [{ index: 0, id: null, data: { color: 'blue' } }];
    await connector.push(client, { endgrateType: 'cars__c', operations: ops });
    const mapped: PushOperation[] = [{ index: 3, id: '2', data: { first_name: 'B' }, fields: { color: 'x' } }];
    await connector.push(client, { endgrateType: 'crm-contact', operations: mapped });
    expect(calls).toEqual([
      { write: 'cars__c', ops: [{ index: 0, id: null, data: {}, fields: { color: 'blue' } }] },
      { write: 'crm-contact', ops: mapped },
    ]);
  });

  it('reads by id, describes fields (mapped = declared properties) and lists the custom objects', async () => {
    const { connector } = dialect();
    const read = await connector.read(client, 'cars__c', ['2'], ['color']);
    expect([...read]).toEqual([['2', { id: '2', data: { color: null } }]]);
    const mapped = await connector.read(client, 'crm-contact', ['1'], []);
    expect([...mapped]).toEqual([['1', { id: '1', data: { first_name: 'Ann' } }]]);
    expect((await connector.fields(client, 'crm-contact')).map((f) => [f.name, f.mapped])).toEqual([
      ['fn', true],
      ['color', false],
    ]);
    expect((await connector.fields(client, 'cars__c')).map((f) => f.mapped)).toEqual([false, false]);
    expect(await connector.objects?.(client)).toEqual([{ name: 'cars__c', label: 'Cars', custom: true, pull: true, push: true }]);
  });

  it('an object neither declared nor a custom object is refused', async () => {
    const { connector } = dialect();
    await expect(connector.pull(client, { endgrateType: 'crm-deal', cursor: null, associations: [] })).rejects.toThrow(
      'Not a custom object: crm-deal',
    );
  });

  it('inSlices reads ids in bounded slices, in order', async () => {
    const slices: string[][] = [];
    const got = await inSlices(['a', 'b', 'c', 'd', 'e'], 2, async (s) => (slices.push(s), s.map((x) => x.toUpperCase())));
    expect(slices).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(got).toEqual(['A', 'B', 'C', 'D', 'E']);
  });
});

describe('fieldsOfSample', () => {
  it("reads a provider's fields off a recorded record: labels from names, types from values, the read-only ones named", () => {
    expect(
      fieldsOfSample({ id: 7, first_name: 'Ada', is_paying: true, date_created: '2024-01-02T03:04:05', meta: {} }, ['id', 'date_created']),
    ).toEqual([
      { name: 'id', label: 'Id', type: 'number', custom: false, writable: false },
      { name: 'first_name', label: 'First name', type: 'string', custom: false, writable: true },
      { name: 'is_paying', label: 'Is paying', type: 'boolean', custom: false, writable: true },
      { name: 'date_created', label: 'Date created', type: 'datetime', custom: false, writable: false },
      { name: 'meta', label: 'Meta', type: 'other', custom: false, writable: true },
    ]);
  });
});

describe('sharedObjects', () => {
  const deals: ObjectDecl<Raw, { label: string }> = {
    name: 'deals',
    path: '/deals',
    properties: [],
    filters: {},
    associations: {},
    mapper: IDENTITY,
    extra: { label: 'Deals' },
  };

  it('declares the fixed passthrough objects by name and refuses any other, naming the provider and its noun', () => {
    const { custom } = sharedObjects({ deals }, { provider: 'Acme', noun: 'module', push: true });
    expect(custom('deals')).toBe(deals);
    expect(() => custom('leads')).toThrow('Acme has no module leads that Weft shares');
    // A name the record's prototype has is no object.
    expect(() => custom('toString')).toThrow('Acme has no module toString that Weft shares');
  });

  it('discovers them with their labels, not custom, pulled, and pushed as the provider says', async () => {
    expect(await sharedObjects({ deals }, { provider: 'Acme', noun: 'object', push: true }).discover()).toEqual([
      { name: 'deals', label: 'Deals', custom: false, pull: true, push: true },
    ]);
    expect(await sharedObjects({ deals }, { provider: 'Acme', noun: 'object', push: false }).discover()).toEqual([
      { name: 'deals', label: 'Deals', custom: false, pull: true, push: false },
    ]);
  });
});

describe('discoveredObjects', () => {
  const listed: Array<{ name: unknown; label: string | undefined }> = [
    { name: 'cars', label: 'Cars' },
    { name: 'boats', label: undefined },
    { name: 'people', label: 'People' },
    { name: 'Bad Name', label: 'Bad' },
    { name: undefined, label: 'Nameless' },
  ];
  const clients: ProviderClient[] = [];
  const objects = discoveredObjects<Raw, { table: string }>({
    provider: 'Acme',
    noun: 'custom table',
    accepts: (name) => /^[a-z]+$/.test(name) && name !== 'people',
    declare: (name) => ({ name, path: `/o/${name}`, properties: [], filters: {}, associations: {}, mapper: IDENTITY, extra: { table: name } }),
    list: async (c) => (clients.push(c), listed),
  });

  it('declares a name it accepts, and refuses any other naming the provider and its noun', () => {
    expect(objects.custom('cars')).toEqual({
      name: 'cars',
      path: '/o/cars',
      properties: [],
      filters: {},
      associations: {},
      mapper: IDENTITY,
      extra: { table: 'cars' },
    });
    expect(() => objects.custom('people')).toThrow('Acme has no custom table people that Weft shares');
    expect(() => objects.custom('Bad Name')).toThrow('Acme has no custom table Bad Name that Weft shares');
  });

  it("discovers the account's objects it accepts, labelled by their label or else their name, custom, pulled and pushed", async () => {
    expect(await objects.discover(client)).toEqual([
      { name: 'cars', label: 'Cars', custom: true, pull: true, push: true },
      { name: 'boats', label: 'boats', custom: true, pull: true, push: true },
    ]);
    expect(clients).toEqual([client]);
  });
});
