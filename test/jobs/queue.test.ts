import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { LeaseLostError, assertLease, claim, complete, enqueue, fail, release } from '../../src/jobs/queue.js';
import { describeEachDialect, startHarness, type Harness } from '../helpers/harness.js';

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
});
