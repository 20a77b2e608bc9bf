/**
 * Close: leads (crm-company), contacts, opportunities (crm-deal), tasks and notes both ways, users pulled; the quirks
 * are in pull.ts (`_skip`/`_limit` lists with `_fields` and query filters), push.ts (PUT as a patch, trailing
 * slashes) and mapping.ts (one name per contact, cents, statuses by type, everything on a lead).
 */
import type { CrmContact } from '../../model/schemas/crm-contact.js';
import { defineConnector } from '../kit/connector.js';
import { probeOf, tableObject, textOf } from '../kit/field-table.js';
import { defaultClassifier, type ProviderClient, type ProviderResponse } from '../kit/http.js';
import type { TokenSet } from '../kit/oauth.js';
import { declaredObjects, IDENTITY, sharedObjects } from '../kit/objects.js';
import { closeManifest } from './manifest.js';
import { ACTIVITY, type CloseItem, COMPANY, CONTACT, CONTACT_FIELDS, type Context, DEAL, NOTE, TASK, USER } from './mapping.js';
import { byIds, type CloseDecl, describe, page, statuses, value } from './pull.js';
import { write } from './push.js';

const API = '/api/v1';
const READ_ONLY = ['date_created', 'date_updated', 'created_by', 'updated_by', 'organization_id'];
const none = (): Context => ({});

/** A contact's name halves now (for a change of one half), split as the mapper reads them. */
async function currentName(client: ProviderClient, id: string) {
  const res = await client.request<CloseItem>({ method: 'GET', path: `${API}/contact/${encodeURIComponent(id)}/`, query: { _fields: 'name' } });
  const read = CONTACT.read(res.body, {});
  return { first_name: read['first_name'] as string | null, last_name: read['last_name'] as string | null };
}

const OBJECTS: Record<string, CloseDecl> = {
  'crm-contact': {
    name: 'crm-contact',
    path: `${API}/contact/`,
    ...tableObject(CONTACT, ['company_id'], none),
    properties: CONTACT_FIELDS,
    associations: { 'crm-company': 'lead_id' },
    extra: {
      label: 'Contacts',
      prefix: 'cont',
      params: { lead_id: 'lead_id' },
      readOnly: READ_ONLY,
      customKind: 'contact',
      async fromCommon(client, data, id) {
        const c = data as CrmContact;
        // A change of one half of the name keeps the other half as it is.
        if (id === null || (c.first_name === undefined) === (c.last_name === undefined)) return CONTACT.write(data, {});
        return CONTACT.write(data, { current: await currentName(client, id) });
      },
    },
  },
  'crm-company': {
    name: 'crm-company',
    path: `${API}/lead/`,
    ...tableObject(COMPANY, [], none),
    associations: {},
    extra: {
      label: 'Leads',
      prefix: 'lead',
      params: {},
      customKind: 'lead',
      readOnly: [...READ_ONLY, 'display_name', 'status_label', 'contacts', 'html_url'],
      fromCommon: async (_client, data) => COMPANY.write(data, {}),
    },
  },
  'crm-deal': {
    name: 'crm-deal',
    path: `${API}/opportunity/`,
    // Read from the status's type on the record; the statuses are looked up only to write a status.
    ...tableObject(DEAL, ['company_id', 'owner_id', 'stage_id', 'updated_at'], none),
    associations: { 'crm-company': 'lead_id', 'crm-contact': 'contact_id', 'crm-user': 'user_id' },
    extra: {
      label: 'Opportunities',
      prefix: 'oppo',
      params: { lead_id: 'lead_id', user_id: 'user_id', status_id: 'status_id', date_updated: 'date_updated' },
      customKind: 'opportunity',
      readOnly: [...READ_ONLY, 'lead_name', 'contact_name', 'user_name', 'status_label', 'status_type', 'pipeline_id', 'pipeline_name'],
      fromCommon: async (client, data) => DEAL.write(data, data['status'] === undefined ? {} : await statuses(client)),
    },
  },
  'crm-task': {
    name: 'crm-task',
    path: `${API}/task/`,
    ...tableObject(TASK, ['company_id', 'owner_id'], none),
    associations: { 'crm-company': 'lead_id', 'crm-user': 'assigned_to' },
    extra: {
      label: 'Tasks',
      prefix: 'task',
      params: { lead_id: 'lead_id', assigned_to: 'assigned_to' },
      readOnly: [...READ_ONLY, 'lead_name', 'assigned_to_name'],
      fromCommon: async (_client, data) => TASK.write(data, {}),
    },
  },
  'crm-note': {
    name: 'crm-note',
    path: `${API}/activity/note/`,
    ...tableObject(NOTE, ['company_id', 'contact_id'], none),
    associations: { 'crm-company': 'lead_id', 'crm-contact': 'contact_id', 'crm-user': 'user_id' },
    extra: {
      label: 'Notes',
      prefix: 'acti',
      params: { lead_id: 'lead_id', contact_id: 'contact_id' },
      readOnly: [...READ_ONLY, 'user_id', 'user_name'],
      fromCommon: async (_client, data) => NOTE.write(data, {}),
    },
  },
  // Calls and meetings, pulled only: the two activity lists one after the other.
  'crm-activity': {
    name: 'crm-activity',
    path: `${API}/activity/`,
    ...tableObject(ACTIVITY, ['company_id', 'contact_id', 'user_id'], none),
    associations: { 'crm-company': 'lead_id', 'crm-contact': 'contact_id', 'crm-user': 'user_id' },
    extra: {
      label: 'Calls and meetings',
      prefix: 'acti',
      params: { lead_id: 'lead_id', contact_id: 'contact_id', user_id: 'user_id' },
      readOnly: [...READ_ONLY, 'user_name', '_type'],
      parts: [`${API}/activity/call/`, `${API}/activity/meeting/`],
    },
  },
  // Pulled only (the manifest offers no push): users are managed in Close's settings.
  'crm-user': {
    name: 'crm-user',
    path: `${API}/user/`,
    ...tableObject(USER, [], none),
    associations: {},
    extra: { label: 'Users', prefix: 'user', params: {}, readOnly: ['first_name', 'last_name', 'email'] },
  },
};

const OPPORTUNITY_READ_ONLY = [
  ...READ_ONLY,
  'id',
  'lead_name',
  'contact_name',
  'user_name',
  'status_label',
  'status_type',
  'status_display_name',
  'pipeline_id',
  'pipeline_name',
  'value_formatted',
  'date_lost',
];

/**
 * Close objects shared as they are (passthrough schemas), by name: the opportunities, with every field of Close's
 * reference and the organization's opportunity custom fields (`custom.cf_…`).
 */
const SHARED: Record<string, CloseDecl> = {
  opportunities: {
    name: 'opportunities',
    path: `${API}/opportunity/`,
    properties: [],
    filters: {},
    associations: {},
    mapper: IDENTITY,
    extra: {
      label: 'Opportunities',
      prefix: 'oppo',
      params: {},
      readOnly: OPPORTUNITY_READ_ONLY,
      customKind: 'opportunity',
      fields: [
        'id',
        'organization_id',
        'lead_id',
        'lead_name',
        'contact_id',
        'contact_name',
        'user_id',
        'user_name',
        'status_id',
        'status_label',
        'status_type',
        'status_display_name',
        'pipeline_id',
        'pipeline_name',
        'value',
        'value_currency',
        'value_period',
        'value_formatted',
        'confidence',
        'note',
        'date_won',
        'date_lost',
        'date_created',
        'date_updated',
        'created_by',
        'updated_by',
      ],
    },
  },
};

const { custom: shared, discover } = sharedObjects(SHARED, { provider: 'Close', noun: 'object', push: true });

export const closeConnector = defineConnector({
  manifest: closeManifest,
  coverage: probeOf(
    {
      'crm-contact': CONTACT,
      'crm-company': COMPANY,
      'crm-deal': DEAL,
      'crm-task': TASK,
      'crm-note': NOTE,
      'crm-activity': ACTIVITY,
      'crm-user': USER,
    },
    {
      statuses: [{ id: 'stat_won', label: 'Won', type: 'won', pipeline_id: 'pipe_1' }],
    } satisfies Context,
  ),

  // Lists paged by `_skip`; a record read by id is live (a deleted one answers 404, as in Close).
  liveReads: true,

  classify(res: ProviderResponse) {
    // An OAuth token that expired is renewed with the refresh token (a refused API key cannot be: the end user must
    // connect again).
    if (res.status === 401) return { kind: 'auth_expired', message: `401: ${errorText(res.body)}` };
    const verdict = { ...defaultClassifier(res), message: `${res.status}: ${errorText(res.body)}` };
    // Close's 429 says how long to wait in `error.rate_reset` (seconds).
    const reset = (res.body as { error?: { rate_reset?: unknown } } | null)?.error?.rate_reset;
    return res.status === 429 && typeof reset === 'number' && reset >= 0 ? { ...verdict, retryAfterMs: Math.ceil(reset * 1000) } : verdict;
  },

  // An OAuth grant names its organization; each API key is its own account.
  accountKey(tokens: TokenSet): string {
    const organization = tokens.raw['organization_id'];
    return typeof organization === 'string' && organization !== '' ? organization : 'close';
  },

  ...declaredObjects(
    {
      objects: OBJECTS,
      custom: shared,
      discover,
      page,
      byIds: (client: ProviderClient, object, ids) => byIds(client, object, ids),
      write,
      describe,
      value,
      associated: (record, via) => {
        const id = textOf(record[via]);
        return id === null ? [] : [id];
      },
    },
    'Close',
  ),
});

/** Close's error text: `{error: "…"}`, `{error: {message}}` (429), or `{errors: [...], "field-errors": {field: message}}`. */
export function errorText(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as { error?: unknown; errors?: unknown; 'field-errors'?: unknown };
    if (typeof b.error === 'string' && b.error) return b.error;
    const nested = (b.error as { message?: unknown } | undefined)?.message;
    if (typeof nested === 'string') return nested;
    const parts = [
      ...(Array.isArray(b.errors) ? b.errors.map(String) : []),
      ...Object.entries((b['field-errors'] ?? {}) as Record<string, unknown>).map(([field, m]) => `${field}: ${String(m)}`),
    ];
    if (parts.length) return parts.join('; ');
  }
  return typeof body === 'string' ? body.slice(0, 300) : 'no details';
}
