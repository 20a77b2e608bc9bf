import { defineManifest } from '../kit/manifest.js';

/**
 * Shopify: the GraphQL Admin API (2025-01) of the shop the end user names, over Shopify's OAuth authorization code
 * grant on that shop (offline access token, sent in `X-Shopify-Access-Token`; it does not expire). The shop's domain
 * is typed before the consent and must be `<name>.myshopify.com`: the authorize, token and API URLs are on it.
 */
export const shopifyManifest = defineManifest({
  name: 'shopify',
  displayName: 'Shopify',
  url: 'https://www.shopify.com/',
  category: 'Ecommerce',
  auth: {
    oauth2: {
      kind: 'oauth2',
      authorizeUrl: 'https://{shop}/admin/oauth/authorize',
      tokenUrl: 'https://{shop}/admin/oauth/access_token',
      scopes: ['read_customers', 'write_customers', 'read_orders', 'write_orders', 'read_products', 'write_products'],
      scopeSeparator: ',',
      clientAuth: 'client_secret_post',
      tokenHeader: 'x-shopify-access-token',
      tokenTypeDefault: 'bearer',
      signedCallback: { hmacParam: 'hmac', matchFields: { shop: 'shop' } },
      fields: [
        {
          name: 'shop',
          label: 'Shopify store domain',
          help: 'Your store’s myshopify.com address (Shopify admin → Settings → Domains), without https://.',
          type: 'text',
          pattern: '[a-z0-9][a-z0-9-]{0,62}\\.myshopify\\.com',
          placeholder: 'your-store.myshopify.com',
        },
      ],
      apiBase: 'https://{shop}',
    },
  },
  api: { baseUrl: 'https://myshopify.com', domains: ['myshopify.com'] },
  // Cursor connections of at most 250 nodes; the connector sizes each page by its calculated cost (pull.ts).
  pagination: { style: 'next-url', maxPageSize: 250, next: ['pageInfo', 'endCursor'] },
  rateLimit: {
    // The GraphQL Admin API limits by calculated query cost (a bucket per app and shop, read from every answer's
    // extensions.cost and paced in pull.ts), not by requests; this window only keeps bursts sane.
    window: { max: 40, intervalMs: 1000 },
    headers: {},
  },
  // One mutation a record (10 points each).
  batchSize: { create: 25, update: 25 },
  schemas: {
    'ecommerce-customer': { pull: true, push: true, integration: { name: 'shopify-customers', displayName: 'Customers' }, associations: [] },
    'ecommerce-product': {
      pull: true,
      push: true,
      integration: { name: 'shopify-products', displayName: 'Products' },
      associations: ['ecommerce-product_collection'],
    },
    'ecommerce-product_variant': {
      pull: true,
      push: true,
      integration: { name: 'shopify-product-variants', displayName: 'Product variants' },
      associations: ['ecommerce-product'],
    },
    'ecommerce-product_collection': {
      pull: true,
      push: false,
      integration: { name: 'shopify-collections', displayName: 'Collections' },
      associations: [],
    },
    'ecommerce-order': {
      pull: true,
      push: false,
      integration: { name: 'shopify-orders', displayName: 'Orders' },
      associations: ['ecommerce-customer', 'ecommerce-product', 'ecommerce-product_variant'],
    },
  },
});
