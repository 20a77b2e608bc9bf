/** Every scenario, in the order `bench/run.ts` runs them. Add new ones here. */
import type { Scenario } from '../lib/types.js';
import { breadth } from './breadth.js';
import { memory } from './memory.js';
import { providerLimits } from './provider-limits.js';
import { pullDeals, pullOverhead } from './pull-overhead.js';
import { pushBatching } from './push-batching.js';
import { rateLimited } from './rate-limited.js';
import { scaleOut } from './scale-out.js';
import { serving } from './serving.js';
import { startup } from './startup.js';

export const SCENARIOS: readonly Scenario[] = [
  startup,
  pullOverhead,
  pullDeals,
  breadth,
  rateLimited,
  providerLimits,
  serving,
  memory,
  pushBatching,
  scaleOut,
];
