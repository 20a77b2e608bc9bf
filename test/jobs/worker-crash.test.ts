/**
 * A worker process is killed (SIGKILL) in the middle of a transfer; another worker process takes the transfer over
 * when the lease runs out and finishes it with no record lost or stored twice. Each worker is killed at an exact
 * point, by a sandbox step run before a given request of the fake account is handled (never after some wall time): a
 * request that reached the provider is written there, its answer never reaches the dead worker.
 */
import type { ChildProcess } from 'node:child_process';

import { afterAll, beforeAll, expect, it } from 'vitest';

import type { FaultRequest, FaultSpec } from '../../src/sandbox/shared/faults.js';
import { FOUND_BY_READ } from '../../src/transfers/reconcile.js';
import { describeEachDialect, eventually, type Harness, startHarness } from '../helpers/harness.js';
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

  /** Runs one worker process until the transfer ends (a worker process is killed and replaced in the tests). */
  async function finishWith(name: string, transferId: string) {
    const w = startWorkerProcess(h, name);
    children.push(w);
    const done = await eventually(
      async () => {
        const t = await transferRow(transferId);
        return t.status === 'completed' || t.status === 'failed' ? t : undefined;
      },
      60_000,
      `worker ${name} to finish the transfer`,
    );
    w.kill('SIGTERM');
    await exited(w);
    return done;
  }

  /**
   * Starts worker process `name`, to be killed (SIGKILL) before the provider handles the first request of `hub` that
   * `when` accepts (a sandbox step: that request is in and is served, its answer never reaches the worker); the
   * function returned resolves once the worker has been killed so and has exited.
   */
  function workerKilledAt(hub: { injectFault(spec: FaultSpec): void }, name: string, when: (r: FaultRequest) => boolean) {
    let killed = false;
    const worker: { process?: ChildProcess } = {};
    hub.injectFault({
      when,
      run: () => {
        killed = worker.process?.kill('SIGKILL') ?? false;
      },
    });
    worker.process = startWorkerProcess(h, name);
    children.push(worker.process);
    return async () => {
      await eventually(async () => (killed ? true : undefined), 60_000, `worker ${name} to be killed at its step`);
      await exited(worker.process as ChildProcess);
    };
  }

  const remembered = async (sid: string, internalId: string) =>
    h.services.database.db
      .selectFrom('internal_ids')
      .select('provider_id')
      .where('session_id', '=', sid)
      .where('schema_key', '=', 'crm-company')
      .where('internal_id', '=', internalId)
      .executeTakeFirst();

  /** A contact pushed with a company to create by internal_id; the push's results. */
  async function pushWithCompany(sid: string, email: string, org: string) {
    const { body } = await h.api('POST', '/api/push/transfer', {
      body: {
        session_id: sid,
        endgrate_type: 'crm-contact',
        transfer_data: [
          {
            internal_id: email,
            data: { first_name: 'Linked', last_name: email.split('@')[0], email_addresses: [{ email_address: email }] },
            associations: { 'crm-company': [{ internal_id: org, data: { name: `Company ${org}`, website: `https://${org}.example` } }] },
          },
        ],
      },
    });
    return body.transfer_id as string;
  }

  const companiesNamed = (account: string, name: string) =>
    h.sandbox.hubspot
      .account(account)
      .companies.list({ limit: 10_000 })
      .results.filter((c) => c.properties['name'] === name).length;

  it('an associated record created before a worker dies is remembered at once: a later push links to it, creating nothing twice', async () => {
    const account = 'assoc-kill-co';
    const sid = (
      await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }] } })
    ).body.session_id;
    await h.connect(sid, account);
    const hub = h.sandbox.hubspot.account(account);
    // The company is created; the worker dies once the contact batch after it has reached the provider.
    const first = await pushWithCompany(sid, 'first@assoc.example', 'org-1');
    const dead = workerKilledAt(hub, 'A3', (r) => r.method === 'POST' && r.url.includes('/objects/contacts/batch/create'));
    await dead();
    // The company was remembered before the batch linking to it was sent (nothing of the batch stored).
    const company = (await remembered(sid, 'org-1'))?.provider_id;
    expect(company).toBeDefined();
    const atKill = await transferRow(first);
    expect(atKill.batches_success + atKill.batches_fail).toBe(0);
    // The batch is still written by the provider; the next worker finds its contact by reading.
    await eventually(async () => hub.contacts.findByEmail('first@assoc.example'), 10_000, 'the batch to be written');
    expect((await finishWith('B3', first)).status).toBe('completed');
    const results = (await h.api('GET', `/api/push/data?endgrate_type=crm-contact&transfer_id=${first}`)).body.transfer_data;
    expect(results).toMatchObject([{ internal_id: 'first@assoc.example', success: true, id: hub.contacts.findByEmail('first@assoc.example')?.id }]);
    expect(results[0].warnings).toEqual([FOUND_BY_READ]);
    // The same company by internal_id again: linked, not created twice.
    const second = await pushWithCompany(sid, 'second@assoc.example', 'org-1');
    expect((await finishWith('C3', second)).status).toBe('completed');
    expect(companiesNamed(account, 'Company org-1')).toBe(1);
    const contact = hub.contacts.findByEmail('second@assoc.example');
    expect(contact?.properties['associatedcompanyid']).toBe(company);
  });

  it('an associated record whose answer died with its worker is found by the next worker and remembered', async () => {
    const account = 'assoc-lost-co';
    const sid = (
      await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }] } })
    ).body.session_id;
    await h.connect(sid, account);
    const hub = h.sandbox.hubspot.account(account);
    // The worker dies once the company's creation has reached the provider, which writes it with no one to answer.
    const first = await pushWithCompany(sid, 'first@lost.example', 'org-2');
    const dead = workerKilledAt(hub, 'A4', (r) => r.method === 'POST' && r.url.includes('/objects/companies'));
    await dead();
    await eventually(async () => (companiesNamed(account, 'Company org-2') === 1 ? true : undefined), 10_000, 'the company to be written');
    expect(await remembered(sid, 'org-2')).toBeUndefined();
    expect((await finishWith('B4', first)).status).toBe('completed');
    // The contact batch was never sent: it stays of unknown outcome; the company was found and remembered.
    const results = (await h.api('GET', `/api/push/data?endgrate_type=crm-contact&transfer_id=${first}`)).body.transfer_data;
    expect(results).toMatchObject([{ internal_id: 'first@lost.example', success: false, id: null }]);
    expect(hub.contacts.findByEmail('first@lost.example')).toBeUndefined();
    expect((await remembered(sid, 'org-2'))?.provider_id).toBeDefined();
    const second = await pushWithCompany(sid, 'second@lost.example', 'org-2');
    expect((await finishWith('C4', second)).status).toBe('completed');
    expect(companiesNamed(account, 'Company org-2')).toBe(1);
  });

  it('a deal found written after its worker died gets the nested notes that worker had not created, once', async () => {
    const account = 'dependents-kill-co';
    const sid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-deal' }, { endgrate_type: 'crm-note' }] } }))
      .body.session_id;
    await h.connect(sid, account);
    const hub = h.sandbox.hubspot.account(account);
    // The worker dies once the deal batch has reached the provider (whatever was read before it, however slow the
    // machine), which writes the deal with no one to answer.
    const { body } = await h.api('POST', '/api/push/transfer', {
      body: {
        session_id: sid,
        endgrate_type: 'crm-deal',
        transfer_data: [
          {
            internal_id: 'deal-k1',
            data: { name: 'Deal of a dead worker', pipeline_id: 'default', stage_id: 'qualifiedtobuy' },
            associations: {
              'crm-note': [{ internal_id: 'note-k1', data: { content: 'Kept after the crash' } }, { data: { content: 'Nameless note' } }],
            },
          },
        ],
      },
    });
    const dead = workerKilledAt(hub, 'A5', (r) => r.method === 'POST' && r.url.includes('/objects/deals/batch/'));
    await dead();
    const deals = () =>
      hub
        .objects('deals')
        .list({ limit: 10_000 })
        .results.filter((d) => d.properties['dealname'] === 'Deal of a dead worker');
    await eventually(async () => (deals().length === 1 ? true : undefined), 10_000, 'the deal batch to be written');
    const notesOf = (dealId: string) =>
      hub
        .objects('notes')
        .list({ limit: 10_000 })
        .results.filter((n) => (n.links['deals'] ?? []).some((l) => l.id === dealId))
        .map((n) => n.properties['hs_note_body'])
        .sort();
    const dealId = deals()[0]?.id as string;
    expect(notesOf(dealId)).toEqual([]);
    expect((await finishWith('B5', body.transfer_id)).status).toBe('completed');
    const results = (await h.api('GET', `/api/push/data?endgrate_type=crm-deal&transfer_id=${body.transfer_id}`)).body.transfer_data;
    expect(results).toMatchObject([{ internal_id: 'deal-k1', success: true, id: dealId }]);
    expect(notesOf(dealId)).toEqual(['Kept after the crash', 'Nameless note']);
    // The note's internal_id is the session's: pushing it again updates that note.
    const again = await h.api('POST', '/api/push/transfer', {
      body: { session_id: sid, endgrate_type: 'crm-note', transfer_data: [{ internal_id: 'note-k1', data: { content: 'Edited' } }] },
    });
    expect((await finishWith('C5', again.body.transfer_id)).status).toBe('completed');
    expect(notesOf(dealId)).toEqual(['Edited', 'Nameless note']);
  });

  const transferRow = (id: string) => h.services.database.db.selectFrom('transfers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('a pull resumes from its last stored page and ends with exactly the provider records', async () => {
    const account = h.sandbox.hubspot.account('crash-co');
    account.resetCounters();
    // Worker A dies as it asks for the 9th page of contacts.
    let pages = 0;
    const { body } = await h.api('POST', '/api/pull/transfer', { body: { session_id: sessionId, endgrate_type: 'crm-contact' } });
    const dead = workerKilledAt(account, 'A', (r) => r.method === 'GET' && r.url.includes('/objects/contacts?') && ++pages === 9);
    await dead();
    const atKill = await transferRow(body.transfer_id);
    expect(atKill.status).toBe('running');
    // 8 pages read: the 8th may or may not have been stored (the next page is fetched while one is stored).
    expect([700, 800]).toContain(atKill.item_count);
    const listsBefore = account.counters().byKind['list'] ?? 0;

    const b = startWorkerProcess(h, 'B');
    children.push(b);
    const done = await eventually(
      async () => {
        const t = await transferRow(body.transfer_id);
        return t.status === 'completed' || t.status === 'failed' ? t : undefined;
      },
      90_000,
      'worker B to finish the transfer',
    );
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
    // Worker A dies once its 4th batch has reached the provider.
    let batches = 0;
    const { body } = await h.api('POST', '/api/push/transfer', {
      body: { session_id: sessionId, endgrate_type: 'crm-contact', transfer_data: items },
    });
    const dead = workerKilledAt(account, 'A2', (r) => r.method === 'POST' && r.url.includes('/objects/contacts/batch/create') && ++batches === 4);
    await dead();
    expect((await transferRow(body.transfer_id)).batches_success).toBe(3);
    const b = startWorkerProcess(h, 'B2');
    children.push(b);
    const done = await eventually(
      async () => {
        const t = await transferRow(body.transfer_id);
        return t.status === 'completed' || t.status === 'failed' ? t : undefined;
      },
      90_000,
      'worker B to finish the push',
    );
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
    // One batch (the 4th, 100 records) was in flight when A died: the provider wrote it, B found it by reading.
    expect(unknown).toEqual([]);
    expect(succeeded.filter((r) => r.warnings?.includes(FOUND_BY_READ)).map((r) => r.index)).toEqual(Array.from({ length: 100 }, (_, i) => 300 + i));
    // Every success exists once at the provider; nothing was created twice.
    for (const r of succeeded) expect(account.contacts.get(r.id)?.properties['email']).toBe(`pushed.${r.index}@crash.example`);
    // Every record the provider wrote is reported with its id (a write whose answer was lost with worker A is found
    // by B's read of the provider); what stays unknown was never written.
    const created = account.contacts.count() - before;
    expect(created).toBe(succeeded.length);
    for (const r of unknown) expect(account.contacts.findByEmail(`pushed.${r.index}@crash.example`)).toBeUndefined();
    for (let i = 0; i < 1000; i++)
      expect(account.contacts.findByEmail(`pushed.${i}@crash.example`) !== undefined || unknown.some((u) => u.index === i)).toBe(true);
  });
});
