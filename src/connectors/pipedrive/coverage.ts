import type { CrmCompany } from '../../model/schemas/crm-company.js';
import type { CrmContact } from '../../model/schemas/crm-contact.js';
import type { CoverageProbe } from '../kit/coverage.js';
import {
  type OptionTable,
  organizationFromCommon,
  organizationToCommon,
  personFromCommon,
  personToCommon,
  type PipedriveOrganization,
  type PipedrivePerson,
} from './mapping.js';

const person: PipedrivePerson = {
  id: 27,
  name: 'Ann Lee',
  first_name: 'Ann',
  last_name: 'Lee',
  job_title: 'CTO',
  emails: [
    { value: 'ann@acme.com', primary: true, label: 'work' },
    { value: 'ann@home.example', primary: false, label: 'home' },
  ],
  phones: [
    { value: '+1 555 0100', primary: true, label: 'work' },
    { value: '+1 555 0101', primary: false, label: 'mobile' },
  ],
  org_id: 5,
  owner_id: 77,
  add_time: '2024-01-02T03:04:05Z',
  update_time: '2024-02-01T00:00:00Z',
};

const organization: PipedriveOrganization = {
  id: 5,
  name: 'Acme',
  owner_id: 77,
  website: 'https://acme.com',
  industry: 12,
  annual_revenue: 1000000,
  employee_count: 250,
  address: {
    value: '1 Main St, Boston, MA 02110, United States',
    street_number: '1',
    route: 'Main St',
    locality: 'Boston',
    admin_area_level_1: 'MA',
    postal_code: '02110',
    country: 'United States',
  },
  add_time: '2024-01-01T00:00:00Z',
  update_time: '2024-01-03T00:00:00Z',
};

/** An industry table holding the sample's label, as a real account's field options would. */
const industries: OptionTable = {
  label: (id) => (id === 12 ? 'Machinery' : undefined),
  id: (label) => (label.toLowerCase() === 'machinery' ? 12 : undefined),
};

export const pipedriveCoverage: CoverageProbe = {
  fixtures: { 'crm-contact': person, 'crm-company': organization },
  read: (type, raw) =>
    (type === 'crm-contact' ? personToCommon(raw as PipedrivePerson) : organizationToCommon(raw as PipedriveOrganization, industries)) as Record<
      string,
      unknown
    >,
  write(type, data) {
    const w = type === 'crm-contact' ? personFromCommon(data as CrmContact) : organizationFromCommon(data as CrmCompany, industries);
    return { fields: w.errors.length ? {} : w.body, warnings: w.warnings };
  },
};
