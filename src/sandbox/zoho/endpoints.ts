/**
 * Where the zoho fake answers under the sandbox and the OAuth client it accepts unless told otherwise: what Weft's
 * server needs of the fake without loading it (src/sandbox/endpoints.ts).
 */
import type { FakeEndpoints, OAuthClientConfig } from '../shared/oauth-store.js';

/** The default OAuth client of the Zoho sandbox. */
export const DEFAULT_ZOHO_CLIENT: Readonly<OAuthClientConfig> = Object.freeze({
  clientId: 'weft-sandbox-zoho',
  clientSecret: 'weft-sandbox-zoho-secret',
});

/**
 * Where the Zoho fake lives: accounts.zoho.com's consent at `/accounts/us/oauth/v2/auth`, each data centre's accounts
 * server at `/accounts/<location>` and its API domain at `/api/<location>`.
 */
export const ZOHO_ENDPOINTS: FakeEndpoints = {
  mount: 'zoho',
  authorizePath: '/accounts/us/oauth/v2/auth',
  tokenPath: '/accounts/us/oauth/v2/token',
  defaultClient: DEFAULT_ZOHO_CLIENT,
};
