/**
 * Where the hubspot fake answers under the sandbox and the OAuth client it accepts unless told otherwise: what Weft's
 * server needs of the fake without loading it (src/sandbox/endpoints.ts).
 */
import type { FakeEndpoints, OAuthClientConfig } from '../shared/oauth-store.js';

export const DEFAULT_HUBSPOT_CLIENT: Readonly<OAuthClientConfig> = Object.freeze({
  clientId: 'weft-sandbox-hubspot',
  clientSecret: 'weft-sandbox-hubspot-secret',
});

export const HUBSPOT_ENDPOINTS: FakeEndpoints = {
  mount: 'hubspot',
  authorizePath: '/oauth/authorize',
  tokenPath: '/oauth/v1/token',
  defaultClient: DEFAULT_HUBSPOT_CLIENT,
};
