/**
 * The Todoist fake's state: accounts by name, each a seeded account (the owner's projects, tasks and collaborators)
 * with its personal API token, its request window, counters and queued faults; OAuth clients' access tokens (Todoist's
 * do not expire and come without a refresh token); and the settings they share.
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
import { ID_BASE, OBJECTS, type SeedContext, seedContext, type TodoistSeed } from './records.js';

/** Requests a user may send in 15 minutes: Todoist's 1000. */
export const DEFAULT_RATE_LIMIT = { max: 1000, windowMs: 15 * 60_000 } as const;

/** Todoist's access tokens do not expire: ten years stands for never. */
export const TOKEN_LIFETIME_SECONDS = 10 * 365 * 86_400;

export interface TodoistSettings extends FakeSettings<OAuthClientConfig> {
  seed: TodoistSeed;
  tokenLifetimeSeconds: number;
  /** Requests an account may send in any trailing window; `enforce: false`: counted and reported, never refused. */
  rateLimit: { max: number; windowMs: number; enforce: boolean };
}

export class TodoistAccount extends SeededAccount<SeedContext, typeof OBJECTS> {
  /** The owner's personal API token (Settings → Integrations → Developer): 40 hex digits. */
  readonly apiToken: string;
  readonly usage: RollingUsageCounter;
  readonly counters = new RequestCounters();
  readonly faults = new FaultQueue();
  readonly now: () => number;

  constructor(key: string, secret: Buffer, settings: TodoistSettings) {
    super(
      key,
      { provider: 'todoist', context: (_key, seed) => seedContext(seed, settings.seed), objects: OBJECTS },
      { ...(settings.journal ? { journal: settings.journal } : {}), maxWrites: settings.maxWritesPerAccount ?? null, now: settings.now },
    );
    this.apiToken = derivedKey(secret, `todoist:${key}`).slice(0, 40);
    this.now = settings.now;
    this.usage = new RollingUsageCounter(
      { windowMs: settings.rateLimit.windowMs, bucketMs: Math.max(1, settings.rateLimit.windowMs / 10) },
      settings.now,
    );
  }

  /** The owner's e-mail address. */
  get ownerEmail(): string {
    return this.store('users').get(ID_BASE.users)?.fields['email'] as string;
  }

  /** The id of the owner's Inbox. */
  get inboxId(): number {
    return ID_BASE.projects;
  }

  /** Back to the seed, with a fresh request window and no queued faults. */
  reset(): void {
    this.resetRecords();
    this.usage.reset();
    this.faults.clear();
  }
}

/** What a Todoist grant holds besides client and scopes: the account. */
export interface TodoistGrant {
  accountKey: string;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** Todoist's OAuth server: a code for `/oauth/access_token` (client id and secret in the body), no refresh tokens. */
export const TODOIST_OAUTH: OAuthDialect<TodoistGrant> = {
  codeLifetimeMs: 10 * 60 * 1000,
  code: () => hex(20),
  accessToken: (prefix) => `${prefix}${hex(20)}`,
  refreshToken: (prefix) => `${prefix}${hex(20)}`,
  accountOf: (grant) => grant.accountKey,
  codeConsumption: 'strict',
  redirectUriOptional: true,
  revokeDeletes: true,
};

/** The scopes of the fake's tokens: read and write the user's data, and delete it. */
export const TODOIST_SCOPES = ['data:read_write', 'data:delete'] as const;

/** The token endpoint's success body: `{access_token, token_type}`, no expiry, no refresh token. */
export interface TodoistTokenGrant {
  access_token: string;
  token_type: 'Bearer';
}

export class TodoistService extends OAuthFakeService<TodoistSettings, TodoistAccount, TodoistGrant> {
  constructor(settings: TodoistSettings) {
    super(settings, TODOIST_OAUTH, {
      secretName: 'todoist-api-token-secret',
      account: (key, secret) => new TodoistAccount(key, secret, settings),
      keyOf: (a) => a.apiToken,
    });
  }

  /** The account a bearer token opens: a personal API token or an OAuth access token. */
  authenticate(token: string): TodoistAccount | undefined {
    const byKey = this.accountOfKey(token);
    if (byKey !== undefined) return byKey;
    const access = this.oauth.useAccessToken(token);
    return access === undefined ? undefined : this.accounts.get(access.accountKey);
  }

  /** Issues an access token as Todoist's token endpoint answers it. */
  grant(clientId: string, accountKey: string, scopes: readonly string[] = TODOIST_SCOPES): TodoistTokenGrant {
    const access = this.oauth.issueAccessToken({ clientId, accountKey, scopes: [...scopes] });
    return { access_token: access.token, token_type: 'Bearer' };
  }
}
