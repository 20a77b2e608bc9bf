/**
 * Where the close fake answers under the sandbox and the OAuth client it accepts unless told otherwise: what Weft's
 * server needs of the fake without loading it (src/sandbox/endpoints.ts).
 */
import type { FakeEndpoints, OAuthClientConfig } from '../shared/oauth-store.js';

/** The default OAuth client (app) of the Close fake. */
export const DEFAULT_CLOSE_CLIENT: Readonly<OAuthClientConfig> = Object.freeze({
  clientId: 'weft-sandbox-close',
  clientSecret: 'weft-sandbox-close-secret',
});

/**
 * Where the Close fake lives: app.close.com's `/oauth2/authorize/` and api.close.com's `/oauth2/token/` under its
 * mount, and its API-key page.
 */
export const CLOSE_ENDPOINTS: FakeEndpoints & { keyPagePath: string } = {
  mount: 'close',
  keyPagePath: '/api-key',
  authorizePath: '/oauth2/authorize/',
  tokenPath: '/oauth2/token/',
  defaultClient: DEFAULT_CLOSE_CLIENT,
};
