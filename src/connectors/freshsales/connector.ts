/**
 * Freshsales (Freshworks CRM): contacts, accounts (crm-company), deals and tasks both ways, notes written only (the
 * API lists none), users read from the owners selector; the quirks are in pull.ts (views, filtered search) and
 * push.ts (wrapped bodies).
 */
import { defineConnector, type ProviderField } from '../kit/connector.js';
import { probeOf, tableObject } from '../kit/field-table.js';
import { defaultClassifier, type ProviderClient, type ProviderResponse } from '../kit/http.js';
import type { TokenSet } from '../kit/oauth.js';
import { declaredObjects, IDENTITY, sharedObjects } from '../kit/objects.js';
import { freshsalesManifest } from './manifest.js';
import { ACTIVITY, COMPANY, CONTACT, type Context, DEAL, type FreshsalesItem, NOTE, TASK, USER, valueOf } from './mapping.js';
import { byIds, dealTables, type FreshsalesDecl, industries, page } from './pull.js';
import { write } from './push.js';

const noContext = async (): Promise<Context> => ({});

const TASK_FIELDS = [
  { name: 'id', label: 'ID', type: 'number' },
  { name: 'title', label: 'Title', type: 'string' },
  { name: 'description', label: 'Description', type: 'string' },
  { name: 'due_date', label: 'Due date', type: 'datetime' },
  { name: 'status', label: 'Status', type: 'number' },
  { name: 'owner_id', label: 'Owner ID', type: 'number' },
  { name: 'targetable_type', label: 'Related to (type)', type: 'string' },
  { name: 'targetable_id', label: 'Related to (ID)', type: 'number' },
  { name: 'task_type_id', label: 'Task type ID', type: 'number' },
  { name: 'created_at', label: 'Created at', type: 'datetime' },
  { name: 'updated_at', label: 'Updated at', type: 'datetime' },
] as const;

const OBJECTS: Record<string, FreshsalesDecl> = {
  'crm-contact': {
    name: 'crm-contact',
    path: '/api/contacts',
    ...tableObject(CONTACT, ['updated_at', 'owner_id', 'company_id'], () => ({})),
    associations: { 'crm-company': 'sales_account_id', 'crm-user': 'owner_id' },
    extra: {
      label: 'Contacts',
      singular: 'contact',
      plural: 'contacts',
      entity: 'contact',
      fieldsPath: '/api/settings/contacts/fields',
      fromCommon: async (_client, data) => CONTACT.write(data, {}),
    },
  },
  'crm-company': {
    name: 'crm-company',
    path: '/api/sales_accounts',
    ...tableObject(COMPANY, ['updated_at', 'owner_id'], industries),
    associations: { 'crm-user': 'owner_id' },
    extra: {
      label: 'Accounts',
      singular: 'sales_account',
      plural: 'sales_accounts',
      entity: 'sales_account',
      fieldsPath: '/api/settings/sales_accounts/fields',
      fromCommon: async (client, data) => COMPANY.write(data, await industries(client)),
    },
  },
  'crm-deal': {
    name: 'crm-deal',
    path: '/api/deals',
    ...tableObject(DEAL, ['updated_at', 'owner_id', 'company_id', 'stage_id'], dealTables),
    associations: { 'crm-company': 'sales_account_id', 'crm-contact': 'contact_ids', 'crm-user': 'owner_id' },
    extra: {
      label: 'Deals',
      singular: 'deal',
      plural: 'deals',
      entity: 'deal',
      fieldsPath: '/api/settings/deals/fields',
      fromCommon: async (client, data) => DEAL.write(data, await dealTables(client)),
    },
  },
  'crm-task': {
    name: 'crm-task',
    path: '/api/tasks',
    ...tableObject(TASK, [], noContext),
    associations: { 'crm-contact': 'target:Contact', 'crm-company': 'target:SalesAccount', 'crm-deal': 'target:Deal', 'crm-user': 'owner_id' },
    extra: {
      label: 'Tasks',
      singular: 'task',
      plural: 'tasks',
      lists: ['open', 'completed'],
      fields: TASK_FIELDS,
      fromCommon: async (_client, data) => TASK.write(data, {}),
    },
  },
  'crm-activity': {
    name: 'crm-activity',
    path: '/api/appointments',
    ...tableObject(ACTIVITY, [], noContext),
    associations: { 'crm-contact': 'target:Contact', 'crm-company': 'target:SalesAccount', 'crm-deal': 'target:Deal', 'crm-user': 'creater_id' },
    extra: {
      label: 'Appointments',
      singular: 'appointment',
      plural: 'appointments',
      lists: ['past', 'upcoming'],
      fields: [
        { name: 'id', label: 'ID', type: 'number' },
        { name: 'title', label: 'Title', type: 'string' },
        { name: 'description', label: 'Description', type: 'string' },
        { name: 'from_date', label: 'From', type: 'datetime' },
        { name: 'end_date', label: 'To', type: 'datetime' },
        { name: 'location', label: 'Location', type: 'string' },
        { name: 'targetable_type', label: 'Related to (type)', type: 'string' },
        { name: 'targetable_id', label: 'Related to (ID)', type: 'number' },
        { name: 'creater_id', label: 'Created by', type: 'number' },
      ],
      fromCommon: async (_client, data) => ACTIVITY.write(data, {}),
    },
  },
  'crm-note': {
    name: 'crm-note',
    path: '/api/notes',
    ...tableObject(NOTE, [], noContext),
    associations: {},
    extra: {
      label: 'Notes',
      singular: 'note',
      plural: 'notes',
      writeOnly: true,
      fields: [
        { name: 'id', label: 'ID', type: 'number' },
        { name: 'description', label: 'Description', type: 'string' },
        { name: 'targetable_type', label: 'Related to (type)', type: 'string' },
        { name: 'targetable_id', label: 'Related to (ID)', type: 'number' },
      ],
      fromCommon: async (_client, data) => NOTE.write(data, {}),
    },
  },
  // Read only: users are managed in Freshsales' admin settings.
  'crm-user': {
    name: 'crm-user',
    path: '/api/selector/owners',
    ...tableObject(USER, [], noContext),
    associations: {},
    extra: {
      label: 'Users',
      singular: 'user',
      plural: 'users',
      whole: { path: '/api/selector/owners', key: 'users' },
      fields: [
        { name: 'id', label: 'ID', type: 'number' },
        { name: 'display_name', label: 'Name', type: 'string' },
        { name: 'email', label: 'Email', type: 'string' },
        { name: 'is_active', label: 'Active', type: 'boolean' },
      ],
    },
  },
};

/**
 * Freshsales modules shared as they are (passthrough schemas), by name: the deals, with every field the account has
 * (custom `cf_…` ones too), read through the views and written wrapped like the mapped ones.
 */
const SHARED: Record<string, FreshsalesDecl> = {
  deals: {
    name: 'deals',
    path: '/api/deals',
    properties: [],
    filters: {},
    associations: {},
    mapper: IDENTITY,
    extra: { label: 'Deals', singular: 'deal', plural: 'deals', entity: 'deal', fieldsPath: '/api/settings/deals/fields' },
  },
};

const { custom: shared, discover } = sharedObjects(SHARED, { provider: 'Freshsales', noun: 'module', push: true });

const FIELD_TYPES: Record<string, ProviderField['type']> = {
  text: 'string',
  textarea: 'string',
  email: 'string',
  url: 'string',
  phone_number: 'string',
  auto_complete: 'string',
  number: 'number',
  date: 'date',
  datetime: 'datetime',
  dropdown: 'enum',
  multi_select_dropdown: 'enum',
  radio: 'enum',
  checkbox: 'boolean',
};
const READ_ONLY_FIELDS = ['id', 'created_at', 'updated_at'];

async function describe(client: ProviderClient, object: FreshsalesDecl) {
  if (!object.extra.fieldsPath) return (object.extra.fields ?? []).map((f) => ({ ...f, custom: false, writable: false }));
  const res = await client.request<{ fields?: Array<{ name: string; label?: string; type?: string; default?: boolean }> }>({
    method: 'GET',
    path: object.extra.fieldsPath,
  });
  return (res.body.fields ?? []).map((f) => ({
    name: f.name,
    label: f.label ?? f.name,
    type: READ_ONLY_FIELDS.includes(f.name)
      ? ('datetime' as const)
      : ((f.type !== undefined && Object.hasOwn(FIELD_TYPES, f.type) ? FIELD_TYPES[f.type] : undefined) ?? 'other'),
    custom: f.default === false,
    writable: !READ_ONLY_FIELDS.includes(f.name),
  }));
}

/** The ids an association names: a task's target (`target:<type>`), a list of ids, or one id. */
function associated(item: FreshsalesItem, via: string): string[] {
  if (via.startsWith('target:'))
    return item['targetable_type'] === via.slice(7) && item['targetable_id'] != null ? [String(item['targetable_id'] as number)] : [];
  const v = item[via];
  if (Array.isArray(v)) return v.map(String);
  return typeof v === 'number' || (typeof v === 'string' && v !== '') ? [String(v)] : [];
}

/** Freshsales' error text: `{errors: {code, message: [...]}}`, or a refused key's `{login, message}`. */
function errorText(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as { errors?: { message?: unknown }; message?: unknown };
    const messages = b.errors?.message;
    if (Array.isArray(messages) && messages.length) return messages.map(String).join('; ');
    if (typeof b.message === 'string') return b.message;
  }
  return typeof body === 'string' ? body.slice(0, 300) : 'no details';
}

export const freshsalesConnector = defineConnector({
  manifest: freshsalesManifest,
  coverage: probeOf<Context>(
    {
      'crm-contact': CONTACT,
      'crm-company': COMPANY,
      'crm-deal': DEAL,
      'crm-task': TASK,
      'crm-activity': ACTIVITY,
      'crm-note': NOTE,
      'crm-user': USER,
    },
    {
      // An industry table holding the common sample's option, as a real account's would.
      industries: { label: (id) => (id === 12 ? 'Machinery' : undefined), id: (label) => (label.toLowerCase() === 'machinery' ? 12 : undefined) },
      pipelines: { label: (id) => (id === 12 ? 'Default Pipeline' : undefined), id: () => undefined },
      stages: { label: (id) => (id === 12 ? 'New' : undefined), id: () => undefined },
      currencies: { label: (id) => (id === 12 ? 'USD' : undefined), id: (code) => (code === 'USD' ? 12 : undefined) },
      forecast: (id) => (id === 12 ? 'Open' : undefined),
    },
  ),

  // Lists paged by page number; a record read by id is live (a deleted one answers 404, as in Freshsales).
  liveReads: true,

  classify(res: ProviderResponse) {
    // An API key does not expire: a refused one must be replaced.
    if (res.status === 401) return { kind: 'auth_invalid', message: `401: ${errorText(res.body)}` };
    return { ...defaultClassifier(res), message: `${res.status}: ${errorText(res.body)}` };
  },

  // For OAuth token responses only: Freshsales connects by API key (the session page keys its limits by key and domain).
  accountKey(tokens: TokenSet): string {
    const domain = tokens.raw['domain'];
    return typeof domain === 'string' ? domain : 'unknown';
  },

  ...declaredObjects({ objects: OBJECTS, custom: shared, discover, page, byIds, write, describe, value: valueOf, associated }, 'Freshsales'),
});
