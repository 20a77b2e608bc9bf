/**
 * The Freshsales fake's state: accounts by name (each a seeded account with its API key, its bundle alias, its
 * hourly request allowance, counters and queued faults) and the settings they share.
 */
import type { FakeSettings } from '../shared/fake-options.js';
import { WindowedApiKeyAccount, WindowedApiKeyService } from '../shared/windowed-accounts.js';
import { type Module, OBJECTS, type SeedContext, seedContext } from './records.js';

/** Freshsales' API limit per account and hour (Blossom and Garden plans: 1000 requests an hour). */
export const DEFAULT_HOURLY_LIMIT = 1000;

export interface FreshsalesSettings extends FakeSettings<Record<string, never>> {
  seed: Record<Module, number>;
  /** Requests an account may send in any trailing hour; null: not enforced (the headers still say the plan's limit). */
  hourlyLimit: number | null;
}

/** One account; its domain is its bundle alias host, e.g. "acme-1a2b3c.myfreshworks.com". */
export class FreshsalesAccount extends WindowedApiKeyAccount<SeedContext, typeof OBJECTS> {
  constructor(key: string, settings: FreshsalesSettings) {
    super(
      key,
      {
        provider: 'freshsales',
        context: (_key, seed) => seedContext(seed, settings.seed),
        objects: OBJECTS,
        // Freshsales keys are 22 characters of letters, digits, '-' and '_'.
        apiKey: (digest) => digest.toString('base64url').slice(0, 22),
        host: 'myfreshworks.com',
        window: { windowMs: 3_600_000, bucketMs: 1000 },
      },
      settings,
    );
  }
}

export class FreshsalesService extends WindowedApiKeyService<FreshsalesSettings, FreshsalesAccount> {
  constructor(settings: FreshsalesSettings) {
    super(settings, (key) => new FreshsalesAccount(key, settings), { setting: (s) => s.hourlyLimit, plan: DEFAULT_HOURLY_LIMIT });
  }
}
