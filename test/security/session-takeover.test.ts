/**
 * Attack tests of session takeover (issue 10, item 1). The chain shown in the issue: a transfer id (in a statistics
 * link the end user or a log saw) → the session id → reconnect the session to an attacker's CRM account → the
 * developer's next push lands there. Each step is refused here.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey, ensureProject } from '../../src/projects/index.js';
import { describeEachDialect, startHarness, type Harness } from '../helpers/harness.js';

const SCHEMAS = { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }] };
const UNAUTHORIZED = { success: false, code: 'WEFT_ERR_UNAUTHORIZED', message: 'Invalid or missing API key.', errors: {} };

describeEachDialect('session takeover', (dialect) => {
  let h: Harness;
  let sessionId: string;
  let pushId: string;
  beforeAll(async () => {
    h = await startHarness(dialect);
    sessionId = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id;
    await h.connect(sessionId, 'victim-crm');
    pushId = (
      await h.api('POST', '/api/push/transfer', {
        body: {
          session_id: sessionId,
          endgrate_type: 'crm-company',
          synchronous: true,
          transfer_data: [
            { internal_id: 'cust-secret-7', data: { company_name: 'Acme', website: 'https://acme.example' } },
            { internal_id: 'cust-secret-8', data: { company_name: 'Bad', no_such_field: true } },
          ],
        },
      })
    ).body.transfer_id;
  });
  afterAll(async () => h?.close());

  it('step 1: a transfer id does not lead to the session id (API, statistics page, its live data)', async () => {
    const anonymous = await h.api('GET', `/api/statistics?transfer_id=${pushId}`, { key: null });
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).not.toHaveProperty('session_id');
    expect(anonymous.body).toMatchObject({ success: true, transfer_id: pushId, method: 'EXPORT', completed: true });
    expect(anonymous.text).not.toContain(sessionId);
    // The developer, with the key, gets the full answer (as Endgrate's SDK calls it).
    const full = await h.api('GET', `/api/statistics?transfer_id=${pushId}`);
    expect(full.body).toEqual({ ...anonymous.body, session_id: sessionId });

    for (const url of [`/statistics?transfer_id=${pushId}`, `/statistics/data?transfer_id=${pushId}`]) {
      const res = await h.api<string>('GET', url, { key: null });
      expect(res.status, url).toBe(200);
      expect(res.text, url).not.toContain(sessionId);
      expect(res.text, url).not.toContain('cust-secret');
      expect(res.text, url).not.toContain('no_such_field');
      // The developer's key shows the internal ids and the error's text.
      const withKey = await h.api<string>('GET', url);
      expect(withKey.text, url).toContain('cust-secret-8');
    }
  });

  it("step 1: a session's statistics by its id give, without the key, only figures; a wrong key is 401, another project sees nothing", async () => {
    // Endgrate's SDK calls this without a key: it keeps working, but names neither the session nor the transfer.
    const anonymous = await h.api('GET', `/api/statistics?session_id=${sessionId}&method=EXPORT`, { key: null });
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).not.toHaveProperty('session_id');
    expect(anonymous.body).not.toHaveProperty('transfer_id');
    expect(anonymous.text).not.toContain(pushId);
    expect(anonymous.body).toMatchObject({ success: true, method: 'EXPORT', completed: true, statistics: { 'crm-company': { records: 2, records_transferred: 1 } } });
    const wrong = await h.api('GET', `/api/statistics?transfer_id=${pushId}`, { key: 'weft_sk_nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual(UNAUTHORIZED);
    expect((await h.api('GET', `/api/statistics?session_id=${sessionId}`, { key: 'weft_sk_nope' })).status).toBe(401);
    expect((await h.api('GET', `/statistics?transfer_id=${pushId}`, { key: 'weft_sk_nope' })).status).toBe(401);
    const other = await ensureProject(h.services.database.db, 'attackers');
    const otherKey = (await createApiKey(h.services.database.db, other.id)).key;
    expect((await h.api('GET', `/api/statistics?transfer_id=${pushId}`, { key: otherKey })).status).toBe(404);
    expect((await h.api('GET', `/api/statistics?session_id=${sessionId}`, { key: otherKey })).status).toBe(404);
    const mine = await h.api('GET', `/api/statistics?session_id=${sessionId}`);
    expect(mine.body).toEqual({ ...anonymous.body, transfer_id: pushId, session_id: sessionId });
  });
});
