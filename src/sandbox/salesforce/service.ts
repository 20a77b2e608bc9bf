/**
 * The state of one Salesforce sandbox: its settings, orgs, OAuth tokens and
 * the counters of requests that could not be attributed to an org.
 */
import { createHmac } from 'node:crypto';

import { OAuthFakeService } from '../shared/oauth-fake-service.js';
import type { ProviderJournal } from '../shared/persistence.js';
import { type AccessTokenRecord, SALESFORCE_OAUTH, type SalesforceClientConfig, type SalesforceGrant } from './oauth-store.js';
import { SalesforceOrg } from './org.js';
import { DEFAULT_SEED_OPPORTUNITIES } from './seed.js';

/** Fully resolved settings of a Salesforce sandbox. */
export interface SalesforceSettings {
  /** Absolute URL of the Salesforce mount, e.g. "http://127.0.0.1:3000/sandbox/salesforce" (read lazily). */
  baseUrl: () => string;
  seed: { contacts: number; accounts: number; vehicles: number; opportunities: number };
  /** API requests per rolling 24 hours per org; null never rejects (usage is still counted and reported). */
  dailyApiLimit: number | null;
  /** Session timeout: how long an access token lives. */
  tokenLifetimeSeconds: number;
  latencyMs: number;
  clients: SalesforceClientConfig[];
  /** Most records an account may gain by writes (seed records do not count); null: no cap. @defaultValue 10000 */
  maxWritesPerAccount?: number | null;
  /** Most accounts the pages create for typed names; null: no cap. @defaultValue 1000 */
  maxAccounts?: number | null;
  now: () => number;
  /** Where orgs, record changes and tokens are stored (a sandbox state file); in memory only without it. */
  journal?: ProviderJournal;
}

/** Developer Edition's daily API allocation, also reported when the limit is not enforced. */
export const DEFAULT_DAILY_API_LIMIT = 15_000;

/** Scopes granted when the authorize request names none (the connected app's configured scopes). */
export const DEFAULT_SCOPES: readonly string[] = ['api', 'refresh_token'];

/** Scopes a connected app can request (Salesforce Help, "OAuth Tokens and Scopes"). */
export const KNOWN_SCOPES: ReadonlySet<string> = new Set([
  'api',
  'refresh_token',
  'offline_access',
  'full',
  'id',
  'openid',
  'profile',
  'email',
  'address',
  'phone',
  'web',
  'chatter_api',
  'visualforce',
  'custom_permissions',
  'content',
  'lightning',
  'wave_api',
  'eclair_api',
  'pardot_api',
  'interaction_api',
  'cdp_query_api',
  'cdp_profile_api',
  'cdp_ingest_api',
  'sfap_api',
  'einstein_gpt_api',
]);

/** The token endpoint's success body, as Salesforce sends it (no `expires_in`). */
export interface SalesforceTokenResponse {
  access_token: string;
  /** Only for the authorization-code grant, and only when `refresh_token`/`offline_access` was granted. */
  refresh_token?: string;
  signature: string;
  scope: string;
  instance_url: string;
  /** Identity URL: `${loginUrl}/id/${orgId}/${userId}`. */
  id: string;
  token_type: 'Bearer';
  /** Epoch milliseconds, as a string. */
  issued_at: string;
}

/** Whether a scope list lets the token use the REST API. */
export function allowsRestApi(scopes: readonly string[]): boolean {
  return scopes.includes('api') || scopes.includes('full');
}

/** Whether a scope list earns a refresh token. */
export function grantsRefreshToken(scopes: readonly string[]): boolean {
  return scopes.includes('refresh_token') || scopes.includes('offline_access');
}

/** One Salesforce sandbox. */
export class SalesforceService extends OAuthFakeService<SalesforceSettings, SalesforceOrg, SalesforceGrant> {
  constructor(settings: SalesforceSettings) {
    const journal = settings.journal;
    // State files made before opportunities were seeded hold no size for them: the default is left out of the check.
    const { opportunities, ...sizes } = settings.seed;
    journal?.checkSeed(opportunities === DEFAULT_SEED_OPPORTUNITIES ? sizes : settings.seed);
    const org = (key: string) =>
      new SalesforceOrg(key, {
        contacts: settings.seed.contacts,
        accounts: settings.seed.accounts,
        vehicles: settings.seed.vehicles,
        opportunities: settings.seed.opportunities,
        maxWrites: settings.maxWritesPerAccount ?? null,
        now: settings.now,
        ...(journal ? { journal } : {}),
      });
    super(settings, SALESFORCE_OAUTH, org, false);
  }

  /** The base URL (instance and login host). */
  /** The identity URL of an org's API user. */
  identityUrl(org: SalesforceOrg): string {
    return `${this.baseUrl()}/id/${org.orgId}/${org.apiUserId}`;
  }

  /**
   * Issues an access token (and a refresh token for a new grant that includes
   * `refresh_token` or `offline_access`). `signature` is the Base64 HMAC-SHA256
   * of `id + issued_at` keyed with the client secret (Salesforce Help, "OAuth
   * 2.0 Web Server Flow", token response parameters).
   * @param refreshToken - the refresh token being redeemed (the response then has none)
   */
  grant(client: SalesforceClientConfig, orgKey: string, scopes: string[], refreshToken?: string): SalesforceTokenResponse {
    const org = this.accounts.get(orgKey);
    const newRefresh =
      refreshToken === undefined && grantsRefreshToken(scopes)
        ? this.oauth.issueRefreshToken({ clientId: client.clientId, orgKey: org.key, scopes }).token
        : undefined;
    const linked = refreshToken ?? newRefresh;
    const access = this.oauth.issueAccessToken(
      { clientId: client.clientId, orgKey: org.key, scopes },
      { prefix: org.orgId.slice(0, 15), ...(linked === undefined ? {} : { refreshToken: linked }) },
    );
    const id = this.identityUrl(org);
    const issuedAt = String(access.issuedAt);
    const response: SalesforceTokenResponse = {
      access_token: access.token,
      signature: createHmac('sha256', client.clientSecret)
        .update(id + issuedAt)
        .digest('base64'),
      scope: scopes.join(' '),
      instance_url: this.baseUrl(),
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
    };
    if (newRefresh !== undefined) return { access_token: response.access_token, refresh_token: newRefresh, ...withoutAccessToken(response) };
    return response;
  }

  /** The org an access token belongs to. */
  orgOf(token: AccessTokenRecord): SalesforceOrg {
    return this.accounts.get(token.orgKey);
  }
}

function withoutAccessToken(response: SalesforceTokenResponse): Omit<SalesforceTokenResponse, 'access_token'> {
  const { access_token: _omitted, ...rest } = response;
  return rest;
}
