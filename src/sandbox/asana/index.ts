/**
 * A faithful local fake of Asana's REST API (`https://app.asana.com/api/1.0`): a workspace per account with its users,
 * projects and tasks; OAuth apps' bearer tokens and personal access tokens; `{data}` envelopes, `opt_fields`, `limit`
 * and `offset` pagination with `next_page`; Asana's `{errors: [{message, help}]}` bodies, its per-minute limit and 429s
 * with `Retry-After`; served at `${publicUrl}/asana`. See ../README.md ("Asana").
 */
import type { FastifyPluginAsync } from 'fastify';

import type { CounterSnapshot } from '../shared/counters.js';
import { type FakeOptions, fakeSettings } from '../shared/fake-options.js';
import type { OAuthClientConfig } from '../shared/oauth-store.js';
import { seedSizesOption, windowOption } from '../shared/sandbox-options.js';
import { DEFAULT_ASANA_CLIENT } from './endpoints.js';
import { type AsanaAccountHandle, handleOf } from './handles.js';
import { ASANA_ENDPOINTS, asanaPlugin } from './plugin.js';
import type { AsanaSeed } from './records.js';
import { AsanaService, DEFAULT_RATE_LIMIT, TOKEN_LIFETIME_SECONDS } from './service.js';

export type { AsanaAccountHandle, AsanaRecords } from './handles.js';
export { ASANA_ENDPOINTS } from './plugin.js';

export interface AsanaSandboxOptions extends FakeOptions<OAuthClientConfig> {
  /** Seed records of every workspace (the owner is user 0). @defaultValue `{ users: 12, projects: 6, tasks: 300 }` */
  seed?: Partial<AsanaSeed>;
  /** Requests per workspace in any trailing window; null: counted and reported, never refused. @defaultValue 1500 a minute */
  rateLimit?: { max: number; windowMs: number } | null;
  /** Access-token lifetime in seconds. @defaultValue 3600 */
  tokenLifetimeSeconds?: number;
}

export interface AsanaSandbox {
  account(name: string): AsanaAccountHandle;
  unattributedCounters(): CounterSnapshot;
  readonly baseUrl: string;
}

export interface AsanaSandboxInstance {
  plugin: FastifyPluginAsync;
  asana: AsanaSandbox;
}

const P = 'Asana';

/** An Asana sandbox whose root URL is read lazily (a server may know its port only after listen). */
export function createAsanaSandboxWithUrl(opts: Omit<AsanaSandboxOptions, 'publicUrl'>, publicUrl: () => string): AsanaSandboxInstance {
  const common = fakeSettings(P, ASANA_ENDPOINTS.mount, opts, publicUrl, { ...DEFAULT_ASANA_CLIENT });
  const window = opts.rateLimit ? windowOption(P, opts.rateLimit, 'rateLimit') : DEFAULT_RATE_LIMIT;
  const service = new AsanaService({
    ...common,
    seed: seedSizesOption(P, opts.seed, { users: 12, projects: 6, tasks: 300 }),
    rateLimit: { max: window.max, windowMs: window.windowMs, enforce: opts.rateLimit !== null },
    tokenLifetimeSeconds: opts.tokenLifetimeSeconds ?? TOKEN_LIFETIME_SECONDS,
  });
  const handle = (name: string) => handleOf(service, service.accounts.get(name));
  return {
    plugin: asanaPlugin(service, handle, opts.controlToken ?? null),
    asana: {
      account: handle,
      unattributedCounters: () => service.unattributed.snapshot(),
      get baseUrl() {
        return service.baseUrl();
      },
    },
  };
}
