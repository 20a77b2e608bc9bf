import { describe, expect, it } from 'vitest';

import {
  companyFromCommon,
  companyToCommon,
  contactFromCommon,
  contactToCommon,
  domainOf,
  type HubSpotObject,
} from '../../src/connectors/hubspot/mapping.js';
import { crmCompanySchema } from '../../src/model/schemas/crm-company.js';
import { crmContactSchema } from '../../src/model/schemas/crm-contact.js';
import { dataValidator } from '../../src/model/validate.js';

const contact: HubSpotObject = {
  id: '512',
  properties: {
    firstname: 'Ann',
    lastname: 'Lee',
    jobtitle: 'CTO',
    email: 'ann@acme.com',
    hs_additional_emails: 'ann.lee@gmail.com;al@old.example',
    phone: '+1 555 0100',
    mobilephone: '+1 555 0101',
    fax: '',
    address: '1 Main St',
    city: 'Boston',
    state: 'MA',
    zip: '02110',
    country: 'United States',
    associatedcompanyid: '9001',
    hubspot_owner_id: '77',
    lifecyclestage: 'marketingqualifiedlead',
    createdate: '2024-01-02T03:04:05.678Z',
    lastmodifieddate: '1706745600000',
  },
  createdAt: '2024-01-02T03:04:05.678Z',
  updatedAt: '2024-02-01T00:00:00.000Z',
  archived: false,
};

describe('HubSpot mapping', () => {
  it('maps a contact to the common model', () => {
    expect(contactToCommon(contact)).toEqual({
      first_name: 'Ann',
      last_name: 'Lee',
      title: 'CTO',
      email_addresses: [
        { email_address: 'ann@acme.com', email_address_type: 'WORK' },
        { email_address: 'ann.lee@gmail.com', email_address_type: 'OTHER' },
        { email_address: 'al@old.example', email_address_type: 'OTHER' },
      ],
      phone_numbers: [
        { phone_number: '+1 555 0100', phone_number_type: 'WORK' },
        { phone_number: '+1 555 0101', phone_number_type: 'MOBILE' },
      ],
      addresses: [
        {
          address_type: 'PRIMARY',
          street_1: '1 Main St',
          street_2: null,
          city: 'Boston',
          state: 'MA',
          postal_code: '02110',
          country: 'United States',
        },
      ],
      company_id: '9001',
      owner_id: '77',
      lifecycle_stage: 'MARKETING_QUALIFIED_LEAD',
      created_at: '2024-01-02T03:04:05.678Z',
      updated_at: '2024-02-01T00:00:00.000Z',
    });
  });

  it('maps empty and missing properties to null and empty lists, and the result is valid for the schema', () => {
    const sparse = contactToCommon({ id: '1', properties: { email: null, firstname: '' } });
    expect(sparse).toMatchObject({
      first_name: null,
      email_addresses: [],
      phone_numbers: [],
      addresses: [],
      company_id: null,
      lifecycle_stage: null,
    });
    const validate = dataValidator(
      { key: 'crm-contact', endgrate_type: 'crm-contact', title: 'crm-contact', custom: false, associations: false, schema: crmContactSchema },
      { passthroughFields: false },
    );
    expect(validate(sparse)).toMatchObject({ ok: true });
    expect(validate(contactToCommon(contact))).toMatchObject({ ok: true });
  });

  it('round-trips a contact through the common model (what HubSpot can hold)', () => {
    const common = contactToCommon(contact);
    const { properties, warnings } = contactFromCommon(common);
    expect(properties).toEqual({
      firstname: 'Ann',
      lastname: 'Lee',
      jobtitle: 'CTO',
      email: 'ann@acme.com',
      phone: '+1 555 0100',
      mobilephone: '+1 555 0101',
      fax: '',
      address: '1 Main St',
      city: 'Boston',
      state: 'MA',
      zip: '02110',
      country: 'United States',
      hubspot_owner_id: '77',
      lifecyclestage: 'marketingqualifiedlead',
    });
    expect(warnings).toEqual(["HubSpot's API cannot set additional email addresses; not written: ann.lee@gmail.com, al@old.example"]);
    const back = contactToCommon({
      id: '512',
      properties: {
        ...properties,
        associatedcompanyid: '9001',
        createdate: contact.properties['createdate'],
        lastmodifieddate: contact.properties['lastmodifieddate'],
      },
    });
    expect(back).toEqual({ ...common, email_addresses: [common.email_addresses![0]] });
  });

  it('writes only the fields given, and clears fields given as null', () => {
    expect(contactFromCommon({ title: 'VP' }).properties).toEqual({ jobtitle: 'VP' });
    expect(contactFromCommon({ first_name: null, addresses: null, email_addresses: [] }).properties).toEqual({
      firstname: '',
      email: '',
      address: '',
      city: '',
      state: '',
      zip: '',
      country: '',
    });
  });

  it('maps companies both ways, with numbers and the website domain', () => {
    const obj: HubSpotObject = {
      id: '9001',
      properties: {
        name: 'Acme',
        domain: 'acme.com',
        website: '',
        numberofemployees: '250',
        annualrevenue: '1250000.5',
        industry: 'COMPUTER_SOFTWARE',
        phone: '+1 555 0199',
        address: '1 Main St',
        address2: 'Floor 3',
        city: 'Boston',
        createdate: '2024-01-01T00:00:00Z',
        hs_lastmodifieddate: '2024-01-03T00:00:00Z',
      },
    };
    const common = companyToCommon(obj);
    expect(common).toMatchObject({
      name: 'Acme',
      website: 'https://acme.com',
      number_of_employees: 250,
      annual_revenue: 1250000.5,
      phone_numbers: [{ phone_number: '+1 555 0199', phone_number_type: 'WORK' }],
      addresses: [{ address_type: 'PRIMARY', street_1: '1 Main St', street_2: 'Floor 3', city: 'Boston' }],
      created_at: '2024-01-01T00:00:00.000Z',
    });
    expect(companyFromCommon({ name: 'Endgrate', website: 'https://www.endgrate.com/about', number_of_employees: 12 }).properties).toEqual({
      name: 'Endgrate',
      website: 'https://www.endgrate.com/about',
      domain: 'endgrate.com',
      numberofemployees: '12',
    });
    const validate = dataValidator(
      { key: 'crm-company', endgrate_type: 'crm-company', title: 'crm-company', custom: false, associations: false, schema: crmCompanySchema },
      { passthroughFields: false },
    );
    expect(validate(common)).toMatchObject({ ok: true });
  });

  it('derives a domain from a website', () => {
    expect(domainOf('https://www.acme.com/x')).toBe('acme.com');
    expect(domainOf('acme.io')).toBe('acme.io');
    expect(domainOf('not a url')).toBeNull();
  });
});
