/**
 * The Asana fake's state: accounts by name, each a seeded workspace with its owner's personal access token, its
 * per-minute request window, counters and queued faults; OAuth apps' tokens (an access token lives an hour, as in
 * Asana); and the settings they share.
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
import { type AsanaSeed, ID_BASE, OBJECTS, type SeedContext, seedContext } from './records.js';

/** Requests a workspace may send a minute: 1500, Asana's limit on paid plans (150 on the free plan). */
export const DEFAULT_RATE_LIMIT = { max: 1500, windowMs: 60_000 } as const;

/** An access token's lifetime: an hour, as Asana's `expires_in: 3600`. */
export const TOKEN_LIFETIME_SECONDS = 3600;

export interface AsanaSettings extends FakeSettings<OAuthClientConfig> {
  seed: AsanaSeed;
  tokenLifetimeSeconds: number;
  /** Requests an account may send in any trailing window; `enforce: false`: counted and reported, never refused. */
  rateLimit: { max: number; windowMs: number; enforce: boolean };
}

export class AsanaAccount extends SeededAccount<SeedContext, typeof OBJECTS> {
  /** The owner's personal access token, in Asana's shape `2/{user gid}/{token gid}:{32 hex digits}`. */
  readonly personalAccessToken: string;
  readonly usage: RollingUsageCounter;
  readonly counters = new RequestCounters();
  readonly faults = new FaultQueue();
  readonly now: () => number;

  constructor(key: string, secret: Buffer, settings: AsanaSettings) {
    super(
      key,
      { provider: 'asana', context: (_key, seed) => seedContext(seed, settings.seed), objects: OBJECTS },
      { ...(settings.journal ? { journal: settings.journal } : {}), maxWrites: settings.maxWritesPerAccount ?? null, now: settings.now },
    );
    this.now = settings.now;
    const hex = derivedKey(secret, `asana:${key}`);
    this.personalAccessToken = `2/${ID_BASE.users}/${BigInt(`0x${hex.slice(0, 12)}`) % 10n ** 16n}:${hex.slice(12, 44)}`;
    this.usage = new RollingUsageCounter(
      { windowMs: settings.rateLimit.windowMs, bucketMs: Math.max(1, settings.rateLimit.windowMs / 10) },
      settings.now,
    );
  }

  /** The workspace's name. */
  get workspaceName(): string {
    return `${this.key} workspace`;
  }

  /** Back to the seed, with a fresh request window and no queued faults. */
  reset(): void {
    this.resetRecords();
    this.usage.reset();
    this.faults.clear();
  }
}

/** What an Asana grant holds besides client and scopes: the account (workspace) and the user who granted access. */
export interface AsanaGrant {
  accountKey: string;
  userId: number;
}

const token = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

/** Asana's OAuth server: a code for `/-/oauth_token` (client id and secret in the body), redeemed once. */
export const ASANA_OAUTH: OAuthDialect<AsanaGrant> = {
  codeLifetimeMs: 10 * 60 * 1000,
  code: () => token('0/'),
  accessToken: () => token('2/'),
  refreshToken: () => token('1/'),
  accountOf: (grant) => grant.accountKey,
  codeConsumption: 'strict',
  redirectUriOptional: false,
};

/** The scope of the fake's tokens (Asana's full permissions: everything the user may do). */
export const ASANA_SCOPES = ['default'] as const;

/** The token endpoint's success body: the tokens and, in `data`, who granted them. */
export interface AsanaTokenGrant {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_token: string;
  data: { id: number; gid: string; name: string; email: string };
}

export class AsanaService extends OAuthFakeService<AsanaSettings, AsanaAccount, AsanaGrant> {
  constructor(settings: AsanaSettings) {
    super(settings, ASANA_OAUTH, {
      secretName: 'asana-personal-access-token-secret',
      account: (key, secret) => new AsanaAccount(key, secret, settings),
      keyOf: (a) => a.personalAccessToken,
    });
  }

  /** The account of a usable (unexpired) OAuth access token. */
  accountOfAccessToken(accessToken: string): AsanaAccount | undefined {
    const record = this.oauth.useAccessToken(accessToken);
    return record === undefined ? undefined : this.accounts.get(record.accountKey);
  }

  /** Issues an access token and a refresh token, and renders Asana's token answer. */
  grant(clientId: string, accountKey: string, scopes: readonly string[] = ASANA_SCOPES): AsanaTokenGrant {
    const grant = { clientId, accountKey, userId: ID_BASE.users, scopes: [...scopes] };
    const access = this.oauth.issueAccessToken(grant);
    const refresh = this.oauth.issueRefreshToken(grant, '');
    const owner = this.accounts.get(accountKey).store('users').get(ID_BASE.users);
    return {
      access_token: access.token,
      token_type: 'bearer',
      expires_in: this.oauth.lifetimeSeconds,
      refresh_token: refresh.token,
      data: {
        id: ID_BASE.users,
        gid: String(ID_BASE.users),
        name: owner?.fields['name'] as string,
        email: owner?.fields['email'] as string,
      },
    };
  }
}
