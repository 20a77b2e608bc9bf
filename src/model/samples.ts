/**
 * A full record of each common model (every field set, several emails, phones and addresses): used to probe what
 * each connector can write, for the coverage table.
 */
import type { CrmCompany } from './schemas/crm-company.js';
import type { CrmContact } from './schemas/crm-contact.js';

export const SAMPLE_CONTACT: Required<CrmContact> = {
  first_name: 'Ada',
  last_name: 'Lovelace',
  title: 'Analyst',
  email_addresses: [
    { email_address: 'ada@example.com', email_address_type: 'WORK' },
    { email_address: 'ada.home@example.org', email_address_type: 'PERSONAL' },
  ],
  phone_numbers: [
    { phone_number: '+44 20 7946 0001', phone_number_type: 'WORK' },
    { phone_number: '+44 7700 900001', phone_number_type: 'MOBILE' },
    { phone_number: '+44 20 7946 0002', phone_number_type: 'FAX' },
  ],
  addresses: [
    {
      address_type: 'PRIMARY',
      street_1: '12 St James Square',
      street_2: 'Floor 2',
      city: 'London',
      state: 'England',
      postal_code: 'SW1Y 4JH',
      country: 'United Kingdom',
    },
  ],
  company_id: '1234567',
  owner_id: '7654321',
  lifecycle_stage: 'CUSTOMER',
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_COMPANY: Required<CrmCompany> = {
  name: 'Analytical Engines Ltd',
  description: 'Difference and analytical engines.',
  industry: 'Machinery',
  website: 'https://engines.example.com',
  number_of_employees: 42,
  annual_revenue: 1_250_000,
  addresses: [
    {
      address_type: 'BILLING',
      street_1: '1 Babbage Road',
      street_2: null,
      city: 'London',
      state: 'England',
      postal_code: 'N1 1AA',
      country: 'United Kingdom',
    },
    {
      address_type: 'SHIPPING',
      street_1: '2 Dock Street',
      street_2: null,
      city: 'Bristol',
      state: 'England',
      postal_code: 'BS1 4RW',
      country: 'United Kingdom',
    },
  ],
  phone_numbers: [{ phone_number: '+44 20 7946 0100', phone_number_type: 'WORK' }],
  owner_id: '7654321',
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_USER = {
  name: 'Grace Hopper',
  first_name: 'Grace',
  last_name: 'Hopper',
  email_address: 'grace@engines.example.com',
  is_active: true,
  role: 'Sales Manager',
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_DEAL = {
  name: 'Engines - Annual Subscription',
  description: 'Two more seats',
  amount: '48250.75',
  currency: 'USD',
  pipeline_id: '1',
  pipeline_name: 'Sales Pipeline',
  stage_id: '3',
  stage_name: 'Negotiation',
  status: 'WON',
  close_date: '2024-09-30',
  probability: 90,
  owner_id: '7',
  company_id: '42',
  contact_ids: ['11', '12'],
  last_activity_at: '2024-08-01T12:00:00.000Z',
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_TASK = {
  subject: 'Call about the renewal',
  content: 'Ask about the second team',
  status: 'COMPLETED',
  priority: 'HIGH',
  due_at: '2024-03-01T00:00:00.000Z',
  completed_at: '2024-02-28T16:00:00.000Z',
  owner_id: '7',
  contact_id: '11',
  company_id: '42',
  deal_id: '99',
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_NOTE = {
  title: 'Discovery call',
  content: 'Budget confirmed for Q3',
  owner_id: '7',
  contact_id: '11',
  company_id: '42',
  deal_id: '99',
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_LEAD = {
  first_name: 'Ada',
  last_name: 'Lovelace',
  title: 'CTO',
  company_name: 'Analytical Engines',
  email_addresses: [{ email_address: 'ada@engines.example.com', email_address_type: 'WORK' }],
  phone_numbers: [{ phone_number: '+1 555 0100', phone_number_type: 'WORK' }],
  addresses: [
    { address_type: 'PRIMARY', street_1: '1 Main St', street_2: null, city: 'Boston', state: 'MA', postal_code: '02110', country: 'United States' },
  ],
  status: 'OPEN',
  source: 'Web',
  owner_id: '7',
  contact_id: '11',
  company_id: '42',
  converted_at: '2024-03-01T00:00:00.000Z',
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_TICKET = {
  subject: 'Cannot sign in',
  description: 'Since the last release',
  status: 'IN_PROGRESS',
  priority: 'HIGH',
  pipeline_id: '0',
  stage_id: '1',
  stage_name: 'Waiting on us',
  owner_id: '7',
  contact_id: '11',
  company_id: '42',
  closed_at: '2024-03-01T00:00:00.000Z',
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_ACTIVITY = {
  type: 'MEETING',
  title: 'Product demo',
  description: 'Show the export',
  timestamp: '2024-03-01T10:00:00.000Z',
  user_id: '7',
  contact_id: '11',
  company_id: '42',
  deal_id: '99',
  end_timestamp: '2024-03-01T10:45:00.000Z',
  direction: 'OUTBOUND',
  duration_seconds: 2700,
  participants: [{ email_address: 'ada@engines.example.com', email_address_type: 'WORK' }],
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_PRODUCT = {
  name: 'Platform Licence',
  description: 'A year of the platform',
  sku: 'PLAT-001',
  unit_price: '1200.50',
  currency: 'USD',
  active: true,
  owner_id: '7',
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLES: Record<string, Record<string, unknown>> = {
  'crm-contact': SAMPLE_CONTACT,
  'crm-company': SAMPLE_COMPANY,
  'crm-deal': SAMPLE_DEAL,
  'crm-note': SAMPLE_NOTE,
  'crm-task': SAMPLE_TASK,
  'crm-lead': SAMPLE_LEAD,
  'crm-ticket': SAMPLE_TICKET,
  'crm-activity': SAMPLE_ACTIVITY,
  'crm-product': SAMPLE_PRODUCT,
  'crm-user': SAMPLE_USER,
};
