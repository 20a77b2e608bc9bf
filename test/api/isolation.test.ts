import { afterAll, beforeAll, expect, it } from 'vitest';

import { createApiKey, ensureProject, revokeApiKey } from '../../src/projects/index.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const SCHEMAS = { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }] };
const UNAUTHORIZED = { success: false, code: 'WEFT_ERR_UNAUTHORIZED', message: 'Invalid or missing API key.', errors: {} };

describeEachDialect('API keys and project isolation', (dialect) => {
  let h: Harness;
  let otherKey: string;
  let sessionId: string;
  let pullId: string;
  let pushId: string;
  beforeAll(async () => {
    h = await startHarness(dialect);
    const other = await ensureProject(h.services.database.db, 'other-team');
    otherKey = (await createApiKey(h.services.database.db, other.id)).key;
    sessionId = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id;
    await h.connect(sessionId, 'isolated');
    pullId = (await h.api('POST', '/api/pull/transfer', { body: { session_id: sessionId, endgrate_type: 'crm-company', synchronous: true } })).body
      .transfer_id;
    pushId = (
      await h.api('POST', '/api/push/transfer', {
        body: { session_id: sessionId, endgrate_type: 'crm-company', synchronous: true, transfer_data: [{ data: { name: 3 } }] },
      })
    ).body.transfer_id;
  });
  afterAll(async () => h?.close());

  it('refuses requests without a valid key with 401', async () => {
    for (const key of [null, 'weft_sk_nope', '', 'Bearer', 'x'.repeat(500)]) {
      const res = await h.api('POST', '/api/session/initiate', { body: SCHEMAS, key, ...(key === '' ? { headers: { authorization: '' } } : {}) });
      expect(res.status).toBe(401);
      expect(res.body).toEqual(UNAUTHORIZED);
    }
  });

  it('accepts the key as "Bearer KEY" and as a bare "KEY"', async () => {
    const bare = await h.api('POST', '/api/session/initiate', { body: SCHEMAS, key: null, headers: { authorization: h.key } });
    expect(bare.status).toBe(200);
    const lower = await h.api('POST', '/api/session/initiate', { body: SCHEMAS, key: null, headers: { authorization: `bearer ${h.key}` } });
    expect(lower.status).toBe(200);
  });

  it('stores keys only as hashes, and a revoked key stops working', async () => {
    const project = await ensureProject(h.services.database.db, 'default');
    const created = await createApiKey(h.services.database.db, project.id, 'temp');
    const rows = await h.services.database.db.selectFrom('api_keys').selectAll().execute();
    for (const row of rows) expect(JSON.stringify(row)).not.toContain(created.key);
    expect((await h.api('GET', '/api/errors', { key: created.key })).status).toBe(200);
    expect(await revokeApiKey(h.services.database.db, project.id, created.id)).toBe(true);
    expect((await h.api('GET', '/api/errors', { key: created.key })).body).toEqual(UNAUTHORIZED);
  });

  it("never lets one project's key read, change or delete another project's data", async () => {
    const invalidSession = { success: false, code: 'WEFT_ERR_INVALID_SESSION', message: 'Invalid or expired session.', errors: {} };
    const invalidTransfer = { success: false, code: 'WEFT_ERR_INVALID_TRANSFER', message: 'Invalid or expired transfer.', errors: {} };
    const attempts: Array<[string, string, unknown, unknown]> = [
      ['GET', `/api/session/configuration?session_id=${sessionId}`, undefined, invalidSession],
      ['POST', '/api/session/delete', { session_id: sessionId }, invalidSession],
      ['POST', '/api/pull/transfer', { session_id: sessionId, endgrate_type: 'crm-contact' }, invalidSession],
      [
        'POST',
        '/api/push/transfer',
        { session_id: sessionId, endgrate_type: 'crm-company', transfer_data: [{ data: { name: 'Intruder' } }] },
        invalidSession,
      ],
      ['POST', '/api/schemas', { session_id: sessionId, data: [{ endgrate_type: 'crm-contact', associations: true }] }, invalidSession],
      ['GET', `/api/pull/data?endgrate_type=crm-company&transfer_id=${pullId}`, undefined, invalidTransfer],
      ['GET', `/api/push/data?endgrate_type=crm-company&transfer_id=${pushId}`, undefined, invalidTransfer],
    ];
    for (const [method, url, body, expected] of attempts) {
      const res = await h.api(method, url, { key: otherKey, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${url}`).toBe(404);
      expect(res.body).toEqual(expected);
    }
    const errors = await h.api('GET', `/api/errors?session_id=${sessionId}`, { key: otherKey });
    expect(errors.body).toEqual({ success: true, meta: { count: 0 }, errors: [] });
    // The owner still sees everything, untouched.
    expect((await h.api('GET', `/api/session/configuration?session_id=${sessionId}`)).status).toBe(200);
    expect((await h.api('GET', `/api/errors?session_id=${sessionId}`)).body.meta.count).toBe(1);
    expect(await h.services.database.db.selectFrom('transfers').select('id').where('session_id', '=', sessionId).execute()).toHaveLength(2);
  });

  it('deletes everything under a session: transfers, data, credentials and errors', async () => {
    const sid = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id;
    await h.connect(sid, 'doomed');
    const t = (await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact', synchronous: true } })).body
      .transfer_id;
    await h.api('POST', '/api/push/transfer', {
      body: { session_id: sid, endgrate_type: 'crm-company', synchronous: true, transfer_data: [{ data: { name: 7 } }] },
    });
    const db = h.services.database.db;
    expect((await db.selectFrom('credentials').select('session_id').where('session_id', '=', sid).execute()).length).toBe(1);
    expect((await h.api('POST', '/api/session/delete', { body: { session_id: sid } })).status).toBe(200);
    expect(await db.selectFrom('credentials').selectAll().where('session_id', '=', sid).execute()).toEqual([]);
    expect(await db.selectFrom('errors').selectAll().where('session_id', '=', sid).execute()).toEqual([]);
    expect(await db.selectFrom('transfers').selectAll().where('session_id', '=', sid).execute()).toEqual([]);
    expect(await db.selectFrom('oauth_states').selectAll().where('session_id', '=', sid).execute()).toEqual([]);
    expect((await h.api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${t}`)).status).toBe(404);
    // The stored records are purged by a background job.
    for (let i = 0; i < 200; i++) {
      const left = await db.selectFrom('transfer_items').select('seq').where('transfer_id', '=', t).limit(1).execute();
      if (!left.length) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await db.selectFrom('transfer_items').select('seq').where('transfer_id', '=', t).execute()).toEqual([]);
  });

  it('serves integrations and statistics without a key', async () => {
    const integrations = await h.api('GET', '/api/integrations?category=CRM', { key: null });
    expect(integrations.status).toBe(200);
    expect(integrations.body.providers.map((p: any) => p.provider.name)).toContain('hubspot');
    const stats = await h.api('GET', `/api/statistics?transfer_id=${pullId}`, { key: null });
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ method: 'IMPORT', completed: true, statistics: { 'crm-company': { records: 200 } } });
  });
});
