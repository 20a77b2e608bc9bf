/**
 * The Close connector against the Close sandbox, connected by OAuth (a public app): the session page's consent flow,
 * a pull with the app's bearer token, an access token that expires (Close's last an hour) renewed once with the
 * refresh token (a new one each time); and the API key beside it, unchanged.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { readCredentials } from '../../src/sessions/credentials.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const CONTACTS = 250;

describeEachDialect('Close connector against the sandbox: OAuth and API keys', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: String(CONTACTS), WEFT_SANDBOX_COMPANIES: '10' } });
  });
  afterAll(async () => h?.close());

  async function initiate(): Promise<string> {
    const res = await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } });
    expect(res.status).toBe(200);
    return res.body.session_id as string;
  }

  async function pull(sid: string) {
    const res = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact', synchronous: true } });
    expect(res.status).toBe(200);
    const stats = (await h.api('GET', `/api/statistics?transfer_id=${res.body.transfer_id}`)).body;
    return { success: res.body.success as boolean, message: res.body.message as string | undefined, stats };
  }

  const tokens = (account: string) => h.sandbox.closeCrm.account(account).counters().byKind['token'] ?? 0;

  it('connects by OAuth on the session page and pulls with the bearer token; an expired token is refreshed once, then rotated', async () => {
    const sid = await initiate();
    await h.connect(sid, 'close-oauth', 'close', { method: 'oauth2' });
    const connected = (await readCredentials(h.services, sid))!.creds;
    expect(connected).toMatchObject({ kind: 'oauth2', accountKey: 'orga_sandbox000000000000000000' });
    const first = connected.kind === 'oauth2' ? connected : undefined;
    expect(first?.refreshToken).toBeTruthy();
    // An hour, as Close's access tokens last.
    expect(first!.expiresAt! - Date.now()).toBeGreaterThan(3500_000);
    expect(first!.expiresAt! - Date.now()).toBeLessThanOrEqual(3600_000);

    const account = h.sandbox.closeCrm.account('close-oauth');
    account.resetCounters();
    const before = await pull(sid);
    expect(before.success).toBe(true);
    expect(before.stats.statistics['crm-contact'].records).toBe(CONTACTS);
    expect(tokens('close-oauth')).toBe(0);

    // The access token expires: the next request is refused with 401, the connection refreshes once and goes on.
    expect(account.expireAccessTokens()).toBeGreaterThan(0);
    const after = await pull(sid);
    expect(after.success).toBe(true);
    expect(after.stats.statistics['crm-contact'].records).toBe(CONTACTS);
    expect(tokens('close-oauth')).toBe(1);
    const renewed = (await readCredentials(h.services, sid))!.creds;
    expect(renewed).toMatchObject({ kind: 'oauth2', accountKey: 'orga_sandbox000000000000000000' });
    if (renewed.kind !== 'oauth2') throw new Error('not an OAuth connection');
    expect(renewed.accessToken).not.toBe(first!.accessToken);
    expect(renewed.refreshToken).not.toBe(first!.refreshToken);

    // And again: the new refresh token works (the first one was used up).
    account.expireAccessTokens();
    expect((await pull(sid)).success).toBe(true);
    expect(tokens('close-oauth')).toBe(2);
  });

  it('connects by API key as before: HTTP Basic, nothing to expire or refresh', async () => {
    const sid = await initiate();
    const account = h.sandbox.closeCrm.account('close-key');
    const res = await h.connectWithApiKey(sid, 'close', account.apiKey, {});
    expect([200, 303]).toContain(res.status);
    expect((await readCredentials(h.services, sid))!.creds).toMatchObject({ kind: 'api_key', apiKey: account.apiKey });
    account.resetCounters();
    expect(account.expireAccessTokens()).toBe(0);
    const pulled = await pull(sid);
    expect(pulled.success).toBe(true);
    expect(pulled.stats.statistics['crm-contact'].records).toBe(CONTACTS);
    expect(tokens('close-key')).toBe(0);
  });

  it('asks to connect again when Close refuses the API key (a key cannot be refreshed)', async () => {
    const sid = await initiate();
    const account = h.sandbox.closeCrm.account('close-key-refused');
    await h.connectWithApiKey(sid, 'close', account.apiKey, {});
    account.injectFault({ status: 401, count: 1 });
    const refused = await pull(sid);
    expect(refused.success).toBe(false);
    expect(refused.message).toMatch(/Close refused the API key/);
    expect(tokens('close-key-refused')).toBe(0);
  });
});
