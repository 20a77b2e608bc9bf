/**
 * A sandbox's settings, and Pipedrive's rate limits (`data/limits.json`; sources: ../README.md, "Pipedrive fidelity
 * notes"): the Growth ("Advanced") plan's burst windows per token, the search window of every plan, the allowance
 * `x-daily-requests-left` counts down from (10,000, as the docs' example shows 9999 after one request) and each route
 * kind's token cost (v2's `x-token-cost`; v1's generic costs; pipelines and stages 5, assumed).
 */
import type { FakeSettings } from '../shared/fake-options.js';
import { providerData } from '../shared/provider-data.js';
import type { WindowLimit as BurstLimit } from '../shared/sandbox-options.js';
import LIMITS_JSON from './data/limits.json' with { type: 'json' };
import type { PipedriveClientConfig } from './oauth-store.js';

export type { WindowLimit as BurstLimit } from '../shared/sandbox-options.js';

const WINDOW = { max: 'number', windowMs: 'number' } as const;
export const LIMITS = providerData('pipedrive/data/limits.json', LIMITS_JSON, {
  burst: { apiToken: WINDOW, oauth: WINDOW },
  search: WINDOW,
  dailyWriteAllowance: 'number',
  tokenCosts: ['record', 'number'],
});

/** A sandbox's resolved settings: the common ones of every fake (../shared/fake-options.ts) and Pipedrive's (see index.ts). */
export interface PipedriveSettings extends FakeSettings<PipedriveClientConfig> {
  seed: { persons: number; organizations: number; deals: number };
  /** null: never reject, but still send the headers (computed with the default limits). */
  burstLimit: { apiToken: BurstLimit; oauth: BurstLimit } | null;
  searchBurstLimit: BurstLimit | null;
  dailyTokenBudget: number | null;
  tokenLifetimeSeconds: number;
}
