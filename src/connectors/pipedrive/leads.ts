/**
 * Pipedrive's leads (API v1, `/v1/leads` and `/v1/leads/archived`, addressed by UUID) as `crm-lead`. A Pipedrive lead
 * is a title about a person or an organization (or both), not a person of its own: its person's name, e-mails and
 * phones and its organization's name are read beside each page (API v2 `ids`, 100 a call) and are read-only here;
 * the links are `contact_id` and `company_id`. Its status is what Pipedrive keeps: an archived lead reads as
 * unqualified, one nobody has opened as new, the others as open; Pipedrive qualifies a lead by converting it into a
 * deal.
 */
import { custom, fieldTable, none, readOnly, type Row, type TableWrite, text } from '../kit/field-table.js';
import type { ProviderClient } from '../kit/http.js';
import { inSlices } from '../kit/objects.js';
import { dialect, instant, link } from './history.js';
import { type Context, PERSON } from './mapping.js';
import type { PipedriveItem } from './pull.js';

const PERSON_NOTE = "Pipedrive keeps a lead's person as a person (contact_id);";

/** Where a lead's person and organization, read beside it, are kept on the lead's record. */
const PERSON_KEY = '_person';
const ORGANIZATION_KEY = '_organization';

/** A person read once as `crm-contact` (its name, e-mails and phones are four fields of the lead). */
const PERSON_READS = new WeakMap<object, Record<string, unknown>>();
function personRead(person: object, ctx: Context): Record<string, unknown> {
  let read = PERSON_READS.get(person);
  if (!read) PERSON_READS.set(person, (read = PERSON.read(person, ctx) as Record<string, unknown>));
  return read;
}

/** A field of the lead's person, read as Pipedrive's person reads (read-only on the lead). */
function ofPerson(key: 'first_name' | 'last_name' | 'email_addresses' | 'phone_numbers', empty: null | []): Row<Context> {
  const sample = {
    first_name: 'Ann',
    last_name: 'Lee',
    emails: [{ value: 'ann@acme.com', primary: true, label: 'work' }],
    phones: [{ value: '+1 555 0100', primary: true, label: 'work' }],
  };
  return readOnly(
    custom<Context>({
      fields: [],
      sample: { [PERSON_KEY]: sample },
      read(get, ctx) {
        const person = get(PERSON_KEY);
        return person && typeof person === 'object' ? (personRead(person, ctx ?? {})[key] ?? empty) : empty;
      },
    }),
    `${PERSON_NOTE} ${key} ${key.endsWith('s') ? 'were' : 'was'} not written`,
  );
}

/**
 * Adds to each lead its person and organization (`ids` lists, 100 a call): what the lead's name, e-mails, phones and
 * company name are read from.
 */
export async function withParties(client: ProviderClient, leads: PipedriveItem[]): Promise<PipedriveItem[]> {
  const ids = (field: string) => [...new Set(leads.map((l) => l[field]).filter((v): v is number => typeof v === 'number'))].map(String);
  const read = async (path: string, wanted: string[]) => {
    const found = await inSlices(wanted, 100, async (slice) => {
      const res = await client.request<{ data?: PipedriveItem[] | null }>({ method: 'GET', path, query: { ids: slice.join(','), limit: 100 } });
      return res.body.data ?? [];
    });
    return new Map(found.map((x) => [x.id, x]));
  };
  const persons = await read('/api/v2/persons', ids('person_id'));
  const organizations = await read('/api/v2/organizations', ids('organization_id'));
  for (const lead of leads) {
    const person = typeof lead['person_id'] === 'number' ? persons.get(lead['person_id']) : undefined;
    const organization = typeof lead['organization_id'] === 'number' ? organizations.get(lead['organization_id']) : undefined;
    if (person) lead[PERSON_KEY] = person;
    if (organization) lead[ORGANIZATION_KEY] = organization;
  }
  return leads;
}

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
  first_name: ofPerson('first_name', null),
  last_name: ofPerson('last_name', null),
  company_name: readOnly(
    custom<Context>({
      fields: [],
      sample: { [ORGANIZATION_KEY]: { name: 'Acme' } },
      read: (get) => ((get(ORGANIZATION_KEY) as { name?: unknown } | undefined)?.name as string | undefined) ?? null,
    }),
    "Pipedrive keeps a lead's organization as an organization (company_id); company_name was not written",
  ),
  email_addresses: ofPerson('email_addresses', []),
  phone_numbers: ofPerson('phone_numbers', []),
  addresses: none([], `${PERSON_NOTE} addresses were not written`),
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
