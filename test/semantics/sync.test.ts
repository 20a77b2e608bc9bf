/**
 * `sync`: a pull returns only what was added, changed or deleted since the session's last complete pull; deletions
 * are concluded only from a pull that read everything. Against each provider's sandbox.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { SEMANTIC_ADAPTERS } from '../conformance/adapters.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

for (const adapter of SEMANTIC_ADAPTERS) {
  /** Enough contacts for five pages or more with every provider (Salesforce's pages hold 2,000). */
  const CONTACTS = adapter.manyContacts ?? 8500;
  describeEachDialect(`${adapter.provider}: sync pulls`, (dialect) => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness(dialect, {
        env: { WEFT_SANDBOX_CONTACTS: String(CONTACTS), WEFT_SANDBOX_COMPANIES: '20', WEFT_SANDBOX_LATENCY_MS: '2' },
      });
    });
    afterAll(async () => h?.close());

    async function pull(sid: string, wait = true) {
      return (await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact', synchronous: wait } })).body;
    }

    async function items(transferId: string): Promise<any[]> {
      const out: any[] = [];
      for (let offset = 0; ; offset += 250) {
        const page = (await h.api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${transferId}&offset=${offset}`)).body;
        out.push(...page.transfer_data);
        if (!page.meta.next) return out;
      }
    }

    it('returns everything first, then nothing, then exactly what changed: 3 added, 2 changed, 1 deleted', async () => {
      const account = `${adapter.provider}-sync`;
      const sid = (
        await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }], sync: true, save_session: true } })
      ).body.session_id;
      await adapter.connect(h, sid, account);
      const first = await items((await pull(sid)).transfer_id);
      expect(first).toHaveLength(CONTACTS);
      expect(new Set(first.map((i) => i.sync_status))).toEqual(new Set(['ADDED']));
      expect(await items((await pull(sid)).transfer_id)).toEqual([]);

      const { added, changed, removed } = adapter.mutate(h, account, { add: 3, change: 2, remove: 1 });
      const third = await items((await pull(sid)).transfer_id);
      expect(third).toHaveLength(6);
      const by = (status: string) =>
        third
          .filter((i) => i.sync_status === status)
          .map((i) => i.id)
          .sort();
      expect(by('ADDED')).toEqual([...added].sort());
      expect(by('UPDATED')).toEqual([...changed].sort());
      expect(by('DELETED')).toEqual([...removed].sort());
      expect(third.find((i) => i.sync_status === 'DELETED')).toEqual({ id: removed[0], data: null, sync_status: 'DELETED' });
      expect(third.find((i) => i.sync_status === 'ADDED').data.last_name).toMatch(/^Sync\d$/);
      expect(await items((await pull(sid)).transfer_id)).toEqual([]);
    });

    it('runs two pulls of one session started together one after the other: the changes are reported once, exactly', async () => {
      const account = `${adapter.provider}-sync-twice`;
      const sid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }], sync: true } })).body
        .session_id;
      await adapter.connect(h, sid, account);
      expect(await items((await pull(sid)).transfer_id)).toHaveLength(CONTACTS);
      const { added, changed, removed } = adapter.mutate(h, account, { add: 2, change: 1, remove: 1 });
      const [a, b] = await Promise.all([pull(sid), pull(sid)]);
      expect([a.success, b.success]).toEqual([true, true]);
      const rows = await h.services.database.db
        .selectFrom('transfers')
        .selectAll()
        .where('id', 'in', [a.transfer_id, b.transfer_id])
        .orderBy('started_at')
        .execute();
      const [earlier, later] = rows;
      // The second started only once the first had finished.
      expect(later!.started_at!).toBeGreaterThanOrEqual(earlier!.completed_at!);
      const firstRun = await items(earlier!.id);
      const secondRun = await items(later!.id);
      const by = (list: any[], status: string) =>
        list
          .filter((i) => i.sync_status === status)
          .map((i) => i.id)
          .sort();
      expect(by(firstRun, 'ADDED')).toEqual([...added].sort());
      expect(by(firstRun, 'UPDATED')).toEqual([...changed].sort());
      expect(by(firstRun, 'DELETED')).toEqual([...removed].sort());
      expect(secondRun).toEqual([]);
      // Without sync, two pulls at once both return every record.
      const plain = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).body.session_id;
      await adapter.connect(h, plain, account);
      const [c, d] = await Promise.all([pull(plain), pull(plain)]);
      expect((await items(c.transfer_id)).length).toBe(CONTACTS + 1);
      expect((await items(d.transfer_id)).length).toBe(CONTACTS + 1);
    });

    it('concludes no deletion from a pull that failed, at once or part-way; the next complete pull reports it once', async () => {
      const account = `${adapter.provider}-sync-fail`;
      const sid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }], sync: true } })).body
        .session_id;
      await adapter.connect(h, sid, account);
      expect(await items((await pull(sid)).transfer_id)).toHaveLength(CONTACTS);
      const { removed } = adapter.mutate(h, account, { add: 0, change: 0, remove: 1 });

      // Refused at once.
      adapter.injectFault(h, account, { status: 400, count: 1 });
      const refused = await pull(sid);
      expect(refused.success).toBe(false);
      expect(await items(refused.transfer_id)).toEqual([]);

      // Refused part-way: the provider serves two pages, then refuses (the pull has at least five).
      adapter.injectFault(h, account, { status: 400, count: 10_000, after: 2 + (adapter.requestsBeforePages ?? 0) });
      const started = await pull(sid, false);
      let status = '';
      for (const deadline = Date.now() + 30_000; Date.now() < deadline && status !== 'failed' && status !== 'completed';) {
        status = (await h.api('GET', `/api/statistics?transfer_id=${started.transfer_id}`)).body.status;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(status).toBe('failed');
      adapter.clearFaults(h, account);
      // Two pages were read and stored; nothing was concluded from them.
      expect(await items(started.transfer_id)).toEqual([]);
      expect((await h.api('GET', `/api/statistics?transfer_id=${started.transfer_id}`)).body.statistics['crm-contact'].batches_success).toBe(2);

      const next = await items((await pull(sid)).transfer_id);
      expect(next).toEqual([{ id: removed[0], data: null, sync_status: 'DELETED' }]);
    });
  });
}
