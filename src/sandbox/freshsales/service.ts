/**
 * The Freshsales fake's state: accounts by name (each a seeded account with its API key, its bundle alias, its
 * hourly request allowance, counters and queued faults) and the settings they share.
 */
import { createHash } from 'node:crypto';

import { ApiKeyFakeService } from '../shared/api-key-accounts.js';
import { RequestCounters } from '../shared/counters.js';
import type { FakeSettings } from '../shared/fake-options.js';
import { FaultQueue } from '../shared/faults.js';
import { slugify } from '../shared/names.js';
import { RollingUsageCounter } from '../shared/rolling-usage.js';
import { SeededAccount } from '../shared/seeded-account.js';
import { type Module, OBJECTS, type SeedContext, seedContext } from './records.js';

/** Freshsales' API limit per account and hour (Blossom and Garden plans: 1000 requests an hour). */
export const DEFAULT_HOURLY_LIMIT = 1000;

export interface FreshsalesSettings extends FakeSettings<Record<string, never>> {
  seed: Record<Module, number>;
  /** Requests an account may send in any trailing hour; null: not enforced (the headers still say the plan's limit). */
  hourlyLimit: number | null;
}

export class FreshsalesAccount extends SeededAccount<SeedContext, typeof OBJECTS> {
  readonly apiKey: string;
  /** The account's bundle alias host, e.g. "acme-1a2b3c.myfreshworks.com". */
  readonly domain: string;
  readonly usage: RollingUsageCounter;
  readonly counters = new RequestCounters();
  readonly faults = new FaultQueue();
  readonly now: () => number;

  constructor(key: string, settings: FreshsalesSettings) {
    super(
      key,
      { provider: 'freshsales', context: (_key, seed) => seedContext(seed, settings.seed), objects: OBJECTS },
      { ...(settings.journal ? { journal: settings.journal } : {}), maxWrites: settings.maxWritesPerAccount ?? null, now: settings.now },
    );
    const digest = createHash('sha256').update(`freshsales:${key}`).digest('hex');
    // Freshsales keys are 22 characters of letters, digits, '-' and '_'.
    this.apiKey = Buffer.from(digest, 'hex').toString('base64url').slice(0, 22);
    this.domain = `${slugify(key, '-') || 'account'}-${digest.slice(0, 6)}.myfreshworks.com`;
    this.now = settings.now;
    this.usage = new RollingUsageCounter({ windowMs: 3_600_000, bucketMs: 1000 }, settings.now);
  }
}

export class FreshsalesService extends ApiKeyFakeService<FreshsalesSettings, FreshsalesAccount> {
  constructor(settings: FreshsalesSettings) {
    super(
      settings,
      (key) => new FreshsalesAccount(key, settings),
      (account) => account.apiKey,
    );
  }
}
