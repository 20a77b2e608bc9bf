/**
 * Close's mappers on recorded-shape API answers (the example responses of developer.close.com's Leads, Contacts,
 * Opportunities, Tasks, Notes and Users pages), both ways, exact bodies; the list filters and the 429's wait.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { closeConnector } from '../../src/connectors/close/index.js';
import { ACTIVITY, centsToDecimal, COMPANY, CONTACT, DEAL, NOTE, type Status, TASK, USER } from '../../src/connectors/close/mapping.js';
import { filterParams } from '../../src/connectors/close/pull.js';
import { predicatesFor } from '../../src/connectors/kit/pushdown.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`fixtures/close/${name}`, import.meta.url), 'utf8')) as T;

const STATUSES: Status[] = [
  { id: 'stat_active', label: 'Active', type: 'active', pipeline_id: 'pipe_1' },
  { id: 'stat_won', label: 'Won', type: 'won', pipeline_id: 'pipe_1' },
  { id: 'stat_lost', label: 'Lost', type: 'lost', pipeline_id: 'pipe_1' },
];

describe('Close contacts', () => {
  it('reads the documented contact: one name split at its last space, typed e-mails and phones, its lead', () => {
    expect(CONTACT.read(fixture('contact.json'), {})).toEqual({
      first_name: 'Gob',
      last_name: 'Bluth',
      title: 'Magician',
      email_addresses: [{ email_address: 'gob@example.com', email_address_type: 'WORK' }],
      phone_numbers: [{ phone_number: '+16503334444', phone_number_type: 'WORK' }],
      addresses: [],
      company_id: 'lead_zrhiMchvtW1IHDGXtgCJWp6ppfl5ZKlPAqNuRkK76y8',
      owner_id: null,
      lifecycle_stage: null,
      created_at: '2013-02-01T00:54:51.331Z',
      updated_at: '2013-02-06T20:36:01.762Z',
    });
  });

  it("writes a create body with Close's types; what a contact cannot hold is reported", () => {
    const w = CONTACT.write(
      {
        first_name: 'Ann Marie',
        last_name: 'Lee',
        title: 'CEO',
        email_addresses: [
          { email_address: 'ann@acme.example', email_address_type: 'WORK' },
          { email_address: 'ann@home.example', email_address_type: 'PERSONAL' },
        ],
        phone_numbers: [
          { phone_number: '+1 555 0100', phone_number_type: 'MOBILE' },
          { phone_number: '+1 555 0101', phone_number_type: 'FAX' },
        ],
        addresses: [{ address_type: 'PRIMARY', city: 'Boston' }],
        company_id: 'lead_abc',
        owner_id: 'user_1',
      },
      {},
    );
    expect(w.errors).toEqual([]);
    expect(w.body).toEqual({
      name: 'Ann Marie Lee',
      title: 'CEO',
      emails: [
        { email: 'ann@acme.example', type: 'office' },
        { email: 'ann@home.example', type: 'home' },
      ],
      phones: [
        { phone: '+1 555 0100', type: 'mobile' },
        { phone: '+1 555 0101', type: 'fax' },
      ],
      lead_id: 'lead_abc',
    });
    expect(w.warnings).toEqual([
      'Close keeps addresses on the lead (the company), not on its contacts; addresses were not written',
      'Close contacts have no owner; owner_id was not written',
    ]);
  });

  it('keeps the other half of the current name, and never clears the lead', () => {
    expect(CONTACT.write({ last_name: 'Smith' }, { current: { first_name: 'Ann', last_name: 'Lee' } }).body).toEqual({ name: 'Ann Smith' });
    const w = CONTACT.write({ company_id: null }, {});
    expect(w.body).toEqual({});
    expect(w.warnings).toEqual(['A Close contact always belongs to a lead; company_id was not cleared']);
  });
});

describe('Close leads', () => {
  it('reads the documented lead as a company: its name, url, every address by label', () => {
    expect(COMPANY.read(fixture('lead.json'), {})).toEqual({
      name: 'Wayne Enterprises (Sample Lead)',
      description: null,
      industry: null,
      website: 'http://www.wayneenterprises.com/',
      number_of_employees: null,
      annual_revenue: null,
      addresses: [
        {
          address_type: 'PRIMARY',
          street_1: '747 Howard St',
          street_2: 'Room 3',
          city: 'San Francisco',
          state: 'CA',
          postal_code: '94103',
          country: 'US',
        },
      ],
      phone_numbers: [],
      owner_id: null,
      created_at: '2013-02-01T00:54:51.331Z',
      updated_at: '2013-02-06T20:36:01.762Z',
    });
  });

  it('writes addresses with labels (a second as mailing) and reports what a lead cannot hold', () => {
    const w = COMPANY.write(
      {
        name: 'Acme',
        website: 'https://acme.example',
        addresses: [
          { address_type: 'PRIMARY', street_1: '1 Main St', city: 'Boston', country: 'US' },
          { address_type: 'SECONDARY', city: 'Paris' },
        ],
        number_of_employees: 12,
      },
      {},
    );
    expect(w.body).toEqual({
      name: 'Acme',
      url: 'https://acme.example',
      addresses: [
        { label: 'business', address_1: '1 Main St', address_2: '', city: 'Boston', state: '', zipcode: '', country: 'US' },
        { label: 'mailing', address_1: '', address_2: '', city: 'Paris', state: '', zipcode: '', country: '' },
      ],
    });
    expect(w.warnings).toEqual(['Close leads have no headcount field; number_of_employees was not written']);
  });
});

describe('Close opportunities', () => {
  it('reads the documented opportunity: its lead as name, cents as a decimal string, the status type as status', () => {
    expect(DEAL.read(fixture('opportunity.json'), {})).toEqual({
      name: 'Wayne Enterprises (Sample Lead)',
      description: 'Bruce needs a new suit.',
      amount: '500.00',
      currency: 'USD',
      pipeline_id: 'pipe_6N15zfbzNHQr1uSJdlLyXf',
      pipeline_name: 'Sales',
      stage_id: 'stat_4ZdiZqcSIkoGVnNOyxiEY58eTGQmFNG3LPlEVQ4V7Nk',
      stage_name: 'Active',
      status: 'OPEN',
      close_date: '2013-02-28',
      probability: 75,
      owner_id: 'user_MvDoZgJkaLDYxnEmTgvVKXxF2jFmHbmqv1sPjlLcJRd',
      company_id: 'lead_IIDHIStmFDYXrHJGGbFWcgbEyDx7wiW5C4FsCMvkfWK',
      contact_ids: ['cont_sRM3Ue6jDkOXyHAcTaVFPkxTHzq6xHnwX3uYRgKbiPb'],
      last_activity_at: null,
      created_at: '2013-02-01T00:54:51.331Z',
      updated_at: '2013-02-06T20:36:01.762Z',
    });
    expect([5, -5, 0, 123456, 9007199254740991].map(centsToDecimal)).toEqual(['0.05', '-0.05', '0.00', '1234.56', '90071992547409.91']);
  });

  it('writes cents exactly, a status as the first status of its type, one contact; refuses a third decimal', () => {
    const w = DEAL.write(
      { name: 'Big one', amount: '99999999.99', currency: 'EUR', status: 'WON', contact_ids: ['cont_1', 'cont_2'], probability: 90 },
      { statuses: STATUSES },
    );
    expect(w.errors).toEqual([]);
    expect(w.body).toEqual({ value: 9999999999, value_currency: 'EUR', status_id: 'stat_won', contact_id: 'cont_1', confidence: 90 });
    expect(w.warnings).toEqual([
      'A Close opportunity has one contact; not written: cont_2',
      "A Close opportunity is named by its lead; name was not written (write the lead's name)",
    ]);
    // A stage names the status exactly: it wins over the status.
    expect(DEAL.write({ stage_id: 'stat_lost', status: 'WON' }, { statuses: STATUSES }).body).toEqual({ status_id: 'stat_lost' });
    expect(DEAL.write({ amount: '7' }, {}).body).toEqual({ value: 700 });
    expect(DEAL.write({ amount: '10.005' }, {}).errors).toEqual([
      "amount must be a decimal string with at most two decimals (Close keeps cents): '10.005'",
    ]);
    expect(DEAL.write({ status: 'LOST' }, { statuses: STATUSES.slice(0, 2) }).errors).toEqual([
      'This Close organization has no opportunity status of type lost',
    ]);
  });
});

describe('Close tasks, notes and users', () => {
  it('reads the documented task (a day due at its midnight UTC) and writes a date-time', () => {
    expect(TASK.read(fixture('task.json'), {})).toMatchObject({
      subject: 'Follow up with Bruce',
      status: 'OPEN',
      due_at: '2013-02-07T00:00:00.000Z',
      owner_id: 'user_MvDoZgJkaLDYxnEmTgvVKXxF2jFmHbmqv1sPjlLcJRd',
      company_id: 'lead_IIDHIStmFDYXrHJGGbFWcgbEyDx7wiW5C4FsCMvkfWK',
      contact_id: null,
      deal_id: null,
    });
    const w = TASK.write({ subject: 'Call', status: 'IN_PROGRESS', due_at: '2026-03-02T09:00:00+01:00', company_id: 'lead_1', priority: 'HIGH' }, {});
    expect(w.body).toEqual({ text: 'Call', is_complete: false, date: '2026-03-02T08:00:00.000Z', lead_id: 'lead_1' });
    expect(w.warnings).toEqual([
      'A Close task is complete or not; IN_PROGRESS was written as not complete',
      'Close tasks have no priority; priority was not written',
    ]);
  });

  it('reads the documented note and user', () => {
    expect(NOTE.read(fixture('note.json'), {})).toEqual({
      title: null,
      content: 'Bruce is a great guy.',
      owner_id: 'user_MvDoZgJkaLDYxnEmTgvVKXxF2jFmHbmqv1sPjlLcJRd',
      contact_id: null,
      company_id: 'lead_IIDHIStmFDYXrHJGGbFWcgbEyDx7wiW5C4FsCMvkfWK',
      deal_id: null,
      created_at: '2013-02-01T00:54:51.331Z',
      updated_at: '2013-02-06T20:36:01.762Z',
    });
    expect(NOTE.write({ content: 'Hi', company_id: 'lead_1', owner_id: 'user_2' }, {})).toEqual({
      body: { note: 'Hi', lead_id: 'lead_1' },
      warnings: ["A Close note's user is the API key's; owner_id was not written"],
      errors: [],
    });
    const [user] = fixture<{ data: object[] }>('users.json').data;
    expect(USER.read(user as object, {})).toEqual({
      name: 'P. Anabel',
      first_name: 'P.',
      last_name: 'Anabel',
      email_address: 'p.anabel@example.com',
      is_active: null,
      role: null,
    });
  });
});

describe('Close calls and meetings', () => {
  it('reads a call (it happened at its creation and lasted its duration) and a meeting (its own times and attendees)', () => {
    const call = {
      id: 'acti_1',
      _type: 'Call',
      lead_id: 'lead_1',
      contact_id: 'cont_1',
      user_id: 'user_1',
      direction: 'inbound',
      duration: 90,
      note: 'Asked for a quote.',
      date_created: '2024-01-02T03:04:05.678000+00:00',
      date_updated: '2024-01-02T03:04:05.678000+00:00',
    };
    expect(ACTIVITY.read(call, {})).toMatchObject({
      type: 'CALL',
      title: null,
      description: 'Asked for a quote.',
      timestamp: '2024-01-02T03:04:05.678Z',
      end_timestamp: '2024-01-02T03:05:35.678Z',
      direction: 'INBOUND',
      duration_seconds: 90,
      company_id: 'lead_1',
      contact_id: 'cont_1',
      user_id: 'user_1',
      participants: [],
    });
    const meeting = {
      id: 'acti_2',
      _type: 'Meeting',
      lead_id: 'lead_1',
      title: 'Demo',
      starts_at: '2024-01-05T10:00:00.000000+00:00',
      ends_at: '2024-01-05T10:30:00.000000+00:00',
      duration: 1800,
      attendees: [{ email: 'ann@acme.example', status: 'yes' }],
    };
    expect(ACTIVITY.read(meeting, {})).toMatchObject({
      type: 'MEETING',
      title: 'Demo',
      timestamp: '2024-01-05T10:00:00.000Z',
      end_timestamp: '2024-01-05T10:30:00.000Z',
      direction: null,
      participants: [{ email_address: 'ann@acme.example', email_address_type: 'WORK' }],
    });
  });
});

describe('Close list filters and errors', () => {
  const params = { lead_id: 'lead_id', user_id: 'user_id', date_updated: 'date_updated' };
  const table = {
    company_id: { name: 'lead_id', type: 'id' },
    owner_id: { name: 'user_id', type: 'id' },
    updated_at: { name: 'date_updated', type: 'datetime' },
  } as const;

  it('says one value per parameter and a date range widened to whole seconds; several values are not pushed down', () => {
    const conditions = [
      { kind: 'eq', field: 'company_id', values: ['lead_1'] },
      { kind: 'eq', field: 'owner_id', values: ['user_1', 'user_2'] },
      { kind: 'range', field: 'updated_at', type: 'date-time', ranges: [{ min: Date.parse('2024-01-02T03:04:05.678Z'), max: null }] },
    ] as const;
    expect(filterParams(predicatesFor(conditions as never, table), params)).toEqual({
      lead_id: 'lead_1',
      date_updated__gte: '2024-01-02T03:04:05.000Z',
    });
  });

  it("waits out a 429's rate_reset, and words field-errors", () => {
    const classify = closeConnector.classify;
    expect(classify({ status: 429, headers: {}, body: { error: { rate_reset: 1.25, message: 'API call count exceeded' } } })).toEqual({
      kind: 'rate_limited',
      message: '429: API call count exceeded',
      retryAfterMs: 1250,
    });
    expect(classify({ status: 400, headers: {}, body: { errors: [], 'field-errors': { lead_id: 'Object does not exist.' } } })).toEqual({
      kind: 'rejected',
      message: '400: lead_id: Object does not exist.',
    });
    // An OAuth token is renewed once (a refused API key then asks the end user to connect again).
    expect(classify({ status: 401, headers: {}, body: { error: 'Unauthorized' } })).toEqual({ kind: 'auth_expired', message: '401: Unauthorized' });
  });
});
