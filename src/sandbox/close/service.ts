/**
 * The Close fake's state: accounts (organizations) by name, each a seeded account with its API key, its per-key
 * request window, counters and queued faults; OAuth apps' tokens (an access token lives an hour, a refresh token is
 * single use and replaced by each refresh); and the settings they share.
 */
import { randomBytes } from 'node:crypto';

import type { FakeSettings } from '../shared/fake-options.js';
import { OAuthFakeService } from '../shared/oauth-fake-service.js';
import type { OAuthClientConfig, OAuthDialect } from '../shared/oauth-store.js';
import { WindowedApiKeyAccount } from '../shared/windowed-accounts.js';
import { type CloseObject, type CloseRecord, ME, OBJECTS, ORGANIZATION, type SeedContext, seedContext } from './records.js';

/** Close's limit per API key (its rate-limits page gives 20 requests a second as the example of a key's limit). */
export const DEFAULT_RATE_LIMIT = { max: 20, windowMs: 1000 } as const;

/** An access token's lifetime: an hour (Close's OAuth page: access tokens expire after 1 hour). */
export const TOKEN_LIFETIME_SECONDS = 3600;

export interface CloseSettings extends FakeSettings<OAuthClientConfig> {
  seed: Record<CloseObject, number>;
  tokenLifetimeSeconds: number;
  /** Requests a key may send in any trailing window; `enforce: false`: counted and reported, never refused. */
  rateLimit: { max: number; windowMs: number; enforce: boolean };
}

/** One organization, with its API key and its request window (no host of its own: Close answers at one address). */
export class CloseAccount extends WindowedApiKeyAccount<SeedContext, typeof OBJECTS> {
  constructor(key: string, settings: CloseSettings) {
    super(
      key,
      {
        provider: 'close',
        context: (_key, seed) => seedContext(seed, settings.seed),
        objects: OBJECTS,
        // Close's keys: `api_` and two dot-separated parts.
        apiKey: (digest) => {
          const text = digest.toString('base64url');
          return `api_${text.slice(0, 22)}.${text.slice(22, 43)}`;
        },
        window: { windowMs: settings.rateLimit.windowMs, bucketMs: Math.max(1, settings.rateLimit.windowMs / 10) },
      },
      settings,
    );
  }

  /** The live records of an object on a lead (seed ones from the seed's spread, changed ones from the store's links), oldest first. */
  onLead(object: Exclude<CloseObject, 'leads'>, leadId: number): CloseRecord[] {
    const store = this.store(object);
    const seeded = leadId <= this.context.counts.leads ? [...this.context.spread.childrenOf(leadId - 1, store.seedCount)].map((i) => i + 1) : [];
    const ids = [...new Set([...seeded, ...store.linkedTo(leadId)])].sort((a, b) => a - b);
    return ids.map((id) => store.live(id)).filter((r): r is CloseRecord => r !== undefined && r.fields['lead_id'] === leadId);
  }
}

/** What a Close grant holds besides client and scopes: the organization and the user who granted access. */
export interface CloseGrant {
  accountKey: string;
  userId: string;
}

const token = (prefix: string) => `${prefix}${randomBytes(24).toString('base64url')}`;

/**
 * Close's OAuth server as its OAuth page describes it: a code for the token endpoint (form-encoded, the client's id and
 * secret in the body), access tokens of an hour, refresh tokens (each used once: the refresh answers a new one).
 */
export const CLOSE_OAUTH: OAuthDialect<CloseGrant> = {
  codeLifetimeMs: 10 * 60 * 1000,
  code: () => token(''),
  accessToken: token,
  refreshToken: token,
  accountOf: (grant) => grant.accountKey,
  codeConsumption: 'strict',
  redirectUriOptional: true,
};

/** The scopes of an OAuth app's tokens (its token answer's `scope`). */
export const CLOSE_SCOPES = ['all.full_access', 'offline_access'] as const;

/** The token endpoint's success body. */
export interface CloseTokenGrant {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
  user_id: string;
  organization_id: string;
}

export class CloseService extends OAuthFakeService<CloseSettings, CloseAccount, CloseGrant> {
  constructor(settings: CloseSettings) {
    // Keys derive from the organization's name (not the sandbox's secret), as they always have; no seed check.
    super(
      settings,
      CLOSE_OAUTH,
      { secretName: 'close-api-key-secret', account: (key) => new CloseAccount(key, settings), keyOf: (a) => a.apiKey },
      false,
    );
  }

  /** The organization of a usable (unexpired) OAuth access token. */
  accountOfAccessToken(accessToken: string): CloseAccount | undefined {
    const record = this.oauth.useAccessToken(accessToken);
    return record === undefined ? undefined : this.accounts.get(record.accountKey);
  }

  /** Issues an access token and a refresh token, and renders Close's token answer. */
  grant(clientId: string, accountKey: string, scopes: readonly string[] = CLOSE_SCOPES): CloseTokenGrant {
    const grant = { clientId, accountKey, userId: ME.id, scopes: [...scopes] };
    const access = this.oauth.issueAccessToken(grant);
    const refresh = this.oauth.issueRefreshToken(grant, '');
    return {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: this.oauth.lifetimeSeconds,
      refresh_token: refresh.token,
      scope: access.scopes.join(' '),
      user_id: ME.id,
      organization_id: ORGANIZATION.id,
    };
  }
}
