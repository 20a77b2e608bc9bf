import { defineManifest } from '../kit/manifest.js';

/**
 * WooCommerce (REST API v3, `/wp-json/wc/v3` on the merchant's own WordPress site): customers, products, their
 * variations, product categories and orders, with a REST API key's consumer key and secret sent as HTTP Basic over
 * HTTPS. https://woocommerce.github.io/woocommerce-rest-api-docs/#authentication,
 * https://woocommerce.github.io/woocommerce-rest-api-docs/#pagination
 */
export const woocommerceManifest = defineManifest({
  name: 'woocommerce',
  displayName: 'WooCommerce',
  url: 'https://woocommerce.com/',
  category: 'Ecommerce',
  auth: {
    apiKey: {
      kind: 'api_key',
      header: 'authorization',
      // Over HTTPS WooCommerce takes the consumer key and secret as HTTP Basic (OAuth 1.0a signatures are only for
      // plain HTTP, which Weft never uses for a live store).
      scheme: 'basic-user',
      password: '{consumer_secret}',
      fields: [
        {
          name: 'store',
          label: 'Store address',
          type: 'url',
          // https only, a host name (no address, no port, no user name), an optional path where WordPress lives.
          pattern: '^https://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}(/[A-Za-z0-9._~-]+)*$',
          placeholder: 'https://shop.example.com',
          help: "Your store's address, as in WordPress → Settings → General → Site Address (it must start with https://).",
        },
        {
          name: 'consumer_secret',
          label: 'Consumer secret',
          type: 'password',
          pattern: '^cs_[A-Za-z0-9]{20,64}$',
          placeholder: 'cs_…',
          help: 'Shown once beside the consumer key when the key is generated (it starts with cs_).',
        },
      ],
      apiBase: '{store}',
      // A store is its own server: every key of one store shares its pace.
      accountField: 'store',
      label: 'Consumer key',
      help: 'In WordPress, open WooCommerce → Settings → Advanced → REST API → Add key, choose Read/Write permissions, click "Generate API key" and copy the consumer key (it starts with ck_).',
      verifyPath: '/wp-json/wc/v3/settings/general/woocommerce_currency',
    },
  },
  // Every store is its own site: a connection calls its store's host only (https, through the egress agent).
  api: { baseUrl: 'https://woocommerce.com', domains: [], connectionHost: true },
  // `page` from 1 and `per_page` up to 100; X-WP-Total and X-WP-TotalPages say how many there are.
  pagination: { style: 'page-number', maxPageSize: 100, sizeParam: 'per_page', pageParam: 'page', firstPage: 1 },
  rateLimit: {
    // WooCommerce sets no limit: a store is a WordPress site, often on shared hosting, where each request of 100
    // records is a PHP worker busy for a while. Weft keeps a modest pace and at most two requests in flight, and
    // honours a 429 with Retry-After from a host's or a security plugin's limiter.
    window: { max: 10, intervalMs: 1000 },
    concurrency: 2,
    headers: { retryAfter: 'retry-after' },
  },
  // `POST /{resource}/batch` takes up to 100 items of create, update and delete together.
  batchSize: { create: 100, update: 100 },
  schemas: {
    'ecommerce-customer': {
      pull: true,
      push: true,
      integration: { name: 'woocommerce-customers', displayName: 'Customers' },
      associations: [],
    },
    'ecommerce-product': {
      pull: true,
      push: true,
      integration: { name: 'woocommerce-products', displayName: 'Products' },
      associations: ['ecommerce-product_category'],
    },
    'ecommerce-order': {
      pull: true,
      push: true,
      integration: { name: 'woocommerce-orders', displayName: 'Orders' },
      associations: ['ecommerce-customer', 'ecommerce-product', 'ecommerce-product_variant'],
    },
    'ecommerce-product_variant': {
      pull: true,
      push: false,
      integration: { name: 'woocommerce-variations', displayName: 'Product variations' },
      associations: ['ecommerce-product'],
    },
    'ecommerce-product_category': {
      pull: true,
      push: true,
      integration: { name: 'woocommerce-product-categories', displayName: 'Product categories' },
      associations: [],
    },
  },
});
