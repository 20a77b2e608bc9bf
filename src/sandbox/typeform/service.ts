/**
 * The Typeform fake's state: accounts by name, each with its forms and responses, its owner's personal access token,
 * its per-second request window, counters and queued faults; OAuth apps' tokens (an access token lives a week, as in
 * Typeform; a refresh token is issued with the `offline` scope); and the settings they share.
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
import { OBJECTS, type SeedContext, seedContext, type TypeformSeed } from './records.js';

/** Requests an account may send a second: 2, Typeform's limit on the Create and Responses APIs. */
export const DEFAULT_RATE_LIMIT = { max: 2, windowMs: 1000 } as const;

/** An access token's lifetime: a week, as Typeform's `expires_in: 604800`. */
export const TOKEN_LIFETIME_SECONDS = 604_800;

/** The scopes Weft asks for and the fake grants unless the request names others; `offline` brings a refresh token. */
export const TYPEFORM_SCOPES = ['forms:read', 'responses:read', 'accounts:read', 'offline'] as const;

/** Every scope Typeform knows (the fake refuses others). */
const KNOWN_SCOPES = new Set([
  ...TYPEFORM_SCOPES,
  'forms:write',
  'responses:write',
  'images:read',
  'images:write',
  'themes:read',
  'themes:write',
  'webhooks:read',
  'webhooks:write',
  'workspaces:read',
  'workspaces:write',
]);

/** The authorization request's `scope`: space-separated (`+` in a query), every one known. */
export function readScopes(raw: string | undefined): { scopes: string[] } | { error: string } {
  const scopes = (raw ?? '').split(/[\s+]+/).filter((s) => s !== '');
  if (scopes.length === 0) return { error: 'invalid_scope: the request names no scope' };
  const unknown = scopes.find((s) => !KNOWN_SCOPES.has(s));
  return unknown === undefined ? { scopes: [...new Set(scopes)] } : { error: `invalid_scope: unknown scope ${unknown}` };
}

export interface TypeformSettings extends FakeSettings<OAuthClientConfig> {
  seed: TypeformSeed;
  tokenLifetimeSeconds: number;
  /** Requests an account may send in any trailing window; `enforce: false`: counted and reported, never refused. */
  rateLimit: { max: number; windowMs: number; enforce: boolean };
}

export class TypeformAccount extends SeededAccount<SeedContext, typeof OBJECTS> {
  /** The owner's personal access token (`tfp_` and 43 characters, as Typeform's). */
  readonly personalAccessToken: string;
  readonly usage: RollingUsageCounter;
  readonly counters = new RequestCounters();
  readonly faults = new FaultQueue();
  readonly now: () => number;

  constructor(key: string, secret: Buffer, settings: TypeformSettings) {
    super(
      key,
      { provider: 'typeform', context: (_key, seed) => seedContext(seed, settings.seed), objects: OBJECTS },
      { ...(settings.journal ? { journal: settings.journal } : {}), maxWrites: settings.maxWritesPerAccount ?? null, now: settings.now },
    );
    this.now = settings.now;
    const hex = derivedKey(secret, `typeform:${key}`);
    this.personalAccessToken = `tfp_${Buffer.from(hex, 'hex').toString('base64url')}`;
    this.usage = new RollingUsageCounter(
      { windowMs: settings.rateLimit.windowMs, bucketMs: Math.max(1, settings.rateLimit.windowMs / 10) },
      settings.now,
    );
  }

  /** The owner's alias and e-mail address, and the workspace the forms are in. */
  get alias(): string {
    return this.key;
  }
  get email(): string {
    return `owner@${this.key.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'account'}.example.com`;
  }
  get workspaceId(): string {
    return derivedKey(Buffer.from(this.key), 'workspace', 6);
  }

  /** Back to the seed, with a fresh request window and no queued faults. */
  reset(): void {
    this.resetRecords();
    this.usage.reset();
    this.faults.clear();
  }
}

/** What a Typeform grant holds besides client and scopes: the account. */
export interface TypeformGrant {
  accountKey: string;
}

const token = (length: number) => randomBytes(length).toString('hex');

/** Typeform's OAuth server: a code for `/oauth/token` (client id and secret in the form body), redeemed once. */
export const TYPEFORM_OAUTH: OAuthDialect<TypeformGrant> = {
  codeLifetimeMs: 10 * 60 * 1000,
  code: () => token(20),
  accessToken: () => token(20),
  refreshToken: () => token(20),
  accountOf: (grant) => grant.accountKey,
  codeConsumption: 'strict',
  redirectUriOptional: false,
};

/** The token endpoint's success body. */
export interface TypeformTokenGrant {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_token?: string;
  scope: string;
}

export class TypeformService extends OAuthFakeService<TypeformSettings, TypeformAccount, TypeformGrant> {
  constructor(settings: TypeformSettings) {
    super(settings, TYPEFORM_OAUTH, {
      secretName: 'typeform-personal-access-token-secret',
      account: (key, secret) => new TypeformAccount(key, secret, settings),
      keyOf: (a) => a.personalAccessToken,
    });
  }

  /** The account and scopes of a usable (unexpired) OAuth access token. */
  accountOfAccessToken(accessToken: string): { account: TypeformAccount; scopes: readonly string[] } | undefined {
    const record = this.oauth.useAccessToken(accessToken);
    return record === undefined ? undefined : { account: this.accounts.get(record.accountKey), scopes: record.scopes };
  }

  /** Issues an access token (and a refresh token with `offline`), and renders Typeform's token answer. */
  grant(clientId: string, accountKey: string, scopes: readonly string[] = TYPEFORM_SCOPES): TypeformTokenGrant {
    const grant = { clientId, accountKey, scopes: [...scopes] };
    const access = this.oauth.issueAccessToken(grant);
    const refresh = scopes.includes('offline') ? this.oauth.issueRefreshToken(grant, '') : undefined;
    return {
      access_token: access.token,
      token_type: 'bearer',
      expires_in: this.oauth.lifetimeSeconds,
      ...(refresh ? { refresh_token: refresh.token } : {}),
      scope: scopes.join(' '),
    };
  }
}
