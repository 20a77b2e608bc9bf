/** The settings of a Pipedrive sandbox (apart from its service, which imports the company that reads them). */
import type { FakeSettings } from '../shared/fake-options.js';
import type { WindowLimit } from '../shared/sandbox-options.js';
import type { PipedriveClientConfig } from './oauth-store.js';

/** Resolved settings: the common ones of every fake (../shared/fake-options.ts) and Pipedrive's (see index.ts). */
export interface PipedriveSettings extends FakeSettings<PipedriveClientConfig> {
  seed: { persons: number; organizations: number; deals: number };
  /** null: never reject, but still send the headers (computed with the default limits). */
  burstLimit: { apiToken: WindowLimit; oauth: WindowLimit } | null;
  searchBurstLimit: WindowLimit | null;
  dailyTokenBudget: number | null;
  tokenLifetimeSeconds: number;
}
