import { addresses, dateTime, objectSchema, str, timestamps } from './shared.js';

/**
 * Where a contact stands with the audience's e-mail: subscribed, unsubscribed, pending (asked to confirm), cleaned
 * (the address bounced), transactional (receives only transactional e-mail) or archived (kept out of the audience).
 */
export const MARKETING_CONTACT_STATUSES = ['SUBSCRIBED', 'UNSUBSCRIBED', 'PENDING', 'CLEANED', 'TRANSACTIONAL', 'ARCHIVED'] as const;

/**
 * Weft's default `marketing-contact` schema: a contact of an e-mail marketing audience (a Mailchimp list member), with
 * what e-mail marketing tools share: the address the e-mail goes to, the name, a phone number, the subscription status,
 * tags, the audience (list) it belongs to, a postal address and when it opted in.
 */
export const marketingContactSchema = objectSchema('marketing-contact', 'Contact', {
  email_address: str('Email Address', 'The e-mail address the marketing e-mail goes to.', { format: 'email' }),
  first_name: str('First Name', 'The first name of the contact.'),
  last_name: str('Last Name', 'The last name of the contact.'),
  phone_number: str('Phone Number', 'The phone number of the contact.'),
  status: str('Status', 'Where the contact stands with the audience: SUBSCRIBED, UNSUBSCRIBED, PENDING, CLEANED, TRANSACTIONAL or ARCHIVED.', {
    enum: [...MARKETING_CONTACT_STATUSES],
  }),
  tags: { title: 'Tags', type: 'array', description: 'The names of the tags on the contact.', items: { type: 'string' } },
  list_id: str('List ID', 'The provider id of the audience (list) the contact belongs to.'),
  addresses: addresses('contact'),
  opted_in_at: dateTime('Opted In At', 'When the contact confirmed its subscription.', { readOnly: true }),
  ...timestamps('contact'),
});

export interface MarketingContact {
  email_address?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  phone_number?: string | null;
  status?: (typeof MARKETING_CONTACT_STATUSES)[number] | null;
  tags?: string[] | null;
  list_id?: string | null;
  addresses?: Array<{
    address_type?: 'PRIMARY' | 'SECONDARY' | 'OFFICE' | 'SHIPPING' | 'BILLING' | 'OTHER' | null;
    street_1?: string | null;
    street_2?: string | null;
    city?: string | null;
    state?: string | null;
    postal_code?: string | null;
    country?: string | null;
  }> | null;
  opted_in_at?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}
