/**
 * Freshdesk: contacts and companies both ways, agents (helpdesk-user) pulled, conversations (helpdesk-note) pulled
 * ticket by ticket and pushed as notes or replies, tickets shared as they are (pulled); the quirks are in pull.ts
 * (`link` paging, the tickets' 30-day default, conversations through their tickets) and push.ts (notes and replies on
 * a ticket's own paths).
 */
import { defineConnector } from '../kit/connector.js';
import { probeOf, tableObject } from '../kit/field-table.js';
import { defaultClassifier, type ProviderResponse } from '../kit/http.js';
import type { TokenSet } from '../kit/oauth.js';
import { declaredObjects, fieldsOfSample, IDENTITY, sharedObjects } from '../kit/objects.js';
import { freshdeskManifest } from './manifest.js';
import { COMPANY, CONTACT, type Context, type FreshdeskItem, NOTE, USER, valueOf } from './mapping.js';
import { byIds, type FreshdeskDecl, page, roles } from './pull.js';
import { write } from './push.js';
import { AGENT_SAMPLE, COMPANY_SAMPLE, CONTACT_SAMPLE, CONVERSATION_SAMPLE, TICKET_SAMPLE } from './samples.js';

const none = (): Context => ({});
const TIMES = ['id', 'created_at', 'updated_at'];

const OBJECTS: Record<string, FreshdeskDecl> = {
  'helpdesk-contact': {
    name: 'helpdesk-contact',
    path: '/api/v2/contacts',
    ...tableObject(CONTACT, ['updated_at', 'company_id'], none),
    associations: { 'helpdesk-company': 'company_id' },
    extra: {
      label: 'Contacts',
      params: { updated_at: '_updated_since', company_id: 'company_id' },
      readOnly: [...TIMES, 'active'],
      sample: CONTACT_SAMPLE,
      write: (data) => CONTACT.write(data, {}),
    },
  },
  'helpdesk-company': {
    name: 'helpdesk-company',
    path: '/api/v2/companies',
    ...tableObject(COMPANY, [], none),
    associations: {},
    extra: { label: 'Companies', params: {}, readOnly: TIMES, sample: COMPANY_SAMPLE, write: (data) => COMPANY.write(data, {}) },
  },
  // Read only: agents are managed in Freshdesk's admin settings.
  'helpdesk-user': {
    name: 'helpdesk-user',
    path: '/api/v2/agents',
    ...tableObject(USER, [], roles),
    associations: {},
    extra: { label: 'Agents', params: {}, readOnly: Object.keys(AGENT_SAMPLE), sample: AGENT_SAMPLE },
  },
  // Conversations through their tickets; a ticket's `updated_at` moves with each new one, so tickets changed since a
  // time hold every conversation added since.
  'helpdesk-note': {
    name: 'helpdesk-note',
    path: '/api/v2/tickets',
    ...tableObject(NOTE, ['updated_at'], none),
    associations: { 'helpdesk-user': 'author:agent', 'helpdesk-contact': 'requester_id' },
    extra: {
      label: 'Conversations',
      params: { updated_at: 'updated_since' },
      conversations: true,
      readOnly: [...TIMES, 'incoming', 'source', 'support_email', 'ticket_id', 'requester_id'],
      sample: { ...CONVERSATION_SAMPLE, requester_id: 1 },
    },
  },
};

/** Freshdesk lists shared as they are (passthrough schemas), by name: the tickets, pulled only. */
const SHARED: Record<string, FreshdeskDecl> = {
  tickets: {
    name: 'tickets',
    path: '/api/v2/tickets',
    properties: [],
    filters: {},
    associations: {},
    mapper: IDENTITY,
    extra: { label: 'Tickets', params: {}, tickets: true, readOnly: Object.keys(TICKET_SAMPLE), sample: TICKET_SAMPLE },
  },
};

const { custom: shared, discover } = sharedObjects(SHARED, { provider: 'Freshdesk', noun: 'list', push: false });

/** The ids an association names: a conversation's author when an agent wrote it (not the requester's own answer), or a field's id. */
function associated(item: FreshdeskItem, via: string): string[] {
  if (via === 'author:agent') return item['incoming'] === true || item['user_id'] == null ? [] : [String(item['user_id'] as number)];
  const v = item[via];
  return typeof v === 'number' || (typeof v === 'string' && v !== '') ? [String(v)] : [];
}

/** An object's fields, read off a recorded record (Freshdesk describes custom fields only): `…_at` and `…_by` are instants. */
function describe(object: FreshdeskDecl) {
  return fieldsOfSample(object.extra.sample, object.extra.readOnly).map((f) => (/_(at|by)$/.test(f.name) ? { ...f, type: 'datetime' as const } : f));
}

/** Freshdesk's error text: `{description, errors: [{field, message, code}]}`, or `{code, message}`. */
export function errorText(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as { description?: unknown; errors?: unknown; message?: unknown };
    if (Array.isArray(b.errors) && b.errors.length) {
      const parts = (b.errors as Array<{ field?: unknown; message?: unknown }>).map((e) =>
        typeof e.field === 'string' && e.field !== '' ? `${e.field}: ${String(e.message)}` : String(e.message),
      );
      return `${typeof b.description === 'string' ? b.description : 'Validation failed'}: ${parts.join('; ')}`;
    }
    if (typeof b.message === 'string') return b.message;
  }
  return typeof body === 'string' && body !== '' ? body.slice(0, 300) : 'no details';
}

export const freshdeskConnector = defineConnector({
  manifest: freshdeskManifest,
  coverage: probeOf<Context>(
    { 'helpdesk-contact': CONTACT, 'helpdesk-company': COMPANY, 'helpdesk-user': USER, 'helpdesk-note': NOTE },
    { roles: new Map([[12, 'Agent']]) },
  ),

  classify(res: ProviderResponse) {
    // A refused key cannot be renewed: the connection's renewal then asks the end user to connect again.
    if (res.status === 401) return { kind: 'auth_expired', message: `401: ${errorText(res.body)}` };
    return { ...defaultClassifier(res), message: `${res.status}: ${errorText(res.body)}` };
  },

  // Lists paged by page number; a record read by id is live (a soft-deleted contact is not returned: see byIds).
  liveReads: true,

  // For OAuth token responses only: Freshdesk connects by API key (limits are keyed by its domain).
  accountKey(tokens: TokenSet): string {
    const domain = tokens.raw['domain'];
    return typeof domain === 'string' ? domain : 'unknown';
  },

  ...declaredObjects(
    {
      objects: OBJECTS,
      custom: shared,
      discover,
      page,
      byIds: (client, object, ids) => byIds(client, object, ids),
      write,
      describe: async (_client, object) => describe(object),
      value: valueOf,
      associated,
    },
    'Freshdesk',
  ),
});
