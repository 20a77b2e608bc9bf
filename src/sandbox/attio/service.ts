/**
 * The Attio fake's state: workspaces by name (seeded lazily), their API keys, OAuth tokens (Attio's access tokens do
 * not expire and come without a refresh token), request counters, queued faults and the two rate limits Attio
 * documents for the whole API: 100 read requests and 25 write requests per second.
 */
import { randomBytes } from 'node:crypto';

import { derivedKey } from '../shared/api-key-accounts.js';
import { RequestCounters } from '../shared/counters.js';
import type { FakeSettings } from '../shared/fake-options.js';
import { FaultQueue } from '../shared/faults.js';
import { OAuthFakeService } from '../shared/oauth-fake-service.js';
import type { OAuthClientConfig, OAuthDialect } from '../shared/oauth-store.js';
import { RollingWindowLimiter } from '../shared/rate-limit.js';
import { SeededAccount } from '../shared/seeded-account.js';
import { type SeedContext, type SeedSizes, workspaceSpec } from './seed.js';

export { ATTIO_ENDPOINTS, DEFAULT_ATTIO_CLIENT } from './endpoints.js';

/** The scopes an app asks for (Attio's scope names); the consent page lists them. */
export const ATTIO_SCOPES = [
  'record_permission:read-write',
  'object_configuration:read',
  'user_management:read',
  'note:read-write',
  'task:read-write',
] as const;

export interface AttioGrant {
  workspaceKey: string;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export const ATTIO_OAUTH: OAuthDialect<AttioGrant> = {
  codeLifetimeMs: 10 * 60 * 1000,
  code: () => hex(24),
  accessToken: (prefix) => `${prefix}${hex(32)}`,
  refreshToken: (prefix) => `${prefix}${hex(32)}`,
  accountOf: (grant) => grant.workspaceKey,
  codeConsumption: 'strict',
  redirectUriOptional: false,
  revokeDeletes: true,
};

/** Attio's access tokens do not expire: ten years stands for never. */
export const TOKEN_LIFETIME_SECONDS = 10 * 365 * 86_400;

export interface RateLimits {
  read: { max: number; intervalMs: number };
  write: { max: number; intervalMs: number };
}
export const DEFAULT_RATE_LIMITS: RateLimits = { read: { max: 100, intervalMs: 1000 }, write: { max: 25, intervalMs: 1000 } };

type Objects = ReturnType<typeof workspaceSpec>['objects'];

/** The Attio fake's settings: the common ones, its seed sizes and rate limits. */
export interface AttioSettings extends FakeSettings<OAuthClientConfig> {
  seed: SeedSizes;
  rateLimits: RateLimits | null;
  tokenLifetimeSeconds: number;
}

/** One sandbox workspace: its records, its API key, its counters, faults and limit windows. */
export class Workspace {
  readonly key: string;
  readonly data: SeededAccount<SeedContext, Objects>;
  readonly apiKey: string;
  readonly counters = new RequestCounters();
  readonly faults = new FaultQueue();
  readonly reads: RollingWindowLimiter;
  readonly writes: RollingWindowLimiter;

  constructor(key: string, settings: AttioSettings, secret: Buffer) {
    this.key = key;
    this.data = new SeededAccount(key, workspaceSpec(settings.seed), {
      ...(settings.journal ? { journal: settings.journal } : {}),
      maxWrites: settings.maxWritesPerAccount ?? null,
      now: settings.now,
    });
    this.apiKey = derivedKey(secret, `attio-api-key:${key}`);
    const limits = settings.rateLimits ?? DEFAULT_RATE_LIMITS;
    this.reads = new RollingWindowLimiter(limits.read, settings.now, settings.rateLimits !== null);
    this.writes = new RollingWindowLimiter(limits.write, settings.now, settings.rateLimits !== null);
  }

  get identity() {
    return this.data.context.identity;
  }

  reset(): void {
    this.data.resetRecords();
    this.counters.reset();
    this.faults.clear();
    this.reads.reset();
    this.writes.reset();
  }
}

/** The Attio fake's state; it never checked a stored sandbox's seed sizes. */
export class AttioService extends OAuthFakeService<AttioSettings, Workspace, AttioGrant> {
  constructor(settings: AttioSettings) {
    const workspace = (key: string, secret: Buffer) => new Workspace(key, settings, secret);
    super(settings, ATTIO_OAUTH, { secretName: 'api-key-secret', account: workspace, keyOf: (workspace) => workspace.apiKey }, false);
  }

  /** The workspace a bearer token opens (an API key or an OAuth access token), and how. */
  authenticate(token: string): { workspace: Workspace; via: 'api-key' | 'oauth' } | undefined {
    const byKey = this.accountOfKey(token);
    if (byKey !== undefined) return { workspace: byKey, via: 'api-key' };
    const access = this.oauth.useAccessToken(token);
    if (access === undefined) return undefined;
    return { workspace: this.accounts.get(access.workspaceKey), via: 'oauth' };
  }

  /** Issues an access token as Attio's token endpoint answers: `{access_token, token_type}`, no expiry, no refresh token. */
  grant(clientId: string, workspaceKey: string, scopes: string[]): { access_token: string; token_type: 'Bearer' } {
    const access = this.oauth.issueAccessToken({ clientId, scopes, workspaceKey });
    return { access_token: access.token, token_type: 'Bearer' };
  }
}
