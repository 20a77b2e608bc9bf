/**
 * Where the Slack fake answers under the sandbox and the OAuth client it accepts unless told otherwise: what Weft's
 * server needs of the fake without loading it (src/sandbox/endpoints.ts).
 */
import type { FakeEndpoints, OAuthClientConfig } from '../shared/oauth-store.js';

/** The default OAuth client of the Slack fake (a Slack app with a bot user). */
export const DEFAULT_SLACK_CLIENT: Readonly<OAuthClientConfig> = Object.freeze({
  clientId: 'weft-sandbox-slack',
  clientSecret: 'weft-sandbox-slack-secret',
});

/**
 * Where the Slack fake lives: the consent page `/oauth/v2/authorize` (slack.com/oauth/v2/authorize) and the Web API's
 * methods under `/api/` (slack.com/api/), the token exchange `oauth.v2.access` among them.
 */
export const SLACK_ENDPOINTS: FakeEndpoints = {
  mount: 'slack',
  authorizePath: '/oauth/v2/authorize',
  tokenPath: '/api/oauth.v2.access',
  defaultClient: DEFAULT_SLACK_CLIENT,
};
