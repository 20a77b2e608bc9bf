/**
 * Copper: people, companies, opportunities, leads, tasks, notes (activities of the user type "Note") and users (pulled only)
 * mapped to the common model over the developer API v1; the quirks are in pull.ts (search bodies), push.ts (PUT
 * updates, custom fields) and mapping.ts (Unix seconds, M/D/YYYY close dates, `{id, type}` links).
 */
import type { CrmContact } from '../../model/schemas/crm-contact.js';
import { defineConnector } from '../kit/connector.js';
import { probeOf, tableObject } from '../kit/field-table.js';
import { defaultClassifier, type ProviderClient, type ProviderResponse } from '../kit/http.js';
import { declaredObjects } from '../kit/objects.js';
import { copperManifest } from './manifest.js';
import { COMPANY, LEAD, NOTE, NOTE_TYPE, OPPORTUNITY, PERSON, TASK, USER } from './mapping.js';
import { API, byIds, type CopperDecl, type CopperField, customerSources, describe, page, pipelinesAndStages, value } from './pull.js';
import { write } from './push.js';

const f = (name: string, label: string, type: CopperField['type'], writable = true): CopperField => ({ name, label, type, writable });
const ID = f('id', 'ID', 'number', false);
const CREATED = f('date_created', 'Created', 'datetime', false);
const MODIFIED = f('date_modified', 'Modified', 'datetime', false);
const OWNER = f('assignee_id', 'Owner ID', 'number');

/** Oldest first (a page-number list read while records are added keeps its order). */
const BY_CREATION = { sort_by: 'date_created', sort_direction: 'asc' };

const OBJECTS: Record<string, CopperDecl> = {
  'crm-contact': {
    name: 'crm-contact',
    path: `${API}/people`,
    ...tableObject(PERSON, ['company_id', 'owner_id', 'updated_at', 'email_addresses.email_address']),
    associations: { 'crm-company': 'company_id', 'crm-user': 'assignee_id' },
    extra: {
      label: 'People',
      entity: 'person',
      idsSearch: true,
      search: BY_CREATION,
      requires: { field: 'name', message: 'Copper needs a name: give first_name or last_name' },
      fields: [
        ID,
        f('name', 'Name', 'string'),
        f('first_name', 'First name', 'string'),
        f('last_name', 'Last name', 'string'),
        f('title', 'Title', 'string'),
        f('emails', 'Emails', 'other'),
        f('phone_numbers', 'Phone numbers', 'other'),
        f('address', 'Address', 'other'),
        f('company_id', 'Company ID', 'number'),
        OWNER,
        f('contact_type_id', 'Contact type ID', 'number'),
        f('details', 'Details', 'string'),
        f('tags', 'Tags', 'other'),
        CREATED,
        MODIFIED,
      ],
      async fromCommon(client, data, id) {
        const c = data as CrmContact;
        // A partial name change keeps the other half of the current name.
        if (id === null || (c.first_name === undefined) === (c.last_name === undefined)) return PERSON.write(data, {});
        const res = await client.request<{ first_name?: string | null; last_name?: string | null }>({
          method: 'GET',
          path: `${API}/people/${encodeURIComponent(id)}`,
        });
        return PERSON.write(data, { current: { first_name: res.body.first_name ?? null, last_name: res.body.last_name ?? null } });
      },
    },
  },
  'crm-company': {
    name: 'crm-company',
    path: `${API}/companies`,
    ...tableObject(COMPANY, ['owner_id', 'updated_at']),
    associations: { 'crm-user': 'assignee_id' },
    extra: {
      label: 'Companies',
      entity: 'company',
      idsSearch: true,
      search: BY_CREATION,
      requires: { field: 'name', message: 'Copper needs a company name' },
      fields: [
        ID,
        f('name', 'Name', 'string'),
        f('details', 'Details', 'string'),
        f('email_domain', 'E-mail domain', 'string'),
        f('websites', 'Websites', 'other'),
        f('phone_numbers', 'Phone numbers', 'other'),
        f('address', 'Address', 'other'),
        OWNER,
        f('tags', 'Tags', 'other'),
        CREATED,
        MODIFIED,
      ],
      fromCommon: async (_client, data) => COMPANY.write(data, {}),
    },
  },
  'crm-deal': {
    name: 'crm-deal',
    path: `${API}/opportunities`,
    ...tableObject(OPPORTUNITY, ['company_id', 'owner_id', 'pipeline_id', 'stage_id', 'updated_at'], pipelinesAndStages),
    associations: { 'crm-company': 'company_id', 'crm-contact': 'primary_contact_id', 'crm-user': 'assignee_id' },
    extra: {
      label: 'Opportunities',
      entity: 'opportunity',
      idsSearch: true,
      search: BY_CREATION,
      requires: { field: 'name', message: 'Copper needs an opportunity name' },
      fields: [
        ID,
        f('name', 'Name', 'string'),
        f('details', 'Details', 'string'),
        f('monetary_value', 'Value', 'number'),
        f('monetary_unit', 'Currency', 'string'),
        f('pipeline_id', 'Pipeline ID', 'number'),
        f('pipeline_stage_id', 'Stage ID', 'number'),
        f('status', 'Status', 'enum'),
        f('close_date', 'Close date', 'string'),
        f('win_probability', 'Win probability', 'number'),
        f('priority', 'Priority', 'enum'),
        f('company_id', 'Company ID', 'number'),
        f('primary_contact_id', 'Primary contact ID', 'number'),
        OWNER,
        f('tags', 'Tags', 'other'),
        CREATED,
        MODIFIED,
      ],
      fromCommon: async (client, data) => OPPORTUNITY.write(data, await pipelinesAndStages(client)),
    },
  },
  'crm-lead': {
    name: 'crm-lead',
    path: `${API}/leads`,
    // Copper's lead search takes one e-mail (text), not a list: e-mails are not pushed down.
    ...tableObject(LEAD, ['owner_id', 'updated_at'], customerSources),
    associations: { 'crm-user': 'assignee_id' },
    extra: {
      label: 'Leads',
      entity: 'lead',
      idsSearch: true,
      search: BY_CREATION,
      requires: { field: 'name', message: 'Copper needs a name: give first_name or last_name' },
      fields: [
        ID,
        f('name', 'Name', 'string'),
        f('first_name', 'First name', 'string'),
        f('last_name', 'Last name', 'string'),
        f('title', 'Title', 'string'),
        f('company_name', 'Company name', 'string'),
        f('email', 'Email', 'other'),
        f('phone_numbers', 'Phone numbers', 'other'),
        f('address', 'Address', 'other'),
        f('status', 'Status', 'enum'),
        f('customer_source_id', 'Source ID', 'number'),
        f('monetary_value', 'Value', 'number'),
        OWNER,
        f('details', 'Details', 'string'),
        f('tags', 'Tags', 'other'),
        CREATED,
        MODIFIED,
      ],
      async fromCommon(client, data, id) {
        const sources = await customerSources(client);
        const c = data as { first_name?: string | null; last_name?: string | null };
        if (id === null || (c.first_name === undefined) === (c.last_name === undefined)) return LEAD.write(data, sources);
        const res = await client.request<{ first_name?: string | null; last_name?: string | null }>({
          method: 'GET',
          path: `${API}/leads/${encodeURIComponent(id)}`,
        });
        return LEAD.write(data, { ...sources, current: { first_name: res.body.first_name ?? null, last_name: res.body.last_name ?? null } });
      },
    },
  },
  'crm-task': {
    name: 'crm-task',
    path: `${API}/tasks`,
    ...tableObject(TASK, ['owner_id', 'updated_at']),
    associations: {
      'crm-contact': 'related_resource:person',
      'crm-company': 'related_resource:company',
      'crm-deal': 'related_resource:opportunity',
      'crm-user': 'assignee_id',
    },
    extra: {
      label: 'Tasks',
      entity: 'task',
      idsSearch: false,
      search: BY_CREATION,
      requires: { field: 'name', message: 'Copper needs a task name (subject)' },
      fields: [
        ID,
        f('name', 'Name', 'string'),
        f('details', 'Details', 'string'),
        f('status', 'Status', 'enum'),
        f('priority', 'Priority', 'enum'),
        f('due_date', 'Due', 'datetime'),
        f('reminder_date', 'Reminder', 'datetime'),
        f('completed_date', 'Completed', 'datetime', false),
        f('related_resource', 'Related to', 'other'),
        OWNER,
        f('tags', 'Tags', 'other'),
        CREATED,
        MODIFIED,
      ],
      fromCommon: async (_client, data) => TASK.write(data, {}),
    },
  },
  'crm-note': {
    name: 'crm-note',
    path: `${API}/activities`,
    ...tableObject(NOTE, []),
    associations: {
      'crm-contact': 'parent:person',
      'crm-company': 'parent:company',
      'crm-deal': 'parent:opportunity',
      'crm-user': 'user_id',
    },
    extra: {
      label: 'Notes',
      entity: null,
      idsSearch: false,
      search: { activity_types: [NOTE_TYPE] },
      createWith: { type: NOTE_TYPE },
      requires: { field: 'parent', message: 'Copper needs the record a note is on: give contact_id, company_id or deal_id' },
      fields: [
        ID,
        f('type', 'Activity type', 'other', false),
        f('parent', 'Parent', 'other'),
        f('details', 'Details', 'string'),
        f('user_id', 'User ID', 'number', false),
        f('activity_date', 'Activity date', 'datetime'),
        CREATED,
        MODIFIED,
      ],
      fromCommon: async (_client, data) => NOTE.write(data, {}),
    },
  },
  // Pulled only (the manifest offers no push): users are managed in Copper's settings.
  'crm-user': {
    name: 'crm-user',
    path: `${API}/users`,
    ...tableObject(USER, []),
    associations: {},
    extra: {
      label: 'Users',
      entity: null,
      idsSearch: false,
      search: {},
      requires: null,
      fields: [ID, f('name', 'Name', 'string', false), f('email', 'Email', 'string', false)],
    },
  },
};

/** Ids of the records linked through `via`: a field holding an id, or `field:type` for a `{id, type}` link. */
function associated(record: Record<string, unknown>, via: string): string[] {
  const [field, type] = via.split(':') as [string, string | undefined];
  const v = record[field];
  if (type === undefined) return typeof v === 'number' || (typeof v === 'string' && v) ? [String(v)] : [];
  const l = v as { id?: unknown; type?: unknown } | null | undefined;
  return l && l.type === type && (typeof l.id === 'number' || typeof l.id === 'string') ? [String(l.id)] : [];
}

export const copperConnector = defineConnector({
  manifest: copperManifest,
  coverage: probeOf(
    {
      'crm-contact': PERSON,
      'crm-company': COMPANY,
      'crm-deal': OPPORTUNITY,
      'crm-lead': LEAD,
      'crm-task': TASK,
      'crm-note': NOTE,
      'crm-user': USER,
    },
    {
      pipelines: { label: (id) => (id === 12 ? 'Sales' : undefined), id: () => undefined },
      stages: { label: (id) => (id === 12 ? 'Qualified' : undefined), id: () => undefined },
      sources: { label: (id) => (id === 12 ? 'Cold Call' : undefined), id: (label) => (label.toLowerCase() === 'cold call' ? 12 : undefined) },
    },
  ),

  // Searches paged by page number; a record read by id is live (a deleted one answers 404; an activity of another
  // type, or a deleted one's stub, is not returned: see byIds).
  liveReads: true,

  classify(res: ProviderResponse) {
    // A refused key or e-mail cannot be renewed: the end user must connect again.
    if (res.status === 401) return { kind: 'auth_invalid', message: `401: ${errorText(res.body)}` };
    return { ...defaultClassifier(res), message: `${res.status}: ${errorText(res.body)}` };
  },

  // API keys only: one key and e-mail per connection.
  accountKey: () => 'copper',

  ...declaredObjects(
    {
      objects: OBJECTS,
      page: (client: ProviderClient, object, request) => page(client, object, request),
      byIds: (client, object, ids) => byIds(client, object, ids),
      write,
      describe,
      value,
      associated,
    },
    'Copper',
  ),
});

/** Copper's error text: `{success: false, status, message}`. */
function errorText(body: unknown): string {
  if (body && typeof body === 'object') {
    const m = (body as Record<string, unknown>)['message'];
    if (typeof m === 'string' && m) return m;
  }
  return typeof body === 'string' ? body.slice(0, 300) : 'no details';
}
