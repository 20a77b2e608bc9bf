/**
 * A faithful local fake of Copper's developer API v1 (people, companies, opportunities, tasks, activities, users,
 * pipelines; an API key with the user's e-mail), served at `${publicUrl}/copper`. See ../README.md ("Copper").
 */
import type { FastifyPluginAsync } from 'fastify';

import type { CounterSnapshot } from '../shared/counters.js';
import { type FakeOptions, fakeSettings } from '../shared/fake-options.js';
import type { FaultSpec } from '../shared/faults.js';
import { nonNegativeOption, windowOption } from '../shared/sandbox-options.js';
import { COPPER_ENDPOINTS, copperPlugin, createRow, updateRow } from './plugin.js';
import type { CopperRow } from './seed.js';
import { type CopperEntity, CopperService, DEFAULT_RATE_LIMIT } from './service.js';

export { COPPER_ENDPOINTS } from './plugin.js';
export type { CopperRow } from './seed.js';
export type { CopperEntity } from './service.js';

export interface CopperSandboxOptions extends Omit<FakeOptions<never>, 'clients'> {
  /** Deterministic seed size of every account. @defaultValue `{ people: 1000, companies: 200, opportunities: 120 }` (tasks as many as opportunities, activities twice as many) */
  seed?: { people?: number; companies?: number; opportunities?: number };
  /** The rolling window per user; null: counted, never refused. @defaultValue 180 per 60 s (Copper's) */
  rateLimit?: { max: number; windowMs: number } | null;
}

/** One account, in process (for tests). */
export interface CopperAccountHandle {
  readonly apiKey: string;
  /** The e-mail to send in `X-PW-UserEmail`. */
  readonly email: string;
  readonly users: readonly CopperRow[];
  /** A live record by id (as Copper answers it, plus nothing else). */
  get(entity: CopperEntity, id: number): CopperRow | undefined;
  /** Every live record of an entity, in id order. */
  all(entity: CopperEntity): CopperRow[];
  /** Whether a record was deleted. */
  deleted(entity: CopperEntity, id: number): boolean;
  /** Creates a record from an API body, through the API's rules. @throws the API's error for an invalid body */
  create(entity: CopperEntity, body: Record<string, unknown>): CopperRow;
  /** Updates a live record from an API body (as `PUT`). @throws the API's error; an Error when there is no live record */
  update(entity: CopperEntity, id: number, body: Record<string, unknown>): CopperRow;
  /** Deletes a live record; false when there was none. */
  remove(entity: CopperEntity, id: number): boolean;
  counters(): CounterSnapshot;
  resetCounters(): void;
  /** Requests still allowed in the current rolling minute. */
  remaining(): number;
  enqueueFault(fault: FaultSpec): void;
  clearFaults(): void;
  /** Back to the seed. */
  reset(): void;
}

export interface CopperSandbox {
  readonly baseUrl: string;
  account(name: string): CopperAccountHandle;
}

export interface CopperSandboxInstance {
  plugin: FastifyPluginAsync;
  copper: CopperSandbox;
}

const P = 'Copper';

export function createCopperSandboxWithUrl(opts: Omit<CopperSandboxOptions, 'publicUrl'>, publicUrl: () => string): CopperSandboxInstance {
  const common = fakeSettings<never>(P, COPPER_ENDPOINTS.mount, opts, publicUrl, undefined as never);
  const limit = opts.rateLimit === null ? null : opts.rateLimit ? windowOption(P, opts.rateLimit, 'rateLimit') : null;
  const service = new CopperService({
    ...common,
    seed: {
      people: nonNegativeOption(P, opts.seed?.people, 1000, 'seed.people'),
      companies: nonNegativeOption(P, opts.seed?.companies, 200, 'seed.companies'),
      opportunities: nonNegativeOption(P, opts.seed?.opportunities, 120, 'seed.opportunities'),
    },
    rateLimit:
      opts.rateLimit === null
        ? { ...DEFAULT_RATE_LIMIT, enforce: false }
        : limit
          ? { max: limit.max, intervalMs: limit.windowMs, enforce: true }
          : { ...DEFAULT_RATE_LIMIT, enforce: true },
  });
  const copper: CopperSandbox = {
    get baseUrl() {
      return service.baseUrl();
    },
    account(name) {
      const a = service.accounts.get(name);
      return {
        apiKey: a.apiKey,
        email: a.email,
        users: a.users,
        get: (entity, id) => a.data.store(entity).live(id),
        all: (entity) => [...a.data.store(entity).scanLive()],
        deleted: (entity, id) => a.data.store(entity).removed(id) !== undefined,
        create: (entity, body) => createRow(a, entity, body, service.settings.now()),
        update: (entity, id, body) => {
          const current = a.data.store(entity).live(id);
          if (!current) throw new Error(`No live ${entity} record ${id}`);
          return updateRow(a, entity, current, body, service.settings.now());
        },
        remove: (entity, id) => a.data.store(entity).remove(id),
        counters: () => a.counters.snapshot(),
        resetCounters: () => a.counters.reset(),
        remaining: () => a.limiter.remaining(),
        enqueueFault: (fault) => a.faults.enqueue(fault),
        clearFaults: () => a.faults.clear(),
        reset: () => {
          a.data.resetRecords();
          a.counters.reset();
          a.faults.clear();
          a.limiter.reset();
        },
      };
    },
  };
  return { plugin: copperPlugin(service, opts.controlToken ?? null), copper };
}
