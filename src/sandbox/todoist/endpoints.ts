/**
 * Where the Todoist fake answers under the sandbox and the OAuth client it accepts unless told otherwise: what Weft's
 * server needs of the fake without loading it (src/sandbox/endpoints.ts).
 */
import type { FakeEndpoints, OAuthClientConfig } from '../shared/oauth-store.js';

/** The default OAuth client of the Todoist fake (an app of the App Management Console). */
export const DEFAULT_TODOIST_CLIENT: Readonly<OAuthClientConfig> = Object.freeze({
  clientId: 'weft-sandbox-todoist',
  clientSecret: 'weft-sandbox-todoist-secret',
});

/**
 * Where the Todoist fake lives: `/oauth/authorize` and `/oauth/access_token` (on todoist.com in Todoist), the API
 * under `/api/v1/` (api.todoist.com), and the page that shows each account's personal API token.
 */
export const TODOIST_ENDPOINTS: FakeEndpoints & { keyPagePath: string } = {
  mount: 'todoist',
  keyPagePath: '/api-token',
  authorizePath: '/oauth/authorize',
  tokenPath: '/oauth/access_token',
  defaultClient: DEFAULT_TODOIST_CLIENT,
};
