/**
 * `data_webhook.continuous`: once the session is configured, Weft pulls each of its pull schemas every interval by
 * itself (shortened here) and sends the data to the data webhook; with `sync`, only what changed. Against each
 * provider's sandbox. The schedule lives in the database: one round per interval whatever the number of workers,
 * it survives a worker's restart, and it ends with the session.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { WeftWorker } from '../../src/compose.js';
import { claimDueRounds } from '../../src/transfers/continuous.js';
import { SEMANTIC_ADAPTERS } from '../conformance/adapters.js';
import { describeEachDialect, eventually, type Harness, startHarness } from '../helpers/harness.js';
import { FAST_RETRIES, projectSecret, type Received, Receiver, verified } from './receiver.js';

const INTERVAL = 1500;

for (const adapter of SEMANTIC_ADAPTERS) {
  describeEachDialect(`${adapter.provider}: continuous pulls`, (dialect) => {
    let h: Harness;
    let rx: Receiver;
    beforeAll(async () => {
      h = await startHarness(dialect, {
        env: { WEFT_SANDBOX_CONTACTS: '120', WEFT_SANDBOX_COMPANIES: '4', WEFT_CONTINUOUS_PULL_INTERVAL_MS: String(INTERVAL), ...FAST_RETRIES },
      });
      rx = await Receiver.start();
    });
    afterAll(async () => {
      await h?.close();
      await rx?.close();
    });

    /** The last data chunks (completed: true) received so far for a type, in order. */
    const finals = (path: string, type: string): Received[] =>
      rx.accepted(path).filter((r) => r.json.endgrate.endgrate_type === type && r.json.completed === true);
    /** All records of the transfer a final chunk ends. */
    const recordsOf = (path: string, final: Received): any[] =>
      rx
        .accepted(path)
        .filter((r) => r.json.transfer_id === final.json.transfer_id)
        .flatMap((r) => r.json.transfer_data);

    it('pulls every schema at once and then every interval, sending only what changed (sync) to the data webhook', async () => {
      const account = `${adapter.provider}-continuous`;
      const path = `/${adapter.provider}/continuous`;
      const sid = (
        await h.api('POST', '/api/session/initiate', {
          body: {
            schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }],
            sync: true,
            save_session: true,
            data_webhook: { url: rx.url(path), continuous: true, metadata: { tenant: 7 } },
          },
        })
      ).body.session_id as string;
      await adapter.connect(h, sid, account);

      // First round, at once: everything, as ADDED.
      const [contacts] = await eventually(async () => (finals(path, 'crm-contact').length ? finals(path, 'crm-contact') : undefined));
      const [companies] = await eventually(async () => (finals(path, 'crm-company').length ? finals(path, 'crm-company') : undefined));
      expect(recordsOf(path, contacts!)).toHaveLength(120);
      expect(recordsOf(path, companies!)).toHaveLength(4);
      expect(new Set(recordsOf(path, contacts!).map((r) => r.sync_status))).toEqual(new Set(['ADDED']));
      expect(contacts!.json).toMatchObject({ success: true, session_id: sid, metadata: { tenant: 7 }, completed: true });
      const secret = await projectSecret(h);
      for (const r of rx.accepted(path)) expect(verified(secret, r)).toEqual(r.json);

      // Later rounds report exactly what changed in the provider behind Weft's back, each change once (a round
      // that was reading while the records changed may see part of it; the next one sees the rest).
      const { added, changed, removed } = adapter.mutate(h, account, { add: 2, change: 1, remove: 1 });
      const laterRounds = () => finals(path, 'crm-contact').filter((f) => f.json.transfer_id !== contacts!.json.transfer_id);
      const changes = await eventually(
        async () => {
          const all = laterRounds().flatMap((f) => recordsOf(path, f));
          return all.length >= 4 ? all : undefined;
        },
        30_000,
        'rounds with the changes',
      );
      const by = (status: string) =>
        changes
          .filter((i) => i.sync_status === status)
          .map((i) => i.id)
          .sort();
      expect(by('ADDED')).toEqual([...added].sort());
      expect(by('UPDATED')).toEqual([...changed].sort());
      expect(by('DELETED')).toEqual([...removed].sort());
      expect(changes).toHaveLength(4);
      const later = laterRounds().at(-1)!;

      // Weft started these pulls itself: they are transfers of the session like any other.
      const transfers = await h.services.database.db.selectFrom('transfers').select(['id', 'endgrate_type']).where('session_id', '=', sid).execute();
      expect(transfers.filter((t) => t.endgrate_type === 'crm-contact').length).toBeGreaterThanOrEqual(2);
      expect(transfers.map((t) => t.id)).toContain(later.json.transfer_id);

      // Deleting the session ends its schedule.
      expect((await h.api('POST', '/api/session/delete', { body: { session_id: sid } })).status).toBe(200);
      const schedule = await h.services.database.db.selectFrom('continuous_pulls').selectAll().where('session_id', '=', sid).execute();
      expect(schedule).toEqual([]);
      expect(await claimDueRounds(h.services.database, INTERVAL, Date.now() + 3_600_000)).toBe(0);
    });

    it('a session without continuous is never pulled by Weft', async () => {
      const sid = (
        await h.api('POST', '/api/session/initiate', {
          body: { schema: [{ endgrate_type: 'crm-company' }], data_webhook: { url: rx.url('/not-continuous') } },
        })
      ).body.session_id as string;
      await adapter.connect(h, sid, `${adapter.provider}-not-continuous`);
      const rows = await h.services.database.db.selectFrom('continuous_pulls').selectAll().where('session_id', '=', sid).execute();
      expect(rows).toEqual([]);
    });
  });
}

describeEachDialect('continuous pulls: the schedule', (dialect) => {
  let h: Harness;
  let rx: Receiver;
  beforeAll(async () => {
    h = await startHarness(dialect, {
      env: { WEFT_SANDBOX_CONTACTS: '20', WEFT_SANDBOX_COMPANIES: '2', WEFT_CONTINUOUS_PULL_INTERVAL_MS: String(INTERVAL), ...FAST_RETRIES },
      worker: false,
    });
    rx = await Receiver.start();
  });
  afterAll(async () => {
    await h?.close();
    await rx?.close();
  });

  async function continuousSession(account: string): Promise<string> {
    const sid = (
      await h.api('POST', '/api/session/initiate', {
        body: { schema: [{ endgrate_type: 'crm-company' }], save_session: true, data_webhook: { url: rx.url(`/${account}`), continuous: true } },
      })
    ).body.session_id as string;
    await h.connect(sid, account);
    return sid;
  }

  it('starts one round per interval however many workers claim at once', async () => {
    const sid = await continuousSession('claims');
    const now = Date.now();
    const claims = await Promise.all([1, 2, 3, 4].map(() => claimDueRounds(h.services.database, INTERVAL, now)));
    expect(claims.reduce((a, b) => a + b, 0)).toBe(1);
    // Not again before the interval has passed; once more after it.
    expect(await claimDueRounds(h.services.database, INTERVAL, now + INTERVAL - 1)).toBe(0);
    const later = await Promise.all([1, 2, 3].map(() => claimDueRounds(h.services.database, INTERVAL, now + INTERVAL)));
    expect(later.reduce((a, b) => a + b, 0)).toBe(1);
    const jobs = await h.services.database.db.selectFrom('jobs').select('payload').where('kind', '=', 'webhooks.continuous').execute();
    expect(jobs.map((j) => JSON.parse(j.payload).sessionId)).toEqual([sid, sid]);
    await h.services.database.db.deleteFrom('jobs').where('kind', '=', 'webhooks.continuous').execute();
    await h.api('POST', '/api/session/delete', { body: { session_id: sid } });
  });

  it('survives a restart: the schedule is in the database, and a new worker carries on with it', async () => {
    const sid = await continuousSession('restart');
    const pulls = async () =>
      (await h.services.database.db.selectFrom('transfers').select('id').where('session_id', '=', sid).where('status', '=', 'completed').execute())
        .length;
    let worker = new WeftWorker(h.services, { ...h.config.worker });
    worker.start();
    await eventually(async () => ((await pulls()) >= 1 ? true : undefined));
    await worker.stop();
    const before = await pulls();
    worker = new WeftWorker(h.services, { ...h.config.worker });
    worker.start();
    try {
      await eventually(async () => ((await pulls()) > before ? true : undefined), 20_000, 'a round after the restart');
      // Its data reaches the webhook like the first round's.
      await eventually(async () => (rx.accepted('/restart').filter((r) => r.json.completed).length >= 2 ? true : undefined));
    } finally {
      await worker.stop();
    }
  });
});
