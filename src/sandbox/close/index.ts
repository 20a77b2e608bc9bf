/**
 * A faithful local fake of Close's REST API v1: leads (companies), contacts, opportunities, tasks and notes, users,
 * statuses, pipelines and custom fields; API keys sent as HTTP Basic, and OAuth apps' bearer tokens; `_skip`/`_limit` paging with `has_more`; Close's per-key rate
 * limit with its `ratelimit` headers and 429s; served at `${publicUrl}/close`. See ../README.md ("Close").
 */
import type { FastifyPluginAsync } from 'fastify';

import type { CounterSnapshot } from '../shared/counters.js';
import { type FakeOptions, fakeSettings } from '../shared/fake-options.js';
import type { OAuthClientConfig } from '../shared/oauth-store.js';
import { seedSizesOption, windowOption } from '../shared/sandbox-options.js';
import { DEFAULT_CLOSE_CLIENT } from './endpoints.js';
import { type CloseAccountHandle, handleOf } from './handles.js';
import { CLOSE_ENDPOINTS, closePlugin } from './plugin.js';
import type { CloseObject } from './records.js';
import { CloseService, DEFAULT_RATE_LIMIT, TOKEN_LIFETIME_SECONDS } from './service.js';

export type { CloseAccountHandle, CloseRecords } from './handles.js';
export { CLOSE_ENDPOINTS } from './plugin.js';

export interface CloseSandboxOptions extends FakeOptions<OAuthClientConfig> {
  /** Seed records of every organization. @defaultValue `{ leads: 200, contacts: 1000, opportunities: 150, tasks: 100, notes: 100 }` */
  seed?: Partial<Record<CloseObject, number>>;
  /** Requests per API key in any trailing window; null: counted and reported, never refused. @defaultValue 20 a second */
  rateLimit?: { max: number; windowMs: number } | null;
}

export interface CloseSandbox {
  account(name: string): CloseAccountHandle;
  unattributedCounters(): CounterSnapshot;
  readonly baseUrl: string;
}

export interface CloseSandboxInstance {
  plugin: FastifyPluginAsync;
  close: CloseSandbox;
}

const P = 'Close';

/** A Close sandbox whose root URL is read lazily (a server may know its port only after listen). */
export function createCloseSandboxWithUrl(opts: Omit<CloseSandboxOptions, 'publicUrl'>, publicUrl: () => string): CloseSandboxInstance {
  const common = fakeSettings(P, CLOSE_ENDPOINTS.mount, opts, publicUrl, { ...DEFAULT_CLOSE_CLIENT });
  const window = opts.rateLimit ? windowOption(P, opts.rateLimit, 'rateLimit') : DEFAULT_RATE_LIMIT;
  const service = new CloseService({
    ...common,
    seed: seedSizesOption(P, opts.seed, { leads: 200, contacts: 1000, opportunities: 150, tasks: 100, notes: 100, calls: 100, meetings: 60 }),
    rateLimit: { max: window.max, windowMs: window.windowMs, enforce: opts.rateLimit !== null },
    tokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS,
  });
  const handle = (name: string) => handleOf(service, service.accounts.get(name));
  return {
    plugin: closePlugin(service, handle, opts.controlToken ?? null),
    close: {
      account: handle,
      unattributedCounters: () => service.unattributed.snapshot(),
      get baseUrl() {
        return service.baseUrl();
      },
    },
  };
}
