/**
 * `Idempotency-Key` on POST /api/push/transfer: the same key and body within 24 hours give back the first transfer
 * and push nothing again; a different body is refused with 422; keys belong to their project. Against each
 * provider's sandbox.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { createApiKey, ensureProject } from '../../src/projects/index.js';
import { IDEMPOTENCY_TTL_MS } from '../../src/transfers/idempotency.js';
import { SEMANTIC_ADAPTERS } from '../conformance/adapters.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

for (const adapter of SEMANTIC_ADAPTERS) {
  describeEachDialect(`${adapter.provider}: idempotent pushes`, (dialect) => {
    let h: Harness;
    let sid: string;
    const account = `${adapter.provider}-idem`;
    beforeAll(async () => {
      h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '10', WEFT_SANDBOX_COMPANIES: '2' } });
      sid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).body.session_id;
      await adapter.connect(h, sid, account);
    });
    afterAll(async () => h?.close());

    const body = (names: string[], extra: Record<string, unknown> = {}) => ({
      session_id: sid,
      endgrate_type: 'crm-contact',
      transfer_data: names.map((n) => ({ data: { first_name: 'Idem', last_name: n } })),
      synchronous: true,
      ...extra,
    });
    const post = (payload: unknown, key?: string, apiKey?: string) =>
      h.api('POST', '/api/push/transfer', {
        body: payload,
        headers: key === undefined ? {} : { 'idempotency-key': key },
        ...(apiKey ? { key: apiKey } : {}),
      });

    it('gives back the first transfer for the same key and body, and pushes nothing again', async () => {
      const before = adapter.contactIds(h, account).length;
      const first = await post(body(['One', 'Two']), 'key-1');
      expect(first.status).toBe(200);
      expect(first.body.success).toBe(true);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(adapter.contactIds(h, account).length).toBe(before + 2);

      // The same body with its keys in another order and other spacing is the same body.
      const reordered = JSON.parse(
        JSON.stringify({ synchronous: true, transfer_data: body(['One', 'Two']).transfer_data, endgrate_type: 'crm-contact', session_id: sid }),
      );
      for (const again of [await post(body(['One', 'Two']), 'key-1'), await post(reordered, 'key-1')]) {
        expect(again.status).toBe(200);
        expect(again.body).toEqual(first.body);
        expect(again.headers['idempotent-replayed']).toBe('true');
      }
      expect(adapter.contactIds(h, account).length).toBe(before + 2);

      // Without a key, or with another key, the same body is pushed again.
      const other = await post(body(['One', 'Two']), 'key-2');
      expect(other.body.transfer_id).not.toBe(first.body.transfer_id);
      expect(adapter.contactIds(h, account).length).toBe(before + 4);
    });

    it('refuses the same key with a different body (422), and stores nothing', async () => {
      await post(body(['Three']), 'key-3');
      const count = adapter.contactIds(h, account).length;
      const transfers = await h.services.database.db
        .selectFrom('transfers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const res = await post(body(['Four']), 'key-3');
      expect(res.status).toBe(422);
      expect(res.body).toEqual({
        success: false,
        code: 'WEFT_ERR_IDEMPOTENCY_MISMATCH',
        message: 'This Idempotency-Key was used in the last 24 hours with a different request body; use a new key for a different push.',
        errors: { 'Idempotency-Key': 'was used with a different body' },
      });
      // `synchronous` is part of the body too.
      expect((await post(body(['Three'], { synchronous: false }), 'key-3')).status).toBe(422);
      expect(adapter.contactIds(h, account).length).toBe(count);
      const after = await h.services.database.db
        .selectFrom('transfers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(transfers.n));
    });

    it('refuses a malformed key with 400', async () => {
      for (const key of ['', ' ', 'x'.repeat(256), 'clé']) {
        const res = await post(body(['Bad']), key);
        expect(res.status).toBe(400);
        expect(res.body).toEqual({
          success: false,
          code: 'WEFT_ERR_IDEMPOTENCY_KEY_INVALID',
          message: 'The Idempotency-Key header must be 1 to 255 visible ASCII characters.',
          errors: { 'Idempotency-Key': 'must be 1 to 255 visible ASCII characters' },
        });
      }
    });

    it('answers concurrent requests with one key with one transfer, pushed once', async () => {
      const before = adapter.contactIds(h, account).length;
      const answers = await Promise.all(Array.from({ length: 6 }, () => post(body(['Race']), 'key-race')));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(new Set(answers.map((a) => a.body.transfer_id)).size).toBe(1);
      expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(5);
      expect(adapter.contactIds(h, account).length).toBe(before + 1);
    });

    it("keeps keys per project: another project's same key is its own", async () => {
      const project = await ensureProject(h.services.database.db, `other-${adapter.provider}`);
      const otherKey = (await createApiKey(h.services.database.db, project.id, 'other')).key;
      const otherSid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] }, key: otherKey })).body
        .session_id;
      await adapter.connect(h, otherSid, account);
      const mine = await post(body(['Mine']), 'shared-key');
      const theirs = await post({ ...body(['Mine']), session_id: otherSid }, 'shared-key', otherKey);
      expect(theirs.status).toBe(200);
      expect(theirs.headers['idempotent-replayed']).toBeUndefined();
      expect(theirs.body.transfer_id).not.toBe(mine.body.transfer_id);
      // The other project's key cannot replay this project's transfer either: its own body differs (another session).
      expect((await post(body(['Mine']), 'shared-key', otherKey)).status).toBe(422);
    });

    it('forgets a key after 24 hours: the same request then pushes again, and upkeep purges old keys', async () => {
      const before = adapter.contactIds(h, account).length;
      const first = await post(body(['Old']), 'key-old');
      const db = h.services.database.db;
      await db
        .updateTable('idempotency_keys')
        .set({ created_at: Date.now() - IDEMPOTENCY_TTL_MS - 1000 })
        .where('key', '=', 'key-old')
        .execute();
      const again = await post(body(['Old']), 'key-old');
      expect(again.body.transfer_id).not.toBe(first.body.transfer_id);
      expect(again.headers['idempotent-replayed']).toBeUndefined();
      expect(adapter.contactIds(h, account).length).toBe(before + 2);

      await db
        .updateTable('idempotency_keys')
        .set({ created_at: Date.now() - IDEMPOTENCY_TTL_MS - 1000 })
        .where('key', '=', 'key-old')
        .execute();
      if (!h.worker) throw new Error('the harness runs no worker');
      await h.worker.upkeep();
      const left = await db.selectFrom('idempotency_keys').select('key').where('key', '=', 'key-old').execute();
      expect(left).toEqual([]);
      expect((await db.selectFrom('idempotency_keys').select('key').where('key', '=', 'key-1').execute()).length).toBe(1);
    });
  });
}
