import { defineManifest } from '../kit/manifest.js';

/** Pipedrive: API v2 persons and organizations, with an API token or OAuth 2.0. */
export const pipedriveManifest = defineManifest({
  name: 'pipedrive',
  displayName: 'Pipedrive',
  url: 'https://www.pipedrive.com/',
  category: 'CRM',
  auth: {
    oauth2: {
      kind: 'oauth2',
      authorizeUrl: 'https://oauth.pipedrive.com/oauth/authorize',
      tokenUrl: 'https://oauth.pipedrive.com/oauth/token',
      // Scopes are set on the app in Pipedrive's Marketplace Manager, not requested.
      scopes: [],
      clientAuth: 'client_secret_basic',
    },
    apiKey: {
      kind: 'api_key',
      header: 'x-api-token',
      label: 'API token',
      help: 'In Pipedrive, open Settings → Personal preferences → API and copy your personal API token.',
      verifyPath: '/api/v2/persons?limit=1',
    },
  },
  // API tokens call api.pipedrive.com; OAuth tokens call the company's own api_domain.
  // api_domain is https://<company>.pipedrive.com.
  api: { baseUrl: 'https://api.pipedrive.com', domains: ['pipedrive.com'] },
  pagination: { style: 'cursor', maxPageSize: 500, limitParam: 'limit', cursorParam: 'cursor', next: ['additional_data', 'next_cursor'] },
  rateLimit: {
    // Burst limit per token in a rolling 2 s window; this is the lowest plan's (API token, Essential). The
    // x-ratelimit-* headers then give the account's own.
    window: { max: 20, intervalMs: 2000 },
    headers: { max: 'x-ratelimit-limit', remaining: 'x-ratelimit-remaining', retryAfter: 'retry-after' },
  },
  // API v2 has no batch writes: a "batch" is this many single requests, a few at a time.
  batchSize: { create: 10, update: 10 },
  schemas: {
    'crm-contact': {
      pull: true,
      push: true,
      integration: { name: 'pipedrive-persons', displayName: 'Persons' },
      associations: ['crm-company'],
    },
    'crm-company': {
      pull: true,
      push: true,
      integration: { name: 'pipedrive-organizations', displayName: 'Organizations' },
      associations: [],
    },
    'crm-deal': {
      pull: true,
      push: true,
      integration: { name: 'pipedrive-deals', displayName: 'Deals' },
      associations: ['crm-company', 'crm-contact', 'crm-user'],
    },
    'crm-note': {
      pull: true,
      push: true,
      integration: { name: 'pipedrive-notes', displayName: 'Notes' },
      associations: ['crm-deal', 'crm-contact', 'crm-company', 'crm-user'],
    },
    'crm-lead': {
      pull: true,
      push: true,
      integration: { name: 'pipedrive-leads', displayName: 'Leads' },
      associations: ['crm-contact', 'crm-company', 'crm-user'],
    },
    'crm-task': {
      pull: true,
      push: true,
      integration: { name: 'pipedrive-tasks', displayName: 'Tasks (activities)' },
      associations: ['crm-deal', 'crm-contact', 'crm-company', 'crm-user'],
    },
    'crm-activity': {
      pull: true,
      push: true,
      integration: { name: 'pipedrive-activities', displayName: 'Calls, meetings and e-mails' },
      associations: ['crm-deal', 'crm-contact', 'crm-company', 'crm-user'],
    },
    'crm-product': {
      pull: true,
      push: true,
      integration: { name: 'pipedrive-products', displayName: 'Products' },
      associations: ['crm-user'],
    },
    'crm-user': {
      pull: true,
      push: false,
      integration: { name: 'pipedrive-users', displayName: 'Users' },
      associations: [],
    },
  },
});
