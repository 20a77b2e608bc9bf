import { describe, expect, it } from 'vitest';

import { coverageOf, type CoverageProbe, withKindWrites } from '../../src/connectors/kit/coverage.js';
import {
  address,
  custom,
  date,
  day,
  decimal,
  type Dialect,
  enumOf,
  fieldTable,
  fullName,
  integer,
  money,
  moneyOf,
  none,
  option,
  optionTable,
  perConnection,
  phones,
  pointList,
  primaryEmail,
  probeOf,
  readOnly,
  reference,
  required,
  tableObject,
  text,
} from '../../src/connectors/kit/field-table.js';

/** A provider of flat string records that clears a field with an empty string (HubSpot-like). */
const flat: Dialect<Record<string, string>> = {
  name: 'Flat',
  get: (r, f) => r[f],
  record: (values) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])),
  put: (v) => (v === null ? '' : String(v)),
};

/** A provider of typed records with lists of labelled contact points (Pipedrive-like). */
const typed: Dialect<Record<string, unknown>> = { name: 'Typed', get: (r, f) => r[f], record: (values) => ({ id: 1, ...values }) };

const FLAT = fieldTable(flat, {
  first_name: text('fn'),
  phone_numbers: phones({ WORK: 'tel', MOBILE: 'cell' }, 'Flat holds one phone and one mobile'),
  addresses: address({ street_1: 'street', city: 'town' }, { many: (kept) => `one address; kept ${kept}`, noStreet2: 'no street_2' }),
  number_of_employees: integer('staff'),
  annual_revenue: decimal('revenue'),
  lifecycle_stage: enumOf('stage', { lead: 'LEAD', customer: 'CUSTOMER' }, 'OTHER'),
  owner_id: reference('owner'),
  created_at: date('created', 'createdAt'),
});

const TYPED = fieldTable(
  typed,
  {
    name: custom<{ upper: boolean }>({
      fields: ['name'],
      sample: { name: 'acme' },
      read: (get, ctx) => (ctx.upper ? String(get('name')).toUpperCase() : get('name')),
      write(value, out) {
        if (value) out.set('name', value);
        else out.error('Typed needs a name');
      },
    }),
    title: readOnly(text('job'), 'title cannot be written'),
    description: none(null, 'no description'),
    email_addresses: pointList('email', 'emails', { WORK: 'work', PERSONAL: 'home' }),
    phone_numbers: pointList('phone', 'phones', { WORK: 'work', OTHER: 'other' }, 'no fax label'),
    company_id: reference('org', { digits: true }),
    owner_id: reference('owner', { digits: true, clear: false }),
  },
  ['legacy_email'],
);

describe('kit field tables', () => {
  it('reads a record into the common model, empty values as null and empty lists', () => {
    expect(
      FLAT.read(
        {
          fn: 'Ann',
          tel: '+1 1',
          cell: '',
          street: '1 Main St',
          staff: '250',
          revenue: '12.5',
          stage: 'lead',
          owner: '7',
          createdAt: '1706745600000',
        },
        undefined,
      ),
    ).toEqual({
      first_name: 'Ann',
      phone_numbers: [{ phone_number: '+1 1', phone_number_type: 'WORK' }],
      addresses: [{ address_type: 'PRIMARY', street_1: '1 Main St', street_2: null, city: null, state: null, postal_code: null, country: null }],
      number_of_employees: 250,
      annual_revenue: 12.5,
      lifecycle_stage: 'LEAD',
      owner_id: '7',
      created_at: '2024-02-01T00:00:00.000Z',
    });
    expect(FLAT.read({ fn: '', stage: 'evangelist', created: 'not a date' }, undefined)).toEqual({
      first_name: null,
      phone_numbers: [],
      addresses: [],
      number_of_employees: null,
      annual_revenue: null,
      lifecycle_stage: 'OTHER',
      owner_id: null,
      created_at: 'not a date',
    });
  });

  it('writes only the fields given, clears those given as null, and reports what the provider cannot hold', () => {
    expect(FLAT.write({ first_name: 'Bo', lifecycle_stage: 'CUSTOMER', number_of_employees: 3 }, undefined)).toEqual({
      body: { fn: 'Bo', staff: '3', stage: 'customer' },
      warnings: [],
      errors: [],
    });
    expect(
      FLAT.write(
        {
          first_name: null,
          phone_numbers: [
            { phone_number: 'h', phone_number_type: 'HOME' },
            { phone_number: 'w', phone_number_type: 'WORK' },
            { phone_number: 'm', phone_number_type: 'MOBILE' },
          ],
          addresses: [
            { address_type: 'BILLING', street_1: 'b' },
            { address_type: 'PRIMARY', street_1: 'p', street_2: 'Floor 2', city: null },
          ],
          owner_id: null,
        },
        undefined,
      ),
    ).toEqual({
      body: { fn: '', tel: 'h', cell: 'm', street: 'p', town: '', owner: '' },
      warnings: ['Flat holds one phone and one mobile; not written: w', 'one address; kept PRIMARY', 'no street_2'],
      errors: [],
    });
    expect(FLAT.write({ addresses: null, phone_numbers: [], created_at: '2024-01-01T00:00:00.000Z' }, undefined)).toEqual({
      body: { tel: '', cell: '', street: '', town: '' },
      warnings: [],
      errors: [],
    });
  });

  it('writes contact-point lists with labels, ids as numbers, a context for quirks, unwritable fields reported last', () => {
    const ctx = { upper: true };
    expect(
      TYPED.read(
        {
          name: 'acme',
          job: 'CTO',
          emails: [
            { value: 'b@x', primary: false, label: 'home' },
            { value: 'a@x', primary: true, label: 'work' },
            { value: '', primary: false, label: 'work' },
          ],
          phones: [{ value: '1', label: 'fax?' }],
          org: 5,
          owner: '9',
        },
        ctx,
      ),
    ).toEqual({
      name: 'ACME',
      title: 'CTO',
      description: null,
      email_addresses: [
        { email_address: 'a@x', email_address_type: 'WORK' },
        { email_address: 'b@x', email_address_type: 'PERSONAL' },
      ],
      phone_numbers: [{ phone_number: '1', phone_number_type: 'OTHER' }],
      company_id: '5',
      owner_id: '9',
    });
    expect(
      TYPED.write(
        {
          title: 'CTO',
          description: 'x',
          name: '',
          phone_numbers: [
            { phone_number: '1', phone_number_type: 'FAX' },
            { phone_number: '2', phone_number_type: 'WORK' },
          ],
          company_id: 'abc',
          owner_id: null,
        },
        ctx,
      ),
    ).toEqual({
      body: {
        phones: [
          { value: '1', primary: true, label: 'other' },
          { value: '2', primary: false, label: 'work' },
        ],
      },
      warnings: ['no fax label', 'title cannot be written', 'no description'],
      errors: ['Typed needs a name', "company_id must be a Typed id (digits): 'abc'"],
    });
    expect(TYPED.write({ company_id: null, owner_id: '12', email_addresses: [{ email_address: 'a@x' }] }, ctx)).toEqual({
      body: { emails: [{ value: 'a@x', primary: true, label: 'other' }], org: null, owner: 12 },
      warnings: [],
      errors: [],
    });
  });

  it('derives the fields to request and a coverage fixture with every mapped field set', () => {
    expect(FLAT.fields).toEqual(['fn', 'tel', 'cell', 'street', 'town', 'staff', 'revenue', 'stage', 'owner', 'created']);
    expect(TYPED.fields).toEqual(['name', 'job', 'emails', 'phones', 'org', 'owner', 'legacy_email']);
    expect(FLAT.fixture()).toEqual({
      fn: 'fn',
      tel: '+1 555 0100',
      cell: '+1 555 0101',
      street: 'street_1',
      town: 'city',
      staff: '250',
      revenue: '1000000.5',
      stage: 'lead',
      owner: '77',
      created: '2024-01-02T03:04:05.678Z',
    });
    const probe = probeOf({ flat: FLAT as never, typed: TYPED as never }, { upper: false });
    expect(coverageOf(probe, 'typed', { name: 'n', title: 't', description: 'd', company_id: '5', owner_id: 'x' })).toEqual({
      name: { pull: 'yes', push: 'yes' },
      title: { pull: 'yes', push: 'no' },
      description: { pull: 'no', push: 'no' },
      company_id: { pull: 'yes', push: 'yes' },
      owner_id: { pull: 'yes', push: 'no' },
    });
    expect(coverageOf(probe, 'flat', { phone_numbers: [{ phone_number: '1' }, { phone_number: '2' }], created_at: 'x' })).toEqual({
      phone_numbers: { pull: 'yes', push: 'partial' },
      created_at: { pull: 'yes', push: 'read-only' },
    });
  });

  it('probes a field one kind of record holds under each kind: a meeting-only end is written when the record is a meeting', () => {
    const probe: CoverageProbe = {
      fixtures: { act: { end: 'e' } },
      read: (_type, raw) => ({ end_timestamp: (raw as { end?: string }).end ?? null }),
      write(_type, data) {
        const fields: Record<string, unknown> = data['type'] === 'MEETING' ? { kind: 'meeting' } : {};
        if (data['end_timestamp'] !== undefined && data['type'] === 'MEETING') fields['end'] = data['end_timestamp'];
        return { fields, warnings: data['type'] === 'MEETING' ? [] : ['only meetings end'] };
      },
    };
    expect(coverageOf(probe, 'act', { end_timestamp: 'x' })).toEqual({ end_timestamp: { pull: 'yes', push: 'no' } });
    expect(coverageOf(withKindWrites(probe, 'act', ['CALL', 'MEETING']), 'act', { end_timestamp: 'x' })).toEqual({
      end_timestamp: { pull: 'yes', push: 'yes' },
    });
    // Another type's writes are left as they are.
    expect(withKindWrites(probe, 'other', ['MEETING']).write('act', { end_timestamp: 'x' })).toEqual({ fields: {}, warnings: ['only meetings end'] });
  });

  it('declares an object from a table: its fields, the filters its provider can take, a read mapper with a context', async () => {
    const decl = tableObject(TYPED, ['company_id', 'owner_id'], () => ({ upper: true }));
    expect(decl.properties).toEqual(['name', 'job', 'emails', 'phones', 'org', 'owner', 'legacy_email']);
    expect(decl.filters).toEqual({ company_id: { name: 'org', type: 'id' }, owner_id: { name: 'owner', type: 'id' } });
    expect(await decl.mapper.toCommon({ name: 'acme' }, {} as never)).toMatchObject({ name: 'ACME', email_addresses: [] });
    expect(FLAT.pushable(['addresses.city', 'annual_revenue', 'created_at'])).toEqual({
      'addresses.city': { name: 'town', type: 'string' },
      annual_revenue: { name: 'revenue', type: 'number' },
      created_at: { name: 'created', type: 'datetime' },
    });
    const linked = fieldTable(typed, { company_id: custom({ fields: ['org'], read: (get) => get('org'), elsewhere: true }) });
    expect(linked.elsewhere).toEqual(['company_id']);
    expect(probeOf({ linked: linked as never }, undefined).write('linked', { company_id: '5' })).toEqual({
      fields: { company_id: '5' },
      warnings: [],
    });
    expect(() => FLAT.pushable(['lifecycle_stage'])).toThrow('No provider field holds lifecycle_stage alone');
  });

  it('names the provider fields a common field (or a part of its first list element) is read from, for the field step', () => {
    expect(FLAT.sources('first_name')).toEqual(['fn']);
    expect(FLAT.sources('phone_numbers')).toEqual(['tel', 'cell']);
    expect(FLAT.sources('phone_numbers', 'phone_number')).toEqual(['tel']);
    expect(FLAT.sources('addresses')).toEqual(['street', 'town']);
    expect(FLAT.sources('addresses', 'city')).toEqual(['town']);
    // A part the provider has no field for, a field the table has no row for: not known.
    expect(FLAT.sources('addresses', 'postal_code')).toBeUndefined();
    expect(FLAT.sources('website')).toBeUndefined();
    // One field holding the whole list holds its parts; a field the provider does not have reads no field.
    expect(TYPED.sources('email_addresses', 'email_address')).toEqual(['emails']);
    expect(TYPED.sources('name', 'first')).toEqual(['name']);
    expect(TYPED.sources('description')).toEqual([]);
    const email = fieldTable(flat, { email_addresses: primaryEmail('mail', 'one address', { field: 'more_mail', separator: ';' }) });
    expect(email.sources('email_addresses')).toEqual(['mail', 'more_mail']);
    expect(email.sources('email_addresses', 'email_address')).toEqual(['mail']);
    // An object declared from the table answers the same.
    expect(tableObject(FLAT, []).sources('addresses', 'street_1')).toEqual(['street']);
  });

  it('reads option ids as their labels in a looked-up table, writes labels or ids back, and refuses empty required fields', () => {
    const table = fieldTable(typed, {
      name: required(text('name'), 'a name is needed'),
      industry: option<{ labels: string[] }>(
        'industry',
        (ctx) => ({ label: (id) => ctx.labels[id], id: (label) => (ctx.labels.includes(label) ? ctx.labels.indexOf(label) : undefined) }),
        'is not an industry here',
      ),
    });
    const ctx = { labels: ['Anvils', 'Rockets'] };
    expect(table.read({ industry: 1 }, ctx)).toEqual({ name: null, industry: 'Rockets' });
    expect(table.read({ industry: 7 }, ctx)).toEqual({ name: null, industry: '7' });
    expect(table.write({ name: 'Acme', industry: 'Anvils' }, ctx)).toEqual({ body: { name: 'Acme', industry: 0 }, warnings: [], errors: [] });
    expect(table.write({ name: '', industry: 'Boats' }, ctx)).toEqual({
      body: {},
      warnings: [],
      errors: ['a name is needed', "'Boats' is not an industry here"],
    });
    expect(table.write({ industry: '9' }, ctx).body).toEqual({ industry: 9 });
    expect(table.write({ industry: null }, ctx).body).toEqual({ industry: null });
  });

  it('keeps one name for a provider that derives the first and last names from it', () => {
    const table = fieldTable(
      typed,
      fullName<{ now?: { first_name: string | null; last_name: string | null } }>('name', ['first', 'last'], (ctx) => ctx.now),
    );
    expect(table.read({ name: 'Mary Anne Okafor', first: '', last: null }, {})).toEqual({ first_name: 'Mary Anne', last_name: 'Okafor' });
    expect(table.read({ name: 'Cher', first: null }, {})).toEqual({ first_name: 'Cher', last_name: null });
    expect(table.read({ name: 'Ann Lee', first: 'Ann', last: '' }, {})).toEqual({ first_name: 'Ann', last_name: null });
    expect(table.write({ last_name: 'Smith' }, { now: { first_name: 'Ann', last_name: 'Lee' } }).body).toEqual({ name: 'Ann Smith' });
    expect(table.write({ title: 'x' }, {}).body).toEqual({});
    expect(table.write({ first_name: null, last_name: '' }, {}).errors).toEqual(['Typed needs a name: give first_name or last_name']);
  });

  it('builds option tables from option lists, and looks them up once per connection unless the lookup failed', async () => {
    const t = optionTable([
      { id: 3, label: 'Anvils' },
      { id: 4, label: 'Rockets' },
    ]);
    expect([t.label(4), t.label(5), t.id('anvils'), t.id('Boats')]).toEqual(['Rockets', undefined, 3, undefined]);
    let calls = 0;
    const lookup = perConnection(async () => {
      calls++;
      if (calls === 1) throw new Error('down');
      return calls;
    });
    const client = {} as never;
    await expect(lookup(client)).rejects.toThrow('down');
    expect([await lookup(client), await lookup(client), await lookup({} as never), calls]).toEqual([2, 2, 3, 3]);
  });

  it('writes one primary e-mail address (WORK first) and reads further ones from a read-only list', () => {
    const table = fieldTable(flat, { email_addresses: primaryEmail('mail', 'Flat keeps one address', { field: 'more', separator: ';' }) });
    expect(table.fields).toEqual(['mail', 'more']);
    expect(table.read({ mail: 'a@x', more: 'b@x; ;c@x' }, undefined)).toEqual({
      email_addresses: [
        { email_address: 'a@x', email_address_type: 'WORK' },
        { email_address: 'b@x', email_address_type: 'OTHER' },
        { email_address: 'c@x', email_address_type: 'OTHER' },
      ],
    });
    const list = [
      { email_address: 'p@x', email_address_type: 'PERSONAL' },
      { email_address: 'w@x', email_address_type: 'WORK' },
      { email_address: 'o@x' },
    ];
    expect(table.write({ email_addresses: list }, undefined)).toEqual({
      body: { mail: 'w@x' },
      warnings: ['Flat keeps one address; not written: p@x, o@x'],
      errors: [],
    });
    expect(table.write({ email_addresses: null }, undefined).body).toEqual({ mail: '' });
  });

  const typed: Dialect<Record<string, unknown>> = { name: 'Typed', get: (r, f) => r[f], record: (v) => v };

  it('reads money as decimal text, never a float: numbers as their shortest exact text, decimal text as it is', () => {
    expect([48250.75, 1250, 0.1, -3.5, 1e21, 1e-7, Number.NaN].map(moneyOf)).toEqual([
      '48250.75',
      '1250',
      '0.1',
      '-3.5',
      '1000000000000000000000',
      '0.0000001',
      null,
    ]);
    expect(['1250.50', ' 7 ', '1,5', '', 'abc', null].map(moneyOf)).toEqual(['1250.50', '7', null, null, null, null]);
    const numeric = fieldTable(typed, {
      amount: money('Amount', { numeric: true }),
      close: day('Close'),
    });
    expect(numeric.read({ Amount: 12.5, Close: '2024-09-30T00:00:00Z' }, undefined)).toEqual({ amount: '12.5', close: '2024-09-30' });
    expect(numeric.write({ amount: '12.50' }, undefined).body).toEqual({ Amount: 12.5 });
    expect(numeric.write({ amount: '12,5' }, undefined).errors).toEqual(['amount must be a decimal string such as "1250.50": \'12,5\'']);
    const text = fieldTable(flat, { amount: money('amount') });
    expect(text.write({ amount: '12.50' }, undefined).body).toEqual({ amount: '12.50' });
    expect(text.read({ amount: '12.50' }, undefined)).toEqual({ amount: '12.50' });
  });
});
