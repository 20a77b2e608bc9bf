import { defineManifest } from '../kit/manifest.js';

/**
 * Zoho CRM: REST API v8 over OAuth 2.0 with Zoho's data centres. The consent is asked at accounts.zoho.com; the
 * callback names the user's accounts server (`accounts-server`), where the code is redeemed, and the token response's
 * `api_domain` is where the API is called (the connector's `apiBase`).
 */
export const zohoManifest = defineManifest({
  name: 'zoho',
  displayName: 'Zoho CRM',
  url: 'https://www.zoho.com/crm/',
  category: 'CRM',
  auth: {
    oauth2: {
      kind: 'oauth2',
      authorizeUrl: 'https://accounts.zoho.com/oauth/v2/auth',
      tokenUrl: 'https://accounts.zoho.com/oauth/v2/token',
      scopes: ['ZohoCRM.modules.ALL', 'ZohoCRM.users.READ', 'ZohoCRM.settings.READ', 'ZohoCRM.coql.READ'],
      // Zoho's accounts server separates scopes with commas.
      scopeSeparator: ',',
      // Zoho takes client_id and client_secret as parameters of the token request.
      clientAuth: 'client_secret_post',
      authorizeParams: { access_type: 'offline', prompt: 'consent' },
      tokenScheme: 'Zoho-oauthtoken',
      tokenServerFromCallback: { param: 'accounts-server', tokenPath: '/oauth/v2/token' },
      accountsDomains: ['zoho.com', 'zoho.eu', 'zoho.in', 'zoho.com.au', 'zoho.jp', 'zohocloud.ca', 'zoho.sa', 'zoho.com.cn'],
    },
  },
  // The token response's api_domain (https://www.zohoapis.<dc>) is where a connection's requests go.
  api: {
    baseUrl: 'https://www.zohoapis.com',
    domains: ['zohoapis.com', 'zohoapis.eu', 'zohoapis.in', 'zohoapis.com.au', 'zohoapis.jp', 'zohoapis.ca', 'zohoapis.sa', 'zohoapis.com.cn'],
  },
  // page/per_page up to 200; beyond 2,000 records the list goes on with info.next_page_token (pull.ts).
  pagination: { style: 'page-number', maxPageSize: 200, sizeParam: 'per_page', pageParam: 'page', firstPage: 1 },
  rateLimit: {
    // API credits per rolling 24 h per org: the lowest paid edition's floor (Standard: 50,000 + 250 per licence). The
    // X-RATELIMIT-* headers then give the org's own.
    window: { max: 50_000, intervalMs: 24 * 60 * 60 * 1000 },
    // Concurrent calls per org and app: 10 on Standard (Free 5, Professional 15, Enterprise 20, Ultimate 25);
    // https://www.zoho.com/crm/developer/docs/api/v8/api-limits.html
    concurrency: 10,
    headers: { max: 'x-ratelimit-limit', remaining: 'x-ratelimit-remaining', retryAfter: 'retry-after' },
  },
  // POST and PUT /crm/v8/{module} take up to 100 records.
  batchSize: { create: 100, update: 100 },
  schemas: {
    'crm-contact': {
      pull: true,
      push: true,
      integration: { name: 'zoho-contacts', displayName: 'Contacts' },
      associations: ['crm-company', 'crm-user'],
    },
    'crm-company': {
      pull: true,
      push: true,
      integration: { name: 'zoho-accounts', displayName: 'Accounts' },
      associations: ['crm-user'],
    },
    'crm-deal': {
      pull: true,
      push: true,
      integration: { name: 'zoho-deals', displayName: 'Deals' },
      associations: ['crm-company', 'crm-contact', 'crm-user'],
    },
    'crm-note': {
      pull: true,
      push: true,
      integration: { name: 'zoho-notes', displayName: 'Notes' },
      associations: ['crm-contact', 'crm-company', 'crm-deal', 'crm-user'],
    },
    'crm-task': {
      pull: true,
      push: true,
      integration: { name: 'zoho-tasks', displayName: 'Tasks' },
      associations: ['crm-contact', 'crm-company', 'crm-deal', 'crm-user'],
    },
    'crm-lead': {
      pull: true,
      push: true,
      integration: { name: 'zoho-leads', displayName: 'Leads' },
      associations: ['crm-user'],
    },
    'crm-activity': {
      pull: true,
      push: true,
      integration: { name: 'zoho-activities', displayName: 'Calls and meetings (Events)' },
      associations: ['crm-contact', 'crm-company', 'crm-deal', 'crm-user'],
    },
    'crm-user': {
      pull: true,
      push: false,
      integration: { name: 'zoho-users', displayName: 'Users' },
      associations: [],
    },
  },
});
