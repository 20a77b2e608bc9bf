/**
 * Where the Asana fake answers under the sandbox and the OAuth client it accepts unless told otherwise: what Weft's
 * server needs of the fake without loading it (src/sandbox/endpoints.ts).
 */
import type { FakeEndpoints, OAuthClientConfig } from '../shared/oauth-store.js';

/** The default OAuth client of the Asana fake (Asana's developer console → My apps → OAuth). */
export const DEFAULT_ASANA_CLIENT: Readonly<OAuthClientConfig> = Object.freeze({
  clientId: 'weft-sandbox-asana',
  clientSecret: 'weft-sandbox-asana-secret',
});

/** Where the Asana fake lives: `app.asana.com`'s `/-/oauth_authorize` and `/-/oauth_token` under its mount, and its token page. */
export const ASANA_ENDPOINTS: FakeEndpoints & { keyPagePath: string } = {
  mount: 'asana',
  keyPagePath: '/personal-access-token',
  authorizePath: '/-/oauth_authorize',
  tokenPath: '/-/oauth_token',
  defaultClient: DEFAULT_ASANA_CLIENT,
};
