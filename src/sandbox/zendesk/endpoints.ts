/**
 * Where the Zendesk fake answers under the sandbox and the OAuth client it accepts unless told otherwise: what Weft's
 * server needs of the fake without loading it (src/sandbox/endpoints.ts).
 */
import type { FakeEndpoints, OAuthClientConfig } from '../shared/oauth-store.js';

/** The default OAuth client of the Zendesk fake (Admin Center → Apps and integrations → APIs → OAuth Clients). */
export const DEFAULT_ZENDESK_CLIENT: Readonly<OAuthClientConfig> = Object.freeze({
  clientId: 'weft-sandbox-zendesk',
  clientSecret: 'weft-sandbox-zendesk-secret',
});

/**
 * Where the Zendesk fake lives: the account's `/oauth/authorizations/new` and `/oauth/tokens` (on
 * `{subdomain}.zendesk.com` in Zendesk) under its mount, and its API-token page.
 */
export const ZENDESK_ENDPOINTS: FakeEndpoints & { keyPagePath: string } = {
  mount: 'zendesk',
  keyPagePath: '/api-token',
  authorizePath: '/oauth/authorizations/new',
  tokenPath: '/oauth/tokens',
  defaultClient: DEFAULT_ZENDESK_CLIENT,
};
