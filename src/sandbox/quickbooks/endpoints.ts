/**
 * Where the quickbooks fake answers under the sandbox and the OAuth client it accepts unless told otherwise: what Weft's
 * server needs of the fake without loading it (src/sandbox/endpoints.ts).
 */
import type { FakeEndpoints, OAuthClientConfig } from '../shared/oauth-store.js';

export const DEFAULT_QUICKBOOKS_CLIENT: Readonly<OAuthClientConfig> = Object.freeze({
  clientId: 'weft-sandbox-quickbooks',
  clientSecret: 'weft-sandbox-quickbooks-secret',
});

export const QUICKBOOKS_ENDPOINTS: FakeEndpoints = {
  mount: 'quickbooks',
  authorizePath: '/connect/oauth2',
  tokenPath: '/oauth2/v1/tokens/bearer',
  defaultClient: DEFAULT_QUICKBOOKS_CLIENT,
};
