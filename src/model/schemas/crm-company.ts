import type { CommonAddress } from './crm-contact.js';
import { addresses, objectSchema, phoneNumbers, str, timestamps } from './shared.js';

/** Weft's default `crm-company` schema. */
export const crmCompanySchema = objectSchema('crm-company', 'Company', {
  name: str('Company Name', 'The name of the company.'),
  description: str('Description', 'A description of the company.'),
  industry: str('Industry', "The company's industry, as the provider names it."),
  website: str('Website', "The company's website."),
  number_of_employees: { title: 'Number of Employees', type: 'integer', minimum: 0, description: 'How many people the company employs.' },
  annual_revenue: { title: 'Annual Revenue', type: 'number', description: "The company's annual revenue." },
  addresses: addresses('company'),
  phone_numbers: phoneNumbers('company'),
  owner_id: str('Owner ID', 'The provider id of the user who owns the company.'),
  ...timestamps('company'),
});

/**
 * Names accepted in pushed data in place of a schema property. Endgrate's own quick start pushes `company_name`
 * for the property its schema calls `name`; Weft accepts it so that the quick start runs as written.
 */
export const crmCompanyAliases: Readonly<Record<string, string>> = Object.freeze({ company_name: 'name' });

export interface CrmCompany {
  name?: string | null;
  description?: string | null;
  industry?: string | null;
  website?: string | null;
  number_of_employees?: number | null;
  annual_revenue?: number | null;
  addresses?: CommonAddress[] | null;
  phone_numbers?: Array<{ phone_number: string; phone_number_type?: 'WORK' | 'MOBILE' | 'HOME' | 'FAX' | 'OTHER' | null }> | null;
  owner_id?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}
