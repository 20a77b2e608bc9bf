/**
 * The Copper fake's state: accounts by name (each a seeded account with its API key, its key owner's e-mail, its
 * rolling-minute limiter, counters and faults), and the look-up of the account an API key belongs to.
 */
import { ApiKeyAccountsService, derivedKey, sandboxSecret } from '../shared/api-key-accounts.js';
import { RequestCounters } from '../shared/counters.js';
import type { FakeSettings } from '../shared/fake-options.js';
import { FaultQueue } from '../shared/faults.js';
import { RollingWindowLimiter } from '../shared/rate-limit.js';
import type { RecordShape } from '../shared/record-store.js';
import { SeededAccount, type SeededObject } from '../shared/seeded-account.js';
import {
  activity,
  company,
  type CopperRow,
  ID_BASES,
  lead,
  opportunity,
  person,
  SEED_TIMELINES,
  type SeedContext,
  seedContext,
  type SeedSizes,
  task,
  users,
} from './seed.js';

/** Copper's documented limit: 180 requests a minute per user, on a rolling window. */
export const DEFAULT_RATE_LIMIT = { max: 180, intervalMs: 60_000 };

export interface CopperSettings extends FakeSettings<never> {
  seed: SeedSizes;
  /** The rolling window; `enforce: false` counts without refusing. */
  rateLimit: { max: number; intervalMs: number; enforce: boolean };
}

/** Created and changed records are stamped in Unix seconds, as Copper answers. */
const SHAPE: RecordShape<CopperRow> = {
  idOf: (row) => row.id,
  clone: (row) => structuredClone(row),
  removedAt: (row) => row.deletedAt,
  setRemovedAt: (copy, at) => {
    if (at === undefined) delete copy.deletedAt;
    else copy.deletedAt = at;
  },
  stamp: (row, at, created) => {
    const s = Math.floor(at / 1000);
    if (created) row['date_created'] = s;
    row['date_modified'] = s;
  },
};

const object = (
  idBase: number,
  count: (c: SeedContext) => number,
  generate: (c: SeedContext, i: number) => CopperRow,
  timeline: (typeof SEED_TIMELINES)[keyof typeof SEED_TIMELINES],
): SeededObject<CopperRow, SeedContext> => ({ shape: SHAPE, idBase, seedCount: count, generate, timeline });

const objects = {
  people: object(ID_BASES.people, (c) => c.counts.people, person, SEED_TIMELINES.people),
  companies: object(ID_BASES.companies, (c) => c.counts.companies, company, SEED_TIMELINES.companies),
  opportunities: object(ID_BASES.opportunities, (c) => c.counts.opportunities, opportunity, SEED_TIMELINES.opportunities),
  tasks: object(ID_BASES.tasks, (c) => c.counts.tasks, task, SEED_TIMELINES.tasks),
  activities: object(ID_BASES.activities, (c) => c.counts.activities, activity, SEED_TIMELINES.activities),
  leads: object(ID_BASES.leads, (c) => c.counts.leads, lead, SEED_TIMELINES.leads),
};

export type CopperEntity = keyof typeof objects;
export const ENTITIES = Object.keys(objects) as CopperEntity[];

/** One sandbox account: its records, users, API key and limits. */
export class CopperAccount {
  readonly key: string;
  readonly data: SeededAccount<SeedContext, typeof objects>;
  readonly users: CopperRow[];
  readonly apiKey: string;
  /** The e-mail of the user the API key belongs to (`X-PW-UserEmail`). */
  readonly email: string;
  readonly limiter: RollingWindowLimiter;
  readonly counters = new RequestCounters();
  readonly faults = new FaultQueue();

  constructor(key: string, settings: CopperSettings, secret: string) {
    this.key = key;
    this.data = new SeededAccount(
      key,
      { provider: 'copper', context: (k, s) => seedContext(k, s, settings.seed), objects },
      { ...(settings.journal ? { journal: settings.journal } : {}), maxWrites: settings.maxWritesPerAccount ?? null, now: settings.now },
    );
    this.users = users(this.data.context);
    this.email = this.users[0]?.['email'] as string;
    this.apiKey = derivedKey(secret, `copper-api-key:${key}`, 32);
    const { enforce, ...window } = settings.rateLimit;
    this.limiter = new RollingWindowLimiter(window, settings.now, enforce);
  }

  /** The user the API key belongs to. */
  get keyOwner(): CopperRow {
    return this.users[0] as CopperRow;
  }
}

export class CopperService extends ApiKeyAccountsService<CopperSettings, CopperAccount> {
  constructor(settings: CopperSettings) {
    // API keys derive from this secret: a stored sandbox keeps it, so an account's key survives restarts.
    const secret = sandboxSecret(settings.journal, 'api-key-secret');
    super(
      settings,
      (key) => new CopperAccount(key, settings, secret),
      (account) => account.apiKey,
    );
  }
}
