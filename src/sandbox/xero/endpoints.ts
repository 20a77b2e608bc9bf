/**
 * Where the xero fake answers under the sandbox and the OAuth client it accepts unless told otherwise: what Weft's
 * server needs of the fake without loading it (src/sandbox/endpoints.ts).
 */
import type { FakeEndpoints, OAuthClientConfig } from '../shared/oauth-store.js';

export const DEFAULT_XERO_CLIENT: Readonly<OAuthClientConfig> = Object.freeze({
  clientId: 'WEFTSANDBOXXEROCLIENT00000000000',
  clientSecret: 'weft-sandbox-xero-secret',
});

export const XERO_ENDPOINTS: FakeEndpoints = {
  mount: 'xero',
  authorizePath: '/identity/connect/authorize',
  tokenPath: '/connect/token',
  defaultClient: DEFAULT_XERO_CLIENT,
};
