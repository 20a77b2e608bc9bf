import { defineManifest } from '../kit/manifest.js';

/** HubSpot: CRM v3 objects API with OAuth 2.0 (public apps). */
export const hubspotManifest = defineManifest({
  name: 'hubspot',
  displayName: 'HubSpot',
  url: 'https://www.hubspot.com/',
  category: 'CRM',
  auth: {
    oauth2: {
      kind: 'oauth2',
      authorizeUrl: 'https://app.hubspot.com/oauth/authorize',
      tokenUrl: 'https://api.hubapi.com/oauth/v1/token',
      scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.companies.read', 'crm.objects.companies.write'],
      clientAuth: 'client_secret_post',
    },
  },
  // api.hubapi.com, and the regional api-eu1.hubapi.com.
  api: { baseUrl: 'https://api.hubapi.com', domains: ['hubapi.com'] },
  pagination: { style: 'cursor', maxPageSize: 100, limitParam: 'limit', cursorParam: 'after', next: ['paging', 'next', 'after'] },
  rateLimit: {
    // Public OAuth apps: 100 requests per 10 seconds per account.
    window: { max: 100, intervalMs: 10_000 },
    headers: {
      max: 'x-hubspot-ratelimit-max',
      remaining: 'x-hubspot-ratelimit-remaining',
      intervalMs: 'x-hubspot-ratelimit-interval-milliseconds',
      retryAfter: 'retry-after',
    },
    // The search API has a limit of its own per account: 5 requests a second in the current docs, 4 in an earlier
    // changelog; Weft keeps to the lower. Search answers may lack the headers above, so this is paced by count alone.
    routes: [{ name: 'search', method: 'POST', pathSuffix: '/search', window: { max: 4, intervalMs: 1_000 } }],
  },
  batchSize: { create: 100, update: 100 },
  schemas: {
    'crm-contact': {
      pull: true,
      push: true,
      integration: { name: 'hubspot-contacts', displayName: 'Contacts' },
      associations: ['crm-company'],
    },
    'crm-company': {
      pull: true,
      push: true,
      integration: { name: 'hubspot-companies', displayName: 'Companies' },
      associations: ['crm-contact'],
    },
    'crm-user': {
      pull: true,
      push: false,
      integration: { name: 'hubspot-owners', displayName: 'Owners' },
      associations: [],
    },
  },
});
