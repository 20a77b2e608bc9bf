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
      // Activities (notes, tasks, calls, meetings, e-mails) come with the contacts scopes; products with `e-commerce`.
      scopes: [
        'crm.objects.contacts.read',
        'crm.objects.contacts.write',
        'crm.objects.companies.read',
        'crm.objects.companies.write',
        'crm.objects.deals.read',
        'crm.objects.deals.write',
        'crm.objects.owners.read',
        'crm.objects.leads.read',
        'crm.objects.leads.write',
        'tickets',
        'e-commerce',
      ],
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
    'crm-deal': {
      pull: true,
      push: true,
      integration: { name: 'hubspot-deals', displayName: 'Deals' },
      associations: ['crm-contact', 'crm-company', 'crm-user'],
    },
    'crm-ticket': {
      pull: true,
      push: true,
      integration: { name: 'hubspot-tickets', displayName: 'Tickets' },
      associations: ['crm-contact', 'crm-company', 'crm-user'],
    },
    'crm-lead': {
      pull: true,
      push: true,
      integration: { name: 'hubspot-leads', displayName: 'Leads' },
      associations: ['crm-contact', 'crm-company', 'crm-user'],
    },
    'crm-product': {
      pull: true,
      push: true,
      integration: { name: 'hubspot-products', displayName: 'Products' },
      associations: ['crm-user'],
    },
    'crm-note': {
      pull: true,
      push: true,
      integration: { name: 'hubspot-notes', displayName: 'Notes' },
      associations: ['crm-contact', 'crm-company', 'crm-deal', 'crm-user'],
    },
    'crm-task': {
      pull: true,
      push: true,
      integration: { name: 'hubspot-tasks', displayName: 'Tasks' },
      associations: ['crm-contact', 'crm-company', 'crm-deal', 'crm-user'],
    },
    'crm-activity': {
      pull: true,
      push: true,
      integration: { name: 'hubspot-activities', displayName: 'Calls, meetings and e-mails' },
      associations: ['crm-contact', 'crm-company', 'crm-deal', 'crm-user'],
    },
    'crm-user': {
      pull: true,
      push: false,
      integration: { name: 'hubspot-owners', displayName: 'Owners' },
      associations: [],
    },
  },
});
