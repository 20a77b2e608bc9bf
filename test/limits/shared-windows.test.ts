/**
 * Provider accounts' rate-limit windows shared by several processes on one database (issue 10, item 11): the store's
 * grants, and two limiter registries on two connections to one database (as two processes have) that together never
 * let more requests reach the provider in a window than its budget.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { RateLimiterRegistry } from '../../src/connectors/kit/rate-limiter.js';
import { type Database, migrate, openDatabase } from '../../src/db/database.js';
import { createSharedWindowStore } from '../../src/limits/index.js';
import { createPgSchema } from '../helpers/env.js';
import { describeEachDialect } from '../helpers/harness.js';

const silent = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeEachDialect('shared rate-limit windows', (dialect) => {
  let dataDir: string;
  let drop: (() => Promise<void>) | undefined;
  const open: Database[] = [];

  async function connect(): Promise<Database> {
    const database = openDatabase({ dataDir, ...(pgUrl ? { databaseUrl: pgUrl.url, pgSchema: pgUrl.schema } : {}) });
    open.push(database);
    await migrate(database);
    return database;
  }
  let pgUrl: { url: string; schema: string } | null = null;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'weft-limits-'));
    if (dialect === 'postgres') {
      const s = await createPgSchema('weft_lim');
      pgUrl = s;
      drop = s.drop;
    }
  });
  afterAll(async () => {
    for (const d of open) await d.close();
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('grants slices of the budget until it is spent, then says when a slot frees; settling gives unused slots back', async () => {
    let t = 1_000_000;
    const store = createSharedWindowStore(await connect(), silent, () => t);
    const w = { max: 10, intervalMs: 1000 };
    const a = await store.reserve('hubspot:sandbox:1', 4, w);
    const b = await store.reserve('hubspot:sandbox:1', 4, w);
    const c = await store.reserve('hubspot:sandbox:1', 4, w);
    expect([a, b, c].map((g) => ('slots' in g ? g.slots : g))).toEqual([4, 4, 2]);
    // Another account's window is its own.
    expect(await store.reserve('hubspot:sandbox:2', 4, w)).toMatchObject({ slots: 4 });
    const full = await store.reserve('hubspot:sandbox:1', 4, w);
    expect(full).toEqual({ retryAt: t + 2_000 + 10_000 + 1000 });
    // a used 1 slot, its last response at t: that slot stays until t + interval, the 3 others go back.
    await store.settle('hubspot:sandbox:1', (a as { grantId: string }).grantId, [t + 1000], 10);
    const again = await store.reserve('hubspot:sandbox:1', 4, w);
    expect(again).toMatchObject({ slots: 3 });
    // Once the interval has passed, the used slot is free too; grants of a process that never settles (it died)
    // expire at their provisional end.
    t += 1001;
    expect(await store.reserve('hubspot:sandbox:1', 4, w)).toMatchObject({ slots: 1 });
    t += 2_000 + 10_000 + 1000;
    expect(await store.reserve('hubspot:sandbox:1', 20, w)).toMatchObject({ slots: 10 });
    // A grant occupies its share of the window as its process saw it: 50 slots of a window of 1,000,000 (a process
    // that read an unenforcing sandbox's headers) leave a process that still counts 100 all but nothing less.
    t += 2_000 + 10_000 + 1000;
    expect(await store.reserve('pipedrive:sandbox:9', 50, { max: 1_000_000, intervalMs: 1000 })).toMatchObject({ slots: 50 });
    expect(await store.reserve('pipedrive:sandbox:9', 100, { max: 100, intervalMs: 1000 })).toMatchObject({ slots: 99 });
  });

  it('two processes on one database never send more than the window allows between them', async () => {
    const window = { max: 20, intervalMs: 1000 };
    const arrivals: number[] = [];
    // Two PostgreSQL pools, as two processes have. On SQLite both use one connection: better-sqlite3 waits for a
    // file lock synchronously, so two connections in one thread would wait for each other (two processes do not,
    // test/reliability/several-servers.test.ts runs them).
    const first = await connect();
    const second = dialect === 'postgres' ? await connect() : first;
    const processes = [
      new RateLimiterRegistry(undefined, createSharedWindowStore(first, silent)),
      new RateLimiterRegistry(undefined, createSharedWindowStore(second, silent)),
    ];
    const until = Date.now() + 2500;
    // Each process runs three transfers against the account at once; a request takes 20 ms and reaches the
    // provider halfway.
    const loops = processes.flatMap((registry) =>
      [0, 1, 2].map(async () => {
        const limiter = registry.get('hubspot:sandbox:42', window);
        while (Date.now() < until) {
          const done = await limiter.acquire();
          await sleep(10);
          arrivals.push(Date.now());
          await sleep(10);
          done();
        }
      }),
    );
    await Promise.all(loops);
    arrivals.sort((x, y) => x - y);
    let most = 0;
    for (let i = 0; i < arrivals.length; i++) {
      let j = i;
      while (j + 1 < arrivals.length && (arrivals[j + 1] as number) - (arrivals[i] as number) < window.intervalMs) j++;
      most = Math.max(most, j - i + 1);
    }
    expect(most).toBeLessThanOrEqual(window.max);
    // And they do use the budget: the first window's 20 requests and more once it rolls.
    expect(arrivals.length).toBeGreaterThan(window.max);
  });
});
