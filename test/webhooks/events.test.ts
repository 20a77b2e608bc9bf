/**
 * The four webhooks against each provider's sandbox: configuration (when the end user finishes), data (pulled
 * records in chunks, push results), error (batched per step) and completed, at session and transfer level, with
 * metadata echoed and every request's signature checked by the standardwebhooks library.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { SEMANTIC_ADAPTERS } from '../conformance/adapters.js';
import { describeEachDialect, eventually, type Harness, startHarness } from '../helpers/harness.js';
import { FAST_RETRIES, projectSecret, type Received, Receiver, verified } from './receiver.js';

const CONTACTS = 600;

for (const adapter of SEMANTIC_ADAPTERS) {
  describeEachDialect(`${adapter.provider}: webhooks`, (dialect) => {
    let h: Harness;
    let rx: Receiver;
    let secret: string;
    beforeAll(async () => {
      h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: String(CONTACTS), WEFT_SANDBOX_COMPANIES: '5', ...FAST_RETRIES } });
      rx = await Receiver.start();
      secret = await projectSecret(h);
    });
    afterAll(async () => {
      await h?.close();
      await rx?.close();
    });

    async function initiate(body: Record<string, unknown>): Promise<string> {
      const res = await h.api('POST', '/api/session/initiate', {
        body: { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }], ...body },
      });
      expect(res.status).toBe(200);
      return res.body.session_id as string;
    }

    /** Every item of a finished transfer, as the API serves it. */
    async function items(kind: 'pull' | 'push', type: string, transferId: string): Promise<any[]> {
      const out: any[] = [];
      for (let offset = 0; ; offset += 250) {
        const page = (await h.api('GET', `/api/${kind}/data?endgrate_type=${type}&transfer_id=${transferId}&offset=${offset}`)).body;
        out.push(...page.transfer_data);
        if (!page.meta.next) return out;
      }
    }

    const forTransfer = (list: Received[], id: string) => list.filter((r) => r.json?.transfer_id === id);
    const checkAll = (list: Received[]) => {
      for (const r of list) expect(verified(secret, r)).toEqual(r.json);
    };

    it('configuration_webhook: once the end user finishes, the configuration document plus metadata', async () => {
      const path = `/${adapter.provider}/configured`;
      const sid = await initiate({ configuration_webhook: { endpoint: rx.url(path), metadata: { user_id: 1, plan: 'pro' } } });
      expect(rx.of(path)).toEqual([]);
      await adapter.connect(h, sid, `${adapter.provider}-config`);
      const [received] = await eventually(
        async () => (rx.accepted(path).length ? rx.accepted(path) : undefined),
        20_000,
        'the configuration webhook',
      );
      checkAll(rx.of(path));
      const document = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body;
      expect(received!.json).toEqual({ ...document, metadata: { user_id: 1, plan: 'pro' } });
      expect(received!.json.endgrate.provider).toBe(adapter.provider);
      expect(received!.headers['content-type']).toBe('application/json');
      expect(received!.headers['webhook-id']).toMatch(/^[0-9a-f]{24}$/);
    });

    it('data_webhook and completed_webhook of a session: every pulled record in chunks of at most 250, completed on the last', async () => {
      const sid = await initiate({
        data_webhook: { url: rx.url(`/${adapter.provider}/data`), metadata: { tenant: 'a' } },
        completed_webhook: { endpoint: rx.url(`/${adapter.provider}/done`), metadata: { tenant: 'a', n: 2 } },
      });
      await adapter.connect(h, sid, `${adapter.provider}-data`);
      const transferId = (await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact', synchronous: true } }))
        .body.transfer_id;
      const [done] = await eventually(async () => {
        const got = forTransfer(rx.accepted(`/${adapter.provider}/done`), transferId);
        return got.length ? got : undefined;
      });
      expect(done!.json).toEqual({
        success: true,
        transfer_id: transferId,
        session_id: sid,
        metadata: { tenant: 'a', n: 2 },
        endgrate: { endgrate_type: 'crm-contact' },
        completed: true,
      });
      const chunks = forTransfer(rx.accepted(`/${adapter.provider}/data`), transferId);
      checkAll([...chunks, done!]);
      // Ordered: every data chunk arrived before the completed webhook, and the last one says completed.
      expect(chunks.every((c) => c.n < done!.n)).toBe(true);
      expect(chunks.map((c) => c.json.completed)).toEqual([...chunks.slice(1).map(() => false), true]);
      for (const c of chunks) {
        expect(c.json.transfer_data.length).toBeLessThanOrEqual(250);
        expect(c.json).toMatchObject({
          success: true,
          transfer_id: transferId,
          session_id: sid,
          metadata: { tenant: 'a' },
          endgrate: { endgrate_type: 'crm-contact' },
          transfer_errors: false,
        });
      }
      expect(new Set(chunks.map((c) => c.headers['webhook-id'])).size).toBe(chunks.length);
      const sent = chunks.flatMap((c) => c.json.transfer_data);
      expect(sent).toHaveLength(CONTACTS);
      expect(sent).toEqual(await items('pull', 'crm-contact', transferId));
    });

    it('webhooks given with a transfer replace the session ones of the same kind, for that transfer only', async () => {
      const base = `/${adapter.provider}/override`;
      const sid = await initiate({
        data_webhook: { url: rx.url(`${base}/session-data`) },
        completed_webhook: { url: rx.url(`${base}/session-done`), metadata: { from: 'session' } },
      });
      await adapter.connect(h, sid, `${adapter.provider}-override`);
      const own = (
        await h.api('POST', '/api/pull/transfer', {
          body: {
            session_id: sid,
            endgrate_type: 'crm-company',
            synchronous: true,
            data_webhook: { url: rx.url(`${base}/transfer-data`), metadata: { from: 'transfer' } },
          },
        })
      ).body.transfer_id;
      const plain = (await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-company', synchronous: true } })).body
        .transfer_id;
      await eventually(async () => (forTransfer(rx.accepted(`${base}/session-done`), plain).length ? true : undefined));
      // Both completed webhooks went to the session's; they come after every data chunk of their session.
      const done = rx.accepted(`${base}/session-done`);
      expect(done.map((d) => d.json.transfer_id).sort()).toEqual([own, plain].sort());
      expect(done.every((d) => d.json.metadata.from === 'session')).toBe(true);
      const ownData = rx.accepted(`${base}/transfer-data`);
      expect(ownData.map((d) => d.json.transfer_id)).toEqual([own]);
      expect(ownData[0]!.json).toMatchObject({
        metadata: { from: 'transfer' },
        completed: true,
        transfer_data: await items('pull', 'crm-company', own),
      });
      expect(ownData[0]!.json.transfer_data).toHaveLength(5);
      const sessionData = rx.accepted(`${base}/session-data`);
      expect(sessionData.map((d) => d.json.transfer_id)).toEqual([plain]);
      expect(sessionData[0]!.json.metadata).toEqual({});
      checkAll([...done, ...ownData, ...sessionData]);
    });

    it('a push: invalid items and refused records reach the error webhook batched per step; results reach the data webhook', async () => {
      const base = `/${adapter.provider}/push`;
      const account = `${adapter.provider}-push`;
      const sid = await initiate({ error_webhook: { url: rx.url(`${base}/errors`), metadata: { k: 1 } } });
      await adapter.connect(h, sid, account);
      const refused = adapter.refusedContact(h, account);
      const invalid = Array.from({ length: 1000 }, (_, i) => ({ internal_id: `bad-${i}`, data: { first_name: 42 } }));
      const good = [
        { internal_id: 'good-1', data: { first_name: 'Ada', last_name: 'Lovelace' } },
        { internal_id: 'good-2', data: { first_name: 'Grace', last_name: 'Hopper' } },
      ];
      const res = await h.api('POST', '/api/push/transfer', {
        body: {
          session_id: sid,
          endgrate_type: 'crm-contact',
          synchronous: true,
          transfer_data: [...good, ...invalid, { internal_id: 'refused', data: refused.data }],
          data_webhook: { endpoint: rx.url(`${base}/data`), metadata: { k: 2 } },
          completed_webhook: { url: rx.url(`${base}/done`) },
        },
      });
      const transferId = res.body.transfer_id as string;
      const [done] = await eventually(async () => (rx.accepted(`${base}/done`).length ? rx.accepted(`${base}/done`) : undefined));
      expect(done!.json).toMatchObject({ success: true, transfer_id: transferId, completed: true, metadata: {} });

      const logged = (await h.api('GET', `/api/errors?transfer_id=${transferId}&limit=250`)).body;
      expect(logged.meta.count).toBe(1001);
      const allLogged: any[] = [];
      for (let offset = 0; offset < 1001; offset += 250) {
        allLogged.push(...(await h.api('GET', `/api/errors?transfer_id=${transferId}&limit=250&offset=${offset}`)).body.errors);
      }
      const bodies = rx.accepted(`${base}/errors`);
      // 1,000 invalid items in four bodies of at most 250 (one step), the provider's refusal in one more.
      expect(bodies).toHaveLength(5);
      const reported = bodies.flatMap((b) => b.json.errors);
      expect(reported).toHaveLength(1001);
      const byPk = new Map(allLogged.map((e) => [e.pk, e]));
      for (const e of reported) expect(e).toEqual(byPk.get(e.pk));
      for (const b of bodies) {
        expect(b.json.errors.length).toBeLessThanOrEqual(250);
        expect(b.json).toEqual({ success: true, ...b.json.errors[0], metadata: { k: 1 }, errors: b.json.errors });
      }
      expect(reported.filter((e) => e.error_type === 'mapping')).toHaveLength(1000);
      const upstream = reported.find((e) => e.error_type === 'upstream');
      expect(upstream).toMatchObject({ internal_id: 'refused', index: 1002 });
      expect(upstream.error_resolve_text).toMatch(refused.error);

      const data = forTransfer(rx.accepted(`${base}/data`), transferId);
      expect(data.at(-1)!.json.completed).toBe(true);
      expect(data.every((d) => d.json.transfer_errors === true && d.json.metadata.k === 2)).toBe(true);
      const results = data.flatMap((d) => d.json.transfer_data).sort((a, b) => a.index - b.index);
      expect(results).toEqual(await items('push', 'crm-contact', transferId));
      expect(results.filter((r) => r.success).map((r) => r.internal_id)).toEqual(['good-1', 'good-2']);
      checkAll([...bodies, ...data, done!]);
    });

    it("a failed pull: the error (to the transfer's error webhook), then the last data chunk with success false, then completed with success false", async () => {
      const base = `/${adapter.provider}/failed`;
      const account = `${adapter.provider}-failed`;
      const sid = await initiate({
        data_webhook: { url: rx.url(`${base}/data`) },
        error_webhook: { url: rx.url(`${base}/session-errors`) },
        completed_webhook: { url: rx.url(`${base}/done`) },
      });
      await adapter.connect(h, sid, account);
      adapter.injectFault(h, account, { status: 400, count: 1 });
      const res = (
        await h.api('POST', '/api/pull/transfer', {
          body: {
            session_id: sid,
            endgrate_type: 'crm-contact',
            synchronous: true,
            error_webhook: { endpoint: rx.url(`${base}/errors`), metadata: { e: 1 } },
          },
        })
      ).body;
      expect(res.success).toBe(false);
      await eventually(async () => (rx.accepted(`${base}/done`).length ? true : undefined));
      const [error] = rx.accepted(`${base}/errors`);
      const [data] = rx.accepted(`${base}/data`);
      const [done] = rx.accepted(`${base}/done`);
      expect(error!.json).toMatchObject({
        success: true,
        transfer_id: res.transfer_id,
        session_id: sid,
        error_type: 'upstream',
        resolved: false,
        metadata: { e: 1 },
      });
      // The transfer's error webhook replaced the session's.
      expect(rx.of(`${base}/session-errors`)).toEqual([]);
      expect(data!.json).toEqual({
        success: false,
        transfer_id: res.transfer_id,
        session_id: sid,
        metadata: {},
        endgrate: { endgrate_type: 'crm-contact' },
        completed: true,
        transfer_errors: true,
        transfer_data: [],
      });
      expect(done!.json).toMatchObject({ success: false, transfer_id: res.transfer_id, completed: true });
      expect([error!.n, data!.n, done!.n]).toEqual([...[error!.n, data!.n, done!.n]].sort((a, b) => a - b));
      checkAll([error!, data!, done!]);
    });
  });
}
