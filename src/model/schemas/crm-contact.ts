import { addresses, emailAddresses, objectSchema, phoneNumbers, str, timestamps } from './shared.js';

export const LIFECYCLE_STAGES = [
  'SUBSCRIBER',
  'LEAD',
  'MARKETING_QUALIFIED_LEAD',
  'SALES_QUALIFIED_LEAD',
  'OPPORTUNITY',
  'CUSTOMER',
  'EVANGELIST',
  'OTHER',
] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** Weft's default `crm-contact` schema. */
export const crmContactSchema = objectSchema('crm-contact', 'Contact', {
  first_name: str('First Name', 'The first name of the contact.'),
  last_name: str('Last Name', 'The last name of the contact.'),
  title: str('Title', 'The job title of the contact.'),
  email_addresses: emailAddresses('contact'),
  phone_numbers: phoneNumbers('contact'),
  addresses: addresses('contact'),
  company_id: str('Company ID', 'The provider id of the company the contact belongs to.'),
  owner_id: str('Owner ID', 'The provider id of the user who owns the contact.'),
  lifecycle_stage: str('Lifecycle Stage', 'Where the contact is in the sales funnel.', { enum: [...LIFECYCLE_STAGES] }),
  ...timestamps('contact'),
});

export interface CrmContact {
  first_name?: string | null;
  last_name?: string | null;
  title?: string | null;
  email_addresses?: Array<{ email_address: string; email_address_type?: 'WORK' | 'PERSONAL' | 'OTHER' | null }> | null;
  phone_numbers?: Array<{ phone_number: string; phone_number_type?: 'WORK' | 'MOBILE' | 'HOME' | 'FAX' | 'OTHER' | null }> | null;
  addresses?: Array<CommonAddress> | null;
  company_id?: string | null;
  owner_id?: string | null;
  lifecycle_stage?: LifecycleStage | null;
  created_at?: string | null;
  updated_at?: string | null;
}

export interface CommonAddress {
  address_type?: 'PRIMARY' | 'SECONDARY' | 'OFFICE' | 'SHIPPING' | 'BILLING' | 'OTHER' | null;
  street_1?: string | null;
  street_2?: string | null;
  city?: string | null;
  state?: string | null;
  postal_code?: string | null;
  country?: string | null;
}
