/**
 * Where the Typeform fake answers under the sandbox and the OAuth client it accepts unless told otherwise: what Weft's
 * server needs of the fake without loading it (src/sandbox/endpoints.ts).
 */
import type { FakeEndpoints, OAuthClientConfig } from '../shared/oauth-store.js';

/** The default OAuth client of the Typeform fake (Typeform's admin panel → Developer apps → Register a new app). */
export const DEFAULT_TYPEFORM_CLIENT: Readonly<OAuthClientConfig> = Object.freeze({
  clientId: 'weft-sandbox-typeform',
  clientSecret: 'weft-sandbox-typeform-secret',
});

/** Where the Typeform fake lives: `api.typeform.com`'s `/oauth/authorize` and `/oauth/token` under its mount, and its token page. */
export const TYPEFORM_ENDPOINTS: FakeEndpoints & { keyPagePath: string } = {
  mount: 'typeform',
  keyPagePath: '/personal-token',
  authorizePath: '/oauth/authorize',
  tokenPath: '/oauth/token',
  defaultClient: DEFAULT_TYPEFORM_CLIENT,
};
