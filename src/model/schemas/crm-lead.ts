import type { CommonAddress } from './crm-contact.js';
import { addresses, dateTime, emailAddresses, objectSchema, phoneNumbers, str, timestamps } from './shared.js';

export const LEAD_STATUSES = ['NEW', 'OPEN', 'QUALIFIED', 'UNQUALIFIED', 'CONVERTED'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Weft's default `crm-lead` schema: a prospect not yet a contact (HubSpot lead, Salesforce Lead, Pipedrive lead). */
export const crmLeadSchema = objectSchema('crm-lead', 'Lead', {
  first_name: str('First Name', 'The first name of the lead.'),
  last_name: str('Last Name', 'The last name of the lead.'),
  title: str(
    'Title',
    "The title of the lead: the person's job title (Salesforce), or the lead's own name where the provider names its leads (HubSpot, Pipedrive).",
  ),
  company_name: str('Company Name', 'The name of the company of the lead, as typed on the lead.'),
  email_addresses: emailAddresses('lead'),
  phone_numbers: phoneNumbers('lead'),
  addresses: addresses('lead'),
  status: str('Status', 'Where the lead is in qualification.', { enum: [...LEAD_STATUSES] }),
  source: str('Source', 'Where the lead came from, as the provider names it.'),
  owner_id: str('Owner ID', 'The provider id of the user who owns the lead.'),
  contact_id: str('Contact ID', 'The provider id of the contact (person) the lead is or was converted to.'),
  company_id: str('Company ID', 'The provider id of the company the lead is or was converted to.'),
  converted_at: dateTime('Converted At', 'When the lead was converted.', { readOnly: true }),
  ...timestamps('lead'),
});

export interface CrmLead {
  first_name?: string | null;
  last_name?: string | null;
  title?: string | null;
  company_name?: string | null;
  email_addresses?: Array<{ email_address: string; email_address_type?: 'WORK' | 'PERSONAL' | 'OTHER' | null }> | null;
  phone_numbers?: Array<{ phone_number: string; phone_number_type?: 'WORK' | 'MOBILE' | 'HOME' | 'FAX' | 'OTHER' | null }> | null;
  addresses?: CommonAddress[] | null;
  status?: LeadStatus | null;
  source?: string | null;
  owner_id?: string | null;
  contact_id?: string | null;
  company_id?: string | null;
  converted_at?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}
