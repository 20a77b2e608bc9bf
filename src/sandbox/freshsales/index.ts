/**
 * A faithful local fake of Freshsales (Freshworks CRM): contacts, sales accounts and deals listed through views and
 * filtered search, tasks, notes, the selectors and field settings, per-account API keys and the hourly API limit,
 * served at `${publicUrl}/freshsales`. See ../README.md ("Freshsales API served").
 */
import type { FastifyPluginAsync } from 'fastify';

import type { CounterSnapshot } from '../shared/counters.js';
import { type FakeOptions, fakeSettings } from '../shared/fake-options.js';
import type { FaultSpec } from '../shared/faults.js';
import { nonNegativeOption } from '../shared/sandbox-options.js';
import { FRESHSALES_ENDPOINTS, freshsalesPlugin } from './plugin.js';
import { type FsRecord, type Module, render } from './records.js';
import { DEFAULT_HOURLY_LIMIT, type FreshsalesAccount, FreshsalesService } from './service.js';
import { createRecord, deleteRecord, updateRecord } from './writes.js';

export { FRESHSALES_ENDPOINTS } from './plugin.js';

export interface FreshsalesSandboxOptions extends Omit<FakeOptions<Record<string, never>>, 'clients'> {
  /** Seed records of every account. @defaultValue `{ contacts: 1000, sales_accounts: 200, deals: 200, tasks: 100, notes: 100 }` */
  seed?: Partial<Record<Module, number>>;
  /** Requests per account in any trailing hour; null: not enforced (headers still sent). @defaultValue 1000 */
  hourlyLimit?: number | null;
}

/** The records of one module of one account, as the API renders them; writes take API bodies (without the wrapper). */
export interface FreshsalesRecords {
  get(id: number | string): Record<string, unknown> | undefined;
  /** Every live record, in id order. */
  all(): Array<Record<string, unknown>>;
  create(fields: Record<string, unknown>): Record<string, unknown>;
  update(id: number | string, fields: Record<string, unknown>): Record<string, unknown>;
  delete(id: number | string): void;
}

/** One sandbox account. */
export interface FreshsalesAccountHandle {
  readonly name: string;
  readonly apiKey: string;
  /** The bundle alias host, e.g. "acme-1a2b3c.myfreshworks.com". */
  readonly domain: string;
  readonly contacts: FreshsalesRecords;
  readonly salesAccounts: FreshsalesRecords;
  readonly deals: FreshsalesRecords;
  readonly tasks: FreshsalesRecords;
  readonly notes: FreshsalesRecords;
  counters(): CounterSnapshot;
  resetCounters(): void;
  injectFault(spec: FaultSpec): void;
  /** Requests left in the trailing hour, and the limit. */
  rateLimit(): { limit: number; remaining: number; enforced: boolean };
  /** Counts `used` requests as sent just now (a nearly spent hour). */
  setUsage(used: number): void;
  /** Back to the seed. */
  reset(): void;
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

function records(account: FreshsalesAccount, module: Module): FreshsalesRecords {
  const store = account.store(module);
  return {
    get: (id) => {
      const r = store.live(id);
      return r ? render(r) : undefined;
    },
    all: () => [...store.scanLive()].map((r: FsRecord) => render(r)),
    create: (fields) => render(createRecord(account, module, fields)),
    update: (id, fields) => render(updateRecord(account, module, String(id), fields)),
    delete: (id) => deleteRecord(account, module, String(id)),
  };
}

function handleOf(service: FreshsalesService, account: FreshsalesAccount): FreshsalesAccountHandle {
  return {
    name: account.key,
    apiKey: account.apiKey,
    domain: account.domain,
    contacts: records(account, 'contacts'),
    salesAccounts: records(account, 'sales_accounts'),
    deals: records(account, 'deals'),
    tasks: records(account, 'tasks'),
    notes: records(account, 'notes'),
    counters: () => account.counters.snapshot(),
    resetCounters: () => account.counters.reset(),
    injectFault: (spec) => account.faults.enqueue(spec),
    rateLimit: () => {
      const limit = service.settings.hourlyLimit ?? DEFAULT_HOURLY_LIMIT;
      return { limit, remaining: Math.max(0, limit - account.usage.used()), enforced: service.settings.hourlyLimit !== null };
    },
    setUsage: (used) => account.usage.set(used),
    reset: () => {
      account.resetRecords();
      account.usage.reset();
      account.faults.clear();
    },
  };
}

const P = 'Freshsales';

/** A Freshsales sandbox whose root URL is read lazily (a server may know its port only after listen). */
export function createFreshsalesSandboxWithUrl(
  opts: Omit<FreshsalesSandboxOptions, 'publicUrl'>,
  publicUrl: () => string,
): FreshsalesSandboxInstance {
  const common = fakeSettings(P, FRESHSALES_ENDPOINTS.mount, opts, publicUrl, {});
  const size = (name: Module, fallback: number) => nonNegativeOption(P, opts.seed?.[name], fallback, `seed.${name}`);
  const hourlyLimit = opts.hourlyLimit === null ? null : nonNegativeOption(P, opts.hourlyLimit, DEFAULT_HOURLY_LIMIT, 'hourlyLimit');
  const service = new FreshsalesService({
    ...common,
    seed: {
      contacts: size('contacts', 1000),
      sales_accounts: size('sales_accounts', 200),
      deals: size('deals', 200),
      tasks: size('tasks', 100),
      notes: size('notes', 100),
    },
    hourlyLimit,
  });
  return {
    plugin: freshsalesPlugin(service),
    freshsales: {
      account: (name) => handleOf(service, service.accounts.get(name)),
      unattributedCounters: () => service.unattributed.snapshot(),
      get baseUrl() {
        return service.baseUrl();
      },
    },
  };
}
