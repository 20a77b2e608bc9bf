/**
 * The Freshdesk fake's state: accounts by name (each a seeded help desk with its administrator's API key, its
 * domain, its per-minute request allowance, counters and queued faults) and the settings they share.
 */
import type { FakeSettings } from '../shared/fake-options.js';
import { WindowedApiKeyAccount, WindowedApiKeyService } from '../shared/windowed-accounts.js';
import { OBJECTS, type SeedContext, seedContext, type SeededKind } from './records.js';

/** Freshdesk's API limit per account and minute (the Growth plan: 200 a minute; Pro 400, Enterprise 700). */
export const DEFAULT_MINUTE_LIMIT = 200;

export interface FreshdeskSettings extends FakeSettings<Record<string, never>> {
  seed: Record<SeededKind, number>;
  /** Requests an account may spend in any trailing minute; null: not enforced (the headers still say the plan's limit). */
  minuteLimit: number | null;
}

/** One help desk; its domain is its host, e.g. "acme-1a2b3c.freshdesk.com". */
export class FreshdeskAccount extends WindowedApiKeyAccount<SeedContext, typeof OBJECTS> {
  constructor(key: string, settings: FreshdeskSettings) {
    super(
      key,
      {
        provider: 'freshdesk',
        context: (_key, seed) => seedContext(seed, settings.seed),
        objects: OBJECTS,
        // Freshdesk keys are 20 characters of letters and digits.
        apiKey: (digest) =>
          digest
            .toString('base64')
            .replace(/[^A-Za-z0-9]/g, '')
            .slice(0, 20),
        host: 'freshdesk.com',
        window: { windowMs: 60_000, bucketMs: 1000 },
      },
      settings,
    );
  }
}

export class FreshdeskService extends WindowedApiKeyService<FreshdeskSettings, FreshdeskAccount> {
  constructor(settings: FreshdeskSettings) {
    super(settings, (key) => new FreshdeskAccount(key, settings), { setting: (s) => s.minuteLimit, plan: DEFAULT_MINUTE_LIMIT });
  }
}
