/**
 * The Salesforce OAuth dialect of the kit's token store. Behaviour copied from
 * Salesforce (Salesforce Help, "OAuth 2.0 Web Server Flow", "OAuth 2.0 Refresh
 * Token Flow", "Revoke OAuth Tokens"):
 * - codes (base64 ending in `==`) are strictly single use and expire after 15 minutes;
 * - an access token lives as long as the session timeout (2 hours by default)
 *   and is extended on use once more than half of it has elapsed (Salesforce
 *   Help, "Session Timeout": active sessions are extended);
 * - refresh tokens do not rotate and do not expire (the default refresh token
 *   policy "valid until revoked");
 * - revoking a refresh token also revokes the access tokens issued from it.
 * Access tokens look like Salesforce's: the 15-character org id, `!`, then an
 * opaque string.
 */
import { type OAuthAccessToken, type OAuthClientConfig, type OAuthDialect, type OAuthStore as KitOAuthStore } from '../shared/oauth-store.js';
import { randomToken } from '../shared/util.js';

export { DEFAULT_SALESFORCE_CLIENT, SALESFORCE_ENDPOINTS } from './endpoints.js';

/** An OAuth client (connected app) the sandbox accepts. */
export type SalesforceClientConfig = OAuthClientConfig;

/** What a Salesforce grant holds besides client and scopes. */
export interface SalesforceGrant {
  orgKey: string;
}

/** An access token. */
export type AccessTokenRecord = OAuthAccessToken<SalesforceGrant>;

/** The Salesforce token store. */
export type OAuthStore = KitOAuthStore<SalesforceGrant>;

export const SALESFORCE_OAUTH: OAuthDialect<SalesforceGrant> = {
  codeLifetimeMs: 15 * 60 * 1000,
  code: () => `aPrx${randomToken(48).replace(/-/g, '.').replace(/_/g, 'A')}==`,
  accessToken: (orgId15) => `${orgId15}!AQ${randomToken(72).replace(/[-_]/g, '.')}`,
  refreshToken: () => `5Aep861${randomToken(60).replace(/[-_]/g, '.')}`,
  accountOf: (grant) => grant.orgKey,
  codeConsumption: 'strict',
  extendOnUse: true,
  expireRevokes: true,
};
