import { defineManifest } from '../kit/manifest.js';

/**
 * Xero's Accounting API (`https://api.xero.com/api.xro/2.0`) over Xero's OAuth 2.0: consent at login.xero.com, tokens
 * at identity.xero.com (HTTP Basic client authentication; access tokens live 30 minutes, refresh tokens rotate and
 * last 60 days unused). After the token, `GET https://api.xero.com/connections` lists the tenants (organisations) the
 * user let the app reach; Weft keeps the first organisation's `tenantId` with the connection and sends it as
 * `Xero-tenant-id` on every call. Limits are per tenant: 60 calls a minute, 5 at once, 5,000 a day.
 * https://developer.xero.com/documentation/guides/oauth2/auth-flow, https://developer.xero.com/documentation/guides/oauth2/tenants,
 * https://developer.xero.com/documentation/guides/oauth2/limits, https://developer.xero.com/faq/limits
 */
export const xeroManifest = defineManifest({
  name: 'xero',
  displayName: 'Xero',
  url: 'https://www.xero.com/',
  category: 'Accounting',
  auth: {
    oauth2: {
      kind: 'oauth2',
      authorizeUrl: 'https://login.xero.com/identity/connect/authorize',
      tokenUrl: 'https://identity.xero.com/connect/token',
      // Weft asks for no OpenID Connect scope (no id_token): the tenant comes from GET /connections.
      scopes: ['offline_access', 'accounting.transactions', 'accounting.contacts', 'accounting.settings'],
      clientAuth: 'client_secret_basic',
      fieldsAfterToken: {
        path: '/connections',
        where: { field: 'tenantType', equals: 'ORGANISATION' },
        fields: { tenantId: { from: 'tenantId', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' } },
      },
      headers: { 'xero-tenant-id': '{tenantId}' },
      apiBase: '{base}/api.xro/2.0',
    },
  },
  api: { baseUrl: 'https://api.xero.com', domains: ['api.xero.com'] },
  // `page` from 1, 100 records a page (Contacts, Invoices, Payments, PurchaseOrders; Items and Organisation come whole).
  pagination: { style: 'page-number', maxPageSize: 100, sizeParam: 'pageSize', pageParam: 'page', firstPage: 1 },
  rateLimit: {
    // Per tenant: 60 calls a minute, 5 in progress at once (and 5,000 a day). Every answer says what is left of the
    // minute (X-MinLimit-Remaining); a 429 says which limit (X-Rate-Limit-Problem) and how long to wait (Retry-After).
    window: { max: 60, intervalMs: 60_000 },
    concurrency: 5,
    headers: { remaining: 'x-minlimit-remaining', retryAfter: 'retry-after' },
  },
  batchSize: { create: 50, update: 50 },
  schemas: {
    'accounting-contact': {
      pull: true,
      push: true,
      integration: { name: 'xero-contacts', displayName: 'Contacts' },
      associations: [],
    },
    'accounting-contact_people': {
      pull: true,
      push: false,
      integration: { name: 'xero-contact-persons', displayName: 'Contact Persons' },
      associations: ['accounting-contact'],
    },
    'accounting-invoice': {
      pull: true,
      push: true,
      integration: { name: 'xero-invoices', displayName: 'Invoices and Bills' },
      associations: ['accounting-contact', 'accounting-product'],
    },
    'accounting-payment': {
      pull: true,
      push: true,
      integration: { name: 'xero-payments', displayName: 'Payments' },
      associations: ['accounting-invoice', 'accounting-contact'],
    },
    'accounting-product': {
      pull: true,
      push: true,
      integration: { name: 'xero-items', displayName: 'Items' },
      associations: [],
    },
    'accounting-purchase_order': {
      pull: true,
      push: true,
      integration: { name: 'xero-purchase-orders', displayName: 'Purchase Orders' },
      associations: ['accounting-contact', 'accounting-product'],
    },
    'accounting-company': {
      pull: true,
      push: false,
      integration: { name: 'xero-organisation', displayName: 'Organisation' },
      associations: [],
    },
    'accounting-address': {
      pull: true,
      push: false,
      integration: { name: 'xero-addresses', displayName: 'Addresses (Organisation, Contacts)' },
      associations: ['accounting-contact', 'accounting-company'],
    },
  },
});
