/**
 * Pulls of different types of one session run at once (only two pulls of one schema wait for each other: they share
 * its sync baseline), and the account's limit holds across them: the pacing is per provider account, not per transfer.
 * The sandbox answers after a latency and enforces a window the pulls of both types together overrun.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDialect, eventually, type Harness, startHarness } from '../helpers/harness.js';

/** 30 pages of contacts and 20 of companies: together more than one window of 40 requests. */
const CONTACTS = 3_000;
const COMPANIES = 2_000;

describeEachDialect('pulls of several types of one session', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, {
      env: {
        WEFT_SANDBOX_CONTACTS: String(CONTACTS),
        WEFT_SANDBOX_COMPANIES: String(COMPANIES),
        WEFT_SANDBOX_RATE_LIMIT: '40/2000',
        WEFT_SANDBOX_LATENCY_MS: '30',
        WEFT_WORKER_CONCURRENCY: '4',
      },
    });
  });
  afterAll(async () => h?.close());

  it('run at once, and the account window holds across them (no 429)', async () => {
    const sid = (
      await h.api('POST', '/api/pull/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }] } })
    ).body.session_id as string;
    await h.connect(sid, 'breadth');
    const account = h.sandbox.hubspot.account('breadth');
    account.resetCounters();

    const ids: string[] = [];
    for (const type of ['crm-contact', 'crm-company']) {
      const res = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: type } });
      expect(res.body, JSON.stringify(res.body)).toMatchObject({ success: true });
      ids.push(res.body.transfer_id as string);
    }
    const rows = await eventually(
      async () => {
        const found = await h.services.database.db
          .selectFrom('transfers')
          .select(['id', 'status', 'records', 'started_at', 'completed_at'])
          .where('id', 'in', ids)
          .execute();
        return found.length === 2 && found.every((t) => t.status === 'completed' || t.status === 'failed') ? found : undefined;
      },
      60_000,
      'both pulls finished',
    );
    const [contacts, companies] = ids.map((id) => rows.find((r) => r.id === id)!);
    expect(contacts).toMatchObject({ status: 'completed', records: CONTACTS });
    expect(companies).toMatchObject({ status: 'completed', records: COMPANIES });

    // Both were in flight at the same time: each started before the other ended.
    expect(contacts!.started_at!).toBeLessThan(companies!.completed_at!);
    expect(companies!.started_at!).toBeLessThan(contacts!.completed_at!);

    // More requests than one window holds, none refused: the two transfers shared the account's pacing.
    const counters = account.counters();
    const apiRequests = counters.total - (counters.byKind['token'] ?? 0);
    expect(apiRequests).toBeGreaterThan(40);
    expect(counters.rateLimited).toBe(0);
  }, 90_000);
});
