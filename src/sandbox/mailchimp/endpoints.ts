/**
 * Where the Mailchimp fake answers under the sandbox and the OAuth client it accepts unless told otherwise: what Weft's
 * server needs of the fake without loading it (src/sandbox/endpoints.ts).
 */
import type { FakeEndpoints, OAuthClientConfig } from '../shared/oauth-store.js';

/** The default OAuth client of the Mailchimp fake (Mailchimp's Account → Extras → Registered apps). */
export const DEFAULT_MAILCHIMP_CLIENT: Readonly<OAuthClientConfig> = Object.freeze({
  clientId: 'weft-sandbox-mailchimp',
  clientSecret: 'weft-sandbox-mailchimp-secret',
});

/**
 * Where the Mailchimp fake lives: login.mailchimp.com's `/oauth2/authorize`, `/oauth2/token` and `/oauth2/metadata`
 * and the data center's `/3.0/` under one mount, and its API-key page.
 */
export const MAILCHIMP_ENDPOINTS: FakeEndpoints & { keyPagePath: string } = {
  mount: 'mailchimp',
  keyPagePath: '/api-key',
  authorizePath: '/oauth2/authorize',
  tokenPath: '/oauth2/token',
  defaultClient: DEFAULT_MAILCHIMP_CLIENT,
};

/** The data center of every sandbox account (the suffix of its API keys, `dc` in the OAuth metadata). */
export const MAILCHIMP_DC = 'us21';
