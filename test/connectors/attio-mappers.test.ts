/** Attio's mappers on recorded-shape API answers (fixtures/README.md names the API pages), both ways, exact bodies. */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { COMPANY, DEAL, exactNumber, PERSON, TASK } from '../../src/connectors/attio/mapping.js';
import { attioFilter } from '../../src/connectors/attio/pull.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')) as T;
type Answer = { data: Array<Record<string, unknown>> };

describe('Attio mappers', () => {
  it('reads a person: current values only, the location as an address, the last value change as updated_at', () => {
    const [person] = fixture<Answer>('attio/people-query.json').data;
    expect(PERSON.read(person!, {})).toEqual({
      first_name: 'John',
      last_name: 'Smith',
      title: 'Head of Sales',
      email_addresses: [{ email_address: 'john@smith.com', email_address_type: 'WORK' }],
      phone_numbers: [{ phone_number: '+44 7777 777777', phone_number_type: 'OTHER' }],
      addresses: [
        {
          address_type: 'PRIMARY',
          street_1: '1 Infinite Loop',
          street_2: 'Block 1',
          city: 'Cupertino',
          state: 'CA',
          postal_code: '95014',
          country: 'US',
        },
      ],
      company_id: 'e7b5b5b2-9d2c-4cd8-9a5b-1f0e2b6c3d4a',
      owner_id: null,
      lifecycle_stage: null,
      created_at: '2022-11-21T13:22:49.061Z',
      updated_at: '2023-06-01T09:00:00.000Z',
    });
  });

  it('writes a person as Attio values: lists per attribute, [] to clear, every location part', () => {
    const out = PERSON.write(
      {
        first_name: 'Ann',
        last_name: 'Lee',
        title: null,
        email_addresses: [{ email_address: 'ann@acme.com', email_address_type: 'WORK' }],
        phone_numbers: [{ phone_number: '+1 617 555 0100', phone_number_type: 'MOBILE' }],
        addresses: [{ address_type: 'PRIMARY', street_1: '1 Main St', city: 'Boston', state: 'MA', postal_code: '02108', country: 'United States' }],
        company_id: 'e7b5b5b2-9d2c-4cd8-9a5b-1f0e2b6c3d4a',
        owner_id: 'someone',
      },
      {},
    );
    expect(out.body).toEqual({
      name: [{ first_name: 'Ann', last_name: 'Lee', full_name: 'Ann Lee' }],
      job_title: [],
      email_addresses: [{ email_address: 'ann@acme.com' }],
      phone_numbers: [{ original_phone_number: '+1 617 555 0100', country_code: null }],
      primary_location: [
        {
          line_1: '1 Main St',
          line_2: null,
          line_3: null,
          line_4: null,
          locality: 'Boston',
          region: 'MA',
          postcode: '02108',
          country_code: null,
          latitude: null,
          longitude: null,
        },
      ],
      company: [{ target_object: 'companies', target_record_id: 'e7b5b5b2-9d2c-4cd8-9a5b-1f0e2b6c3d4a' }],
    });
    expect(out.errors).toEqual([]);
    expect(out.warnings).toEqual([
      'Attio keeps no phone number types; the numbers were written without them',
      "Attio takes a country as its two-letter ISO code; country 'United States' was not written",
      'Attio people have no owner; owner_id was not written',
    ]);
    // A partial name change keeps the current other half; a local phone number is refused.
    expect(PERSON.write({ last_name: 'Lee-Smith' }, { current: { first_name: 'Ann', last_name: 'Lee' } }).body).toEqual({
      name: [{ first_name: 'Ann', last_name: 'Lee-Smith', full_name: 'Ann Lee-Smith' }],
    });
    expect(PERSON.write({ phone_numbers: [{ phone_number: '617 555 0100' }] }, {}).errors).toEqual([
      "Attio needs phone numbers in international form (+ and the country code): '617 555 0100'",
    ]);
  });

  it('reads a deal: the amount as an exact decimal string, won from the celebrated stage, parties and owner', () => {
    const [deal] = fixture<Answer>('attio/deals-query.json').data;
    expect(DEAL.read(deal!, undefined)).toEqual({
      name: 'Acme renewal',
      description: null,
      amount: '12500.1',
      currency: 'EUR',
      pipeline_id: null,
      pipeline_name: null,
      stage_id: '11f07f01-c10f-4e05-a522-33e050bc52ee',
      stage_name: 'Won 🎉',
      status: 'WON',
      close_date: null,
      probability: null,
      owner_id: '50cf242c-7fa3-4cad-87d0-75b1af71c57b',
      company_id: 'e7b5b5b2-9d2c-4cd8-9a5b-1f0e2b6c3d4a',
      contact_ids: ['bf071e1f-6035-429d-b874-d83ea64ea13b', '2d5b7c7e-0c52-4b49-8f7a-b6a1c1d5e6f7'],
      last_activity_at: null,
      created_at: '2023-05-02T10:00:00.000Z',
      updated_at: '2023-07-01T08:30:00.000Z',
    });
  });

  it('writes a deal: money as the exact number, refused when a number cannot hold it', () => {
    const out = DEAL.write(
      { name: 'Big', amount: '1250.50', stage_id: 'Lead', owner_id: 'm1', contact_ids: ['p1', 'p2'], currency: 'USD' },
      undefined,
    );
    expect(out.body).toEqual({
      name: [{ value: 'Big' }],
      value: [{ currency_value: 1250.5 }],
      stage: [{ status: 'Lead' }],
      owner: [{ referenced_actor_type: 'workspace-member', referenced_actor_id: 'm1' }],
      associated_people: [
        { target_object: 'people', target_record_id: 'p1' },
        { target_object: 'people', target_record_id: 'p2' },
      ],
    });
    expect(out.warnings).toEqual(["Attio sets a deal value's currency on the attribute, not per deal; currency was not written"]);
    expect(exactNumber('0012.500')).toBe(12.5);
    expect(exactNumber('12345678901234567.89')).toBeUndefined();
    expect(DEAL.write({ amount: '12345678901234567.89' }, undefined).errors).toHaveLength(1);
    expect(DEAL.write({ amount: 12.5 }, undefined).errors).toHaveLength(1);
  });

  it('writes a company website as its domain', () => {
    expect(COMPANY.write({ name: 'Acme', website: 'https://www.Acme.com/about', industry: 'SaaS' }, undefined).body).toEqual({
      name: [{ value: 'Acme' }],
      domains: [{ domain: 'acme.com' }],
      categories: ['SaaS'],
    });
  });

  it('reads and writes a task', () => {
    const [task] = fixture<Answer>('attio/tasks.json').data;
    expect(TASK.read(task!, undefined)).toEqual({
      subject: 'Follow up on current software solutions',
      content: null,
      status: 'COMPLETED',
      priority: null,
      due_at: '2023-01-01T15:00:00.000Z',
      completed_at: null,
      owner_id: '50cf242c-7fa3-4cad-87d0-75b1af71c57b',
      contact_id: 'bf071e1f-6035-429d-b874-d83ea64ea13b',
      company_id: null,
      deal_id: null,
      created_at: '2022-11-21T13:22:49.061Z',
      updated_at: null,
    });
    expect(TASK.write({ subject: 'Call', status: 'OPEN', due_at: null, owner_id: 'm1' }, undefined).body).toEqual({
      content: 'Call',
      format: 'plaintext',
      is_completed: false,
      deadline_at: null,
      assignees: [{ referenced_actor_type: 'workspace-member', referenced_actor_id: 'm1' }],
    });
  });

  it('renders pushed-down predicates in Attio filter language', () => {
    expect(
      attioFilter([
        { field: { name: 'email_addresses.email_address', type: 'string' }, op: 'in', values: ['a@x.com', 'b@x.com'] },
        { field: { name: 'company.target_record_id', type: 'id' }, op: 'in', values: ['c1'] },
        { field: { name: 'created_at', type: 'datetime' }, op: 'range', ranges: [{ min: Date.UTC(2024, 0, 1), max: null }] },
      ]),
    ).toEqual({
      $and: [
        { $or: [{ email_addresses: { email_address: { $eq: 'a@x.com' } } }, { email_addresses: { email_address: { $eq: 'b@x.com' } } }] },
        { company: { target_record_id: { $eq: 'c1' } } },
        { created_at: { $gte: '2024-01-01T00:00:00.000Z' } },
      ],
    });
    expect(attioFilter([])).toBeUndefined();
  });
});
