/** Copper's mappers on recorded-shape API answers (fixtures/README.md names the API pages), both ways, exact bodies. */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { copperConnector } from '../../src/connectors/copper/index.js';
import { COMPANY, LEAD, NOTE, OPPORTUNITY, PERSON, TASK } from '../../src/connectors/copper/mapping.js';
import { searchFilters } from '../../src/connectors/copper/pull.js';
import { withExtra } from '../../src/connectors/copper/push.js';
import { optionTable } from '../../src/connectors/kit/field-table.js';
import { predicatesFor } from '../../src/connectors/kit/pushdown.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`fixtures/copper/${name}`, import.meta.url), 'utf8')) as T;

const pipelines = { pipelines: optionTable([{ id: 213214, label: 'Sales' }]), stages: optionTable([{ id: 987790, label: 'Qualified' }]) };

describe('Copper people', () => {
  it('reads a search answer: the name halves, categories as types, one PRIMARY address, Unix seconds as ISO instants', () => {
    const [ann, cher] = fixture<object[]>('people-search.json').map((p) => PERSON.read(p, {}));
    expect(ann).toEqual({
      first_name: 'Ann Marie',
      last_name: 'Lee',
      title: 'Regional Manager',
      email_addresses: [
        { email_address: 'ann@dundermifflin.example', email_address_type: 'WORK' },
        { email_address: 'ann@home.example', email_address_type: 'PERSONAL' },
      ],
      phone_numbers: [
        { phone_number: '415-123-45678', phone_number_type: 'MOBILE' },
        { phone_number: '415-555-0100', phone_number_type: 'WORK' },
      ],
      addresses: [
        { address_type: 'PRIMARY', street_1: '1 Main St', street_2: null, city: 'Boston', state: 'MA', postal_code: '02110', country: 'US' },
      ],
      company_id: '9607580',
      owner_id: '137658',
      lifecycle_stage: null,
      created_at: '2017-01-09T19:07:09.000Z',
      updated_at: '2017-06-06T19:10:55.000Z',
    });
    // Copper's empty address (all parts "") is no address.
    expect(cher).toMatchObject({ first_name: 'Cher', last_name: null, addresses: [], email_addresses: [], company_id: null, owner_id: null });
  });

  it('writes a create body: the whole name, categories, the address, numeric ids; a fax number is written as other', () => {
    const w = PERSON.write(
      {
        first_name: 'Ann',
        last_name: 'Lee',
        email_addresses: [{ email_address: 'ann@acme.example', email_address_type: 'WORK' }],
        phone_numbers: [{ phone_number: '+1 555 0101', phone_number_type: 'FAX' }],
        addresses: [
          { address_type: 'PRIMARY', street_1: '1 Main St', street_2: 'Suite 5', city: 'Boston', state: 'MA', postal_code: '02110', country: 'US' },
        ],
        company_id: '9607580',
        owner_id: '137658',
        lifecycle_stage: 'lead',
      },
      {},
    );
    expect(w.errors).toEqual([]);
    expect(w.body).toEqual({
      name: 'Ann Lee',
      emails: [{ email: 'ann@acme.example', category: 'work' }],
      phone_numbers: [{ number: '+1 555 0101', category: 'other' }],
      address: { street: '1 Main St, Suite 5', city: 'Boston', state: 'MA', postal_code: '02110', country: 'US' },
      company_id: 9607580,
      assignee_id: 137658,
    });
    expect(w.warnings).toEqual([
      'Copper has no fax category; fax numbers were written as "other"',
      'Copper people have no lifecycle stage; lifecycle_stage was not written',
    ]);
  });

  it('keeps the other half of the current name on a partial name change', () => {
    expect(PERSON.write({ last_name: 'Smith' }, { current: { first_name: 'Ann', last_name: 'Lee' } }).body).toEqual({ name: 'Ann Smith' });
  });

  it('reads the documented person example (an empty address, no e-mails)', () => {
    expect(PERSON.read(fixture('person.json'), {})).toMatchObject({ first_name: 'Person', last_name: 'Default', addresses: [], owner_id: '137658' });
  });
});

describe('Copper opportunities', () => {
  it('reads the documented example: the value as an exact decimal string, the M/D/YYYY close date as ISO, pipeline and stage names', () => {
    expect(OPPORTUNITY.read(fixture('opportunity.json'), pipelines)).toEqual({
      name: '8 New Copy Machines (sample)',
      description: 'This is an update',
      amount: '250000',
      currency: null,
      pipeline_id: '213214',
      pipeline_name: 'Sales',
      stage_id: '987790',
      stage_name: 'Qualified',
      status: 'OPEN',
      close_date: '2017-01-23',
      probability: 5,
      owner_id: null,
      company_id: '9607580',
      contact_ids: [],
      last_activity_at: null,
      created_at: '2017-01-09T19:07:09.000Z',
      updated_at: '2017-06-06T19:10:55.000Z',
    });
    expect(OPPORTUNITY.read({ ...fixture<object>('opportunity.json'), status: 'Abandoned', monetary_value: 1250.5 }, pipelines)).toMatchObject({
      status: 'LOST',
      amount: '1250.5',
    });
  });

  it('writes the amount as a number, the close date as MM/DD/YYYY, the first contact as the primary one', () => {
    const w = OPPORTUNITY.write(
      { name: 'Fleet', amount: '1250.50', close_date: '2025-03-01', status: 'WON', stage_id: '987791', contact_ids: ['11', '12'], company_id: '5' },
      pipelines,
    );
    expect(w.body).toEqual({
      name: 'Fleet',
      monetary_value: 1250.5,
      pipeline_stage_id: 987791,
      status: 'Won',
      close_date: '03/01/2025',
      company_id: 5,
      primary_contact_id: 11,
    });
    expect(w.warnings).toEqual(['A Copper opportunity holds one primary contact; the other contact_ids were not written']);
    expect(OPPORTUNITY.write({ name: 'X', amount: 12.5 }, pipelines).errors).toEqual(['amount must be a decimal string such as "1250.50": \'12.5\'']);
  });
});

describe('Copper leads', () => {
  const sources = { sources: optionTable([{ id: 331241, label: 'Cold Call' }]) };

  it('reads the documented lead: its one e-mail, New as NEW, the source by name', () => {
    expect(LEAD.read({ ...fixture<object>('lead.json'), customer_source_id: 331241 }, sources)).toEqual({
      first_name: 'My',
      last_name: 'Lead',
      title: null,
      company_name: null,
      email_addresses: [{ email_address: 'mylead@gmail.test', email_address_type: 'WORK' }],
      phone_numbers: [],
      addresses: [],
      status: 'NEW',
      source: 'Cold Call',
      owner_id: null,
      contact_id: null,
      company_id: null,
      converted_at: null,
      created_at: '2017-03-14T22:39:31.000Z',
      updated_at: '2017-11-30T01:40:56.000Z',
    });
  });

  it('writes one e-mail object and the source id; a second address and a QUALIFIED status are reported', () => {
    const w = LEAD.write(
      {
        first_name: 'Ann',
        last_name: 'Lee',
        email_addresses: [
          { email_address: 'ann@acme.example', email_address_type: 'PERSONAL' },
          { email_address: 'ann@work.example', email_address_type: 'WORK' },
        ],
        status: 'QUALIFIED',
        source: 'cold call',
      },
      sources,
    );
    expect(w.body).toEqual({ name: 'Ann Lee', email: { email: 'ann@acme.example', category: 'personal' }, customer_source_id: 331241 });
    expect(w.warnings).toEqual([
      'A Copper lead holds one e-mail address; not written: ann@work.example',
      'A Copper lead is qualified by converting it into a person; status QUALIFIED was not written',
    ]);
    expect(LEAD.write({ source: 'Billboard' }, sources).errors).toEqual(["'Billboard' is not one of this Copper account's customer sources"]);
  });
});

describe('Copper tasks and notes', () => {
  it('reads a task: its related opportunity as deal_id, High priority, Completed with its completion time', () => {
    expect(TASK.read(fixture('task.json'), {})).toEqual({
      subject: 'Send quote',
      content: 'Bring the price list.',
      status: 'COMPLETED',
      priority: 'HIGH',
      due_at: '2017-06-06T18:00:00.000Z',
      completed_at: '2017-06-06T19:10:55.000Z',
      owner_id: '137658',
      contact_id: null,
      company_id: null,
      deal_id: '2827698',
      created_at: '2017-01-09T19:07:09.000Z',
      updated_at: '2017-06-06T19:10:55.000Z',
    });
  });

  it('writes a task: the due time in Unix seconds, the first link given as related_resource', () => {
    const w = TASK.write({ subject: 'Call', due_at: '2025-03-01T10:00:00Z', priority: 'MEDIUM', contact_id: '7', deal_id: '9' }, {});
    expect(w.body).toEqual({ name: 'Call', priority: 'None', due_date: 1740823200, related_resource: { id: 7, type: 'person' } });
    expect(w.warnings).toEqual([
      'Copper task priorities are High or None; MEDIUM was written as None',
      'A Copper task is on one record; deal_id was not written',
    ]);
  });

  it('reads a Note activity and writes one on a company', () => {
    expect(NOTE.read(fixture('activity-note.json'), {})).toEqual({
      title: null,
      content: 'Asked for a discount.',
      owner_id: '137658',
      contact_id: '26443553',
      company_id: null,
      deal_id: null,
      created_at: '2017-06-06T00:59:47.000Z',
      updated_at: '2017-06-06T00:59:43.000Z',
    });
    expect(NOTE.write({ content: 'Hello', company_id: '9607580' }, {}).body).toEqual({ details: 'Hello', parent: { id: 9607580, type: 'company' } });
  });

  it('reads a company and writes its website as a work website', () => {
    const company = {
      id: 1,
      name: 'Acme',
      details: 'Anvils',
      websites: [{ url: 'https://acme.example', category: 'work' }],
      address: null,
      phone_numbers: [{ number: '1', category: 'work' }],
      assignee_id: 3,
      date_created: 1,
      date_modified: 2,
    };
    expect(COMPANY.read(company, {})).toMatchObject({
      name: 'Acme',
      description: 'Anvils',
      website: 'https://acme.example',
      addresses: [],
      phone_numbers: [{ phone_number: '1', phone_number_type: 'WORK' }],
      owner_id: '3',
    });
    expect(COMPANY.write({ name: 'Acme', website: 'https://acme.example', industry: 'Tools' }, {})).toEqual({
      body: { name: 'Acme', websites: [{ url: 'https://acme.example', category: 'work' }] },
      warnings: ['Copper companies have no industry field; industry was not written'],
      errors: [],
    });
  });
});

describe('Copper search bodies and custom fields', () => {
  it('renders pushed-down filters as search body fields: ids as numbers, modified dates as Unix seconds widened outwards', () => {
    const object = { filters: PERSON.pushable(['owner_id', 'company_id', 'updated_at', 'email_addresses.email_address']) };
    const body = searchFilters(
      predicatesFor(
        [
          { kind: 'eq', field: 'owner_id', values: ['137658'] },
          { kind: 'range', field: 'updated_at', type: 'date-time', ranges: [{ min: Date.UTC(2024, 0, 1, 0, 0, 0, 500), max: null }] },
          { kind: 'nested', field: 'email_addresses', alternatives: [[{ kind: 'eq', field: 'email_address', values: ['ann@acme.example'] }]] },
        ] as never,
        object.filters,
      ),
    );
    expect(body).toEqual({ assignee_ids: [137658], minimum_modified_date: 1704067200, emails: ['ann@acme.example'] });
  });

  it('puts cf_<id> fields into custom_fields and reads them back by definition id', async () => {
    expect(withExtra({ name: 'X' }, { cf_100764: 'Gold', details: 'note' })).toEqual({
      name: 'X',
      details: 'note',
      custom_fields: [{ custom_field_definition_id: 100764, value: 'Gold' }],
    });
    const [ann] = fixture<Array<Record<string, unknown> & { id: number }>>('people-search.json');
    const pulled = await copperConnector.read(
      { request: async () => ({ status: 200, headers: {}, body: [ann] }) } as never,
      'crm-contact',
      ['26443553'],
      ['cf_100764'],
    );
    expect(pulled.get('26443553')?.fields).toEqual({ cf_100764: 'Gold' });
  });

  it("describes an object's fields: its own, then the custom field definitions available on it, as cf_<id>", async () => {
    const definitions = [
      { id: 100764, name: 'Customer tier', data_type: 'Dropdown', available_on: ['person', 'company'] },
      { id: 103481, name: 'Renewal date', data_type: 'Date', available_on: ['opportunity'] },
    ];
    const client = { request: async () => ({ status: 200, headers: {}, body: definitions }) } as never;
    const fields = await copperConnector.fields(client, 'crm-contact');
    expect(fields.find((f) => f.name === 'emails')).toEqual({
      name: 'emails',
      label: 'Emails',
      type: 'other',
      writable: true,
      custom: false,
      mapped: true,
    });
    expect(fields.find((f) => f.name === 'contact_type_id')).toMatchObject({ mapped: false, custom: false });
    expect(fields.filter((f) => f.custom)).toEqual([
      { name: 'cf_100764', label: 'Customer tier', type: 'enum', custom: true, writable: true, mapped: false },
    ]);
    expect((await copperConnector.fields(client, 'crm-user')).some((f) => f.custom)).toBe(false);
  });
});
