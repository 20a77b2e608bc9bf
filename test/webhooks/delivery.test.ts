/**
 * Delivery: retries with backoff after a failing receiver, giving up after the last attempt, a timeout per attempt,
 * the per-session order (an undelivered delivery holds back the next) versus `webhook_concurrency`, several workers
 * on one database, and the delivery log (paging, the exact body, sending again). Signatures are checked with the
 * standardwebhooks library.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { WeftWorker } from '../../src/compose.js';
import { backoff, type DeliverySummary, getDelivery, listDeliveries, purgeDeliveries, resendDelivery } from '../../src/webhooks/index.js';
import { describeEachDialect, eventually, type Harness, openEditLink, startHarness } from '../helpers/harness.js';
import { FAST_RETRIES, projectSecret, Receiver, verified } from './receiver.js';

describeEachDialect('webhook delivery', (dialect) => {
  let h: Harness;
  let rx: Receiver;
  let secret: string;
  beforeAll(async () => {
    h = await startHarness(dialect, {
      env: {
        WEFT_SANDBOX_CONTACTS: '300',
        WEFT_SANDBOX_COMPANIES: '3',
        ...FAST_RETRIES,
        WEFT_WEBHOOK_RETRY_BASE_MS: '200',
        WEFT_WEBHOOK_TIMEOUT_MS: '1000',
      },
    });
    rx = await Receiver.start();
    secret = await projectSecret(h);
  });
  afterAll(async () => {
    await h?.close();
    await rx?.close();
  });

  async function session(body: Record<string, unknown>, account = 'acme'): Promise<string> {
    const sid = (
      await h.api('POST', '/api/session/initiate', {
        body: { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }], ...body },
      })
    ).body.session_id as string;
    await h.connect(sid, account);
    return sid;
  }

  async function pull(sid: string, type = 'crm-company', extra: Record<string, unknown> = {}): Promise<string> {
    return (await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: type, ...extra } })).body.transfer_id as string;
  }

  async function log(query: { sessionId?: string; transferId?: string } = {}): Promise<DeliverySummary[]> {
    const out: DeliverySummary[] = [];
    let after: string | undefined;
    do {
      const page = await listDeliveries(h.services.database.db, h.projectId, { limit: 3, after, ...query });
      out.push(...page.deliveries);
      after = page.next ?? undefined;
    } while (after);
    return out;
  }

  it('retries a delivery the receiver refused twice, with the same id and body, each attempt signed anew', async () => {
    rx.fail('/retry', 2, 500);
    const sid = await session({ completed_webhook: { url: rx.url('/retry') } });
    const transferId = await pull(sid);
    await eventually(async () => (rx.accepted('/retry').length ? true : undefined));
    const attempts = rx.of('/retry');
    expect(attempts.map((a) => a.answered)).toEqual([500, 500, 200]);
    expect(new Set(attempts.map((a) => a.headers['webhook-id'])).size).toBe(1);
    expect(new Set(attempts.map((a) => a.text)).size).toBe(1);
    for (const a of attempts) expect(verified(secret, a)).toMatchObject({ transfer_id: transferId, success: true });
    const [entry] = await eventually(async () => {
      const e = await log({ transferId });
      return e[0]?.status === 'delivered' ? e : undefined;
    });
    expect(entry).toMatchObject({ kind: 'completed', status: 'delivered', attempts: 3, lastStatus: 200, lastError: null, url: rx.url('/retry') });
    expect(entry!.deliveredAt).toBeGreaterThanOrEqual(entry!.createdAt);
    expect(entry!.id).toBe(attempts[0]!.headers['webhook-id']);
  });

  it('gives a delivery up after the last attempt, records why, and lets the next one of the session go', async () => {
    rx.fail('/down', 1000, 503);
    const sid = await session({ completed_webhook: { url: rx.url('/down') }, error_webhook: { url: rx.url('/after') } });
    const transferId = await pull(sid, 'crm-company', { synchronous: true });
    // The error webhook of a later (failed) transfer waits for the given-up delivery, then goes.
    h.sandbox.hubspot.account('acme').injectFault({ status: 400, count: 1 });
    const failed = await pull(sid, 'crm-company', { synchronous: true });
    const [after] = await eventually(async () => (rx.accepted('/after').length ? rx.accepted('/after') : undefined));
    const before = rx.of('/down').filter((r) => r.n < after!.n);
    expect(before.map((r) => [r.json.transfer_id, r.answered])).toEqual(Array.from({ length: 4 }, () => [transferId, 503]));
    const entries = await log({ sessionId: sid });
    const down = entries.filter((e) => e.url === rx.url('/down'));
    expect(down.find((e) => e.transferId === transferId)).toMatchObject({ status: 'failed', attempts: 4, lastStatus: 503, nextAttemptAt: null });
    expect(down.find((e) => e.transferId === transferId)!.lastError).toBe('HTTP 503: receiver says no (503)');
    // The receiver has answered; Weft records it a moment later.
    const after200 = await eventually(async () => {
      const e = (await log({ sessionId: sid })).find((x) => x.url === rx.url('/after'));
      return e?.status === 'delivered' ? e : undefined;
    });
    expect(after200).toMatchObject({ transferId: failed, kind: 'error', attempts: 1, lastStatus: 200 });
    rx.fail('/down', 0);
  });

  it('times an attempt out when the receiver does not answer', async () => {
    rx.hold('/silent');
    const sid = await session({ completed_webhook: { url: rx.url('/silent') } });
    const transferId = await pull(sid);
    const [entry] = await eventually(async () => {
      const e = await log({ transferId });
      return e[0]?.lastError ? e : undefined;
    });
    expect(entry).toMatchObject({ status: 'pending', lastStatus: null, lastError: 'No answer within 1000 ms.' });
    rx.release('/silent');
    await eventually(async () => ((await log({ transferId }))[0]?.status === 'delivered' ? true : undefined));
  });

  it('keeps the order of a session: a delivery that keeps failing holds back the next one', async () => {
    rx.fail('/ordered/data', 2, 500);
    const sid = await session({ data_webhook: { url: rx.url('/ordered/data') }, completed_webhook: { url: rx.url('/ordered/done') } });
    const transferId = await pull(sid);
    await eventually(async () => (rx.accepted('/ordered/done').length ? true : undefined));
    const data = rx.of('/ordered/data');
    expect(data.map((d) => d.answered)).toEqual([500, 500, 200]);
    // The completed webhook was due at once, yet it came only after the data chunk got through.
    expect(rx.accepted('/ordered/done')[0]!.n).toBeGreaterThan(data[2]!.n);
    expect(rx.accepted('/ordered/done')[0]!.json.transfer_id).toBe(transferId);
  });

  it('with webhook_concurrency, a later delivery does not wait for an earlier one', async () => {
    rx.hold('/concurrent/data');
    const sid = await session({
      webhook_concurrency: true,
      data_webhook: { url: rx.url('/concurrent/data') },
      completed_webhook: { url: rx.url('/concurrent/done') },
    });
    await pull(sid);
    // The data chunk is still unanswered while the completed webhook arrives. (Both are sent at once: the small
    // completed body can reach the receiver before the large data chunk does, so wait for both to have arrived.)
    await eventually(async () => (rx.accepted('/concurrent/done').length && rx.of('/concurrent/data').length ? true : undefined));
    expect(rx.of('/concurrent/data')).toHaveLength(1);
    expect(rx.of('/concurrent/data')[0]!.answered).toBe(0);
    rx.release('/concurrent/data');
    await eventually(async () => (rx.accepted('/concurrent/data').length ? true : undefined));
  });

  it('several workers on one database send each delivery once, in order per session', async () => {
    const extra = [1, 2].map(() => new WeftWorker(h.services, { ...h.config.worker }));
    for (const w of extra) w.start();
    try {
      const sessions = await Promise.all(
        [1, 2, 3].map((i) => session({ data_webhook: { url: rx.url(`/many/${i}/data`) }, completed_webhook: { url: rx.url(`/many/${i}/done`) } })),
      );
      await Promise.all(sessions.map((sid) => pull(sid, 'crm-contact')));
      await eventually(async () => ([1, 2, 3].every((i) => rx.accepted(`/many/${i}/done`).length) ? true : undefined));
      for (const i of [1, 2, 3]) {
        const data = rx.of(`/many/${i}/data`);
        expect(data.map((d) => d.answered).every((s) => s === 200)).toBe(true);
        expect(new Set(data.map((d) => d.headers['webhook-id'])).size).toBe(data.length);
        expect(data.flatMap((d) => d.json.transfer_data)).toHaveLength(300);
        // HubSpot pages hold 100 records: a chunk a page, the last one completed.
        expect(data.map((d) => d.json.completed)).toEqual([false, false, true]);
        expect(rx.of(`/many/${i}/done`)).toHaveLength(1);
        expect(rx.of(`/many/${i}/done`)[0]!.n).toBeGreaterThan(data.at(-1)!.n);
      }
    } finally {
      await Promise.all(extra.map((w) => w.stop()));
    }
  });

  it('configuration_webhook: only once the end user has made the choices, and again after an edit of them', async () => {
    const sid = (
      await h.api('POST', '/api/session/initiate', {
        body: {
          schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }],
          schema_selection: true,
          configuration_webhook: { url: rx.url('/edit/config') },
        },
      })
    ).body.session_id as string;
    await h.connect(sid, 'editing');
    // Connected, but the journey waits at schema selection: not configured, nothing to send.
    expect(await h.services.database.db.selectFrom('webhook_deliveries').select('id').where('session_id', '=', sid).execute()).toEqual([]);
    const choose = (pull: string[], cookie?: string) =>
      fetch(`${h.url}/session/schemas`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
        body: new URLSearchParams([['session_id', sid], ...pull.map((p): [string, string] => ['pull', p])]),
      });
    expect((await choose(['crm-contact'])).status).toBeLessThan(400);
    const [first] = await eventually(async () => (rx.accepted('/edit/config').length ? rx.accepted('/edit/config') : undefined));
    expect(first!.json.schemas['crm-contact'].selected).toEqual({ pull: true, push: false });
    expect(first!.json.schemas['crm-company'].selected).toEqual({ pull: false, push: false });

    // An edit: through a link the API mints (the plain link cannot change a configured session).
    expect((await choose(['crm-contact', 'crm-company'])).status).toBe(403);
    const cookie = await openEditLink(h, sid, 'edit');
    expect((await fetch(`${h.url}/session/edit?session_id=${sid}`, { redirect: 'manual', headers: { cookie } })).status).toBe(303);
    expect((await choose(['crm-contact', 'crm-company'], cookie)).status).toBeLessThan(400);
    const [, second] = await eventually(async () => (rx.accepted('/edit/config').length === 2 ? rx.accepted('/edit/config') : undefined));
    expect(second!.json.schemas['crm-company'].selected).toEqual({ pull: true, push: false });
    expect(second!.json).toEqual({ ...(await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body, metadata: {} });
    expect(second!.headers['webhook-id']).not.toBe(first!.headers['webhook-id']);
  });

  it('a push with no valid item reports at once: its errors, its refused items, then completed', async () => {
    const sid = await session({
      data_webhook: { url: rx.url('/invalid/data') },
      completed_webhook: { url: rx.url('/invalid/done') },
      error_webhook: { url: rx.url('/invalid/errors') },
    });
    const res = await h.api('POST', '/api/push/transfer', {
      body: {
        session_id: sid,
        endgrate_type: 'crm-contact',
        transfer_data: [{ data: { first_name: 1 } }, { internal_id: 'x', data: { nope: true } }],
      },
    });
    const transferId = res.body.transfer_id as string;
    const [done] = await eventually(async () => (rx.accepted('/invalid/done').length ? rx.accepted('/invalid/done') : undefined));
    const [errors] = rx.accepted('/invalid/errors');
    const [data] = rx.accepted('/invalid/data');
    expect(done!.json).toMatchObject({ success: true, transfer_id: transferId, completed: true });
    expect(errors!.json.errors.map((e: any) => [e.index, e.error_type])).toEqual([
      [0, 'mapping'],
      [1, 'mapping'],
    ]);
    expect(data!.json).toMatchObject({ success: true, completed: true, transfer_errors: true });
    expect(data!.json.transfer_data).toEqual(
      (await h.api('GET', `/api/push/data?endgrate_type=crm-contact&transfer_id=${transferId}`)).body.transfer_data,
    );
    expect([errors!.n, data!.n, done!.n]).toEqual([errors!.n, data!.n, done!.n].sort((a, b) => a - b));
  });

  it('the delivery log: newest first in keyset pages, the exact body sent, and sending one again', async () => {
    const sid = await session({ data_webhook: { url: rx.url('/log/data') }, completed_webhook: { url: rx.url('/log/done') } });
    const transferId = await pull(sid, 'crm-contact');
    await eventually(async () => (rx.accepted('/log/done').length ? true : undefined));
    const entries = await eventually(async () => {
      const e = await log({ sessionId: sid });
      return e.every((x) => x.status === 'delivered') ? e : undefined;
    });
    // The last data chunk and the completed event are often written in the same millisecond, where the log (newest
    // first, then by id, random within a second) gives them no order: the kinds are compared as a set, the order below.
    expect(entries.map((e) => e.kind).sort()).toEqual(['completed', 'data', 'data', 'data']);
    const completed = entries.find((e) => e.kind === 'completed')!;
    const all = await log();
    expect(all.length).toBeGreaterThan(entries.length);
    const keys = all.map((e) => `${String(e.createdAt).padStart(16, '0')}.${e.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    expect(
      (await listDeliveries(h.services.database.db, h.projectId, { limit: 100, status: 'failed' })).deliveries.every((e) => e.status === 'failed'),
    ).toBe(true);

    const [done] = rx.accepted('/log/done');
    const stored = await getDelivery(h.services.database.db, h.projectId, completed.id);
    expect(stored!.body).toBe(done!.text);
    expect(await getDelivery(h.services.database.db, 'another-project', completed.id)).toBeUndefined();

    const again = await resendDelivery(h.services.database, h.projectId, completed.id);
    expect(again).toMatchObject({ ok: true, delivery: { status: 'pending', attempts: 0 } });
    await eventually(async () => (rx.accepted('/log/done').length === 2 ? true : undefined));
    const [, resent] = rx.accepted('/log/done');
    expect(resent!.text).toBe(done!.text);
    expect(resent!.headers['webhook-id']).toBe(done!.headers['webhook-id']);
    expect(verified(secret, resent!)).toMatchObject({ transfer_id: transferId });
    expect(await resendDelivery(h.services.database, h.projectId, '0123456789abcdef01234567')).toEqual({ ok: false, reason: 'not_found' });
  });

  it('a signature made with another secret does not verify', async () => {
    const [any] = rx.accepted('/log/done');
    const other = `whsec_${Buffer.from('another secret of 24 bytes').toString('base64')}`;
    expect(() => verified(other, any!)).toThrow();
    expect(() => verified(secret, { ...any!, text: any!.text.replace('true', 'false') })).toThrow();
  });

  it('forgets delivered and failed deliveries after the retention, never those still to send', async () => {
    const db = h.services.database.db;
    const count = async (statuses: string[]) =>
      Number(
        (
          await db
            .selectFrom('webhook_deliveries')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('status', 'in', statuses as never)
            .executeTakeFirstOrThrow()
        ).n,
      );
    // Once everything earlier tests made has been sent (or given up)…
    await eventually(async () => ((await count(['pending'])) === 0 ? true : undefined));
    const open = await count(['pending', 'held']);
    expect(await count(['delivered', 'failed'])).toBeGreaterThan(0);
    expect(await purgeDeliveries(db, Date.now() - 3_600_000)).toBe(0);
    const finished = await count(['delivered', 'failed']);
    expect(await purgeDeliveries(db, Date.now() + 3_600_000, 7)).toBe(finished);
    expect(await count(['delivered', 'failed'])).toBe(0);
    expect(await count(['pending', 'held'])).toBe(open);
  });

  it('backs off exponentially with jitter, up to the longest wait', () => {
    expect([1, 2, 3, 4].map((a) => backoff(a, 1000, 60_000, () => 0.5))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoff(20, 1000, 60_000, () => 0.5)).toBe(60_000);
    expect(backoff(3, 1000, 60_000, () => 0)).toBe(3200);
    expect(backoff(3, 1000, 60_000, () => 1)).toBe(4800);
  });
});
