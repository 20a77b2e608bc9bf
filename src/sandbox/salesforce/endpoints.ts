/**
 * Where the salesforce fake answers under the sandbox and the OAuth client it accepts unless told otherwise: what Weft's
 * server needs of the fake without loading it (src/sandbox/endpoints.ts).
 */
import type { FakeEndpoints, OAuthClientConfig } from '../shared/oauth-store.js';

/** The default OAuth client (connected app) of the Salesforce sandbox. */
export const DEFAULT_SALESFORCE_CLIENT: Readonly<OAuthClientConfig> = Object.freeze({
  clientId: 'weft-sandbox-salesforce',
  clientSecret: 'weft-sandbox-salesforce-secret',
});

/** Where the Salesforce fake lives. */
export const SALESFORCE_ENDPOINTS: FakeEndpoints = {
  mount: 'salesforce',
  authorizePath: '/services/oauth2/authorize',
  tokenPath: '/services/oauth2/token',
  defaultClient: DEFAULT_SALESFORCE_CLIENT,
};
