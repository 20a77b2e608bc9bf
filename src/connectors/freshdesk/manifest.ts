import { defineManifest } from '../kit/manifest.js';

/**
 * Freshdesk (API v2): contacts, companies, agents, tickets and their conversations under
 * `https://<domain>.freshdesk.com/api/v2/`, with an agent's API key sent as HTTP Basic (the key as the user name, `X`
 * as the password). https://developers.freshdesk.com/api/#authentication, https://developers.freshdesk.com/api/#pagination,
 * https://developers.freshdesk.com/api/#ratelimit
 */
export const freshdeskManifest = defineManifest({
  name: 'freshdesk',
  displayName: 'Freshdesk',
  url: 'https://www.freshworks.com/freshdesk/',
  category: 'Helpdesk',
  auth: {
    apiKey: {
      kind: 'api_key',
      header: 'authorization',
      scheme: 'basic-user',
      // Freshdesk reads the key as the user name; the password may be anything, and its reference sends X.
      password: 'X',
      fields: [
        {
          name: 'domain',
          label: 'Freshdesk domain',
          type: 'text',
          pattern: '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.freshdesk\\.com$',
          placeholder: 'yourcompany.freshdesk.com',
          help: "Your help desk's address without https://, as in your browser when you use Freshdesk (e.g. yourcompany.freshdesk.com).",
        },
      ],
      apiBase: 'https://{domain}',
      // Freshdesk limits requests per account (its domain), whatever the agent's key.
      accountField: 'domain',
      label: 'API key',
      help: 'In Freshdesk, click your profile picture, open Profile settings and copy the API key shown under "View API key".',
      verifyPath: '/api/v2/agents/me',
    },
  },
  api: { baseUrl: 'https://freshdesk.com', domains: ['freshdesk.com'] },
  // `page` from 1 and `per_page` up to 100; a `link` header (rel="next") while more pages follow.
  pagination: { style: 'page-number', maxPageSize: 100, sizeParam: 'per_page', pageParam: 'page', firstPage: 1 },
  rateLimit: {
    // Per account and minute, whatever the number of agents: from 50 (trial) to 700 (Enterprise); every answer says
    // the plan's limit and what is left in X-RateLimit-Total and X-RateLimit-Remaining, a 429 says Retry-After.
    window: { max: 50, intervalMs: 60_000 },
    headers: { max: 'x-ratelimit-total', remaining: 'x-ratelimit-remaining', retryAfter: 'retry-after' },
  },
  // No batch writes: one record per request, a few at a time.
  batchSize: { create: 10, update: 10 },
  schemas: {
    'helpdesk-contact': {
      pull: true,
      push: true,
      integration: { name: 'freshdesk-contacts', displayName: 'Contacts' },
      associations: ['helpdesk-company'],
    },
    'helpdesk-company': {
      pull: true,
      push: true,
      integration: { name: 'freshdesk-companies', displayName: 'Companies' },
      associations: [],
    },
    // Agents, read only: they are managed in Freshdesk's admin settings.
    'helpdesk-user': {
      pull: true,
      push: false,
      integration: { name: 'freshdesk-agents', displayName: 'Agents' },
      associations: [],
    },
    // Conversations (public replies and private notes), read ticket by ticket; a push adds a note or a reply.
    'helpdesk-note': {
      pull: true,
      push: true,
      integration: { name: 'freshdesk-conversations', displayName: 'Conversations' },
      associations: ['helpdesk-user', 'helpdesk-contact'],
    },
  },
});
