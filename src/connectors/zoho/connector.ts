/**
 * Zoho CRM: contacts, accounts, deals, notes and tasks both ways and users pulled, over the REST API v8 at the
 * connection's data centre (the token response's `api_domain`). The quirks are in pull.ts (pages, page tokens, COQL)
 * and push.ts (batches answered per record).
 */
import { defineConnector } from '../kit/connector.js';
import { probeOf, tableObject } from '../kit/field-table.js';
import { defaultClassifier, type ProviderResponse } from '../kit/http.js';
import type { TokenSet } from '../kit/oauth.js';
import { declaredObjects } from '../kit/objects.js';
import { zohoManifest } from './manifest.js';
import { ACCOUNT, CALL, CONTACT, DEAL, LEAD, lookupId, MEETING, MODULE_KEY, NOTE, TASK, USER, type ZohoRecord } from './mapping.js';
import { byIds, describe, page, value, type ZohoDecl } from './pull.js';
import { write } from './push.js';

const OBJECTS: Record<string, ZohoDecl> = {
  'crm-contact': {
    name: 'crm-contact',
    path: '/crm/v8/Contacts',
    ...tableObject(CONTACT, ['company_id', 'owner_id', 'created_at', 'updated_at']),
    associations: { 'crm-company': 'Account_Name', 'crm-user': 'Owner' },
    extra: { module: 'Contacts', label: 'Contacts', fromCommon: (d) => CONTACT.write(d, undefined) },
  },
  'crm-company': {
    name: 'crm-company',
    path: '/crm/v8/Accounts',
    ...tableObject(ACCOUNT, ['owner_id', 'created_at', 'updated_at']),
    associations: { 'crm-user': 'Owner' },
    extra: { module: 'Accounts', label: 'Accounts', fromCommon: (d) => ACCOUNT.write(d, undefined) },
  },
  'crm-deal': {
    name: 'crm-deal',
    path: '/crm/v8/Deals',
    ...tableObject(DEAL, ['company_id', 'owner_id', 'created_at', 'updated_at']),
    associations: { 'crm-company': 'Account_Name', 'crm-contact': 'Contact_Name', 'crm-user': 'Owner' },
    extra: { module: 'Deals', label: 'Deals', fromCommon: (d) => DEAL.write(d, undefined) },
  },
  'crm-note': {
    name: 'crm-note',
    path: '/crm/v8/Notes',
    // COQL does not query Notes: nothing pushed down.
    ...tableObject(NOTE, []),
    associations: { 'crm-contact': 'Parent_Id:Contacts', 'crm-company': 'Parent_Id:Accounts', 'crm-deal': 'Parent_Id:Deals', 'crm-user': 'Owner' },
    extra: { module: 'Notes', label: 'Notes', fromCommon: (d) => NOTE.write(d, undefined) },
  },
  'crm-task': {
    name: 'crm-task',
    path: '/crm/v8/Tasks',
    ...tableObject(TASK, ['contact_id', 'owner_id', 'created_at', 'updated_at']),
    associations: { 'crm-contact': 'Who_Id', 'crm-company': 'What_Id:Accounts', 'crm-deal': 'What_Id:Deals', 'crm-user': 'Owner' },
    extra: { module: 'Tasks', label: 'Tasks', fromCommon: (d) => TASK.write(d, undefined) },
  },
  'crm-lead': {
    name: 'crm-lead',
    path: '/crm/v8/Leads',
    ...tableObject(LEAD, ['status', 'owner_id', 'created_at', 'updated_at']),
    associations: { 'crm-user': 'Owner' },
    extra: { module: 'Leads', label: 'Leads', fromCommon: (d) => LEAD.write(d, undefined) },
  },
  'crm-activity': {
    name: 'crm-activity',
    path: '/crm/v8/Calls',
    properties: [...new Set([...CALL.fields, ...MEETING.fields])],
    filters: {},
    mapper: { toCommon: (raw) => (raw[MODULE_KEY] === 'Events' ? MEETING : CALL).read(raw, undefined) },
    associations: { 'crm-contact': 'Who_Id', 'crm-company': 'What_Id:Accounts', 'crm-deal': 'What_Id:Deals', 'crm-user': 'Owner' },
    extra: {
      module: 'Calls',
      label: 'Calls and meetings',
      parts: [
        { module: 'Calls', type: 'CALL', fields: CALL.fields, fromCommon: (d) => CALL.write(d, undefined) },
        { module: 'Events', type: 'MEETING', fields: MEETING.fields, fromCommon: (d) => MEETING.write(d, undefined) },
      ],
    },
  },
  'crm-user': {
    name: 'crm-user',
    path: '/crm/v8/users',
    ...tableObject(USER, []),
    associations: {},
    extra: { module: 'users', label: 'Users', users: true },
  },
};

/** The module of a polymorphic lookup: a note's `Parent_Id.module.api_name`, a task's `$se_module`. */
function moduleOf(item: ZohoRecord, field: string): unknown {
  if (field === 'What_Id') return item['$se_module'];
  return (item[field] as { module?: { api_name?: unknown } } | null)?.module?.api_name;
}

export const zohoConnector = defineConnector({
  manifest: zohoManifest,
  coverage: probeOf(
    {
      'crm-contact': CONTACT,
      'crm-company': ACCOUNT,
      'crm-deal': DEAL,
      'crm-note': NOTE,
      'crm-task': TASK,
      'crm-lead': LEAD,
      'crm-activity': CALL,
      'crm-user': USER,
    },
    undefined,
  ),

  // Lists paged by page number; a record read by id is live (one in the recycle bin is not returned).
  liveReads: true,

  classify(res: ProviderResponse) {
    const message = `${res.status}: ${errorText(res.body)}`;
    if (res.status === 401) {
      const code = (res.body as { code?: unknown } | null)?.code;
      return { kind: code === 'OAUTH_SCOPE_MISMATCH' ? 'auth_invalid' : 'auth_expired', message };
    }
    return { ...defaultClassifier(res), message };
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
      page,
      byIds,
      write,
      describe,
      value,
      associated(item, via) {
        const [field, module] = via.split(':') as [string, string | undefined];
        if (module !== undefined && moduleOf(item, field) !== module) return [];
        const id = lookupId(item[field]);
        return id === null ? [] : [id];
      },
    },
    'Zoho CRM',
  ),
});

/** Zoho's error text: `{code, message, details}` (or the first record's of a `data[]` answer). */
function errorText(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const first = Array.isArray(b['data']) ? (b['data'][0] as Record<string, unknown> | undefined) : undefined;
    const e = first ?? b;
    const parts = [e['code'], e['message']].filter((x) => typeof x === 'string' && x);
    if (parts.length) return parts.join(': ');
  }
  return typeof body === 'string' ? body.slice(0, 300) : 'no details';
}
