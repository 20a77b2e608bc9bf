/**
 * The HubSpot OAuth dialect of the kit's token store. Behaviour copied from
 * HubSpot: codes are single use and short-lived (10 minutes); access tokens
 * ("C" + base64url) live `tokenLifetimeSeconds` (HubSpot: 1800); refresh
 * tokens (UUIDs) neither rotate nor expire (they are revoked only when an app
 * is uninstalled).
 */
import { type OAuthAccessToken, type OAuthClientConfig, type OAuthDialect, type OAuthStore as KitOAuthStore } from '../shared/oauth-store.js';
import { randomToken, uuid } from '../shared/util.js';

/** An OAuth client (app) the sandbox accepts. */
export type HubSpotClientConfig = OAuthClientConfig;

/** What a HubSpot grant holds besides client and scopes. */
export interface HubSpotGrant {
  accountKey: string;
}

/** An access token. */
export type AccessTokenRecord = OAuthAccessToken<HubSpotGrant>;

/** The HubSpot token store. */
export type OAuthStore = KitOAuthStore<HubSpotGrant>;

export const HUBSPOT_OAUTH: OAuthDialect<HubSpotGrant> = {
  codeLifetimeMs: 10 * 60 * 1000,
  code: uuid,
  accessToken: () => `C${randomToken(60)}`,
  refreshToken: uuid,
  accountOf: (grant) => grant.accountKey,
  codeConsumption: 'lenient',
};
