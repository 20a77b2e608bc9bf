import { defineManifest } from '../kit/manifest.js';

/**
 * QuickBooks Online Accounting API (v3) over Intuit's OAuth 2.0: consent at appcenter.intuit.com, tokens at
 * oauth.platform.intuit.com (HTTP Basic client authentication; access tokens live an hour, refresh tokens rotate);
 * the callback names the company (`realmId`), whose API is `https://quickbooks.api.intuit.com/v3/company/{realmId}`.
 * https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0,
 * https://developer.intuit.com/app/developer/qbo/docs/learn/limits-and-throttles
 */
export const quickbooksManifest = defineManifest({
  name: 'quickbooks',
  displayName: 'QuickBooks Online',
  url: 'https://quickbooks.intuit.com/',
  category: 'Accounting',
  auth: {
    oauth2: {
      kind: 'oauth2',
      authorizeUrl: 'https://appcenter.intuit.com/connect/oauth2',
      tokenUrl: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
      scopes: ['com.intuit.quickbooks.accounting'],
      clientAuth: 'client_secret_basic',
      callbackFields: [{ name: 'realmId', pattern: '^[0-9]{1,20}$' }],
      apiBase: '{base}/v3/company/{realmId}',
    },
  },
  api: { baseUrl: 'https://quickbooks.api.intuit.com', domains: ['quickbooks.api.intuit.com'] },
  // The query language's STARTPOSITION (from 1) and MAXRESULTS (at most 1,000), in the query text (pull.ts).
  pagination: { style: 'offset', maxPageSize: 1000, limitParam: 'MAXRESULTS', offsetParam: 'STARTPOSITION' },
  rateLimit: {
    // 500 requests a minute per company (realm) and app, 10 at once; a 429 (ThrottleExceeded) asks to wait a minute.
    // No header reports where a company stands.
    window: { max: 500, intervalMs: 60_000 },
    concurrency: 10,
    headers: { retryAfter: 'retry-after' },
  },
  // One entity per request (the batch endpoint has its own, lower limit).
  batchSize: { create: 10, update: 10 },
  schemas: {
    'accounting-contact': {
      pull: true,
      push: true,
      integration: { name: 'quickbooks-customers-vendors', displayName: 'Customers and Vendors' },
      associations: [],
    },
    'accounting-customer': {
      pull: true,
      push: true,
      integration: { name: 'quickbooks-customers', displayName: 'Customers' },
      associations: [],
    },
    'accounting-invoice': {
      pull: true,
      push: true,
      integration: { name: 'quickbooks-invoices', displayName: 'Invoices' },
      associations: ['accounting-contact', 'accounting-customer', 'accounting-product'],
    },
    'accounting-payment': {
      pull: true,
      push: true,
      integration: { name: 'quickbooks-payments', displayName: 'Payments' },
      associations: ['accounting-invoice', 'accounting-contact', 'accounting-customer'],
    },
    'accounting-product': {
      pull: true,
      push: true,
      integration: { name: 'quickbooks-items', displayName: 'Products and Services (Items)' },
      associations: [],
    },
    'accounting-purchase_order': {
      pull: true,
      push: true,
      integration: { name: 'quickbooks-purchase-orders', displayName: 'Purchase Orders' },
      associations: ['accounting-contact', 'accounting-product'],
    },
    'accounting-company': {
      pull: true,
      push: false,
      integration: { name: 'quickbooks-company-info', displayName: 'Company Info' },
      associations: [],
    },
    'accounting-address': {
      pull: true,
      push: false,
      integration: { name: 'quickbooks-addresses', displayName: 'Addresses (Company, Customers, Vendors)' },
      associations: ['accounting-contact', 'accounting-customer', 'accounting-company'],
    },
  },
});
