/** The HubSpot connector against the HubSpot sandbox: rate limits, faults, token expiry, paging. */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { saveCredentials } from '../../src/sessions/credentials.js';
import { describeEachDialect, eventually, type Harness, oauthCredentials, startHarness } from '../helpers/harness.js';

const SCHEMAS = { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }] };

describeEachDialect('HubSpot connector against the sandbox', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, {
      env: {
        WEFT_SANDBOX_CONTACTS: '1000',
        // A tight limit (5 requests per 2 s) so that pacing shows in a short test, and a pull that does not pace meets
        // it even on a slow machine (at 5 per 400 ms, pages slower than 80 ms never met it: no 429 on a slow PostgreSQL run).
        WEFT_SANDBOX_RATE_LIMIT: '5/2000',
        WEFT_SANDBOX_TOKEN_LIFETIME_S: '1800',
      },
    });
  });
  afterAll(async () => h?.close());

  async function session(account: string): Promise<string> {
    const sid = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id;
    await h.connect(sid, account);
    return sid;
  }

  async function pull(sid: string, type = 'crm-contact') {
    const res = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: type, synchronous: true } });
    expect(res.body.success).toBe(true);
    const stats = await h.api('GET', `/api/statistics?transfer_id=${res.body.transfer_id}`);
    return { id: res.body.transfer_id as string, stats: stats.body.statistics[type] };
  }

  it('paces requests by the rate-limit headers: a 10-page pull under a 5-per-2 s limit gets no 429', async () => {
    const sid = await session('paced');
    const account = h.sandbox.hubspot.account('paced');
    account.resetCounters();
    const { stats } = await pull(sid);
    expect(stats).toMatchObject({ records: 1000, provider_requests: 10, retries: 0 });
    expect(account.counters().rateLimited).toBe(0);
  });

  it('with bypass_rate_limit, does not pace and only reacts to the 429s it then gets', async () => {
    const sid = await session('bypass');
    const account = h.sandbox.hubspot.account('bypass');
    account.resetCounters();
    const res = await h.api('POST', '/api/pull/transfer', {
      body: { session_id: sid, endgrate_type: 'crm-contact', synchronous: true, bypass_rate_limit: true },
    });
    expect(res.body.success).toBe(true);
    const stats = (await h.api('GET', `/api/statistics?transfer_id=${res.body.transfer_id}`)).body.statistics['crm-contact'];
    expect(stats.records).toBe(1000);
    expect(account.counters().rateLimited).toBeGreaterThan(0);
    expect(stats.retries).toBe(account.counters().rateLimited);
  });

  it('waits out a 429 with Retry-After and counts the retries', async () => {
    const sid = await session('limited');
    const account = h.sandbox.hubspot.account('limited');
    account.injectFault({ status: 429, count: 2, retryAfterSeconds: 0.2 });
    const { stats } = await pull(sid);
    expect(stats).toMatchObject({ records: 1000, provider_requests: 12, retries: 2 });
    expect(account.counters().faulted).toBe(2);
  });

  it('retries a page read that failed with 5xx', async () => {
    const sid = await session('flaky');
    const account = h.sandbox.hubspot.account('flaky');
    account.injectFault({ status: 502, count: 1 });
    account.injectFault({ status: 503, count: 1 });
    const { stats } = await pull(sid);
    expect(stats).toMatchObject({ records: 1000, retries: 2, provider_requests: 12 });
  });

  it('refreshes an access token that expired in the middle of a pull, and the pull goes on', async () => {
    const sid = await session('expiring');
    const account = h.sandbox.hubspot.account('expiring');
    account.resetCounters();
    const before = await h.services.database.db.selectFrom('credentials').select('version').where('session_id', '=', sid).executeTakeFirstOrThrow();
    const { body } = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact' } });
    // The sandbox's 5-per-2 s limit spreads the 10 pages over about four seconds: expire the token after page 3.
    const unattributed401 = h.sandbox.hubspot.unattributedCounters().byStatus['401'] ?? 0;
    const listsAtExpiry = await eventually(
      async () => {
        const lists = account.counters().byKind['list'] ?? 0;
        if (lists < 3) return undefined;
        expect(account.expireAccessTokens()).toBeGreaterThan(0);
        return lists;
      },
      30_000,
      'three pages',
    );
    expect(listsAtExpiry).toBeLessThan(10);
    const done = await eventually(async () => {
      const t = await h.services.database.db.selectFrom('transfers').selectAll().where('id', '=', body.transfer_id).executeTakeFirstOrThrow();
      return t.status === 'completed' || t.status === 'failed' ? t : undefined;
    });
    expect(done).toMatchObject({ status: 'completed', records: 1000 });
    // The request with the expired token is counted by the sandbox as unattributed (its token names no account).
    const refused = (account.counters().byStatus['401'] ?? 0) + (h.sandbox.hubspot.unattributedCounters().byStatus['401'] ?? 0) - unattributed401;
    expect(refused).toBe(1);
    expect(account.counters().byKind['token']).toBe(1);
    const after = await h.services.database.db.selectFrom('credentials').select('version').where('session_id', '=', sid).executeTakeFirstOrThrow();
    expect(after.version).toBe(before.version + 1);
  });

  it('refreshes before expiry, without a 401, when the token is about to run out', async () => {
    const sid = await session('soon');
    const account = h.sandbox.hubspot.account('soon');
    // Make the stored token look as if it expires within the refresh margin.
    const creds = await oauthCredentials(h, sid);
    await saveCredentials(h.services, sid, 'hubspot', { ...creds, expiresAt: Date.now() + 10_000 });
    account.resetCounters();
    const { stats } = await pull(sid, 'crm-company');
    expect(stats.records).toBe(200);
    expect(account.counters().byKind['token']).toBe(1);
    expect(account.counters().byStatus['401']).toBeUndefined();
  });

  it('fails the transfer with an authentication error when the credentials are refused for good', async () => {
    const sid = await session('revoked');
    const creds = await oauthCredentials(h, sid);
    await saveCredentials(h.services, sid, 'hubspot', { ...creds, accessToken: 'bad-token', refreshToken: 'revoked-refresh-token' });
    const res = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact', synchronous: true } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: false, transfer_id: expect.any(String) });
    expect(res.body.message).toMatch(/Token refresh failed/);
    const errors = await h.api('GET', `/api/errors?transfer_id=${res.body.transfer_id}`);
    expect(errors.body.errors[0]).toMatchObject({ error_type: 'authentication', resolved: false });
    const data = await h.api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${res.body.transfer_id}`);
    expect(data.body).toMatchObject({ success: true, transfer_errors: true, meta: { count: 0 } });
  });
});
