/**
 * Where the shopify fake answers under the sandbox and the OAuth client it accepts unless told otherwise: what Weft's
 * server needs of the fake without loading it (src/sandbox/endpoints.ts).
 */
export const DEFAULT_SHOPIFY_CLIENT = Object.freeze({ clientId: 'weft-sandbox-shopify-app', clientSecret: 'weft-sandbox-shopify-secret' });

export const SHOPIFY_ENDPOINTS = {
  mount: 'shopify',
  // `{shop}`: the shop's domain the end user typed (Weft fills it, as it fills the real shop's host).
  authorizePath: '/store/{shop}/admin/oauth/authorize',
  tokenPath: '/store/{shop}/admin/oauth/access_token',
  defaultClient: DEFAULT_SHOPIFY_CLIENT,
} as const;
