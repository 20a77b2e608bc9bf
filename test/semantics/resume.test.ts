/**
 * Checkpoints, against each provider's sandbox: a pull of 20 pages whose worker process is killed (SIGKILL) once the
 * provider has served 8 pages (a sandbox step, before the next request is handled; 7 or 8 of them stored, the next
 * page being read while one is stored) is taken up by another worker, which asks the provider only for the pages not yet stored (at most 14, not
 * 20) and ends with exactly the provider's records, each once, in order.
 */
import type { ChildProcess } from 'node:child_process';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { SEMANTIC_ADAPTERS } from '../conformance/adapters.js';
import { describeEachDialect, eventually, type Harness, startHarness } from '../helpers/harness.js';
import { exited, startWorkerProcess } from '../helpers/worker-process.js';

const PAGES = 20;

for (const adapter of SEMANTIC_ADAPTERS) {
  const contacts = PAGES * adapter.pageSize;
  describeEachDialect(`${adapter.provider}: a pull interrupted after page 7 of 20`, (dialect) => {
    let h: Harness;
    const children: ChildProcess[] = [];
    const account = `${adapter.provider}-resume`;
    beforeAll(async () => {
      // Each page takes a while at the provider, as a real one's (the kill itself is a sandbox step, not timed).
      h = await startHarness(dialect, {
        worker: false,
        env: { WEFT_SANDBOX_CONTACTS: String(contacts), WEFT_SANDBOX_COMPANIES: '5', WEFT_SANDBOX_LATENCY_MS: '150' },
      });
    });
    afterAll(async () => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      await Promise.all(children.map(exited));
      await h?.close();
    });

    it('resumes from its checkpoint: at most 14 more page requests, and exactly the provider records', async () => {
      const sid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).body.session_id;
      await adapter.connect(h, sid, account);
      const expected = adapter.contactIds(h, account);
      expect(expected).toHaveLength(contacts);
      adapter.resetCounters(h, account);
      const { body } = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact' } });
      const row = () => h.services.database.db.selectFrom('transfers').selectAll().where('id', '=', body.transfer_id).executeTakeFirstOrThrow();

      // Worker A dies before the provider handles its first request after the 8th page was served.
      const worker: { a?: ChildProcess } = {};
      let killed = false;
      adapter.injectFault(h, account, {
        when: () => adapter.counters(h, account).pages >= 8,
        run: () => {
          killed = worker.a?.kill('SIGKILL') ?? false;
        },
      });
      const a = startWorkerProcess(h, 'A');
      worker.a = a;
      children.push(a);
      await eventually(async () => (killed ? true : undefined), 120_000, 'the first worker to be killed after 8 pages');
      await exited(a);
      const atKill = await row();
      expect(atKill.status).toBe('running');
      const stored = atKill.item_count / adapter.pageSize;
      expect(Number.isInteger(stored)).toBe(true);
      expect([7, 8]).toContain(stored);
      const pagesBefore = adapter.counters(h, account).pages;

      const b = startWorkerProcess(h, 'B');
      children.push(b);
      const done = await eventually(
        async () => {
          const t = await row();
          return t.status === 'completed' || t.status === 'failed' ? t : undefined;
        },
        180_000,
        'the second worker to finish the pull',
      );
      b.kill('SIGTERM');
      await exited(b);

      expect(done.status).toBe('completed');
      expect(done.item_count).toBe(contacts);
      const more = adapter.counters(h, account).pages - pagesBefore;
      // The pages not yet stored, plus at most the one the killed worker had in flight: never the whole pull again
      // (and the empty read that ends a list of whole pages where lists end short).
      const ending = adapter.listEndsShort ? 1 : 0;
      expect(more).toBeLessThanOrEqual(PAGES - stored + 1 + ending);
      expect(more).toBeLessThanOrEqual(14 + ending);

      const rows = await h.services.database.db
        .selectFrom('transfer_items')
        .select(['seq', 'provider_id'])
        .where('transfer_id', '=', body.transfer_id)
        .orderBy('seq')
        .execute();
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: contacts }, (_, i) => i));
      expect(new Set(rows.map((r) => r.provider_id)).size).toBe(contacts);
      expect([...rows.map((r) => r.provider_id)].sort()).toEqual([...expected].sort());
    });
  });
}
