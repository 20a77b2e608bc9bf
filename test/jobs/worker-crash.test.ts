/**
 * A worker process is killed (SIGKILL) in the middle of a transfer; another worker process takes the transfer over
 * when the lease runs out and finishes it with no record lost or stored twice.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, eventually, startHarness, type Harness } from '../helpers/harness.js';
import { exited, startWorkerProcess } from '../helpers/worker-process.js';

const CONTACTS = 3000;

describeEachDialect('a worker killed in the middle of a transfer', (dialect) => {
  let h: Harness;
  let sessionId: string;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    h = await startHarness(dialect, {
      worker: false,
      env: { WEFT_SANDBOX_CONTACTS: String(CONTACTS), WEFT_SANDBOX_LATENCY_MS: '25' },
    });
    sessionId = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).body.session_id;
    await h.connect(sessionId, 'crash-co');
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await Promise.all(children.map(exited));
    await h?.close();
  });

  const transferRow = (id: string) => h.services.database.db.selectFrom('transfers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('a pull resumes from its last stored page and ends with exactly the provider records', async () => {
    const account = h.sandbox.hubspot.account('crash-co');
    account.resetCounters();
    const { body } = await h.api('POST', '/api/pull/transfer', { body: { session_id: sessionId, endgrate_type: 'crm-contact' } });
    const a = startWorkerProcess(h, 'A');
    children.push(a);
    await eventually(async () => ((await transferRow(body.transfer_id)).item_count >= 800 ? true : undefined), 60_000, 'worker A to store 8 pages');
    a.kill('SIGKILL');
    await exited(a);
    const atKill = await transferRow(body.transfer_id);
    expect(atKill.status).toBe('running');
    expect(atKill.item_count).toBeLessThan(CONTACTS);
    const listsBefore = account.counters().byKind['list'] ?? 0;

    const b = startWorkerProcess(h, 'B');
    children.push(b);
    const done = await eventually(async () => {
      const t = await transferRow(body.transfer_id);
      return t.status === 'completed' || t.status === 'failed' ? t : undefined;
    }, 90_000, 'worker B to finish the transfer');
    b.kill('SIGTERM');
    await exited(b);

    expect(done.status).toBe('completed');
    expect(done.item_count).toBe(CONTACTS);
    const rows = await h.services.database.db
      .selectFrom('transfer_items')
      .select(['seq', 'provider_id'])
      .where('transfer_id', '=', body.transfer_id)
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: CONTACTS }, (_, i) => i));
    const expected = account.contacts.list({ limit: CONTACTS + 10 }).results.map((c) => c.id);
    expect(rows.map((r) => r.provider_id)).toEqual(expected);
    // B resumed from the checkpoint: it asked only for the pages not yet stored (plus, at most, the one in flight).
    const pagesStored = Math.ceil(atKill.item_count / 100);
    const listsAfter = (account.counters().byKind['list'] ?? 0) - listsBefore;
    expect(listsAfter).toBeLessThanOrEqual(CONTACTS / 100 - pagesStored + 1);
    const served = await h.api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${body.transfer_id}&offset=2990`);
    expect(served.body.transfer_data.map((i: any) => i.id)).toEqual(expected.slice(2990));
  });

  it('a push is not repeated blindly: the batch in flight is settled by reading the provider (what it wrote gets its id, the rest is of unknown outcome), nothing is doubled', async () => {
    const account = h.sandbox.hubspot.account('crash-co');
    const before = account.contacts.count();
    const items = Array.from({ length: 1000 }, (_, i) => ({
      internal_id: `p${i}`,
      data: { first_name: 'Pushed', last_name: `No${i}`, email_addresses: [{ email_address: `pushed.${i}@crash.example` }] },
    }));
    const { body } = await h.api('POST', '/api/push/transfer', { body: { session_id: sessionId, endgrate_type: 'crm-contact', transfer_data: items } });
    const a = startWorkerProcess(h, 'A2');
    children.push(a);
    await eventually(async () => ((await transferRow(body.transfer_id)).batches_success >= 3 ? true : undefined), 60_000, 'worker A to push 3 batches');
    a.kill('SIGKILL');
    await exited(a);
    const b = startWorkerProcess(h, 'B2');
    children.push(b);
    const done = await eventually(async () => {
      const t = await transferRow(body.transfer_id);
      return t.status === 'completed' || t.status === 'failed' ? t : undefined;
    }, 90_000, 'worker B to finish the push');
    b.kill('SIGTERM');
    await exited(b);
    expect(done.status).toBe('completed');

    const results: any[] = [];
    for (let offset = 0; offset < 1000; offset += 250) {
      const page = await h.api('GET', `/api/push/data?endgrate_type=crm-contact&transfer_id=${body.transfer_id}&offset=${offset}`);
      results.push(...page.body.transfer_data);
    }
    expect(results.map((r) => r.index)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    const succeeded = results.filter((r) => r.success);
    const unknown = results.filter((r) => !r.success);
    // At most one batch (100 records) was in flight when A died.
    expect(unknown.length).toBeLessThanOrEqual(100);
    for (const r of unknown) expect(r.errors[0]).toMatch(/may or may not have been written/);
    // Every success exists once at the provider; nothing was created twice.
    for (const r of succeeded) expect(account.contacts.get(r.id)?.properties['email']).toBe(`pushed.${r.index}@crash.example`);
    // Every record the provider wrote is reported with its id (a write whose answer was lost with worker A is found
    // by B's read of the provider); what stays unknown was never written.
    const created = account.contacts.count() - before;
    expect(created).toBe(succeeded.length);
    for (const r of unknown) expect(account.contacts.findByEmail(`pushed.${r.index}@crash.example`)).toBeUndefined();
    for (let i = 0; i < 1000; i++) expect(account.contacts.findByEmail(`pushed.${i}@crash.example`) !== undefined || unknown.some((u) => u.index === i)).toBe(true);
  });
});
