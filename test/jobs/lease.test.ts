import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import { deleteLeased, updateLeased } from '../../src/jobs/lease.js';
import { claim, enqueue, JOBS } from '../../src/jobs/queue.js';
import { claimDeliveries, enqueueDeliveries } from '../../src/webhooks/outbox.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';
import { holdBeforeCommit, untilLockWaiter } from '../helpers/held-claim.js';

const origin = { projectId: 'p1', sessionId: 's1', transferId: null, concurrent: false };
const target = { url: 'https://example.com/hook', metadata: {} };

describeEachDialect('the lease core of jobs and webhook deliveries', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { worker: false });
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await h.services.database.db.deleteFrom('jobs').execute();
    await h.services.database.db.deleteFrom('webhook_deliveries').execute();
  });

  it('writes and deletes a leased row only for the holder of its token', async () => {
    const db = h.services.database.db;
    const id = await enqueue(db, { kind: 'test', payload: null });
    const job = (await claim(h.services.database, 'w1', 60_000))!;
    expect(await updateLeased(db, JOBS, id, 'not-the-token', { last_error: 'x' })).toBe(false);
    expect(await updateLeased(db, JOBS, id, job.leaseToken, { last_error: 'y' }, (eb) => eb('status', '=', 'queued'))).toBe(false);
    expect(await updateLeased(db, JOBS, id, job.leaseToken, { last_error: 'z' }, (eb) => eb('status', '=', 'running'))).toBe(true);
    expect(await deleteLeased(db, JOBS, id, 'not-the-token')).toBe(false);
    expect((await db.selectFrom('jobs').select(['id', 'last_error']).execute()).map((r) => [r.id, r.last_error])).toEqual([[id, 'z']]);
    expect(await deleteLeased(db, JOBS, id, job.leaseToken)).toBe(true);
    expect(await db.selectFrom('jobs').select('id').execute()).toEqual([]);
  });

  it('hands out the deliveries of one ordering group one at a time, in order, and other groups beside them', async () => {
    const db = h.services.database.db;
    const now = Date.now();
    const [a1] = await enqueueDeliveries(
      db,
      origin,
      [
        { kind: 'data', target, body: '{"n":1}' },
        { kind: 'data', target, body: '{"n":2}' },
      ],
      now,
    );
    const [b1] = await enqueueDeliveries(db, { ...origin, sessionId: 's2' }, [{ kind: 'data', target, body: '{"n":3}' }], now);
    const first = await claimDeliveries(h.services.database, 'lease-1', 60_000, 10, now);
    expect(first.map((d) => d.id).sort()).toEqual([a1, b1].sort());
    expect(await claimDeliveries(h.services.database, 'lease-2', 60_000, 10, now + 1)).toEqual([]);
  });

  // Only PostgreSQL runs claims side by side; SQLite's claims take the single writer lock one after the other.
  it.runIf(dialect === 'postgres')(
    'never has two deliveries of one group in flight when claims run at once and the earlier one was committed last',
    async () => {
      const database = h.services.database;
      const now = Date.now();
      // The later delivery of the group is committed; the earlier one is being written by a transaction still open.
      const [later] = await enqueueDeliveries(database.db, origin, [{ kind: 'data', target, body: '{"n":2}' }], now);
      await database.db.updateTable('webhook_deliveries').set({ seq: 1 }).where('id', '=', later!).execute();
      let commitEarlier!: () => void;
      let earlierInserted!: () => void;
      const inserted = new Promise<void>((resolve) => (earlierInserted = resolve));
      let earlier = '';
      const earlierCommitted = database.db.transaction().execute(async (trx) => {
        [earlier] = (await enqueueDeliveries(trx, origin, [{ kind: 'data', target, body: '{"n":1}' }], now)) as [string];
        await trx.updateTable('webhook_deliveries').set({ seq: 0 }).where('id', '=', earlier).execute();
        await new Promise<void>((resolve) => {
          commitEarlier = resolve;
          earlierInserted();
        });
      });
      await inserted;
      // Dispatcher 1 claims the later one (the earlier is not visible to it) and is held before it commits.
      const { held, atCommit, release } = holdBeforeCommit(database);
      const first = claimDeliveries(held, 'lease-1', 60_000, 10, now);
      await atCommit;
      commitEarlier();
      await earlierCommitted;
      // Dispatcher 2 sees the earlier delivery first in its group, and the later one not leased yet.
      let settled = false;
      const second = claimDeliveries(database, 'lease-2', 60_000, 10, now).finally(() => (settled = true));
      await untilLockWaiter(database, () => settled);
      release();
      expect([(await first).map((d) => d.id), (await second).map((d) => d.id)]).toEqual([[later], []]);
      const rows = await database.db.selectFrom('webhook_deliveries').select(['id', 'lease_owner', 'attempts']).orderBy('seq').execute();
      expect(rows).toEqual([
        { id: earlier, lease_owner: null, attempts: 0 },
        { id: later, lease_owner: 'lease-1', attempts: 1 },
      ]);
    },
  );
});
