import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import { assertLease, claim, claimSchedule, complete, enqueue, fail, LeaseLostError, release } from '../../src/jobs/queue.js';
import { defineTask, enqueue as enqueueTask, TaskRegistry } from '../../src/jobs/registry.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';
import { holdBeforeCommit, untilLockWaiter } from '../helpers/held-claim.js';

describeEachDialect('job queue', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { worker: false });
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await h.services.database.db.deleteFrom('jobs').execute();
  });

  const add = (n: number, runAt = 0) =>
    Promise.all(Array.from({ length: n }, (_, i) => enqueue(h.services.database.db, { kind: 'test', payload: { i }, runAt })));

  it('hands a job to one worker at a time, and again once its lease has run out', async () => {
    const [id] = await add(1);
    const t0 = Date.now();
    const first = await claim(h.services.database, 'a', 1000, t0);
    expect(first).toMatchObject({ id, attempts: 1, payload: { i: 0 } });
    expect(await claim(h.services.database, 'b', 1000, t0 + 10)).toBeNull();
    // The lease runs out (worker a died): b takes the job over.
    const second = await claim(h.services.database, 'b', 1000, t0 + 1001);
    expect(second).toMatchObject({ id, attempts: 2 });
    expect(second!.leaseToken).not.toBe(first!.leaseToken);
    // a can no longer write anything for the job.
    await expect(h.services.database.write((trx) => assertLease(trx, first!, 1000))).rejects.toBeInstanceOf(LeaseLostError);
    await expect(complete(h.services.database.db, first!)).rejects.toBeInstanceOf(LeaseLostError);
    await h.services.database.write((trx) => assertLease(trx, second!, 1000));
    await complete(h.services.database.db, second!);
    expect(await h.services.database.db.selectFrom('jobs').selectAll().execute()).toEqual([]);
  });

  it('gives each of many concurrent claimers a different job', async () => {
    await add(30);
    const claimed = await Promise.all(Array.from({ length: 30 }, (_, i) => claim(h.services.database, `w${i}`, 60_000)));
    const ids = claimed.map((j) => j?.id);
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(30);
    expect(await claim(h.services.database, 'late', 60_000)).toBeNull();
  });

  it('runs jobs of one serial key one at a time, oldest first, and others beside them', async () => {
    const db = h.services.database.db;
    const t0 = Date.now();
    const a1 = await enqueue(db, { kind: 'test', payload: { n: 1 }, serialKey: 'k:a' }, t0);
    const a2 = await enqueue(db, { kind: 'test', payload: { n: 2 }, serialKey: 'k:a' }, t0);
    const a3 = await enqueue(db, { kind: 'test', payload: { n: 3 }, serialKey: 'k:a' }, t0 + 1);
    const b1 = await enqueue(db, { kind: 'test', payload: { n: 4 }, serialKey: 'k:b' }, t0 + 2);
    const free = await enqueue(db, { kind: 'test', payload: { n: 5 } }, t0 + 3);
    const now = t0 + 10;
    // Two claimers at once get the oldest job of each key and the free one, never two jobs of one key.
    const claimed = await Promise.all(['w1', 'w2', 'w3', 'w4'].map((w) => claim(h.services.database, w, 60_000, now)));
    const ids = claimed.map((j) => j?.id ?? null);
    const firstOfA = [a1, a2].sort()[0] === a1 ? a1 : a2; // same millisecond: the id decides
    expect(ids.filter(Boolean).sort()).toEqual([firstOfA, b1, free].sort());
    expect(ids.filter((x) => x === null)).toHaveLength(1);
    const running = claimed.find((j) => j?.id === firstOfA)!;
    // While the first of key a runs (or waits for a retry), the next one waits.
    await fail(db, running, 'later', now + 5_000, now);
    expect(await claim(h.services.database, 'w5', 60_000, now + 1)).toBeNull();
    const retried = await claim(h.services.database, 'w5', 60_000, now + 5_000);
    expect(retried?.id).toBe(firstOfA);
    await complete(db, retried!);
    const next = await claim(h.services.database, 'w6', 60_000, now + 5_001);
    expect(next?.id).toBe(firstOfA === a1 ? a2 : a1);
    await complete(db, next!);
    const third = await claim(h.services.database, 'w7', 60_000, now + 5_002);
    expect(third?.id).toBe(a3);
    // A job given up for good does not block its key.
    await fail(db, third!, 'gave up', null, now + 5_003);
    const a4 = await enqueue(db, { kind: 'test', payload: { n: 6 }, serialKey: 'k:a' }, now + 5_004);
    const fourth = await claim(h.services.database, 'w8', 60_000, now + 5_005);
    expect(fourth?.id).toBe(a4);
    await complete(db, fourth!);
    // A job claimed before an older one of its key became visible (two requests committing in the other order)
    // holds the older one back while it runs: never two at once.
    const younger = await enqueue(db, { kind: 'test', payload: { n: 7 }, serialKey: 'k:c' }, now + 5_006);
    const runningYounger = await claim(h.services.database, 'w9', 60_000, now + 5_006);
    expect(runningYounger?.id).toBe(younger);
    const older = await enqueue(db, { kind: 'test', payload: { n: 8 }, serialKey: 'k:c' }, now + 5_000);
    expect(await claim(h.services.database, 'w10', 60_000, now + 5_007)).toBeNull();
    await complete(db, runningYounger!);
    expect((await claim(h.services.database, 'w11', 60_000, now + 5_008))?.id).toBe(older);
  });

  // Only PostgreSQL runs claims side by side; SQLite's claims take the single writer lock one after the other.
  it.runIf(dialect === 'postgres')(
    'never hands out two jobs of one key to claims that run at once, when the older job was committed last',
    async () => {
      const database = h.services.database;
      const t0 = Date.now();
      const younger = await enqueue(database.db, { kind: 'test', payload: { n: 1 }, serialKey: 'k:race' }, t0);
      // The older job (same millisecond, smaller id) is being inserted by a request that has not committed yet.
      let commitOlder!: () => void;
      let olderInserted!: () => void;
      const inserted = new Promise<void>((resolve) => (olderInserted = resolve));
      const olderCommitted = database.db.transaction().execute(async (trx) => {
        const id = await enqueue(trx, { kind: 'test', payload: { n: 2 }, serialKey: 'k:race' }, t0);
        await trx
          .updateTable('jobs')
          .set({ id: '0'.repeat(24) })
          .where('id', '=', id)
          .execute();
        await new Promise<void>((resolve) => {
          commitOlder = resolve;
          olderInserted();
        });
      });
      await inserted;
      // Worker 1 claims the younger job (the older one is not visible to it) and is held before it commits.
      const { held, atCommit, release } = holdBeforeCommit(database);
      const first = claim(held, 'w1', 60_000, t0 + 10);
      await atCommit;
      // The older job's insert commits; worker 2 sees it queued and the younger one still queued, not running.
      commitOlder();
      await olderCommitted;
      let settled = false;
      const second = claim(database, 'w2', 60_000, t0 + 10).finally(() => (settled = true));
      // Wait until worker 2 has either claimed or queued behind worker 1's claim.
      await untilLockWaiter(database, () => settled);
      release();
      expect([(await first)?.id ?? null, (await second)?.id ?? null]).toEqual([younger, null]);
      const rows = await database.db
        .selectFrom('jobs')
        .select(['id', 'status', 'attempts'])
        .where('serial_key', '=', 'k:race')
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        { id: '0'.repeat(24), status: 'queued', attempts: 0 },
        { id: younger, status: 'running', attempts: 1 },
      ]);
    },
  );

  it('does not hand out a job before its time, and retries a failed one later', async () => {
    const now = Date.now();
    await enqueue(h.services.database.db, { kind: 'test', payload: {}, runAt: now + 60_000 });
    expect(await claim(h.services.database, 'a', 1000, now)).toBeNull();
    const job = await claim(h.services.database, 'a', 1000, now + 60_000);
    expect(job).not.toBeNull();
    await fail(h.services.database.db, job!, 'boom', now + 120_000);
    expect(await claim(h.services.database, 'a', 1000, now + 100_000)).toBeNull();
    const again = await claim(h.services.database, 'a', 1000, now + 120_000);
    expect(again).toMatchObject({ attempts: 2 });
    await fail(h.services.database.db, again!, 'boom again', null);
    expect(await claim(h.services.database, 'a', 1000, now + 10_000_000)).toBeNull();
    const row = await h.services.database.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', last_error: 'boom again' });
  });

  it('does not count a job given back on shutdown as an attempt', async () => {
    await add(1);
    const job = await claim(h.services.database, 'a', 60_000);
    await release(h.services.database.db, job!);
    expect(await claim(h.services.database, 'b', 60_000)).toMatchObject({ id: job!.id, attempts: 1 });
  });

  it('gives each period of a schedule to one of the workers that ask, however many ask at once', async () => {
    const db = h.services.database.db;
    await db.deleteFrom('schedules').execute();
    const now = Date.now();
    const first = await Promise.all(['a', 'b', 'c', 'd'].map((w) => claimSchedule(db, 'test.every-minute', 60_000, w, now)));
    expect(first.filter(Boolean)).toHaveLength(1);
    // Not due again within its period; due once more after it.
    expect(await claimSchedule(db, 'test.every-minute', 60_000, 'a', now + 59_999)).toBe(false);
    const second = await Promise.all(['a', 'b', 'c'].map((w) => claimSchedule(db, 'test.every-minute', 60_000, w, now + 60_000)));
    expect(second.filter(Boolean)).toHaveLength(1);
    const row = await db.selectFrom('schedules').selectAll().where('name', '=', 'test.every-minute').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ next_run_at: now + 120_000, last_run_at: now + 60_000 });
  });

  it('enqueues a defined task with its payload, and the registry checks stored payloads before a job runs', async () => {
    const Greet = defineTask('test.greet', Type.Object({ name: Type.String({ minLength: 1 }) }));
    const registry = new TaskRegistry().register(Greet, { run: async () => ({ status: 'done' }) });
    const id = await enqueueTask(h.services.database.db, Greet, { name: 'Ada' }, { priority: 3 });
    const job = await claim(h.services.database, 'a', 60_000);
    expect(job).toMatchObject({ id, kind: 'test.greet', payload: { name: 'Ada' } });
    expect('handlers' in registry.resolve('test.greet', job!.payload)).toBe(true);
    expect(registry.resolve('test.greet', { name: '' })).toEqual({ problem: 'invalid payload: data/name must NOT have fewer than 1 characters' });
    expect(registry.resolve('test.unknown', {})).toEqual({ problem: "unknown job kind 'test.unknown'" });
    expect(() => registry.register(Greet, { run: async () => ({ status: 'done' }) })).toThrow(/registered twice/);
    expect(() => defineTask('Bad Name', Type.Null())).toThrow(/lower-case/);
  });
});
