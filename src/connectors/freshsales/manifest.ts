import { defineManifest } from '../kit/manifest.js';

/**
 * Freshsales (Freshworks CRM): contacts, sales accounts, deals, tasks and notes under `/api`, with the API key of a
 * user and the account's domain (its bundle alias).
 */
export const freshsalesManifest = defineManifest({
  name: 'freshsales',
  displayName: 'Freshsales',
  url: 'https://www.freshworks.com/crm/sales/',
  category: 'CRM',
  auth: {
    apiKey: {
      kind: 'api_key',
      header: 'authorization',
      scheme: 'token',
      fields: [
        {
          name: 'domain',
          label: 'Freshsales domain',
          type: 'text',
          // The bundle alias's host: <name>.myfreshworks.com, or an older account's <name>.freshsales.io.
          pattern: '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.(?:myfreshworks\\.com|freshsales\\.io)$',
          placeholder: 'yourcompany.myfreshworks.com',
          help: 'In Freshsales, open Personal settings → API Settings: the bundle alias below your API key starts with your domain (e.g. yourcompany.myfreshworks.com).',
        },
      ],
      // Accounts on myfreshworks.com serve the API under /crm/sales; older ones on freshsales.io at the root.
      apiBase: [
        { field: 'domain', pattern: '.*\\.myfreshworks\\.com', template: 'https://{domain}/crm/sales' },
        { field: 'domain', pattern: '.*\\.freshsales\\.io', template: 'https://{domain}' },
      ],
      // Freshsales limits requests per account (its domain), whatever the user's key.
      accountField: 'domain',
      label: 'API key',
      help: 'In Freshsales, open Personal settings → API Settings and copy your API key.',
      verifyPath: '/api/selector/owners',
    },
  },
  api: { baseUrl: 'https://myfreshworks.com/crm/sales', domains: ['myfreshworks.com', 'freshsales.io'] },
  // View lists and filtered search: `page` from 1 and `per_page` up to 100; `meta.total` says how many there are.
  pagination: { style: 'page-number', maxPageSize: 100, sizeParam: 'per_page', pageParam: 'page', firstPage: 1 },
  rateLimit: {
    // Per account and hour, whatever the number of users: 1000 on the Blossom and Garden plans (more on higher ones,
    // which the x-ratelimit-* headers then say).
    window: { max: 1000, intervalMs: 3_600_000 },
    headers: { max: 'x-ratelimit-limit', remaining: 'x-ratelimit-remaining', retryAfter: 'retry-after' },
  },
  // No batch writes: one record per request, a few at a time.
  batchSize: { create: 10, update: 10 },
  schemas: {
    'crm-contact': {
      pull: true,
      push: true,
      integration: { name: 'freshsales-contacts', displayName: 'Contacts' },
      associations: ['crm-company', 'crm-user'],
    },
    'crm-company': {
      pull: true,
      push: true,
      integration: { name: 'freshsales-sales-accounts', displayName: 'Accounts' },
      associations: ['crm-user'],
    },
    'crm-deal': {
      pull: true,
      push: true,
      integration: { name: 'freshsales-deals', displayName: 'Deals' },
      associations: ['crm-company', 'crm-contact', 'crm-user'],
    },
    'crm-task': {
      pull: true,
      push: true,
      integration: { name: 'freshsales-tasks', displayName: 'Tasks' },
      associations: ['crm-contact', 'crm-company', 'crm-deal', 'crm-user'],
    },
    // Appointments (meetings): the past and the upcoming list one after the other.
    'crm-activity': {
      pull: true,
      push: true,
      integration: { name: 'freshsales-appointments', displayName: 'Appointments' },
      associations: ['crm-contact', 'crm-company', 'crm-deal', 'crm-user'],
    },
    // Freshsales lists no notes: they are written only.
    'crm-note': {
      pull: false,
      push: true,
      integration: { name: 'freshsales-notes', displayName: 'Notes' },
      associations: [],
    },
    'crm-user': {
      pull: true,
      push: false,
      integration: { name: 'freshsales-users', displayName: 'Users' },
      associations: [],
    },
  },
});
