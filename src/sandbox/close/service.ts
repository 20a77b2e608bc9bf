/**
 * The Close fake's state: accounts (organizations) by name, each a seeded account with its API key, its per-key
 * request window, counters and queued faults, and the settings they share.
 */
import { createHash } from 'node:crypto';

import { ApiKeyFakeService } from '../shared/api-key-accounts.js';
import { RequestCounters } from '../shared/counters.js';
import type { FakeSettings } from '../shared/fake-options.js';
import { FaultQueue } from '../shared/faults.js';
import { RollingUsageCounter } from '../shared/rolling-usage.js';
import { SeededAccount } from '../shared/seeded-account.js';
import { type CloseObject, type CloseRecord, OBJECTS, type SeedContext, seedContext } from './records.js';

/** Close's limit per API key (its rate-limits page gives 20 requests a second as the example of a key's limit). */
export const DEFAULT_RATE_LIMIT = { max: 20, windowMs: 1000 } as const;

export interface CloseSettings extends FakeSettings<Record<string, never>> {
  seed: Record<CloseObject, number>;
  /** Requests a key may send in any trailing window; `enforce: false`: counted and reported, never refused. */
  rateLimit: { max: number; windowMs: number; enforce: boolean };
}

export class CloseAccount extends SeededAccount<SeedContext, typeof OBJECTS> {
  /** Close's keys: `api_` and two dot-separated parts. */
  readonly apiKey: string;
  readonly usage: RollingUsageCounter;
  readonly counters = new RequestCounters();
  readonly faults = new FaultQueue();
  readonly now: () => number;

  constructor(key: string, settings: CloseSettings) {
    super(
      key,
      { provider: 'close', context: (_key, seed) => seedContext(seed, settings.seed), objects: OBJECTS },
      { ...(settings.journal ? { journal: settings.journal } : {}), maxWrites: settings.maxWritesPerAccount ?? null, now: settings.now },
    );
    const digest = Buffer.from(createHash('sha256').update(`close:${key}`).digest()).toString('base64url');
    this.apiKey = `api_${digest.slice(0, 22)}.${digest.slice(22, 43)}`;
    this.now = settings.now;
    this.usage = new RollingUsageCounter(
      { windowMs: settings.rateLimit.windowMs, bucketMs: Math.max(1, settings.rateLimit.windowMs / 10) },
      settings.now,
    );
  }

  /** The live records of an object on a lead (seed ones from the seed's spread, changed ones from the store's links), oldest first. */
  onLead(object: Exclude<CloseObject, 'leads'>, leadId: number): CloseRecord[] {
    const store = this.store(object);
    const seeded = leadId <= this.context.counts.leads ? [...this.context.spread.childrenOf(leadId - 1, store.seedCount)].map((i) => i + 1) : [];
    const ids = [...new Set([...seeded, ...store.linkedTo(leadId)])].sort((a, b) => a - b);
    return ids.map((id) => store.live(id)).filter((r): r is CloseRecord => r !== undefined && r.fields['lead_id'] === leadId);
  }
}

export class CloseService extends ApiKeyFakeService<CloseSettings, CloseAccount> {
  constructor(settings: CloseSettings) {
    super(
      settings,
      (key) => new CloseAccount(key, settings),
      (account) => account.apiKey,
    );
  }
}
