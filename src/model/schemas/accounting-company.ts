/**
 * Weft's default `accounting-company` schema: the organisation whose books are connected (QuickBooks' CompanyInfo,
 * Xero's Organisation), one record per connection, read-only at the providers.
 *
 * Verbatim from Endgrate's accounting docs: `id` and `addresses` (the page is cut after the first property of an
 * address; the address items here are Weft's shared ones, which carry the same keys as `accounting-address`).
 * Inferred from what QuickBooks Online and Xero share: `name`, `legal_name`, `tax_number`, `currency` (the home or
 * base currency), `country`, `fiscal_year_end_month`, `email_addresses`, `phone_numbers`, `website`, the timestamps.
 */
import type { CommonAddress } from './crm-contact.js';
import {
  addresses,
  currency,
  emailAddresses,
  type EmailAddressType,
  objectId,
  objectSchema,
  phoneNumbers,
  type PhoneNumberType,
  str,
  timestamps,
} from './shared.js';

export const accountingCompanySchema = objectSchema('accounting-company', 'Company', {
  id: objectId(),
  addresses: addresses('company'),
  name: str('Company Name', 'The name the organisation trades under.'),
  legal_name: str('Legal Name', 'The registered legal name of the organisation.'),
  tax_number: str('Tax Number', 'The tax registration number of the organisation (VAT, GST, EIN…).'),
  currency: { ...currency('company'), title: 'Currency', description: 'The ISO 4217 code of the home (base) currency of the books (e.g. "USD").' },
  country: str('Country', 'The country the organisation is registered in (ISO 3166-1 alpha-2, e.g. "US").'),
  fiscal_year_end_month: {
    title: 'Fiscal Year End Month',
    type: 'integer',
    minimum: 1,
    maximum: 12,
    description: 'The month (1-12) the financial year ends in.',
  },
  email_addresses: emailAddresses('company'),
  phone_numbers: phoneNumbers('company'),
  website: str('Website', "The organisation's website."),
  ...timestamps('company'),
});

export interface AccountingCompany {
  id?: string | null;
  addresses?: CommonAddress[] | null;
  name?: string | null;
  legal_name?: string | null;
  tax_number?: string | null;
  currency?: string | null;
  country?: string | null;
  fiscal_year_end_month?: number | null;
  email_addresses?: Array<{ email_address: string; email_address_type?: EmailAddressType | null }> | null;
  phone_numbers?: Array<{ phone_number: string; phone_number_type?: PhoneNumberType | null }> | null;
  website?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}
