/**
 * A faithful local fake of Freshdesk (API v2): contacts, companies, agents, roles, tickets and their conversations
 * (notes and replies), per-help-desk API keys and the per-minute API limit, served at `${publicUrl}/freshdesk`. See
 * ../README.md ("Freshdesk API served").
 */
import type { FastifyPluginAsync } from 'fastify';

import type { CounterSnapshot } from '../shared/counters.js';
import { type FakeOptions, fakeSettings } from '../shared/fake-options.js';
import { nonNegativeOption, seedSizesOption } from '../shared/sandbox-options.js';
import { type FreshdeskAccountHandle, handleOf } from './handles.js';
import { FRESHDESK_ENDPOINTS, freshdeskPlugin } from './plugin.js';
import type { SeededKind } from './records.js';
import { DEFAULT_MINUTE_LIMIT, FreshdeskService } from './service.js';

export type { FreshdeskAccountHandle, FreshdeskRecords } from './handles.js';
export { FRESHDESK_ENDPOINTS } from './plugin.js';

export interface FreshdeskSandboxOptions extends Omit<FakeOptions<Record<string, never>>, 'clients'> {
  /** Seed records of every help desk (each ticket has three conversations). @defaultValue `{ companies: 200, contacts: 1000, tickets: 100 }` */
  seed?: Partial<Record<SeededKind, number>>;
  /** Credits per help desk in any trailing minute; null: not enforced (headers still sent). @defaultValue 200 */
  minuteLimit?: number | null;
}

export interface FreshdeskSandbox {
  account(name: string): FreshdeskAccountHandle;
  unattributedCounters(): CounterSnapshot;
  readonly baseUrl: string;
}

export interface FreshdeskSandboxInstance {
  plugin: FastifyPluginAsync;
  freshdesk: FreshdeskSandbox;
}

const P = 'Freshdesk';

/** A Freshdesk sandbox whose root URL is read lazily (a server may know its port only after listen). */
export function createFreshdeskSandboxWithUrl(opts: Omit<FreshdeskSandboxOptions, 'publicUrl'>, publicUrl: () => string): FreshdeskSandboxInstance {
  const common = fakeSettings(P, FRESHDESK_ENDPOINTS.mount, opts, publicUrl, {});
  const minuteLimit = opts.minuteLimit === null ? null : nonNegativeOption(P, opts.minuteLimit, DEFAULT_MINUTE_LIMIT, 'minuteLimit');
  const service = new FreshdeskService({
    ...common,
    seed: seedSizesOption(P, opts.seed, { companies: 200, contacts: 1000, tickets: 100 }),
    minuteLimit,
  });
  const handle = (name: string) => handleOf(service, service.accounts.get(name));
  return {
    plugin: freshdeskPlugin(service, handle, opts.controlToken ?? null),
    freshdesk: {
      account: handle,
      unattributedCounters: () => service.unattributed.snapshot(),
      get baseUrl() {
        return service.baseUrl();
      },
    },
  };
}
