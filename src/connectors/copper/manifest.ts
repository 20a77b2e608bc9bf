import { defineManifest } from '../kit/manifest.js';

/**
 * Copper (developer API v1): an API key sent with the e-mail of the user who made it, lists read with
 * `POST /{entity}/search` paged by `page_number` and `page_size` (at most 200) in the JSON body.
 * https://developer.copper.com/introduction/requests.html, https://developer.copper.com/introduction/authentication.html
 */
export const copperManifest = defineManifest({
  name: 'copper',
  displayName: 'Copper',
  url: 'https://www.copper.com/',
  category: 'CRM',
  auth: {
    apiKey: {
      kind: 'api_key',
      header: 'x-pw-accesstoken',
      scheme: 'plain',
      label: 'API key',
      help: 'In Copper, open System settings → Integrations → API Keys, click "Generate API key" and copy it.',
      fields: [
        {
          name: 'email',
          label: 'Your Copper e-mail',
          type: 'email',
          pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$',
          placeholder: 'you@example.com',
          help: 'The e-mail address you sign in to Copper with: the user who generated the API key.',
        },
      ],
      headers: { 'x-pw-application': 'developer_api', 'x-pw-useremail': '{email}' },
      verifyPath: '/developer_api/v1/account',
    },
  },
  api: { baseUrl: 'https://api.copper.com', domains: ['copper.com'] },
  // Sent in the JSON body of `POST /{entity}/search` (the kit's query parameters become body fields: pull.ts).
  pagination: { style: 'page-number', maxPageSize: 200, sizeParam: 'page_size', pageParam: 'page_number', firstPage: 1 },
  rateLimit: {
    // 180 requests per minute per user, on a rolling window; Copper sends no rate-limit headers.
    window: { max: 180, intervalMs: 60_000 },
    headers: {},
  },
  // No batch writes in the developer API: single creates and updates.
  batchSize: { create: 10, update: 10 },
  schemas: {
    'crm-contact': {
      pull: true,
      push: true,
      integration: { name: 'copper-people', displayName: 'People' },
      associations: ['crm-company', 'crm-user'],
    },
    'crm-company': {
      pull: true,
      push: true,
      integration: { name: 'copper-companies', displayName: 'Companies' },
      associations: ['crm-user'],
    },
    'crm-deal': {
      pull: true,
      push: true,
      integration: { name: 'copper-opportunities', displayName: 'Opportunities' },
      associations: ['crm-company', 'crm-contact', 'crm-user'],
    },
    'crm-lead': {
      pull: true,
      push: true,
      integration: { name: 'copper-leads', displayName: 'Leads' },
      associations: ['crm-user'],
    },
    'crm-note': {
      pull: true,
      push: true,
      integration: { name: 'copper-notes', displayName: 'Notes (activities)' },
      associations: ['crm-contact', 'crm-company', 'crm-deal', 'crm-user'],
    },
    'crm-task': {
      pull: true,
      push: true,
      integration: { name: 'copper-tasks', displayName: 'Tasks' },
      associations: ['crm-contact', 'crm-company', 'crm-deal', 'crm-user'],
    },
    'crm-user': {
      pull: true,
      push: false,
      integration: { name: 'copper-users', displayName: 'Users' },
      associations: [],
    },
  },
});
