import { ids, objectSchema, str, timestamps } from './shared.js';

/** Weft's default `helpdesk-company` schema: a customer organization of the help desk (Zendesk organization, Freshdesk company). */
export const helpdeskCompanySchema = objectSchema('helpdesk-company', 'Company', {
  name: str('Name', 'The name of the company.'),
  description: str('Description', 'What the company is, as the agents describe it.'),
  notes: str('Notes', "The agents' notes about the company."),
  domains: ids('Domains', "The company's e-mail domains: a new contact with an address at one of them joins the company."),
  tags: ids('Tags', 'The tags of the company.'),
  ...timestamps('company'),
});

export interface HelpdeskCompany {
  name?: string | null;
  description?: string | null;
  notes?: string | null;
  domains?: string[] | null;
  tags?: string[] | null;
  created_at?: string | null;
  updated_at?: string | null;
}
