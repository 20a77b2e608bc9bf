/**
 * Behaviours particular to one provider: Salesforce's daily quota and locator expiry, Pipedrive's API tokens,
 * HubSpot's search limit.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { openConnection } from '../../src/sessions/connections.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const SCHEMAS = { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }] };

describeEachDialect('provider specifics', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    // The sandboxes enforce their providers' limits here (Salesforce's daily allocation among them).
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '4500', WEFT_SANDBOX_COMPANIES: '50', WEFT_SANDBOX_RATE_LIMIT: '100/10000' } });
  });
  afterAll(async () => h?.close());

  const initiate = async () => (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id as string;

  it("HubSpot's search API has a limit of its own (5 a second): 12 searches at once are paced, with no 429", async () => {
    const sid = await initiate();
    await h.connect(sid, 'searched');
    const account = h.sandbox.hubspot.account('searched');
    const conn = await openConnection(h.services, { id: sid, projectId: h.projectId }, 'hubspot');
    account.resetCounters();
    const body = { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'nobody@example.com' }] }], limit: 1 };
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => conn.client.request({ method: 'POST', path: '/crm/v3/objects/contacts/search', json: body, readOnly: true })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    expect(account.counters()).toMatchObject({ total: 12, rateLimited: 0 });
    expect(conn.client.stats).toEqual({ requests: 12, retries: 0, rateLimited: 0, waitedMs: 0 });
    // Four a second (the lower of HubSpot's two documented figures): the last ones wait for two more windows.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
  });

  it("Salesforce's daily quota stops the transfer at once with a clear error, without burning retries", async () => {
    const sid = await initiate();
    await h.connect(sid, 'quota-org', 'salesforce');
    const org = h.sandbox.salesforce.org('quota-org');
    // One request left today: the first page is served, the second is refused with 403 REQUEST_LIMIT_EXCEEDED.
    org.setRemainingDailyRequests(1);
    org.resetCounters();
    const res = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact', synchronous: true } });
    expect(res.body.success).toBe(false);
    expect(res.body.message).toMatch(/REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded/);
    const stats = (await h.api('GET', `/api/statistics?transfer_id=${res.body.transfer_id}`)).body;
    expect(stats.status).toBe('failed');
    expect(stats.statistics['crm-contact']).toMatchObject({ retries: 0, records: 2000 });
    expect(org.counters().byStatus['403']).toBe(1);
    // Every request the org saw is counted, the refused one included.
    expect(stats.statistics['crm-contact'].provider_requests).toBe(org.counters().total);
    const errors = (await h.api('GET', `/api/errors?transfer_id=${res.body.transfer_id}`)).body.errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ error_type: 'upstream' });
    // The job is finished, not waiting to retry.
    expect(await h.services.database.db.selectFrom('jobs').select('id').where('transfer_id', '=', res.body.transfer_id).execute()).toEqual([]);
  });

  it('Salesforce: a query locator that expired is replaced by a query after the last stored Id', async () => {
    const sid = await initiate();
    await h.connect(sid, 'locator-org', 'salesforce');
    const org = h.sandbox.salesforce.org('locator-org');
    // The second page's locator answers INVALID_QUERY_LOCATOR, as after 15 idle minutes.
    org.resetCounters();
    const ids = org.contacts.list({ limit: 10_000 }).records.map((r) => r.Id);
    const { body } = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact' } });
    // Expire open cursors as soon as the first page has been read.
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      if ((org.counters().byKind['query'] ?? 0) >= 1) break;
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(org.expireQueryCursors()).toBe(1);
    let done: any;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      done = (await h.api('GET', `/api/statistics?transfer_id=${body.transfer_id}`)).body;
      if (done.completed) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(done.status).toBe('completed');
    const items: string[] = [];
    for (let offset = 0; offset < 4500; offset += 250) {
      items.push(
        ...(await h.api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${body.transfer_id}&offset=${offset}`)).body.transfer_data.map(
          (i: any) => i.id,
        ),
      );
    }
    expect(items).toEqual(ids);
  });

  it('Pipedrive connects with an API token pasted in the form; a wrong token is refused with the form kept', async () => {
    const sid = (await h.api('POST', '/api/session/initiate', { body: { ...SCHEMAS, provider: 'pipedrive' } })).body.session_id;
    const page = await fetch(`${h.url}/session?session_id=${sid}`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(`/session/method?session_id=${sid}&provider=pipedrive`);
    const wrong = await h.connectWithApiKey(sid, 'pipedrive', 'f'.repeat(40));
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Pipedrive refused this API token. Check it and try again.');
    expect(wrong.text).toContain(`value="${'f'.repeat(40)}"`);
    expect((await h.api('GET', `/api/session/configuration?session_id=${sid}`)).status).toBe(400);
    const empty = await h.connectWithApiKey(sid, 'pipedrive', '  ');
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Enter your API token.');
    const token = h.sandbox.pipedrive.company('token-co').apiToken();
    const ok = await h.connectWithApiKey(sid, 'pipedrive', token);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('You&#39;re connected to Pipedrive.');
    const config = await h.api('GET', `/api/session/configuration?session_id=${sid}`);
    expect(config.body.endgrate).toMatchObject({ provider: 'pipedrive', provider_info: { auth_type: 'oauth' } });
    const pull = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-company', synchronous: true } });
    expect(pull.body.success).toBe(true);
    const stats = (await h.api('GET', `/api/statistics?transfer_id=${pull.body.transfer_id}`)).body.statistics['crm-company'];
    expect(stats.records).toBe(h.sandbox.pipedrive.company('token-co').organizations.count());
    // The token is stored sealed, never in clear.
    const row = await h.services.database.db.selectFrom('credentials').select('secret').where('session_id', '=', sid).executeTakeFirstOrThrow();
    expect(row.secret).not.toContain(token);
  });

  it('Pipedrive over OAuth calls the api_domain its token response names', async () => {
    const sid = await initiate();
    await h.connect(sid, 'oauth-co', 'pipedrive');
    const { oauthCredentials } = await import('../helpers/harness.js');
    const creds = await oauthCredentials(h, sid);
    expect(creds.apiBase).toBe(creds.extra['api_domain']);
    expect(creds.apiBase).toBe(`${h.url}/sandbox/pipedrive`);
  });
});
