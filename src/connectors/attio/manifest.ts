import { defineManifest } from '../kit/manifest.js';

/** Attio: REST API v2 objects and records with typed attribute values, notes, tasks and workspace members. */
export const attioManifest = defineManifest({
  name: 'attio',
  displayName: 'Attio',
  url: 'https://attio.com/',
  category: 'CRM',
  auth: {
    oauth2: {
      kind: 'oauth2',
      authorizeUrl: 'https://app.attio.com/authorize',
      tokenUrl: 'https://app.attio.com/oauth/token',
      // Attio's access tokens do not expire, and its token endpoint hands out no refresh token.
      scopes: ['record_permission:read-write', 'object_configuration:read', 'user_management:read', 'note:read-write', 'task:read-write'],
      clientAuth: 'client_secret_post',
    },
    apiKey: {
      kind: 'api_key',
      header: 'authorization',
      scheme: 'bearer',
      label: 'Access token',
      help: 'In Attio, open Workspace settings → Developers, create an integration and copy its access token (give it read-write access to records, notes and tasks, and read access to objects and users).',
      verifyPath: '/v2/self',
    },
  },
  api: { baseUrl: 'https://api.attio.com', domains: ['attio.com'] },
  // Records are listed by POST /v2/objects/{object}/records/query with `limit` and `offset` in the body (pull.ts);
  // notes and tasks by GET with `limit` and `offset`.
  pagination: { style: 'offset', maxPageSize: 500, limitParam: 'limit', offsetParam: 'offset' },
  rateLimit: {
    // Attio allows 100 read and 25 write requests a second per workspace (a record query, a POST, is a read: the
    // connector marks it read-only). A write takes a slot of both windows, so the account's never holds more than
    // Attio's reads and writes together allow.
    window: { max: 100, intervalMs: 1000 },
    routes: [{ name: 'writes', writes: true, window: { max: 25, intervalMs: 1000 } }],
    // Attio's Retry-After is the date the limit resets (the kit reads dates as well as seconds).
    headers: { retryAfter: 'retry-after' },
  },
  // Attio has no batch writes: a "batch" is this many single requests, a few at a time.
  batchSize: { create: 10, update: 10 },
  schemas: {
    'crm-contact': {
      pull: true,
      push: true,
      integration: { name: 'attio-people', displayName: 'People' },
      associations: ['crm-company'],
    },
    'crm-company': {
      pull: true,
      push: true,
      integration: { name: 'attio-companies', displayName: 'Companies' },
      associations: ['crm-contact'],
    },
    'crm-deal': {
      pull: true,
      push: true,
      integration: { name: 'attio-deals', displayName: 'Deals' },
      associations: ['crm-company', 'crm-contact', 'crm-user'],
    },
    'crm-user': {
      pull: true,
      push: false,
      integration: { name: 'attio-workspace-members', displayName: 'Workspace members' },
      associations: [],
    },
    'crm-note': {
      pull: true,
      push: true,
      integration: { name: 'attio-notes', displayName: 'Notes' },
      associations: ['crm-contact', 'crm-company', 'crm-deal', 'crm-user'],
    },
    'crm-task': {
      pull: true,
      push: true,
      integration: { name: 'attio-tasks', displayName: 'Tasks' },
      associations: ['crm-contact', 'crm-company', 'crm-deal', 'crm-user'],
    },
  },
});
