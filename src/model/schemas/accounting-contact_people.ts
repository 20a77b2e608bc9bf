/**
 * Weft's default `accounting-contact_people` schema: a person at a customer or vendor (Xero's ContactPersons; in
 * QuickBooks Online, the primary person of a Customer or Vendor), linked to its `accounting-contact` by `contact_id`.
 *
 * Endgrate names the type but its published docs give no schema: every property is inferred from what Xero and
 * QuickBooks Online share, in Endgrate's conventions.
 */
import { emailAddresses, type EmailAddressType, objectId, objectSchema, phoneNumbers, type PhoneNumberType, str } from './shared.js';

export const accountingContactPeopleSchema = objectSchema('accounting-contact_people', 'Contact Person', {
  id: objectId(),
  contact_id: str('Contact ID', 'The provider id of the contact (customer or vendor) the person belongs to.'),
  first_name: str('First Name', 'The first name of the person.'),
  last_name: str('Last Name', 'The last name of the person.'),
  email_addresses: emailAddresses('person'),
  phone_numbers: phoneNumbers('person'),
  is_primary: { title: 'Is Primary', type: 'boolean', description: 'Whether the person is the main person of the contact.' },
  include_in_emails: {
    title: 'Include In Emails',
    type: 'boolean',
    description: 'Whether documents sent to the contact (invoices, statements) are sent to the person too.',
  },
});

export interface AccountingContactPerson {
  id?: string | null;
  contact_id?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  email_addresses?: Array<{ email_address: string; email_address_type?: EmailAddressType | null }> | null;
  phone_numbers?: Array<{ phone_number: string; phone_number_type?: PhoneNumberType | null }> | null;
  is_primary?: boolean | null;
  include_in_emails?: boolean | null;
}
