import { defineManifest } from '../kit/manifest.js';

/**
 * Microsoft Dynamics 365 (Dataverse): the Web API v9.2 (OData v4) of the organization's environment, over OAuth 2.0
 * on the Microsoft identity platform. The end user types the environment's host before the consent: the scope names
 * it (`https://<org>.crm.dynamics.com/user_impersonation`) and the API is called there.
 */
export const dynamicsManifest = defineManifest({
  name: 'dynamics',
  displayName: 'Microsoft Dynamics 365',
  url: 'https://dynamics.microsoft.com/',
  category: 'CRM',
  auth: {
    oauth2: {
      kind: 'oauth2',
      authorizeUrl: 'https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize',
      tokenUrl: 'https://login.microsoftonline.com/organizations/oauth2/v2.0/token',
      // offline_access: the token response carries a refresh token (they rotate: each refresh answers a new one).
      scopes: ['https://{environment}/user_impersonation', 'offline_access'],
      clientAuth: 'client_secret_post',
      loginHintParam: 'login_hint',
      fields: [
        {
          name: 'environment',
          label: 'Dynamics 365 environment',
          help: 'The address of your Dynamics 365 organization, as in your browser when you use it (Power Platform admin center → Environments → Environment URL), without https://.',
          type: 'text',
          pattern: '[a-z0-9][a-z0-9-]{0,62}\\.crm[0-9]{0,2}\\.dynamics\\.com',
          placeholder: 'contoso.crm.dynamics.com',
        },
      ],
      apiBase: 'https://{environment}',
    },
  },
  api: { baseUrl: 'https://dynamics.com', domains: ['dynamics.com'] },
  // Prefer: odata.maxpagesize=N (Dataverse allows up to 5,000; Weft asks 1,000 a page, answers of a few MB); the
  // answer's @odata.nextLink (a $skiptoken paging cookie) is requested as it is.
  pagination: { style: 'next-url', maxPageSize: 1000, next: ['@odata.nextLink'] },
  rateLimit: {
    // Service protection limits per user: 6,000 requests in a five-minute sliding window, 52 at once;
    // https://learn.microsoft.com/power-apps/developer/data-platform/api-limits
    window: { max: 6000, intervalMs: 300_000 },
    concurrency: 52,
    headers: { remaining: 'x-ms-ratelimit-burst-remaining-xrm-requests', retryAfter: 'retry-after' },
  },
  // Rows are written by $batch, each its own change set (a batch holds up to 1,000 requests; Weft sends 100, a few
  // hundred KB); https://learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api
  batchSize: { create: 100, update: 100 },
  schemas: {
    'crm-contact': {
      pull: true,
      push: true,
      integration: { name: 'dynamics-contacts', displayName: 'Contacts' },
      associations: ['crm-company', 'crm-user'],
    },
    'crm-company': {
      pull: true,
      push: true,
      integration: { name: 'dynamics-accounts', displayName: 'Accounts' },
      associations: ['crm-user'],
    },
    'crm-deal': {
      pull: true,
      push: true,
      integration: { name: 'dynamics-opportunities', displayName: 'Opportunities' },
      associations: ['crm-company', 'crm-contact', 'crm-user'],
    },
    'crm-lead': {
      pull: true,
      push: true,
      integration: { name: 'dynamics-leads', displayName: 'Leads' },
      associations: ['crm-company', 'crm-contact', 'crm-user'],
    },
    'crm-note': {
      pull: true,
      push: true,
      integration: { name: 'dynamics-notes', displayName: 'Notes (annotations)' },
      associations: ['crm-contact', 'crm-company', 'crm-deal', 'crm-user'],
    },
    'crm-task': {
      pull: true,
      push: true,
      integration: { name: 'dynamics-tasks', displayName: 'Tasks' },
      associations: ['crm-contact', 'crm-company', 'crm-deal', 'crm-user'],
    },
    'crm-activity': {
      pull: true,
      push: false,
      integration: { name: 'dynamics-activities', displayName: 'Activities (phone calls, appointments, e-mails)' },
      associations: ['crm-contact', 'crm-company', 'crm-deal', 'crm-user'],
    },
    'crm-user': {
      pull: true,
      push: false,
      integration: { name: 'dynamics-users', displayName: 'Users' },
      associations: [],
    },
  },
});
