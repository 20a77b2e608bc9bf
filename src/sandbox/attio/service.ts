/**
 * The Attio fake's state: workspaces by name (seeded lazily), their API keys, OAuth tokens (Attio's access tokens do
 * not expire and come without a refresh token), request counters, queued faults and the two rate limits Attio
 * documents for the whole API: 100 read requests and 25 write requests per second.
 */
import { createHmac, randomBytes } from 'node:crypto';

import { AccountRegistry } from '../shared/account-registry.js';
import { RequestCounters } from '../shared/counters.js';
import type { FakeSettings } from '../shared/fake-options.js';
import { FaultQueue } from '../shared/faults.js';
import type { OAuthClientConfig, OAuthDialect } from '../shared/oauth-store.js';
import { OAuthStore } from '../shared/oauth-store.js';
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
const TOKEN_LIFETIME_SECONDS = 10 * 365 * 86_400;

export interface RateLimits {
  read: { max: number; intervalMs: number };
  write: { max: number; intervalMs: number };
}
export const DEFAULT_RATE_LIMITS: RateLimits = { read: { max: 100, intervalMs: 1000 }, write: { max: 25, intervalMs: 1000 } };

type Objects = ReturnType<typeof workspaceSpec>['objects'];

/** One sandbox workspace: its records, its API key, its counters, faults and limit windows. */
export class Workspace {
  readonly key: string;
  readonly data: SeededAccount<SeedContext, Objects>;
  readonly apiKey: string;
  readonly counters = new RequestCounters();
  readonly faults = new FaultQueue();
  readonly reads: RollingWindowLimiter;
  readonly writes: RollingWindowLimiter;

  constructor(key: string, service: AttioService) {
    this.key = key;
    const settings = service.settings;
    this.data = new SeededAccount(key, workspaceSpec(service.sizes), {
      ...(settings.journal ? { journal: settings.journal } : {}),
      maxWrites: settings.maxWritesPerAccount ?? null,
      now: settings.now,
    });
    this.apiKey = createHmac('sha256', service.secret).update(`attio-api-key:${key}`).digest('hex');
    const limits = service.rateLimits ?? DEFAULT_RATE_LIMITS;
    this.reads = new RollingWindowLimiter(limits.read, settings.now, service.rateLimits !== null);
    this.writes = new RollingWindowLimiter(limits.write, settings.now, service.rateLimits !== null);
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

export class AttioService {
  readonly settings: FakeSettings<OAuthClientConfig>;
  readonly sizes: SeedSizes;
  readonly rateLimits: RateLimits | null;
  readonly secret: Buffer;
  readonly oauth: OAuthStore<AttioGrant>;
  readonly workspaces: AccountRegistry<Workspace>;
  /** Requests that carried no valid credentials. */
  readonly unattributed = new RequestCounters();
  readonly #apiKeys = new Map<string, string>();

  constructor(settings: FakeSettings<OAuthClientConfig>, sizes: SeedSizes, rateLimits: RateLimits | null) {
    this.settings = settings;
    this.sizes = sizes;
    this.rateLimits = rateLimits;
    // API keys derive from this secret: a stored sandbox keeps it, so a workspace's key survives restarts.
    const secret = settings.journal ? settings.journal.value('api-key-secret', () => hex(32)) : hex(32);
    this.secret = Buffer.from(secret, 'hex');
    this.oauth = new OAuthStore(ATTIO_OAUTH, settings.now, TOKEN_LIFETIME_SECONDS, settings.journal);
    this.workspaces = new AccountRegistry(
      (key) => {
        const workspace = new Workspace(key, this);
        this.#apiKeys.set(workspace.apiKey, key);
        return workspace;
      },
      settings.journal,
      settings.maxAccounts ?? null,
    );
  }

  baseUrl(): string {
    return this.settings.baseUrl();
  }

  client(clientId: string | undefined): OAuthClientConfig | undefined {
    return this.settings.clients.find((c) => c.clientId === clientId);
  }

  /** The workspace a bearer token opens (an API key or an OAuth access token), and how. */
  authenticate(token: string): { workspace: Workspace; via: 'api-key' | 'oauth' } | undefined {
    const byKey = this.#apiKeys.get(token);
    if (byKey !== undefined) return { workspace: this.workspaces.get(byKey), via: 'api-key' };
    const access = this.oauth.useAccessToken(token);
    if (access === undefined) return undefined;
    return { workspace: this.workspaces.get(access.workspaceKey), via: 'oauth' };
  }

  /** Issues an access token as Attio's token endpoint answers: `{access_token, token_type}`, no expiry, no refresh token. */
  grant(clientId: string, workspaceKey: string, scopes: string[]): { access_token: string; token_type: 'Bearer' } {
    const access = this.oauth.issueAccessToken({ clientId, scopes, workspaceKey });
    return { access_token: access.token, token_type: 'Bearer' };
  }
}
