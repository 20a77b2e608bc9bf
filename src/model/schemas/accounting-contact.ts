/**
 * Weft's default `accounting-contact` schema: a customer or a vendor (supplier) in the books. Xero keeps both as one
 * Contact (`IsCustomer`, `IsSupplier`); QuickBooks Online keeps Customer and Vendor apart (a connector reads both
 * into this type, and writes to the one `is_supplier` names).
 *
 * Endgrate names the type but its published docs give no schema: every property is inferred, from what QuickBooks
 * Online and Xero share, in Endgrate's conventions (snake_case, the typed e-mail, phone and address lists of its
 * `accounting-customer`, an `id` first as in its `accounting-address` and `accounting-company`).
 */
import type { CommonAddress } from './crm-contact.js';
import {
  addresses,
  currency,
  emailAddresses,
  type EmailAddressType,
  money,
  objectId,
  objectSchema,
  phoneNumbers,
  type PhoneNumberType,
  str,
  timestamps,
} from './shared.js';

export const CONTACT_STATUSES = ['ACTIVE', 'ARCHIVED'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

export const accountingContactSchema = objectSchema('accounting-contact', 'Contact', {
  id: objectId(),
  name: str('Name', "The name the contact is known by in the books (a business name, or a person's full name)."),
  company_name: str('Company Name', 'The business name of the contact, when it is a business.'),
  first_name: str('First Name', "The first name of the contact's main person."),
  last_name: str('Last Name', "The last name of the contact's main person."),
  is_customer: { title: 'Is Customer', type: 'boolean', description: 'Whether the organisation sells to the contact.' },
  is_supplier: { title: 'Is Supplier', type: 'boolean', description: 'Whether the organisation buys from the contact (a vendor).' },
  status: str('Status', 'Whether the contact is in use or archived (inactive).', { enum: [...CONTACT_STATUSES] }),
  email_addresses: emailAddresses('contact'),
  phone_numbers: phoneNumbers('contact'),
  addresses: addresses('contact'),
  tax_number: str('Tax Number', 'The tax registration number of the contact (VAT, GST, EIN…).'),
  currency: { ...currency('contact'), description: 'The ISO 4217 code of the currency the contact is invoiced or billed in (e.g. "EUR").' },
  balance: money('Balance', 'What the contact owes the organisation (a customer) or is owed (a vendor).', { readOnly: true }),
  website: str('Website', 'The website of the contact.'),
  notes: str('Notes', 'Free-text notes on the contact.'),
  ...timestamps('contact'),
});

export interface AccountingContact {
  id?: string | null;
  name?: string | null;
  company_name?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  is_customer?: boolean | null;
  is_supplier?: boolean | null;
  status?: ContactStatus | null;
  email_addresses?: Array<{ email_address: string; email_address_type?: EmailAddressType | null }> | null;
  phone_numbers?: Array<{ phone_number: string; phone_number_type?: PhoneNumberType | null }> | null;
  addresses?: CommonAddress[] | null;
  tax_number?: string | null;
  currency?: string | null;
  balance?: string | null;
  website?: string | null;
  notes?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}
