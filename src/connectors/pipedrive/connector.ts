/**
 * Pipedrive: persons, organizations, deals, leads, notes, activities (tasks as crm-task, calls, meetings and e-mails as
 * crm-activity), products and users (pulled only) mapped to the common model (deals may also be shared as they are),
 * over API v2 (users over v1); the
 * quirks are in pull.ts, push.ts, filters.ts and fields.ts.
 */
import type { CrmCompany } from '../../model/schemas/crm-company.js';
import type { CrmContact } from '../../model/schemas/crm-contact.js';
import { defineConnector } from '../kit/connector.js';
import { probeOf, tableObject } from '../kit/field-table.js';
import { defaultClassifier, type ProviderClient, type ProviderResponse } from '../kit/http.js';
import type { TokenSet } from '../kit/oauth.js';
import { declaredObjects } from '../kit/objects.js';
import { describe, discover, shared } from './fields.js';
import { ACTIVITY, ACTIVITY_KINDS, NOTE, PRODUCT, TASK, TASK_TYPES } from './history.js';
import { LEAD, LEAD_FIELDS, leadWrite, withParties } from './leads.js';
import { pipedriveManifest } from './manifest.js';
import { DEAL, dealFromCommon, ORGANIZATION, organizationFromCommon, PERSON, personFromCommon, USER } from './mapping.js';
import { byIds, industries, page, type PipedriveDecl, pipelinesAndStages, value } from './pull.js';
import { write } from './push.js';

/** The fields of a note and of an activity (the sandbox serves no noteFields or activityFields yet). */
const NOTE_FIELDS = [
  { name: 'id', label: 'ID', type: 'number' },
  { name: 'content', label: 'Content', type: 'string' },
  { name: 'deal_id', label: 'Deal ID', type: 'number' },
  { name: 'person_id', label: 'Person ID', type: 'number' },
  { name: 'org_id', label: 'Organization ID', type: 'number' },
  { name: 'user_id', label: 'User ID', type: 'number' },
  { name: 'pinned_to_deal_flag', label: 'Pinned to deal', type: 'boolean' },
  { name: 'add_time', label: 'Added', type: 'datetime' },
  { name: 'update_time', label: 'Updated', type: 'datetime' },
] as const;
const ACTIVITY_FIELDS = [
  { name: 'id', label: 'ID', type: 'number' },
  { name: 'subject', label: 'Subject', type: 'string' },
  { name: 'type', label: 'Type', type: 'string' },
  { name: 'note', label: 'Note', type: 'string' },
  { name: 'due_date', label: 'Due date', type: 'string' },
  { name: 'due_time', label: 'Due time', type: 'string' },
  { name: 'duration', label: 'Duration', type: 'string' },
  { name: 'done', label: 'Done', type: 'boolean' },
  { name: 'busy', label: 'Busy', type: 'boolean' },
  { name: 'owner_id', label: 'Owner ID', type: 'number' },
  { name: 'deal_id', label: 'Deal ID', type: 'number' },
  { name: 'person_id', label: 'Person ID', type: 'number' },
  { name: 'org_id', label: 'Organization ID', type: 'number' },
  { name: 'add_time', label: 'Added', type: 'datetime' },
  { name: 'update_time', label: 'Updated', type: 'datetime' },
] as const;

/** A product price's currency when the data give none: the product's current one, else the user's default. */
async function productCurrency(client: ProviderClient, data: Record<string, unknown>, id: string | null): Promise<string | undefined> {
  if (data['unit_price'] === undefined || typeof data['currency'] === 'string') return undefined;
  if (id !== null) {
    const res = await client.request<{ data?: { prices?: Array<{ currency?: string }> } }>({
      method: 'GET',
      path: `/api/v2/products/${encodeURIComponent(id)}`,
    });
    const current = res.body.data?.prices?.[0]?.currency;
    if (current) return current;
  }
  const me = await client.request<{ data?: { default_currency?: string } }>({ method: 'GET', path: '/v1/users/me' });
  return me.body.data?.default_currency;
}

const OBJECTS: Record<string, PipedriveDecl> = {
  'crm-contact': {
    name: 'crm-contact',
    path: '/api/v2/persons',
    // Pipedrive's v2 lists filter on these.
    ...tableObject(PERSON, ['company_id', 'owner_id', 'updated_at'], () => ({})),
    associations: { 'crm-company': 'org_id' },
    extra: {
      label: 'Persons',
      requires: { field: 'name', message: 'Pipedrive needs a name: give first_name or last_name' },
      fieldsPath: '/api/v2/personFields',
      async fromCommon(client, data, id) {
        const c = data as CrmContact;
        // A partial name change keeps the other half of the current name.
        if (id === null || (c.first_name === undefined) === (c.last_name === undefined)) return personFromCommon(c);
        const res = await client.request<{ data: { first_name?: string | null; last_name?: string | null } }>({
          method: 'GET',
          path: `/api/v2/persons/${encodeURIComponent(id)}`,
        });
        return personFromCommon(c, { first_name: res.body.data.first_name ?? null, last_name: res.body.data.last_name ?? null });
      },
    },
  },
  'crm-company': {
    name: 'crm-company',
    path: '/api/v2/organizations',
    ...tableObject(ORGANIZATION, ['owner_id', 'updated_at'], async (client) => ({ industries: await industries(client) })),
    associations: {},
    extra: {
      label: 'Organizations',
      requires: { field: 'name', message: 'Pipedrive needs an organization name' },
      fieldsPath: '/api/v2/organizationFields',
      fromCommon: async (client, data) => organizationFromCommon(data as CrmCompany, await industries(client)),
    },
  },
  'crm-deal': {
    name: 'crm-deal',
    path: '/api/v2/deals',
    ...tableObject(DEAL, ['company_id', 'owner_id', 'pipeline_id', 'stage_id', 'updated_at'], pipelinesAndStages),
    associations: { 'crm-company': 'org_id', 'crm-contact': 'person_id', 'crm-user': 'owner_id' },
    extra: {
      label: 'Deals',
      fieldsPath: '/api/v2/dealFields',
      requires: { field: 'title', message: 'Pipedrive needs a deal title' },
      fromCommon: async (client, data) => dealFromCommon(data, await pipelinesAndStages(client)),
    },
  },
  'crm-note': {
    name: 'crm-note',
    path: '/v1/notes',
    ...tableObject(NOTE, ['deal_id', 'contact_id', 'company_id', 'owner_id']),
    associations: { 'crm-deal': 'deal_id', 'crm-contact': 'person_id', 'crm-company': 'org_id', 'crm-user': 'user_id' },
    extra: {
      label: 'Notes',
      // The sandbox serves no noteFields: the v1 Note's own fields.
      fieldsPath: null,
      fields: NOTE_FIELDS,
      v1: true,
      requires: null,
      fromCommon: async (_client, data) => NOTE.write(data, {}),
    },
  },
  'crm-lead': {
    name: 'crm-lead',
    path: '/v1/leads',
    ...tableObject(LEAD, ['contact_id', 'company_id', 'owner_id']),
    associations: { 'crm-contact': 'person_id', 'crm-company': 'organization_id', 'crm-user': 'owner_id' },
    extra: {
      label: 'Leads',
      fieldsPath: null,
      fields: LEAD_FIELDS,
      v1: true,
      lists: ['/v1/leads', '/v1/leads/archived'],
      update: 'PATCH',
      beside: withParties,
      requires: { field: 'title', message: 'Pipedrive needs a lead title' },
      fromCommon: async (_client, data, id) => leadWrite(data, id),
    },
  },
  'crm-task': {
    name: 'crm-task',
    path: '/api/v2/activities',
    ...tableObject(TASK, ['deal_id', 'contact_id', 'company_id', 'owner_id', 'updated_at']),
    associations: { 'crm-deal': 'deal_id', 'crm-contact': 'person_id', 'crm-company': 'org_id', 'crm-user': 'owner_id' },
    extra: {
      label: 'Tasks',
      fieldsPath: null,
      fields: ACTIVITY_FIELDS,
      types: TASK_TYPES,
      requires: null,
      fromCommon: async (_client, data) => TASK.write(data, {}),
    },
  },
  'crm-activity': {
    name: 'crm-activity',
    path: '/api/v2/activities',
    ...tableObject(ACTIVITY, ['deal_id', 'contact_id', 'company_id', 'user_id', 'updated_at']),
    associations: { 'crm-deal': 'deal_id', 'crm-contact': 'person_id', 'crm-company': 'org_id', 'crm-user': 'owner_id' },
    extra: {
      label: 'Activities',
      fieldsPath: null,
      fields: ACTIVITY_FIELDS,
      types: ACTIVITY_KINDS,
      requires: { field: 'type', message: 'Pipedrive needs the type of an activity (CALL, MEETING or EMAIL)' },
      fromCommon: async (_client, data) => ACTIVITY.write(data, {}),
    },
  },
  'crm-product': {
    name: 'crm-product',
    path: '/api/v2/products',
    ...tableObject(PRODUCT, ['owner_id']),
    associations: { 'crm-user': 'owner_id' },
    extra: {
      label: 'Products',
      fieldsPath: null,
      fields: [
        { name: 'id', label: 'ID', type: 'number' },
        { name: 'name', label: 'Name', type: 'string' },
        { name: 'code', label: 'Product code', type: 'string' },
        { name: 'description', label: 'Description', type: 'string' },
        { name: 'unit', label: 'Unit', type: 'string' },
        { name: 'tax', label: 'Tax %', type: 'number' },
        { name: 'owner_id', label: 'Owner ID', type: 'number' },
        { name: 'add_time', label: 'Added', type: 'datetime' },
        { name: 'update_time', label: 'Updated', type: 'datetime' },
      ],
      requires: { field: 'name', message: 'Pipedrive needs a product name' },
      fromCommon: async (client, data, id) => PRODUCT.write(data, { currency: await productCurrency(client, data, id) }),
    },
  },
  // Pulled only (the manifest offers no push): users are managed in Pipedrive's settings.
  'crm-user': {
    name: 'crm-user',
    path: '/v1/users',
    ...tableObject(USER, []),
    associations: {},
    extra: {
      label: 'Users',
      requires: null,
      whole: true,
      // Pipedrive has no fields endpoint for users: the v1 User's own fields.
      fieldsPath: null,
      fields: [
        { name: 'id', label: 'ID', type: 'number' },
        { name: 'name', label: 'Name', type: 'string' },
        { name: 'email', label: 'Email', type: 'string' },
        { name: 'phone', label: 'Phone', type: 'string' },
        { name: 'active_flag', label: 'Active', type: 'boolean' },
        { name: 'role_id', label: 'Role ID', type: 'number' },
        { name: 'timezone_name', label: 'Time zone', type: 'string' },
        { name: 'default_currency', label: 'Default currency', type: 'string' },
        { name: 'created', label: 'Created', type: 'datetime' },
        { name: 'modified', label: 'Modified', type: 'datetime' },
      ],
    },
  },
};

export const pipedriveConnector = defineConnector({
  manifest: pipedriveManifest,
  // An industry table holding the fixture's option, as a real account's field options would.
  coverage: probeOf(
    {
      'crm-contact': PERSON,
      'crm-company': ORGANIZATION,
      'crm-deal': DEAL,
      'crm-note': NOTE,
      'crm-lead': LEAD,
      'crm-task': TASK,
      'crm-activity': ACTIVITY,
      'crm-product': PRODUCT,
      'crm-user': USER,
    },
    {
      currency: 'EUR',
      industries: { label: (id) => (id === 12 ? 'Machinery' : undefined), id: (label) => (label.toLowerCase() === 'machinery' ? 12 : undefined) },
      pipelines: { label: (id) => (id === 12 ? 'Sales pipeline' : undefined), id: () => undefined },
      stages: { label: (id) => (id === 12 ? 'Qualified' : undefined), id: () => undefined },
    },
  ),

  // The notes and the leads are v1 lists paged by `start`, where a record deleted during a sync pull moves a later
  // one into a page already read; a note or lead read by id is one the lists show (a deleted one answers 404, an
  // archived lead is read as /v1/leads/archived lists it). The v2 lists are paged by cursor, the users read whole.
  liveReads: (endgrateType: string) => OBJECTS[endgrateType]?.extra.v1 === true,

  classify(res: ProviderResponse) {
    if (res.status === 401) return { kind: 'auth_expired', message: `401: ${errorText(res.body)}` };
    if (res.status === 402) return { kind: 'auth_invalid', message: `402: ${errorText(res.body)}` };
    return { ...defaultClassifier(res), message: `${res.status}: ${errorText(res.body)}` };
  },

  accountKey(tokens: TokenSet): string {
    const domain = tokens.raw['api_domain'];
    return typeof domain === 'string' ? new URL(domain).host + new URL(domain).pathname : 'unknown';
  },

  apiBase(defaultBase: string, tokens: TokenSet): string {
    const domain = tokens.raw['api_domain'];
    return typeof domain === 'string' && /^https?:\/\//.test(domain) ? domain.replace(/\/+$/, '') : defaultBase;
  },

  ...declaredObjects(
    {
      objects: OBJECTS,
      custom: shared,
      discover,
      page,
      byIds,
      write,
      describe,
      value,
      associated: (item, field) => {
        const id = item[field];
        return id && (typeof id === 'number' || typeof id === 'string') ? [String(id)] : [];
      },
    },
    'Pipedrive',
  ),
});

/** Pipedrive's error text: v2 `{error, code}`, v1 `{error, error_info}`. */
function errorText(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const parts = [b['error'], b['error_info']].filter((x) => typeof x === 'string' && x);
    if (parts.length) return parts.join(' — ');
  }
  return typeof body === 'string' ? body.slice(0, 300) : 'no details';
}
