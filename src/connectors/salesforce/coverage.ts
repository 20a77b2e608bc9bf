import type { CrmCompany } from '../../model/schemas/crm-company.js';
import type { CrmContact } from '../../model/schemas/crm-contact.js';
import type { CoverageProbe } from '../kit/coverage.js';
import { accountFromCommon, accountToCommon, contactFromCommon, contactToCommon, type SObject } from './mapping.js';

const contact: SObject = {
  attributes: { type: 'Contact' },
  Id: '0035g00000AbCdEAAV',
  FirstName: 'Ann',
  LastName: 'Lee',
  Title: 'CTO',
  Email: 'ann@acme.com',
  Phone: '+1 555 0100',
  MobilePhone: '+1 555 0101',
  Fax: '+1 555 0102',
  MailingStreet: '1 Main St\nFloor 3',
  MailingCity: 'Boston',
  MailingState: 'MA',
  MailingPostalCode: '02110',
  MailingCountry: 'United States',
  AccountId: '0015g00000XyZaBAAV',
  OwnerId: '0055g00000QqRrSAAV',
  CreatedDate: '2024-01-02T03:04:05.000+0000',
  LastModifiedDate: '2024-02-01T00:00:00.000+0000',
};

const account: SObject = {
  attributes: { type: 'Account' },
  Id: '0015g00000XyZaBAAV',
  Name: 'Acme',
  Description: 'Anvils',
  Industry: 'Machinery',
  Website: 'https://acme.com',
  NumberOfEmployees: 250,
  AnnualRevenue: 1000000,
  Phone: '+1 555 0199',
  BillingStreet: '1 Main St',
  BillingCity: 'Boston',
  BillingState: 'MA',
  BillingPostalCode: '02110',
  BillingCountry: 'United States',
  ShippingStreet: '2 Dock St',
  ShippingCity: 'Boston',
  ShippingState: 'MA',
  ShippingPostalCode: '02111',
  ShippingCountry: 'United States',
  OwnerId: '0055g00000QqRrSAAV',
  CreatedDate: '2024-01-01T00:00:00.000+0000',
  LastModifiedDate: '2024-01-03T00:00:00.000+0000',
};

export const salesforceCoverage: CoverageProbe = {
  fixtures: { 'crm-contact': contact, 'crm-company': account },
  read: (type, raw) => (type === 'crm-contact' ? contactToCommon(raw as SObject) : accountToCommon(raw as SObject)) as Record<string, unknown>,
  write(type, data) {
    const w = type === 'crm-contact' ? contactFromCommon(data as CrmContact) : accountFromCommon(data as CrmCompany);
    return { fields: w.fields, warnings: w.warnings };
  },
};
