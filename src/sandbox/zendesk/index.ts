/**
 * A faithful local fake of Zendesk Support's REST API v2: users (end users, agents, admins), organizations, tickets
 * and their comments; OAuth clients' bearer tokens and API tokens sent as HTTP Basic `{email}/token:{api_token}`;
 * cursor and offset pagination; Zendesk's error bodies, its per-minute limit with `x-rate-limit` headers and 429s
 * with `Retry-After`; served at `${publicUrl}/zendesk`. See ../README.md ("Zendesk").
 */
import type { FastifyPluginAsync } from 'fastify';

import type { CounterSnapshot } from '../shared/counters.js';
import { type FakeOptions, fakeSettings } from '../shared/fake-options.js';
import type { OAuthClientConfig } from '../shared/oauth-store.js';
import { seedSizesOption, windowOption } from '../shared/sandbox-options.js';
import { DEFAULT_ZENDESK_CLIENT } from './endpoints.js';
import { handleOf, type ZendeskAccountHandle } from './handles.js';
import { ZENDESK_ENDPOINTS, zendeskPlugin } from './plugin.js';
import type { ZendeskSeed } from './records.js';
import { DEFAULT_RATE_LIMIT, TOKEN_LIFETIME_SECONDS, ZendeskService } from './service.js';

export type { ZendeskAccountHandle, ZendeskRecords } from './handles.js';
export { ZENDESK_ENDPOINTS } from './plugin.js';

export interface ZendeskSandboxOptions extends FakeOptions<OAuthClientConfig> {
  /** Seed records of every account (the six staff users come on top of `users`). @defaultValue `{ organizations: 40, users: 300, tickets: 200 }` */
  seed?: Partial<ZendeskSeed>;
  /** Requests per account in any trailing window; null: counted and reported, never refused. @defaultValue 700 a minute */
  rateLimit?: { max: number; windowMs: number } | null;
  /** Access-token lifetime in seconds. @defaultValue 3600 */
  tokenLifetimeSeconds?: number;
}

export interface ZendeskSandbox {
  account(name: string): ZendeskAccountHandle;
  unattributedCounters(): CounterSnapshot;
  readonly baseUrl: string;
}

export interface ZendeskSandboxInstance {
  plugin: FastifyPluginAsync;
  zendesk: ZendeskSandbox;
}

const P = 'Zendesk';

/** A Zendesk sandbox whose root URL is read lazily (a server may know its port only after listen). */
export function createZendeskSandboxWithUrl(opts: Omit<ZendeskSandboxOptions, 'publicUrl'>, publicUrl: () => string): ZendeskSandboxInstance {
  const common = fakeSettings(P, ZENDESK_ENDPOINTS.mount, opts, publicUrl, { ...DEFAULT_ZENDESK_CLIENT });
  const window = opts.rateLimit ? windowOption(P, opts.rateLimit, 'rateLimit') : DEFAULT_RATE_LIMIT;
  const service = new ZendeskService({
    ...common,
    seed: seedSizesOption(P, opts.seed, { organizations: 40, users: 300, tickets: 200 }),
    rateLimit: { max: window.max, windowMs: window.windowMs, enforce: opts.rateLimit !== null },
    tokenLifetimeSeconds: opts.tokenLifetimeSeconds ?? TOKEN_LIFETIME_SECONDS,
  });
  const handle = (name: string) => handleOf(service, service.accounts.get(name));
  return {
    plugin: zendeskPlugin(service, handle, opts.controlToken ?? null),
    zendesk: {
      account: handle,
      unattributedCounters: () => service.unattributed.snapshot(),
      get baseUrl() {
        return service.baseUrl();
      },
    },
  };
}
