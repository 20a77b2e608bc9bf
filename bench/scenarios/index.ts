/** Every scenario, in the order `bench/run.ts` runs them. Add new ones here. */
import type { Scenario } from '../lib/types.js';
import { pullOverhead } from './pull-overhead.js';

export const SCENARIOS: readonly Scenario[] = [pullOverhead];
