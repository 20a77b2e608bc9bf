/**
 * Pipedrive's leads (API v1, `/v1/leads` and `/v1/leads/archived`, addressed by UUID) as `crm-lead`. A Pipedrive lead
 * is a title about a person or an organization (or both), not a person of its own: its people are read as
 * `contact_id` and `company_id` (pull the contact for the name and e-mail). Its status is what Pipedrive keeps: an
 * archived lead reads as unqualified, one nobody has opened as new, the others as open; Pipedrive qualifies a lead
 * by converting it into a deal.
 */
import { custom, fieldTable, none, readOnly, type TableWrite, text } from '../kit/field-table.js';
import { dialect, instant, link } from './history.js';
import type { Context } from './mapping.js';

const PERSON = "Pipedrive keeps a lead's person as a person (contact_id);";

const status = custom<Context>({
  fields: ['is_archived', 'was_seen'],
  sample: { is_archived: false, was_seen: true },
  read(get) {
    if (get('is_archived') === true) return 'UNQUALIFIED';
    return get('was_seen') === false ? 'NEW' : get('was_seen') === true ? 'OPEN' : null;
  },
  write(value, out) {
    if (value === 'UNQUALIFIED') return out.set('is_archived', true);
    if (value === 'NEW' || value === 'OPEN') {
      out.set('is_archived', false);
      return out.set('was_seen', value === 'OPEN');
    }
    if (value !== null) out.warn('Pipedrive qualifies a lead by converting it into a deal; status was not written');
  },
});

export const LEAD = fieldTable<object, Context>(dialect, {
  title: custom<Context>({
    ...text('title'),
    write: (value, out) => (value ? out.set('title', value) : out.error('Pipedrive needs a lead title')),
  }),
  first_name: none(null, `${PERSON} first_name was not written`),
  last_name: none(null, `${PERSON} last_name was not written`),
  company_name: none(null, "Pipedrive keeps a lead's organization as an organization (company_id); company_name was not written"),
  email_addresses: none([], `${PERSON} email_addresses were not written`),
  phone_numbers: none([], `${PERSON} phone_numbers were not written`),
  addresses: none([], `${PERSON} addresses were not written`),
  status,
  source: readOnly(text('source_name'), 'Pipedrive sets the source of a lead (API for those Weft creates); source was not written'),
  owner_id: link('owner_id'),
  contact_id: link('person_id'),
  company_id: link('organization_id'),
  created_at: instant('add_time'),
  updated_at: instant('update_time'),
});

/** A lead's write: Pipedrive creates leads unarchived and only with a person or an organization. */
export function leadWrite(data: Record<string, unknown>, id: string | null): TableWrite {
  const write = LEAD.write(data, {});
  if (id !== null || write.errors.length) return write;
  const body = { ...write.body };
  const warnings = [...write.warnings];
  if (body['is_archived'] === true) warnings.push('Pipedrive creates leads unarchived; archive the lead with an update (status UNQUALIFIED)');
  delete body['is_archived'];
  const errors =
    body['person_id'] || body['organization_id'] ? [] : ['Pipedrive needs the person (contact_id) or organization (company_id) a lead is about'];
  return { body, warnings, errors };
}

/** The fields of a lead (Pipedrive describes a lead's own fields nowhere; custom ones are the deal's). */
export const LEAD_FIELDS = [
  { name: 'id', label: 'ID', type: 'string' },
  { name: 'title', label: 'Title', type: 'string' },
  { name: 'owner_id', label: 'Owner ID', type: 'number' },
  { name: 'person_id', label: 'Person ID', type: 'number' },
  { name: 'organization_id', label: 'Organization ID', type: 'number' },
  { name: 'source_name', label: 'Source', type: 'string' },
  { name: 'is_archived', label: 'Archived', type: 'boolean' },
  { name: 'was_seen', label: 'Seen', type: 'boolean' },
  { name: 'expected_close_date', label: 'Expected close date', type: 'string' },
  { name: 'add_time', label: 'Added', type: 'datetime' },
  { name: 'update_time', label: 'Updated', type: 'datetime' },
] as const;
