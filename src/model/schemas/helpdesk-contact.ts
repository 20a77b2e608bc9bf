import { emailAddresses, ids, objectSchema, phoneNumbers, str, timestamps } from './shared.js';

/** Weft's default `helpdesk-contact` schema: a customer who raises tickets (Zendesk end user, Freshdesk contact). */
export const helpdeskContactSchema = objectSchema('helpdesk-contact', 'Contact', {
  name: str('Name', 'The full name of the contact.'),
  email_addresses: emailAddresses('contact'),
  phone_numbers: phoneNumbers('contact'),
  company_id: str('Company ID', 'The provider id of the company (helpdesk-company) the contact belongs to.'),
  job_title: str('Job Title', 'The job title of the contact.'),
  language: str('Language', 'The contact\'s language as a locale code (e.g. "en", "de").'),
  time_zone: str('Time Zone', "The contact's time zone, as the provider names it."),
  description: str('Description', "The agents' notes about the contact."),
  tags: ids('Tags', 'The tags of the contact.'),
  is_active: {
    title: 'Is Active',
    type: 'boolean',
    description: 'Whether the contact can raise tickets (false once suspended or blocked).',
    readOnly: true,
  },
  ...timestamps('contact'),
});

export interface HelpdeskContact {
  name?: string | null;
  email_addresses?: Array<{ email_address: string; email_address_type?: 'WORK' | 'PERSONAL' | 'OTHER' | null }> | null;
  phone_numbers?: Array<{ phone_number: string; phone_number_type?: 'WORK' | 'MOBILE' | 'HOME' | 'FAX' | 'OTHER' | null }> | null;
  company_id?: string | null;
  job_title?: string | null;
  language?: string | null;
  time_zone?: string | null;
  description?: string | null;
  tags?: string[] | null;
  is_active?: boolean | null;
  created_at?: string | null;
  updated_at?: string | null;
}
