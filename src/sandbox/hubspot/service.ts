/**
 * The state of one HubSpot sandbox: its settings, accounts, OAuth tokens (HubSpot's dialect: codes live 10 minutes,
 * access tokens "C" + base64url, refresh tokens UUIDs that neither rotate nor expire) and unattributed requests.
 */
import { type ErrorTemplate, fillTemplate } from '../shared/error-template.js';
import { OAuthFakeService } from '../shared/oauth-fake-service.js';
import type { OAuthClientConfig, OAuthDialect } from '../shared/oauth-store.js';
import { providerData } from '../shared/provider-data.js';
import { randomToken, uuid } from '../shared/util.js';
import { HubSpotAccount, type HubSpotSettings } from './account.js';
import ANSWERS_JSON from './data/answers.json' with { type: 'json' };

export { DEFAULT_RATE_LIMIT, DEFAULT_SEARCH_RATE_LIMIT } from './account.js';
export { DEFAULT_HUBSPOT_CLIENT, HUBSPOT_ENDPOINTS } from './endpoints.js';

/**
 * `data/answers.json`: HubSpot's answers that are plain templates (filled by the kit's `fillTemplate`): the token
 * response, what introspection reports of an access and of a refresh token, an owner, a pipeline and its stages, a
 * default association, a batch's failures for ids with no associations, for missing objects and for a pair it cannot
 * associate; the consent page's texts and the scopes the in-process API mints by default.
 */
const { defaultScopes, redirectMismatch, declined, ...templates } = providerData('hubspot/data/answers.json', ANSWERS_JSON, {
  ...{ tokenResponse: 'json', accessTokenInfo: 'json', refreshTokenInfo: 'json', owner: 'json', pipeline: 'json', stage: 'json' },
  ...{ noAssociations: 'json', missingObjects: 'json', defaultAssociation: 'json', associationFailure: 'json' },
  ...{ defaultScopes: ['list', 'string'], redirectMismatch: 'string', declined: { error: 'string', error_description: 'string' } },
});
export const ANSWERS = { defaultScopes, redirectMismatch, declined, ...(templates as Record<keyof typeof templates, ErrorTemplate>) };

/** An OAuth client (app) the sandbox accepts. */
export type HubSpotClientConfig = OAuthClientConfig;

export const HUBSPOT_OAUTH: OAuthDialect<{ accountKey: string }> = {
  codeLifetimeMs: 10 * 60 * 1000,
  code: uuid,
  accessToken: () => `C${randomToken(60)}`,
  refreshToken: uuid,
  accountOf: (grant) => grant.accountKey,
  codeConsumption: 'lenient',
};

/** The token endpoint's success body (HubSpot's AccessTokenResponse). */
export interface TokenGrant {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: 'bearer';
  token_use: 'access_token';
  hub_id: number;
  user_id: number;
  scopes: string[];
}

/** One HubSpot sandbox. */
export class HubSpotService extends OAuthFakeService<HubSpotSettings, HubSpotAccount, { accountKey: string }> {
  constructor(settings: HubSpotSettings) {
    super(settings, HUBSPOT_OAUTH, (key) => new HubSpotAccount(key, settings));
  }

  /**
   * Issues an access token (and a refresh token unless one is being used).
   * @param refreshToken - the refresh token being redeemed; it is returned unchanged (no rotation)
   */
  grant(clientId: string, accountKey: string, scopes: string[], refreshToken?: string): TokenGrant {
    const account = this.accounts.get(accountKey);
    const refresh = refreshToken ?? this.oauth.issueRefreshToken({ clientId, accountKey: account.key, scopes }).token;
    const accessToken = this.oauth.issueAccessToken({ clientId, accountKey: account.key, scopes }).token;
    const values = {
      accessToken,
      refreshToken: refresh,
      expiresIn: this.oauth.lifetimeSeconds,
      hubId: account.hubId,
      userId: account.seed.userId,
      scopes,
    };
    return fillTemplate(ANSWERS.tokenResponse, values) as unknown as TokenGrant;
  }
}
