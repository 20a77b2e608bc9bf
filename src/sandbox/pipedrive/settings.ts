/** The settings of a Pipedrive sandbox, apart from its service (which the company reads them from). */
import type { FakeSettings } from '../shared/fake-options.js';
import type { BurstLimit } from './limits.js';
import type { PipedriveClientConfig } from './oauth-store.js';

/** Fully resolved settings of a Pipedrive sandbox (the common ones of every fake, ../shared/fake-options.ts, and its own). */
export interface PipedriveSettings extends FakeSettings<PipedriveClientConfig> {
  seed: { persons: number; organizations: number; deals: number };
  /** null: never reject, but still send the headers (computed with the default limits). */
  burstLimit: { apiToken: BurstLimit; oauth: BurstLimit } | null;
  /** Search endpoints' own per-token window; null disables it. */
  searchBurstLimit: BurstLimit | null;
  dailyTokenBudget: number | null;
  tokenLifetimeSeconds: number;
}
