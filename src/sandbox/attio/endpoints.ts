/**
 * Where the attio fake answers under the sandbox and the OAuth client it accepts unless told otherwise: what Weft's
 * server needs of the fake without loading it (src/sandbox/endpoints.ts).
 */
import type { FakeEndpoints, OAuthClientConfig } from '../shared/oauth-store.js';

/** The default OAuth client of the Attio fake. */
export const DEFAULT_ATTIO_CLIENT: Readonly<OAuthClientConfig> = Object.freeze({
  clientId: 'weft-sandbox-attio',
  clientSecret: 'weft-sandbox-attio-secret',
});

/** Where the Attio fake lives: app.attio.com's `/authorize` and `/oauth/token`, and its API-key page, under its mount. */
export const ATTIO_ENDPOINTS: FakeEndpoints & { keyPagePath: string } = {
  mount: 'attio',
  keyPagePath: '/api-keys',
  authorizePath: '/authorize',
  tokenPath: '/oauth/token',
  defaultClient: DEFAULT_ATTIO_CLIENT,
};
