/**
 * The HubSpot OAuth dialect of the kit's token store. Behaviour copied from
 * HubSpot: codes are single use and short-lived (10 minutes); access tokens
 * ("C" + base64url) live `tokenLifetimeSeconds` (HubSpot: 1800); refresh
 * tokens (UUIDs) neither rotate nor expire (they are revoked only when an app
 * is uninstalled).
 */
import {
  type FakeEndpoints,
  type OAuthAccessToken,
  type OAuthClientConfig,
  type OAuthDialect,
  type OAuthStore as KitOAuthStore,
} from '../shared/oauth-store.js';
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

/** The default OAuth client of the HubSpot sandbox. */
export const DEFAULT_HUBSPOT_CLIENT: Readonly<HubSpotClientConfig> = Object.freeze({
  clientId: 'weft-sandbox-hubspot',
  clientSecret: 'weft-sandbox-hubspot-secret',
});

/** Where the HubSpot fake lives (its OAuth token endpoint is HubSpot's v1 path). */
export const HUBSPOT_ENDPOINTS: FakeEndpoints = {
  mount: 'hubspot',
  authorizePath: '/oauth/authorize',
  tokenPath: '/oauth/v1/token',
  defaultClient: DEFAULT_HUBSPOT_CLIENT,
};

export const HUBSPOT_OAUTH: OAuthDialect<HubSpotGrant> = {
  codeLifetimeMs: 10 * 60 * 1000,
  code: uuid,
  accessToken: () => `C${randomToken(60)}`,
  refreshToken: uuid,
  accountOf: (grant) => grant.accountKey,
  codeConsumption: 'lenient',
};
