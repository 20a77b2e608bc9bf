/**
 * The Freshdesk fake's state: accounts by name (each a seeded help desk with its administrator's API key, its
 * domain, its per-minute request allowance, counters and queued faults) and the settings they share.
 */
import { createHash } from 'node:crypto';

import { ApiKeyFakeService } from '../shared/api-key-accounts.js';
import { RequestCounters } from '../shared/counters.js';
import type { FakeSettings } from '../shared/fake-options.js';
import { FaultQueue } from '../shared/faults.js';
import { slugify } from '../shared/names.js';
import { RollingUsageCounter } from '../shared/rolling-usage.js';
import { SeededAccount } from '../shared/seeded-account.js';
import { OBJECTS, type SeedContext, seedContext, type SeededKind } from './records.js';

/** Freshdesk's API limit per account and minute (the Growth plan: 200 a minute; Pro 400, Enterprise 700). */
export const DEFAULT_MINUTE_LIMIT = 200;

export interface FreshdeskSettings extends FakeSettings<Record<string, never>> {
  seed: Record<SeededKind, number>;
  /** Requests an account may spend in any trailing minute; null: not enforced (the headers still say the plan's limit). */
  minuteLimit: number | null;
}

export class FreshdeskAccount extends SeededAccount<SeedContext, typeof OBJECTS> {
  readonly apiKey: string;
  /** The help desk's host, e.g. "acme-1a2b3c.freshdesk.com". */
  readonly domain: string;
  readonly usage: RollingUsageCounter;
  readonly counters = new RequestCounters();
  readonly faults = new FaultQueue();
  readonly now: () => number;

  constructor(key: string, settings: FreshdeskSettings) {
    super(
      key,
      { provider: 'freshdesk', context: (_key, seed) => seedContext(seed, settings.seed), objects: OBJECTS },
      { ...(settings.journal ? { journal: settings.journal } : {}), maxWrites: settings.maxWritesPerAccount ?? null, now: settings.now },
    );
    const digest = createHash('sha256').update(`freshdesk:${key}`).digest('hex');
    // Freshdesk keys are 20 characters of letters and digits.
    this.apiKey = Buffer.from(digest, 'hex')
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 20);
    this.domain = `${slugify(key, '-') || 'account'}-${digest.slice(0, 6)}.freshdesk.com`;
    this.now = settings.now;
    this.usage = new RollingUsageCounter({ windowMs: 60_000, bucketMs: 1000 }, settings.now);
  }
}

export class FreshdeskService extends ApiKeyFakeService<FreshdeskSettings, FreshdeskAccount> {
  constructor(settings: FreshdeskSettings) {
    super(
      settings,
      (key) => new FreshdeskAccount(key, settings),
      (account) => account.apiKey,
    );
  }
}
