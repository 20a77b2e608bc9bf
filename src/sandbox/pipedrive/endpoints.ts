/**
 * Where the pipedrive fake answers under the sandbox and the OAuth client it accepts unless told otherwise: what Weft's
 * server needs of the fake without loading it (src/sandbox/endpoints.ts).
 */
import type { FakeEndpoints, OAuthClientConfig } from '../shared/oauth-store.js';

/** The default OAuth client of the Pipedrive sandbox. */
export const DEFAULT_PIPEDRIVE_CLIENT: Readonly<OAuthClientConfig> = Object.freeze({
  clientId: 'weft-sandbox-pipedrive',
  clientSecret: 'weft-sandbox-pipedrive-secret',
});

/** Where the Pipedrive fake lives (oauth.pipedrive.com's paths under its mount, and its API-token page). */
export const PIPEDRIVE_ENDPOINTS: FakeEndpoints & { keyPagePath: string } = {
  mount: 'pipedrive',
  keyPagePath: '/api-token',
  authorizePath: '/oauth/authorize',
  tokenPath: '/oauth/token',
  defaultClient: DEFAULT_PIPEDRIVE_CLIENT,
};
