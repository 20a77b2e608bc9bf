import os from 'node:os';

import { defineConfig } from 'vitest/config';

/**
 * Test files run in parallel, one more than the machine has cores (vitest's default is one fewer): most files spend
 * much of their time waiting on HTTP, databases, the browser and timers, so on 2 cores three at a time take about
 * half the time of one (the whole SQLite suite 717 s against 1,322 s). `WEFT_TEST_WORKERS` sets another number.
 */
const workers = Number(process.env['WEFT_TEST_WORKERS']) || os.availableParallelism() + 1;

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'clients/typescript/test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: workers,
    reporters: ['default'],
  },
});
