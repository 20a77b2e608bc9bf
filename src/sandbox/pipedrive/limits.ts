/**
 * Pipedrive's rate limits, as documented (pipedrive.readme.io "Rate limiting", token-based version, and the
 * `x-token-cost` of each operation in the official v2 OpenAPI file):
 *
 * - Burst limit per token (API token or OAuth access token) in a rolling 2-second window. Growth/Advanced plan: 40
 *   per 2 s for API tokens, 160 for OAuth access tokens; search endpoints 10 per 2 s on every plan.
 * - A daily token budget per company (30,000 × plan multiplier × seats), reset at midnight server time (the sandbox
 *   uses UTC); each request costs tokens.
 * - `x-daily-requests-left`: POST/PUT requests left today (UTC), API tokens only.
 */

import type { WindowLimit as BurstLimit } from '../shared/sandbox-options.js';

export type { WindowLimit as BurstLimit } from '../shared/sandbox-options.js';

/** Growth ("Advanced") plan burst limits. */
export const DEFAULT_BURST_LIMITS: { apiToken: BurstLimit; oauth: BurstLimit } = {
  apiToken: { max: 40, windowMs: 2_000 },
  oauth: { max: 160, windowMs: 2_000 },
};

/** Search API burst limit on every plan. */
export const DEFAULT_SEARCH_BURST_LIMIT: BurstLimit = { max: 10, windowMs: 2_000 };

/** Daily POST/PUT allowance reported by `x-daily-requests-left` (the docs' example shows 9999 after one request). */
export const DAILY_WRITE_ALLOWANCE = 10_000;

/**
 * Token cost per route kind: v2 costs are the `x-token-cost` values of the v2 OpenAPI file (get 1, list 10, add 5,
 * update 5, delete 3, search 20, fields list 10); v1 costs follow the documented generic v1 costs (list 20, get 2:
 * the users list 20, the current user 2). Deals cost what persons cost (same kinds); pipelines and stages lists 5
 * (assumed).
 */
export const TOKEN_COSTS: Readonly<Record<string, number>> = {
  ...{ list: 10, get: 1, create: 5, update: 5, delete: 3, search: 20, fields: 10 },
  ...{ 'fields-v1': 20, 'users-me': 2, users: 20, pipelines: 5, stages: 5, unknown: 1 },
};
