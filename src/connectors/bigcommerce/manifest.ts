import { defineManifest } from '../kit/manifest.js';

/**
 * BigCommerce (the REST Management API at `https://api.bigcommerce.com/stores/{store_hash}`): customers, products,
 * their variants and categories from the v3 catalog and customers APIs, orders from the v2 orders API, with a store
 * API account's access token in `X-Auth-Token`.
 * https://developer.bigcommerce.com/docs/start/authentication/api-accounts,
 * https://developer.bigcommerce.com/docs/start/best-practices/api-rate-limits
 */
export const bigcommerceManifest = defineManifest({
  name: 'bigcommerce',
  displayName: 'BigCommerce',
  url: 'https://www.bigcommerce.com/',
  category: 'Ecommerce',
  auth: {
    apiKey: {
      kind: 'api_key',
      header: 'x-auth-token',
      scheme: 'plain',
      fields: [
        {
          name: 'store_hash',
          label: 'Store hash',
          type: 'text',
          pattern: '^[a-z0-9]{5,16}$',
          placeholder: 'abc123xyz',
          help: 'The code in your control panel\'s address (https://store-<store hash>.mybigcommerce.com/manage), also shown as the API path of the API account ("…/stores/<store hash>/v3/").',
        },
      ],
      // The store's own path under BigCommerce's API host (the sandbox's base in test sessions).
      apiBase: '{base}/stores/{store_hash}',
      // BigCommerce's quota is per store, shared by every app and API account of it.
      accountField: 'store_hash',
      label: 'Access token',
      help: 'In the control panel open Settings → Store-level API accounts → Create API account, give it modify scopes for Customers, Orders and Products, save, and copy the access token shown once.',
      verifyPath: '/v2/store',
    },
  },
  api: { baseUrl: 'https://api.bigcommerce.com', domains: ['api.bigcommerce.com'] },
  // `page` from 1 and `limit` up to 250 (v3 answers meta.pagination; v2 answers a bare array, 204 past the end).
  pagination: { style: 'page-number', maxPageSize: 250, sizeParam: 'limit', pageParam: 'page', firstPage: 1 },
  rateLimit: {
    // Standard and Plus plans: 150 requests per 30 seconds per store (Pro 450); every answer says what is left.
    window: { max: 150, intervalMs: 30_000 },
    concurrency: 3,
    headers: {
      max: 'x-rate-limit-requests-quota',
      remaining: 'x-rate-limit-requests-left',
      intervalMs: 'x-rate-limit-time-window-ms',
    },
  },
  // v3 customers: 10 per POST or PUT; v3 products: 10 per PUT (creates one by one); v2 orders one by one.
  batchSize: { create: 10, update: 10 },
  schemas: {
    'ecommerce-customer': {
      pull: true,
      push: true,
      integration: { name: 'bigcommerce-customers', displayName: 'Customers' },
      associations: [],
    },
    'ecommerce-product': {
      pull: true,
      push: true,
      integration: { name: 'bigcommerce-products', displayName: 'Products' },
      associations: ['ecommerce-product_category'],
    },
    'ecommerce-order': {
      pull: true,
      push: true,
      integration: { name: 'bigcommerce-orders', displayName: 'Orders' },
      associations: ['ecommerce-customer', 'ecommerce-product', 'ecommerce-product_variant'],
    },
    'ecommerce-product_variant': {
      pull: true,
      push: false,
      integration: { name: 'bigcommerce-variants', displayName: 'Product variants' },
      associations: ['ecommerce-product'],
    },
    'ecommerce-product_category': {
      pull: true,
      push: true,
      integration: { name: 'bigcommerce-categories', displayName: 'Categories' },
      associations: [],
    },
  },
});
