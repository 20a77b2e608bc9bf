/**
 * A faithful local fake of Freshsales (Freshworks CRM): contacts, sales accounts and deals listed through views and
 * filtered search, tasks, notes, the selectors and field settings, per-account API keys and the hourly API limit,
 * served at `${publicUrl}/freshsales`. See ../README.md ("Freshsales API served").
 */
import type { FastifyPluginAsync } from 'fastify';

import type { CounterSnapshot } from '../shared/counters.js';
import { type FakeOptions, fakeSettings } from '../shared/fake-options.js';
import { nonNegativeOption, seedSizesOption } from '../shared/sandbox-options.js';
import { type FreshsalesAccountHandle, handleOf } from './handles.js';
import { FRESHSALES_ENDPOINTS, freshsalesPlugin } from './plugin.js';
import type { Module } from './records.js';
import { DEFAULT_HOURLY_LIMIT, FreshsalesService } from './service.js';

export type { FreshsalesAccountHandle, FreshsalesRecords } from './handles.js';
export { FRESHSALES_ENDPOINTS } from './plugin.js';

export interface FreshsalesSandboxOptions extends Omit<FakeOptions<Record<string, never>>, 'clients'> {
  /** Seed records of every account. @defaultValue `{ contacts: 1000, sales_accounts: 200, deals: 200, tasks: 100, notes: 100, appointments: 100 }` */
  seed?: Partial<Record<Module, number>>;
  /** Requests per account in any trailing hour; null: not enforced (headers still sent). @defaultValue 1000 */
  hourlyLimit?: number | null;
}

export interface FreshsalesSandbox {
  account(name: string): FreshsalesAccountHandle;
  unattributedCounters(): CounterSnapshot;
  readonly baseUrl: string;
}

export interface FreshsalesSandboxInstance {
  plugin: FastifyPluginAsync;
  freshsales: FreshsalesSandbox;
}

const P = 'Freshsales';

/** A Freshsales sandbox whose root URL is read lazily (a server may know its port only after listen). */
export function createFreshsalesSandboxWithUrl(
  opts: Omit<FreshsalesSandboxOptions, 'publicUrl'>,
  publicUrl: () => string,
): FreshsalesSandboxInstance {
  const common = fakeSettings(P, FRESHSALES_ENDPOINTS.mount, opts, publicUrl, {});
  const hourlyLimit = opts.hourlyLimit === null ? null : nonNegativeOption(P, opts.hourlyLimit, DEFAULT_HOURLY_LIMIT, 'hourlyLimit');
  const service = new FreshsalesService({
    ...common,
    seed: seedSizesOption(P, opts.seed, { contacts: 1000, sales_accounts: 200, deals: 200, tasks: 100, notes: 100, appointments: 100 }),
    hourlyLimit,
  });
  const handle = (name: string) => handleOf(service, service.accounts.get(name));
  return {
    plugin: freshsalesPlugin(service, handle, opts.controlToken ?? null),
    freshsales: {
      account: handle,
      unattributedCounters: () => service.unattributed.snapshot(),
      get baseUrl() {
        return service.baseUrl();
      },
    },
  };
}
