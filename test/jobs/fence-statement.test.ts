import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import type { SqlStatement } from '../../src/db/statements.js';
import { claim, enqueue, fenceStatement, LeaseLostError } from '../../src/jobs/queue.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

/**
 * The lease fence as one statement, in a write made of statements (`Database.writeStatements`: on SQLite one
 * synchronous transaction of prepared statements), as the pull engine stores a page with it.
 */
describeEachDialect('the fenced write of statements', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { worker: false });
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await h.services.database.db.deleteFrom('jobs').execute();
  });

  const p = (n: number) => h.services.database.profile.placeholder(n);
  const note = (id: string, text: string): SqlStatement => ({
    sql: `update "jobs" set "last_error" = ${p(1)} where "id" = ${p(2)}`,
    params: [text, id],
  });
  const lastError = async (id: string) =>
    (await h.services.database.db.selectFrom('jobs').select('last_error').where('id', '=', id).executeTakeFirstOrThrow()).last_error;

  it('commits every statement while the worker holds the lease', async () => {
    const { database } = h.services;
    const id = await enqueue(database.db, { kind: 'test', payload: null });
    const job = (await claim(database, 'w1', 60_000))!;
    await database.writeStatements([fenceStatement(database.profile, job, 60_000), note(id, 'page stored')]);
    expect(await lastError(id)).toBe('page stored');
  });

  it('refuses the whole write of a worker whose lease was taken over, before and after the fence', async () => {
    const { database } = h.services;
    const id = await enqueue(database.db, { kind: 'test', payload: null });
    const job = (await claim(database, 'w1', 60_000))!;
    // Another worker took the job (its lease ran out and it was claimed again): the token is no longer ours.
    await database.db.updateTable('jobs').set({ lease_token: 'another-workers-token' }).where('id', '=', id).execute();
    const write = database.writeStatements([note(id, 'before the fence'), fenceStatement(database.profile, job, 60_000), note(id, 'after')]);
    await expect(write).rejects.toBeInstanceOf(LeaseLostError);
    expect(await lastError(id)).toBeNull();
    // The database is usable afterwards: the failed transaction was rolled back, not left open.
    await database.writeStatements([note(id, 'next write')]);
    expect(await lastError(id)).toBe('next write');
  });

  it('refuses the write of a worker whose job was given back to the queue', async () => {
    const { database } = h.services;
    const id = await enqueue(database.db, { kind: 'test', payload: null });
    const job = (await claim(database, 'w1', 60_000))!;
    await database.db.updateTable('jobs').set({ status: 'queued' }).where('id', '=', id).execute();
    await expect(database.writeStatements([fenceStatement(database.profile, job, 60_000), note(id, 'late')])).rejects.toBeInstanceOf(LeaseLostError);
    expect(await lastError(id)).toBeNull();
  });

  it('waits for a transaction already open on the connection instead of joining it', async () => {
    const { database } = h.services;
    const id = await enqueue(database.db, { kind: 'test', payload: null });
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // A write transaction that awaits between its statements, then fails: whatever ran inside it is rolled back.
    const open = database.write(async (trx) => {
      await trx.updateTable('jobs').set({ last_error: 'rolled back' }).where('id', '=', id).execute();
      await held;
      throw new Error('the open transaction fails');
    });
    const statements = database.writeStatements([note(id, 'own transaction')]);
    release();
    await expect(open).rejects.toThrow('the open transaction fails');
    await statements;
    expect(await lastError(id)).toBe('own transaction');
  });
});
