/**
 * PostgreSQL sessions as the pools open them: each is named (`application_name`, which `otherWeftProcesses` reads)
 * and given its pool's setting (the readers' generic plans) before its first query, by pg-pool's `onConnect` hook, so
 * that no query is ever queued behind another on one client (pg deprecates that queueing and pg 9 removes it). The
 * deprecation is a process warning, so the test listens for warnings while fresh pools open sessions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type Database, openDatabase } from '../../src/db/database.js';
import { createPgSchema } from '../helpers/env.js';

(inject('dialects').includes('postgres') ? describe : describe.skip)('postgres: the sessions a database opens', () => {
  let dataDir: string;
  let drop: () => Promise<void>;
  let database: Database;
  const warnings: string[] = [];
  const listen = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);

  beforeAll(async () => {
    process.on('warning', listen);
    dataDir = mkdtempSync(path.join(tmpdir(), 'weft-pg-sessions-'));
    const pg = await createPgSchema('weft_sessions');
    drop = pg.drop;
    database = openDatabase({ dataDir, pgPoolSize: 3, databaseUrl: pg.url, pgSchema: pg.schema });
  });
  afterAll(async () => {
    process.off('warning', listen);
    await database.close();
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('are named and set before their first query, with no query queued behind another on a client', async () => {
    const setting = (name: string) => CompiledQuery.raw(`select current_setting('${name}') as value`, []) as CompiledQuery<{ value: string }>;
    // Several sessions of each pool at once: each one's first query is one of these.
    const [written, read] = await Promise.all([
      Promise.all([1, 2, 3].map(async () => (await database.db.executeQuery(setting('application_name'))).rows[0]?.value)),
      Promise.all([1, 2, 3].map(async () => (await database.read(setting('plan_cache_mode')))[0]?.value)),
    ]);
    const names = new Set(written);
    expect(names.size).toBe(1);
    expect([...names][0]).toMatch(/^weft [0-9a-f]{8} weft_sessions_/);
    expect(read).toEqual(['force_generic_plan', 'force_generic_plan', 'force_generic_plan']);
    // The write pool keeps PostgreSQL's own plan choice.
    expect((await database.db.executeQuery(setting('plan_cache_mode'))).rows[0]?.value).toBe('auto');
    // Warnings are emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((w) => w.includes('already executing a query'))).toEqual([]);
  });
});
