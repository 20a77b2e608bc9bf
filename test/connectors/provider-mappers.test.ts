/** Salesforce's and Pipedrive's mappers on recorded-shape API answers (fixtures/README.md names the API pages). */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import {
  type OptionTable,
  organizationToCommon,
  personToCommon,
  type PipedriveOrganization,
  type PipedrivePerson,
} from '../../src/connectors/pipedrive/mapping.js';
import { accountToCommon, contactToCommon, dealFromCommon, dealToCommon, type SObject } from '../../src/connectors/salesforce/mapping.js';
import { crmCompanySchema } from '../../src/model/schemas/crm-company.js';
import { crmContactSchema } from '../../src/model/schemas/crm-contact.js';
import { crmDealSchema } from '../../src/model/schemas/crm-deal.js';
import { dataValidator } from '../../src/model/validate.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')) as T;

const validContact = dataValidator(
  { key: 'crm-contact', endgrate_type: 'crm-contact', title: 'crm-contact', custom: false, associations: false, schema: crmContactSchema },
  { passthroughFields: false },
);
const validCompany = dataValidator(
  { key: 'crm-company', endgrate_type: 'crm-company', title: 'crm-company', custom: false, associations: false, schema: crmCompanySchema },
  { passthroughFields: false },
);

const validDeal = dataValidator(
  { key: 'crm-deal', endgrate_type: 'crm-deal', title: 'crm-deal', custom: false, associations: false, schema: crmDealSchema },
  { passthroughFields: false },
);

describe('Salesforce mappers on a SOQL query answer', () => {
  it('maps Opportunities: the amount as a decimal string, won/lost from the stage, the contact roles as contact_ids', () => {
    const { records } = fixture<{ records: SObject[] }>('salesforce/query-opportunities.json');
    const mapped = records.map(dealToCommon);
    expect(mapped).toEqual([
      {
        name: 'Acme - Annual Subscription',
        description: 'Renewal with two more seats',
        amount: '48250.75',
        currency: null,
        pipeline_id: null,
        pipeline_name: null,
        stage_id: 'Negotiation/Review',
        stage_name: 'Negotiation/Review',
        status: 'OPEN',
        close_date: '2024-09-30',
        probability: 90,
        owner_id: '005Dn000001AbCdIAK',
        company_id: '001Dn00000Z9y8xIAB',
        contact_ids: ['003Dn00000XyZ12IAB', '003Dn00000XyZ34IAB'],
        last_activity_at: '2024-08-01T00:00:00.000Z',
        created_at: '2024-02-01T09:00:00.000Z',
        updated_at: '2024-08-01T12:30:00.000Z',
      },
      {
        name: 'Pilot',
        description: null,
        amount: null,
        currency: null,
        pipeline_id: null,
        pipeline_name: null,
        stage_id: 'Closed Lost',
        stage_name: 'Closed Lost',
        status: 'LOST',
        close_date: '2024-03-15',
        probability: 0,
        owner_id: '005Dn000001AbCdIAK',
        company_id: null,
        contact_ids: [],
        last_activity_at: null,
        created_at: '2024-01-10T00:00:00.000Z',
        updated_at: '2024-03-15T17:00:00.000Z',
      },
    ]);
    for (const m of mapped) expect(validDeal(m)).toMatchObject({ ok: true });
  });

  it('writes a deal: the amount as a number, a status alone as the closing stage, what Salesforce cannot hold as warnings', () => {
    expect(dealFromCommon({ name: 'Won', amount: '1250.50', status: 'WON', currency: 'EUR', contact_ids: ['003'] })).toEqual({
      fields: { Name: 'Won', Amount: 1250.5, StageName: 'Closed Won' },
      warnings: ["A Salesforce org without multiple currencies keeps every amount in the org's currency; currency was not written"],
    });
    expect(dealFromCommon({ stage_id: 'Prospecting', status: 'WON' }).fields).toEqual({ StageName: 'Prospecting' });
    expect(dealFromCommon({ status: 'OPEN' }).warnings).toEqual(['Salesforce opens a deal by its stage: give stage_id; status OPEN was not written']);
    expect(dealFromCommon({ amount: '12,5' })).toEqual({
      fields: {},
      warnings: [],
      errors: ['amount must be a decimal string such as "1250.50": \'12,5\''],
    });
  });

  it('maps Contacts: one email, fixed phone fields, a multi-line street, +0000 datetimes', () => {
    const { records } = fixture<{ records: SObject[] }>('salesforce/query-contacts.json');
    const mapped = records.map(contactToCommon);
    expect(mapped).toEqual([
      {
        first_name: 'Ann',
        last_name: 'Lee',
        title: 'CTO',
        email_addresses: [{ email_address: 'ann@acme.com', email_address_type: 'WORK' }],
        phone_numbers: [
          { phone_number: '+1 555 0100', phone_number_type: 'WORK' },
          { phone_number: '+1 555 0101', phone_number_type: 'MOBILE' },
        ],
        addresses: [
          {
            address_type: 'PRIMARY',
            street_1: '1 Main St',
            street_2: 'Suite 200',
            city: 'Boston',
            state: 'MA',
            postal_code: '02110',
            country: 'United States',
          },
        ],
        company_id: '001Dn00000Z9y8xIAB',
        owner_id: '005Dn000001AbCdIAK',
        lifecycle_stage: null,
        created_at: '2024-01-02T03:04:05.000Z',
        updated_at: '2024-02-01T10:00:00.000Z',
      },
      {
        first_name: null,
        last_name: 'Okafor',
        title: null,
        email_addresses: [],
        phone_numbers: [{ phone_number: '+44 20 7946 0000', phone_number_type: 'FAX' }],
        addresses: [],
        company_id: null,
        owner_id: '005Dn000001AbCdIAK',
        lifecycle_stage: null,
        created_at: '2023-06-30T23:59:59.000Z',
        updated_at: '2023-07-01T00:00:00.000Z',
      },
    ]);
    for (const m of mapped) expect(validContact(m)).toMatchObject({ ok: true });
  });

  it('maps Accounts: billing and shipping addresses, numbers as numbers', () => {
    const { records } = fixture<{ records: SObject[] }>('salesforce/query-accounts.json');
    const mapped = records.map(accountToCommon);
    expect(mapped).toEqual([
      {
        name: 'Acme Corp',
        description: 'Anvils and rockets',
        industry: 'Manufacturing',
        website: 'https://acme.com',
        number_of_employees: 250,
        annual_revenue: 12500000,
        addresses: [
          {
            address_type: 'BILLING',
            street_1: '1 Main St',
            street_2: null,
            city: 'Boston',
            state: 'MA',
            postal_code: '02110',
            country: 'United States',
          },
          { address_type: 'SHIPPING', street_1: null, street_2: null, city: null, state: null, postal_code: null, country: 'Canada' },
        ],
        phone_numbers: [{ phone_number: '+1 555 0199', phone_number_type: 'WORK' }],
        owner_id: '005Dn000001AbCdIAK',
        created_at: '2022-11-15T08:30:00.000Z',
        updated_at: '2024-03-04T12:00:00.000Z',
      },
    ]);
    for (const m of mapped) expect(validCompany(m)).toMatchObject({ ok: true });
  });
});

describe('Pipedrive mappers on API v2 list answers', () => {
  it('maps persons: primary email and phone first, labels to types, a name split when first/last are empty', () => {
    const { data } = fixture<{ data: PipedrivePerson[] }>('pipedrive/persons.json');
    const mapped = data.map(personToCommon);
    expect(mapped).toEqual([
      {
        first_name: 'Ann',
        last_name: 'Lee',
        title: 'CTO',
        email_addresses: [
          { email_address: 'ann@acme.com', email_address_type: 'WORK' },
          { email_address: 'ann.lee@gmail.com', email_address_type: 'PERSONAL' },
        ],
        phone_numbers: [
          { phone_number: '+1 555 0100', phone_number_type: 'WORK' },
          { phone_number: '+1 555 0101', phone_number_type: 'MOBILE' },
        ],
        addresses: [],
        company_id: '9001',
        owner_id: '77',
        lifecycle_stage: null,
        created_at: '2024-01-02T03:04:05.000Z',
        updated_at: '2024-02-01T00:00:00.000Z',
      },
      {
        first_name: 'Mary Anne',
        last_name: 'Okafor',
        title: null,
        email_addresses: [],
        phone_numbers: [{ phone_number: '+44 20 7946 0000', phone_number_type: 'OTHER' }],
        addresses: [],
        company_id: null,
        owner_id: '77',
        lifecycle_stage: null,
        created_at: '2023-06-30T23:59:59.000Z',
        updated_at: null,
      },
    ]);
    for (const m of mapped) expect(validContact(m)).toMatchObject({ ok: true });
  });

  it('maps organizations: the structured address, industry through the option table (an unknown option kept as its id)', () => {
    const { data } = fixture<{ data: PipedriveOrganization[] }>('pipedrive/organizations.json');
    const industries: OptionTable = {
      label: (id) => (id === 45 ? 'Manufacturing' : undefined),
      id: (label) => (label === 'Manufacturing' ? 45 : undefined),
    };
    const mapped = data.map((o) => organizationToCommon(o, industries));
    expect(mapped).toEqual([
      {
        name: 'Acme Corp',
        description: null,
        industry: 'Manufacturing',
        website: 'https://acme.com',
        number_of_employees: 250,
        annual_revenue: 12500000,
        addresses: [
          {
            address_type: 'PRIMARY',
            street_1: '12 Main St',
            street_2: 'Suite 200',
            city: 'Boston',
            state: 'MA',
            postal_code: '02110',
            country: 'United States',
          },
        ],
        phone_numbers: [],
        owner_id: '77',
        created_at: '2022-11-15T08:30:00.000Z',
        updated_at: '2024-03-04T12:00:00.000Z',
      },
      {
        name: 'Umbrella Ltd',
        description: null,
        industry: '999',
        website: null,
        number_of_employees: null,
        annual_revenue: null,
        addresses: [
          { address_type: 'PRIMARY', street_1: 'Somewhere in London', street_2: null, city: null, state: null, postal_code: null, country: null },
        ],
        phone_numbers: [],
        owner_id: '78',
        created_at: '2023-01-01T00:00:00.000Z',
        updated_at: '2023-01-01T00:00:00.000Z',
      },
    ]);
    for (const m of mapped) expect(validCompany(m)).toMatchObject({ ok: true });
  });
});
