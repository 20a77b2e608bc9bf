/**
 * Weft's default `accounting-customer` schema: a customer of the organisation (QuickBooks' Customer, a Xero Contact
 * with `IsCustomer`). Endgrate's docs define it (its type list in the SDK does not); `accounting-contact` holds
 * customers and vendors alike.
 *
 * Verbatim from Endgrate's accounting docs (the start of the page, cut inside `phone_numbers`): `addresses` (the six
 * address types, `city`, `country`, `postal_code`, `state`, `street_1`, `street_2`), `customer_name` ("The business
 * name of the customer."), `email_addresses` (`email_address` as an e-mail, `email_address_type` WORK, PERSONAL or
 * OTHER) and `phone_numbers`; the items of `phone_numbers` are inferred (Weft's shared phone list). Inferred from what
 * QuickBooks Online and Xero share: `id` (first, as in Endgrate's other accounting schemas), `first_name`,
 * `last_name`, `status`, `tax_number`, `currency`, `balance`, `notes`, the timestamps. A newer Endgrate page starts
 * this type with `shipping_address` and `billing_address` objects instead; Weft follows the page that also defines
 * `accounting-address` and `accounting-company`.
 */
import { CONTACT_STATUSES, type ContactStatus } from './accounting-contact.js';
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

export const accountingCustomerSchema = objectSchema('accounting-customer', 'Customer', {
  id: objectId(),
  addresses: { ...addresses('customer'), description: 'The addresses associated with the customer.' },
  customer_name: str('Customer Name', 'The business name of the customer.'),
  email_addresses: { ...emailAddresses('customer'), description: 'The email addresses associated with the customer.' },
  phone_numbers: { ...phoneNumbers('customer'), description: 'The phone numbers associated with the customer.' },
  first_name: str('First Name', "The first name of the customer's main person."),
  last_name: str('Last Name', "The last name of the customer's main person."),
  status: str('Status', 'Whether the customer is in use or archived (inactive).', { enum: [...CONTACT_STATUSES] }),
  tax_number: str('Tax Number', 'The tax registration number of the customer (VAT, GST, EIN…).'),
  currency: { ...currency('customer'), description: 'The ISO 4217 code of the currency the customer is invoiced in (e.g. "EUR").' },
  balance: money('Balance', 'What the customer owes the organisation.', { readOnly: true }),
  notes: str('Notes', 'Free-text notes on the customer.'),
  ...timestamps('customer'),
});

export interface AccountingCustomer {
  id?: string | null;
  addresses?: CommonAddress[] | null;
  customer_name?: string | null;
  email_addresses?: Array<{ email_address: string; email_address_type?: EmailAddressType | null }> | null;
  phone_numbers?: Array<{ phone_number: string; phone_number_type?: PhoneNumberType | null }> | null;
  first_name?: string | null;
  last_name?: string | null;
  status?: ContactStatus | null;
  tax_number?: string | null;
  currency?: string | null;
  balance?: string | null;
  notes?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}
