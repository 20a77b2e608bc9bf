import type { CrmCompany } from '../../model/schemas/crm-company.js';
import type { CrmContact } from '../../model/schemas/crm-contact.js';
import type { CoverageProbe } from '../kit/coverage.js';
import { companyFromCommon, companyToCommon, contactFromCommon, contactToCommon, type HubSpotObject } from './mapping.js';

const contact: HubSpotObject = {
  id: '512',
  properties: {
    firstname: 'Ann',
    lastname: 'Lee',
    jobtitle: 'CTO',
    email: 'ann@acme.com',
    hs_additional_emails: 'ann@home.example',
    phone: '+1 555 0100',
    mobilephone: '+1 555 0101',
    fax: '+1 555 0102',
    address: '1 Main St',
    city: 'Boston',
    state: 'MA',
    zip: '02110',
    country: 'United States',
    associatedcompanyid: '9001',
    hubspot_owner_id: '77',
    lifecyclestage: 'lead',
    createdate: '2024-01-02T03:04:05.678Z',
    lastmodifieddate: '2024-02-01T00:00:00.000Z',
  },
};

const company: HubSpotObject = {
  id: '9001',
  properties: {
    name: 'Acme',
    description: 'Anvils',
    industry: 'MACHINERY',
    website: 'https://acme.com',
    domain: 'acme.com',
    numberofemployees: '250',
    annualrevenue: '1000000',
    phone: '+1 555 0199',
    address: '1 Main St',
    address2: 'Floor 3',
    city: 'Boston',
    state: 'MA',
    zip: '02110',
    country: 'United States',
    hubspot_owner_id: '77',
    createdate: '2024-01-01T00:00:00.000Z',
    hs_lastmodifieddate: '2024-01-03T00:00:00.000Z',
  },
};

export const hubspotCoverage: CoverageProbe = {
  fixtures: { 'crm-contact': contact, 'crm-company': company },
  read: (type, raw) =>
    (type === 'crm-contact' ? contactToCommon(raw as HubSpotObject) : companyToCommon(raw as HubSpotObject)) as Record<string, unknown>,
  write(type, data) {
    const w = type === 'crm-contact' ? contactFromCommon(data as CrmContact) : companyFromCommon(data as CrmCompany);
    // A contact's company is written as an association when the contact is created.
    const association = type === 'crm-contact' && typeof data['company_id'] === 'string' ? { associations: data['company_id'] } : {};
    return { fields: { ...w.properties, ...association }, warnings: w.warnings };
  },
};
