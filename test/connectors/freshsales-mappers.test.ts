/** Freshsales' mappers on recorded-shape API answers (fixtures/README.md names the API pages), both ways. */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { ACTIVITY, CONTACT, type Context, DEAL, type FreshsalesItem, NOTE, TASK } from '../../src/connectors/freshsales/mapping.js';
import { rulesOf } from '../../src/connectors/freshsales/pull.js';
import { withExtra } from '../../src/connectors/freshsales/push.js';
import { optionTable } from '../../src/connectors/kit/field-table.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`fixtures/freshsales/${name}`, import.meta.url), 'utf8')) as T;

const ctx: Context = {
  pipelines: optionTable([{ id: 4, label: 'Sales' }]),
  stages: optionTable([{ id: 7, label: 'Won' }]),
  currencies: optionTable([
    { id: 1, label: 'USD' },
    { id: 2, label: 'EUR' },
  ]),
  forecast: (id) => (id === 7 ? 'Closed Won' : undefined),
};

describe('Freshsales mappers', () => {
  it('maps a view page of contacts: primary e-mail first, work and mobile numbers, one address, times in UTC', () => {
    const { contacts } = fixture<{ contacts: FreshsalesItem[] }>('contacts-view.json');
    expect(contacts.map((c) => CONTACT.read(c, {}))).toEqual([
      {
        first_name: 'Jane',
        last_name: 'Sampleton (sample)',
        title: 'Sales Executive',
        email_addresses: [
          { email_address: 'janesampleton@gmail.com', email_address_type: 'WORK' },
          { email_address: 'jane.home@example.com', email_address_type: 'PERSONAL' },
        ],
        phone_numbers: [
          { phone_number: '3684932360', phone_number_type: 'WORK' },
          { phone_number: '19266559503', phone_number_type: 'MOBILE' },
        ],
        addresses: [
          {
            address_type: 'PRIMARY',
            street_1: '604-5854 Beckford St.',
            street_2: null,
            city: 'Glendale',
            state: 'Arizona',
            postal_code: '100652',
            country: 'USA',
          },
        ],
        company_id: '3',
        owner_id: '1',
        lifecycle_stage: null,
        created_at: '2016-09-26T08:07:03.000Z',
        updated_at: '2016-09-27T02:45:00.000Z',
      },
      {
        first_name: null,
        last_name: 'Lee',
        title: null,
        email_addresses: [{ email_address: 'lee@example.com', email_address_type: 'WORK' }],
        phone_numbers: [],
        addresses: [],
        company_id: null,
        owner_id: '1',
        lifecycle_stage: null,
        created_at: '2016-09-28T10:00:00.000Z',
        updated_at: '2016-09-28T10:00:00.000Z',
      },
    ]);
  });

  it('writes a contact: e-mails as the emails list, phones by slot, the account id as a number, warnings for what cannot be held', () => {
    const write = CONTACT.write(
      {
        first_name: 'Ann',
        email_addresses: [
          { email_address: 'ann@acme.com', email_address_type: 'WORK' },
          { email_address: 'ann@home.example', email_address_type: 'PERSONAL' },
        ],
        phone_numbers: [
          { phone_number: '+1 555 0100', phone_number_type: 'MOBILE' },
          { phone_number: '+1 555 0101', phone_number_type: 'FAX' },
        ],
        addresses: [{ address_type: 'PRIMARY', street_1: '1 Main St', street_2: 'Suite 2', city: 'Boston' }],
        company_id: '3',
        lifecycle_stage: 'lead',
      },
      {},
    );
    expect(write).toEqual({
      body: {
        first_name: 'Ann',
        emails: [
          { value: 'ann@acme.com', is_primary: true, label: 'Work' },
          { value: 'ann@home.example', is_primary: false, label: 'Personal' },
        ],
        work_number: '+1 555 0101',
        mobile_number: '+1 555 0100',
        address: '1 Main St',
        city: 'Boston',
        state: null,
        zipcode: null,
        country: null,
        sales_account_id: 3,
      },
      warnings: [
        'Freshsales contacts have one street line (address); street_2 was not written',
        'Weft does not map Freshsales lifecycle stages yet; lifecycle_stage was not written',
      ],
      errors: [],
    });
    expect(withExtra({ first_name: 'Ann' }, { cf_tier: 'Gold', job_title: 'CEO' })).toEqual({
      first_name: 'Ann',
      job_title: 'CEO',
      custom_field: { cf_tier: 'Gold' },
    });
  });

  it('maps a deal: the amount exactly as decimal text, the currency code, the stage name and its won status, its contacts', () => {
    const { deal } = fixture<{ deal: FreshsalesItem }>('deal.json');
    expect(DEAL.read(deal, ctx)).toEqual({
      name: 'Sample deal',
      description: null,
      amount: '1000.55',
      currency: 'USD',
      pipeline_id: '4',
      pipeline_name: 'Sales',
      stage_id: '7',
      stage_name: 'Won',
      status: 'WON',
      close_date: '2016-10-26',
      probability: 100,
      owner_id: '1',
      company_id: '3',
      contact_ids: ['2', '5'],
      last_activity_at: null,
      created_at: '2016-09-26T08:07:03.000Z',
      updated_at: '2016-10-20T03:30:00.000Z',
    });
    expect(DEAL.write({ name: 'X', amount: '12345678901234.99', currency: 'EUR', stage_id: '7', contact_ids: ['2'], status: 'WON' }, ctx)).toEqual({
      body: { name: 'X', amount: '12345678901234.99', currency_id: 2, deal_stage_id: 7, contacts_added_list: [2] },
      warnings: ["Freshsales derives a deal's status from its stage; status was not written (write stage_id)"],
      errors: [],
    });
    expect(DEAL.write({ amount: 12.5 }, ctx).errors).toEqual(['amount must be a decimal string such as "1250.50": \'12.5\'']);
  });

  it('maps a task on a contact, and writes the target of a task or note from the first of deal, contact and company', () => {
    const { task } = fixture<{ task: FreshsalesItem }>('task.json');
    expect(TASK.read(task, {})).toEqual({
      subject: 'Call back Jane',
      content: 'About the renewal',
      status: 'COMPLETED',
      priority: null,
      due_at: '2016-09-30T05:00:00.000Z',
      completed_at: '2016-09-29T12:30:00.000Z',
      owner_id: '1',
      deal_id: null,
      contact_id: '2',
      company_id: null,
      created_at: '2016-09-26T08:07:03.000Z',
      updated_at: '2016-09-29T12:30:00.000Z',
    });
    expect(TASK.write({ subject: 'Call', status: 'IN_PROGRESS', company_id: '3', due_at: '2026-01-02T03:04:05.000Z' }, {})).toEqual({
      body: { title: 'Call', status: 0, due_date: '2026-01-02T03:04:05.000Z', targetable_type: 'SalesAccount', targetable_id: 3 },
      warnings: ['Freshsales tasks are open or completed; IN_PROGRESS was written as open'],
      errors: [],
    });
    expect(NOTE.write({ content: 'Hi', contact_id: '2', deal_id: '9', owner_id: '1' }, {})).toEqual({
      body: { description: 'Hi', targetable_type: 'Deal', targetable_id: 9 },
      warnings: ['A Freshsales note is on one record; contact_id not written', 'Freshsales sets the user who wrote a note; owner_id was not written'],
      errors: [],
    });
  });

  it('maps an appointment as a meeting: start, end, its duration, its maker and its record', () => {
    const appointment = {
      id: 4,
      title: 'Demo',
      description: null,
      from_date: '2016-10-01T10:00:00+05:30',
      end_date: '2016-10-01T10:45:00+05:30',
      creater_id: 1,
      targetable_type: 'SalesAccount',
      targetable_id: 3,
      created_at: '2016-09-26T13:37:03+05:30',
      updated_at: '2016-09-26T13:37:03+05:30',
    };
    expect(ACTIVITY.read(appointment, {})).toEqual({
      type: 'MEETING',
      title: 'Demo',
      description: null,
      timestamp: '2016-10-01T04:30:00.000Z',
      end_timestamp: '2016-10-01T05:15:00.000Z',
      user_id: '1',
      deal_id: null,
      contact_id: null,
      company_id: '3',
      direction: null,
      duration_seconds: 2700,
      participants: [],
      created_at: '2016-09-26T08:07:03.000Z',
      updated_at: '2016-09-26T08:07:03.000Z',
    });
    expect(ACTIVITY.write({ type: 'MEETING', title: 'Demo', timestamp: '2026-01-02T10:00:00.000Z', duration_seconds: 60 }, {})).toEqual({
      body: { title: 'Demo', from_date: '2026-01-02T10:00:00.000Z' },
      warnings: ['Freshsales keeps an appointment’s start and end; duration_seconds was not written (give end_timestamp)'],
      errors: [],
    });
  });

  it('says pushed-down predicates as filtered-search rules, widened outwards to whole seconds', () => {
    const field = { name: 'updated_at', type: 'datetime' as const };
    expect(
      rulesOf([
        { field, op: 'range', ranges: [{ min: Date.UTC(2026, 0, 1, 0, 0, 0, 500), max: Date.UTC(2026, 1, 1) }] },
        { field: { name: 'owner_id', type: 'id' }, op: 'in', values: ['1', '2'] },
        {
          field,
          op: 'range',
          ranges: [
            { min: 1, max: 2 },
            { min: 5, max: 6 },
          ],
        },
      ]),
    ).toEqual([
      { attribute: 'updated_at', operator: 'is_after', value: '2025-12-31T23:59:59.000Z' },
      { attribute: 'updated_at', operator: 'is_before', value: '2026-02-01T00:00:01.000Z' },
      { attribute: 'owner_id', operator: 'is_in', value: ['1', '2'] },
    ]);
  });
});
