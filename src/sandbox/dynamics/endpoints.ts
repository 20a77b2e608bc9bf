/**
 * Where the dynamics fake answers under the sandbox and the OAuth client it accepts unless told otherwise: what Weft's
 * server needs of the fake without loading it (src/sandbox/endpoints.ts).
 */
import type { FakeEndpoints, OAuthClientConfig } from '../shared/oauth-store.js';

export const DEFAULT_DYNAMICS_CLIENT: Readonly<OAuthClientConfig> = Object.freeze({
  clientId: '0f6a3d2e-5b1c-4e8a-9d7f-2c4b6a8e1f30',
  clientSecret: 'weft-sandbox-dynamics-secret',
});

export const DYNAMICS_ENDPOINTS: FakeEndpoints = {
  mount: 'dynamics',
  authorizePath: '/organizations/oauth2/v2.0/authorize',
  tokenPath: '/organizations/oauth2/v2.0/token',
  defaultClient: DEFAULT_DYNAMICS_CLIENT,
};
