import { type ConnectionField, defineManifest } from '../kit/manifest.js';

/** The account's subdomain: `mycompany` of mycompany.zendesk.com. */
const SUBDOMAIN: ConnectionField = {
  name: 'subdomain',
  label: 'Zendesk subdomain',
  type: 'text',
  pattern: '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?',
  placeholder: 'yourcompany',
  help: 'The first part of your Zendesk address: "yourcompany" for https://yourcompany.zendesk.com.',
};

/**
 * Zendesk Support (REST API v2): end users (helpdesk-contact), organizations (helpdesk-company), agents and admins
 * (helpdesk-user) and ticket comments (helpdesk-note) on the account's own host, `https://{subdomain}.zendesk.com`;
 * with an OAuth client's bearer token, or an API token sent as HTTP Basic `{email}/token:{api_token}`.
 * https://developer.zendesk.com/api-reference/introduction/security-and-auth/,
 * https://developer.zendesk.com/documentation/ticketing/working-with-oauth/creating-and-using-oauth-tokens-with-the-api/,
 * https://developer.zendesk.com/api-reference/introduction/pagination/,
 * https://developer.zendesk.com/api-reference/introduction/rate-limits/
 */
export const zendeskManifest = defineManifest({
  name: 'zendesk',
  displayName: 'Zendesk',
  url: 'https://www.zendesk.com/service/',
  category: 'Helpdesk',
  auth: {
    oauth2: {
      kind: 'oauth2',
      authorizeUrl: 'https://{subdomain}.zendesk.com/oauth/authorizations/new',
      tokenUrl: 'https://{subdomain}.zendesk.com/oauth/tokens',
      scopes: ['read', 'write'],
      clientAuth: 'client_secret_post',
      fields: [SUBDOMAIN],
      apiBase: 'https://{subdomain}.zendesk.com',
    },
    apiKey: {
      kind: 'api_key',
      header: 'authorization',
      scheme: 'basic-password',
      user: '{email}/token',
      fields: [
        SUBDOMAIN,
        {
          name: 'email',
          label: 'Your Zendesk e-mail',
          type: 'email',
          pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$',
          placeholder: 'you@example.com',
          help: 'The e-mail address you sign in to Zendesk with (an agent or an admin).',
        },
      ],
      apiBase: 'https://{subdomain}.zendesk.com',
      // Zendesk limits requests per account, whatever the token.
      accountField: 'subdomain',
      label: 'API token',
      help: 'In Zendesk, open Admin Center → Apps and integrations → APIs → Zendesk API, turn on token access, click "Add API token" and copy it.',
      verifyPath: '/api/v2/users/me.json',
    },
  },
  api: { baseUrl: 'https://zendesk.com', domains: ['zendesk.com'] },
  // Cursor pagination: `page[size]` up to 100, `page[after]` the answer's `meta.after_cursor` while `meta.has_more`.
  pagination: { style: 'cursor', maxPageSize: 100, limitParam: 'page[size]', cursorParam: 'page[after]', next: ['meta', 'after_cursor'] },
  rateLimit: {
    // Per account and minute: 200 on Team, 400 on Professional, 700 on Enterprise; the answers say the account's own.
    window: { max: 200, intervalMs: 60_000 },
    headers: { max: 'x-rate-limit', remaining: 'x-rate-limit-remaining', retryAfter: 'retry-after' },
    // The incremental exports: 10 requests a minute.
    routes: [
      { name: 'export', method: 'GET', pathSuffix: '/cursor.json', window: { max: 10, intervalMs: 60_000 } },
      { name: 'export-organizations', method: 'GET', pathSuffix: '/incremental/organizations.json', window: { max: 10, intervalMs: 60_000 } },
    ],
  },
  // One record per request (the create_many endpoints answer with a background job).
  batchSize: { create: 10, update: 10 },
  schemas: {
    'helpdesk-contact': {
      pull: true,
      push: true,
      integration: { name: 'zendesk-end-users', displayName: 'End users' },
      associations: ['helpdesk-company'],
    },
    'helpdesk-company': {
      pull: true,
      push: true,
      integration: { name: 'zendesk-organizations', displayName: 'Organizations' },
      associations: [],
    },
    'helpdesk-user': {
      pull: true,
      push: false,
      integration: { name: 'zendesk-agents', displayName: 'Agents and admins' },
      associations: [],
    },
    'helpdesk-note': {
      pull: true,
      push: true,
      integration: { name: 'zendesk-ticket-comments', displayName: 'Ticket comments' },
      associations: ['helpdesk-user', 'helpdesk-contact'],
    },
  },
});
