/**
 * Pipedrive's rate limits, as documented (pipedrive.readme.io "Rate limiting", token-based version, and the
 * `x-token-cost` of each operation in the official v2 OpenAPI file), kept in `data/limits.json`:
 *
 * - Burst limit per token (API token or OAuth access token) in a rolling 2-second window (`burst`). Growth/Advanced
 *   plan: 40 per 2 s for API tokens, 160 for OAuth access tokens; search endpoints 10 per 2 s on every plan (`search`).
 * - A daily token budget per company (30,000 × plan multiplier × seats), reset at midnight server time (the sandbox
 *   uses UTC); each request costs tokens.
 * - `x-daily-requests-left`: POST/PUT requests left today (UTC), API tokens only; the allowance it counts down from
 *   (`dailyWriteAllowance`) is 10,000, as the docs' example shows 9999 after one request.
 * - `tokenCosts` per route kind: v2 costs are the `x-token-cost` values of the v2 OpenAPI file (get 1, list 10, add 5,
 *   update 5, delete 3, search 20, fields list 10); v1 costs follow the documented generic v1 costs (list 20, get 2:
 *   the users list 20, the current user 2). Deals cost what persons cost (same kinds); pipelines and stages lists 5
 *   (assumed).
 */
import { providerData } from '../shared/provider-data.js';
import type { WindowLimit as BurstLimit } from '../shared/sandbox-options.js';
import LIMITS_JSON from './data/limits.json' with { type: 'json' };

export type { WindowLimit as BurstLimit } from '../shared/sandbox-options.js';

const WINDOW = { max: 'number', windowMs: 'number' } as const;
const LIMITS = providerData('pipedrive/data/limits.json', LIMITS_JSON, {
  burst: { apiToken: WINDOW, oauth: WINDOW },
  search: WINDOW,
  dailyWriteAllowance: 'number',
  tokenCosts: ['record', 'number'],
});

/** Growth ("Advanced") plan burst limits. */
export const DEFAULT_BURST_LIMITS: { apiToken: BurstLimit; oauth: BurstLimit } = LIMITS.burst;
/** Search API burst limit on every plan. */
export const DEFAULT_SEARCH_BURST_LIMIT: BurstLimit = LIMITS.search;
export const DAILY_WRITE_ALLOWANCE = LIMITS.dailyWriteAllowance;
export const TOKEN_COSTS: Readonly<Record<string, number>> = LIMITS.tokenCosts;
