/**
 * Zendesk Support: end users (helpdesk-contact) and organizations (helpdesk-company) both ways, agents and admins
 * (helpdesk-user) pulled, ticket comments (helpdesk-note) pulled through the tickets and added to a ticket; tickets
 * shared as they are (a passthrough schema, read only). The quirks are in pull.ts (cursor pages, users by role,
 * comments through tickets), push.ts (wrapped bodies, a comment as a ticket update) and mapping.ts.
 */
import { defineConnector } from '../kit/connector.js';
import { probeOf, tableObject } from '../kit/field-table.js';
import { defaultClassifier, type ProviderClient, type ProviderResponse } from '../kit/http.js';
import type { TokenSet } from '../kit/oauth.js';
import { declaredObjects, IDENTITY, sharedObjects } from '../kit/objects.js';
import { zendeskManifest } from './manifest.js';
import { COMPANY, CONTACT, NOTE, USER } from './mapping.js';
import { byIds, describe, page, value, type ZendeskDecl } from './pull.js';
import { write } from './push.js';

const READ_ONLY = ['id', 'url', 'created_at', 'updated_at'];

const OBJECTS: Record<string, ZendeskDecl> = {
  'helpdesk-contact': {
    name: 'helpdesk-contact',
    path: '/api/v2/users.json',
    ...tableObject(CONTACT, ['created_at', 'updated_at']),
    associations: { 'helpdesk-company': 'organization_id' },
    extra: {
      label: 'End users',
      many: 'users',
      one: 'user',
      roles: ['end-user'],
      exported: { path: '/api/v2/incremental/users/cursor.json', style: 'cursor' },
      readOnly: [...READ_ONLY, 'active', 'suspended'],
    },
  },
  'helpdesk-company': {
    name: 'helpdesk-company',
    path: '/api/v2/organizations.json',
    ...tableObject(COMPANY, ['created_at', 'updated_at']),
    associations: {},
    extra: {
      label: 'Organizations',
      many: 'organizations',
      one: 'organization',
      readOnly: READ_ONLY,
      exported: { path: '/api/v2/incremental/organizations.json', style: 'time' },
    },
  },
  'helpdesk-user': {
    name: 'helpdesk-user',
    path: '/api/v2/users.json',
    ...tableObject(USER, ['created_at', 'updated_at']),
    associations: {},
    extra: {
      label: 'Agents and admins',
      many: 'users',
      one: 'user',
      roles: ['agent', 'admin'],
      exported: { path: '/api/v2/incremental/users/cursor.json', style: 'cursor' },
      readOnly: [...READ_ONLY, 'active', 'suspended'],
    },
  },
  'helpdesk-note': {
    name: 'helpdesk-note',
    path: '/api/v2/tickets.json',
    ...tableObject(NOTE, ['created_at', 'updated_at']),
    associations: { 'helpdesk-user': 'author_id', 'helpdesk-contact': 'requester_id' },
    extra: {
      label: 'Ticket comments',
      many: 'comments',
      one: 'comment',
      readOnly: [...READ_ONLY, 'ticket_id', 'requester_id'],
      comments: true,
      exported: { path: '/api/v2/incremental/tickets/cursor.json', style: 'cursor' },
    },
  },
};

/** Tickets shared as they are (a passthrough schema), with the fields of Zendesk's ticket reference; read only. */
const SHARED: Record<string, ZendeskDecl> = {
  tickets: {
    name: 'tickets',
    path: '/api/v2/tickets.json',
    properties: [],
    filters: {},
    associations: {},
    mapper: IDENTITY,
    extra: {
      label: 'Tickets',
      many: 'tickets',
      one: 'ticket',

      readOnly: [],
      fields: [
        'id',
        'url',
        'external_id',
        'type',
        'subject',
        'description',
        'priority',
        'status',
        'requester_id',
        'submitter_id',
        'assignee_id',
        'organization_id',
        'group_id',
        'tags',
        'via',
        'due_at',
        'created_at',
        'updated_at',
      ],
    },
  },
};

const { custom: shared, discover } = sharedObjects(SHARED, { provider: 'Zendesk', noun: 'object', push: false });

export const zendeskConnector = defineConnector({
  manifest: zendeskManifest,
  coverage: probeOf({ 'helpdesk-contact': CONTACT, 'helpdesk-company': COMPANY, 'helpdesk-user': USER, 'helpdesk-note': NOTE }, undefined),

  classify(res: ProviderResponse) {
    // An OAuth token that expired is renewed with the refresh token (a refused API token cannot be: the end user
    // must connect again).
    if (res.status === 401) return { kind: 'auth_expired', message: `401: ${errorText(res.body)}` };
    return { ...defaultClassifier(res), message: `${res.status}: ${errorText(res.body)}` };
  },

  // The account is its subdomain, whatever the token.
  accountKey(_tokens: TokenSet, fields?: Readonly<Record<string, string>>): string {
    return fields?.['subdomain'] ?? 'zendesk';
  },

  ...declaredObjects(
    {
      objects: OBJECTS,
      custom: shared,
      discover,
      page,
      byIds: (client: ProviderClient, object, ids) => byIds(client, object, ids),
      async write(client, object, ops) {
        if (object.mapper === IDENTITY) {
          return ops.map((op) => ({
            index: op.index,
            success: false,
            id: op.id,
            errors: ['Zendesk tickets are shared read only'],
            mayHaveApplied: false,
          }));
        }
        return write(client, object, ops);
      },
      describe: async (_client, object) => describe(object),
      value,
      associated: (record, via) => {
        const id = record[via];
        return typeof id === 'number' || (typeof id === 'string' && id !== '') ? [String(id)] : [];
      },
    },
    'Zendesk',
  ),
});

/**
 * Zendesk's error text: `{error, description, details: {field: [{description}]}}`, `{error: "Couldn't authenticate
 * you"}`, or OAuth's `{error, error_description}`.
 */
export function errorText(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as { error?: unknown; description?: unknown; error_description?: unknown; details?: unknown };
    const details = Object.values((b.details ?? {}) as Record<string, unknown>)
      .flatMap((list): unknown[] => (Array.isArray(list) ? (list as unknown[]) : []))
      .map((d) => (d as { description?: unknown }).description)
      .filter((d): d is string => typeof d === 'string');
    const head = [b.error, b.description ?? b.error_description].filter((x): x is string => typeof x === 'string' && x !== '').join(': ');
    if (head || details.length) return [head, ...details].filter(Boolean).join('; ');
  }
  return typeof body === 'string' ? body.slice(0, 300) : 'no details';
}
