/**
 * The Zendesk fake's state: accounts by name, each a seeded account with its API token, its per-minute request
 * window, counters and queued faults; OAuth clients' tokens (an access token lives an hour here, a refresh token is
 * replaced by each refresh); and the settings they share.
 */
import { randomBytes } from 'node:crypto';

import { derivedKey } from '../shared/api-key-accounts.js';
import { RequestCounters } from '../shared/counters.js';
import type { FakeSettings } from '../shared/fake-options.js';
import { FaultQueue } from '../shared/faults.js';
import { OAuthFakeService } from '../shared/oauth-fake-service.js';
import type { OAuthClientConfig, OAuthDialect } from '../shared/oauth-store.js';
import { RollingUsageCounter } from '../shared/rolling-usage.js';
import { SeededAccount } from '../shared/seeded-account.js';
import { ID_BASE, OBJECTS, type SeedContext, seedContext, STAFF, type ZendeskSeed } from './records.js';

/** Requests an account may send a minute: 700, the Enterprise plan's limit (Team: 200, Professional: 400). */
export const DEFAULT_RATE_LIMIT = { max: 700, windowMs: 60_000 } as const;

/** An access token's lifetime in the fake (Zendesk's token request takes `expires_in`, 5 minutes to 2 days). */
export const TOKEN_LIFETIME_SECONDS = 3600;

export interface ZendeskSettings extends FakeSettings<OAuthClientConfig> {
  seed: ZendeskSeed;
  tokenLifetimeSeconds: number;
  /** Requests an account may send in any trailing window; `enforce: false`: counted and reported, never refused. */
  rateLimit: { max: number; windowMs: number; enforce: boolean };
}

export class ZendeskAccount extends SeededAccount<SeedContext, typeof OBJECTS> {
  /** The account's API token (Admin Center → Apps and integrations → Zendesk API): 40 letters and digits. */
  readonly apiToken: string;
  readonly usage: RollingUsageCounter;
  readonly counters = new RequestCounters();
  readonly faults = new FaultQueue();
  readonly now: () => number;

  constructor(key: string, secret: Buffer, settings: ZendeskSettings) {
    super(
      key,
      { provider: 'zendesk', context: (_key, seed) => seedContext(seed, settings.seed), objects: OBJECTS },
      { ...(settings.journal ? { journal: settings.journal } : {}), maxWrites: settings.maxWritesPerAccount ?? null, now: settings.now },
    );
    this.apiToken = Buffer.from(derivedKey(secret, `zendesk:${key}`), 'hex')
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 40);
    this.now = settings.now;
    this.usage = new RollingUsageCounter(
      { windowMs: settings.rateLimit.windowMs, bucketMs: Math.max(1, settings.rateLimit.windowMs / 10) },
      settings.now,
    );
  }

  /** The account owner's e-mail address (the admin who signs in with the API token on the sandbox's page). */
  get ownerEmail(): string {
    return this.store('users').get(ID_BASE.users)?.fields['email'] as string;
  }

  /** The live staff user (agent or admin) of an e-mail address, for API-token requests. */
  staffByEmail(email: string): number | undefined {
    const user = this.store('users').findByUnique(email);
    return user && ['agent', 'admin'].includes(user.fields['role'] as string) && user.fields['suspended'] !== true ? user.id : undefined;
  }

  /** Back to the seed, with a fresh request window and no queued faults. */
  reset(): void {
    this.resetRecords();
    this.usage.reset();
    this.faults.clear();
  }
}

/** What a Zendesk grant holds besides client and scopes: the account and the user who granted access. */
export interface ZendeskGrant {
  accountKey: string;
  userId: number;
}

const token = (prefix: string) => `${prefix}${randomBytes(24).toString('hex')}`;

/** Zendesk's OAuth server: a code for `/oauth/tokens` (client id and secret in the body), refresh tokens used once. */
export const ZENDESK_OAUTH: OAuthDialect<ZendeskGrant> = {
  codeLifetimeMs: 2 * 60 * 1000,
  code: () => token(''),
  accessToken: token,
  refreshToken: token,
  accountOf: (grant) => grant.accountKey,
  codeConsumption: 'strict',
  redirectUriOptional: false,
};

/** The scopes of the fake's tokens (Zendesk's `read write`: everything the user may do). */
export const ZENDESK_SCOPES = ['read', 'write'] as const;

/** The token endpoint's success body. */
export interface ZendeskTokenGrant {
  access_token: string;
  token_type: 'bearer';
  scope: string;
  expires_in: number;
  refresh_token: string;
  refresh_token_expires_in: number;
}

export class ZendeskService extends OAuthFakeService<ZendeskSettings, ZendeskAccount, ZendeskGrant> {
  constructor(settings: ZendeskSettings) {
    super(settings, ZENDESK_OAUTH, {
      secretName: 'zendesk-api-token-secret',
      account: (key, secret) => new ZendeskAccount(key, secret, settings),
      keyOf: (a) => a.apiToken,
    });
  }

  /** The account of a usable (unexpired) OAuth access token. */
  accountOfAccessToken(accessToken: string): ZendeskAccount | undefined {
    const record = this.oauth.useAccessToken(accessToken);
    return record === undefined ? undefined : this.accounts.get(record.accountKey);
  }

  /** Issues an access token and a refresh token, and renders Zendesk's token answer. */
  grant(clientId: string, accountKey: string, scopes: readonly string[] = ZENDESK_SCOPES): ZendeskTokenGrant {
    const grant = { clientId, accountKey, userId: ID_BASE.users, scopes: [...scopes] };
    const access = this.oauth.issueAccessToken(grant);
    const refresh = this.oauth.issueRefreshToken(grant, '');
    return {
      access_token: access.token,
      token_type: 'bearer',
      scope: access.scopes.join(' '),
      expires_in: this.oauth.lifetimeSeconds,
      refresh_token: refresh.token,
      refresh_token_expires_in: 30 * 86_400,
    };
  }
}

export { STAFF };
