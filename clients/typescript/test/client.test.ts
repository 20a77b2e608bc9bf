/**
 * The TypeScript client against a real Weft (the test harness: a server on a real port with the sandbox), over real
 * HTTP: the quick start with the client, its typed errors, and waiting with a signal and a time limit.
 */
import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDialect, type Harness, startHarness } from '../../../test/helpers/harness.js';
import { DOCUMENT_FILE } from '../scripts/document.js';
import { createWeftClient, type PullRecord, WeftApiError, WeftTransferFailedError } from '../src/index.js';

const SCHEMAS = { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }] };
const CONTACTS = 520;

/** The global fetch, noting each request's method and URL (the client's requests, as they went out). */
function recordingFetch(): { fetch: typeof globalThis.fetch; requests: URL[] } {
  const requests: URL[] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    const request = new Request(input, init);
    requests.push(new URL(request.url));
    return globalThis.fetch(request);
  };
  return { fetch, requests };
}

describeEachDialect('the TypeScript client', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: String(CONTACTS), WEFT_SANDBOX_COMPANIES: '10' } });
  });
  afterAll(async () => h?.close());

  it('runs the quick start: initiate, connect, pull and read every record page by page, push with one invalid item, delete', async () => {
    const { fetch, requests } = recordingFetch();
    const weft = createWeftClient({ baseUrl: `${h.url}/`, apiKey: h.key, fetch });

    const initiated = await weft.api.POST('/api/session/initiate', { body: SCHEMAS });
    expect(initiated.response.status).toBe(200);
    const sessionId = initiated.data!.session_id;
    expect(sessionId).toMatch(/^[0-9a-f]{24}$/);
    await h.connect(sessionId, 'client-co');
    const configuration = await weft.api.GET('/api/session/configuration', { params: { query: { session_id: sessionId } } });
    expect(configuration.data).toMatchObject({ success: true, session_id: sessionId, endgrate: { provider: 'hubspot' } });

    const records: PullRecord[] = [];
    for await (const record of weft.pullRecords(sessionId, 'crm-contact', { intervalMs: 50 })) records.push(record);
    const account = h.sandbox.hubspot.account('client-co');
    const expected = account.contacts.list({ limit: 2000 }).results;
    expect(expected).toHaveLength(CONTACTS);
    expect(records.map((r) => r.id)).toEqual(expected.map((c) => c.id));
    const sample = expected[301]!;
    expect(records[301]!['data']).toMatchObject({
      first_name: sample.properties['firstname'] ?? null,
      last_name: sample.properties['lastname'] ?? null,
    });
    // Three pages of at most 250, each asked at the offset the previous page's `meta.next` gave.
    const dataPages = requests.filter((u) => u.pathname === '/api/pull/data');
    expect(dataPages.map((u) => [u.searchParams.get('limit'), u.searchParams.get('offset')])).toEqual([
      ['250', '0'],
      ['250', '250'],
      ['250', '500'],
    ]);
    // The client waited by asking the statistics (at least once) before reading.
    const pullStarted = requests.findIndex((u) => u.pathname === '/api/pull/transfer');
    const firstPage = requests.findIndex((u) => u.pathname === '/api/pull/data');
    expect(requests.slice(pullStarted, firstPage).some((u) => u.pathname === '/api/statistics')).toBe(true);

    const before = account.companies.count();
    const pushed = await weft.push(
      sessionId,
      'crm-company',
      [
        { data: { company_name: 'Endgrate', website: 'https://endgrate.com' } },
        { internal_id: 'bad-1', data: { name: 'Broken', number_of_employees: 'many' } },
        { internal_id: 'ok-2', data: { name: 'Acme Anvils', number_of_employees: 12 } },
      ],
      { intervalMs: 50, pageSize: 2 },
    );
    expect(account.companies.count()).toBe(before + 2);
    expect(pushed.results).toEqual([
      { id: expect.any(String), internal_id: null, index: 0, success: true, errors: [] },
      { id: null, internal_id: 'bad-1', index: 1, success: false, errors: ['data/number_of_employees must be an integer'] },
      { id: expect.any(String), internal_id: 'ok-2', index: 2, success: true, errors: [] },
    ]);
    expect(account.companies.get(pushed.results[0]!.id!)!.properties).toMatchObject({ name: 'Endgrate', website: 'https://endgrate.com' });
    expect(account.companies.get(pushed.results[2]!.id!)!.properties).toMatchObject({ name: 'Acme Anvils', numberofemployees: '12' });
    expect(requests.filter((u) => u.pathname === '/api/push/data').map((u) => u.searchParams.get('offset'))).toEqual(['0', '2']);
    const stats = await weft.waitForTransfer(pushed.transferId);
    expect(stats.statistics['crm-company']).toMatchObject({ records: 3, records_transferred: 2, errors: 1 });

    const deleted = await weft.api.POST('/api/session/delete', { body: { session_id: sessionId } });
    expect(deleted.data).toEqual({ success: true, session_id: sessionId });
    await expect(weft.pull(sessionId, 'crm-contact')).rejects.toMatchObject({ status: 404, code: 'WEFT_ERR_INVALID_SESSION' });
  });

  it('turns error answers into WeftApiError with the status, code, message and errors by field', async () => {
    const weft = createWeftClient({ baseUrl: h.url, apiKey: h.key });
    const unknown = await weft.pull('ffffffffffffffffffffffff', 'crm-contact').catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(WeftApiError);
    expect(unknown).toMatchObject({ status: 404, code: 'WEFT_ERR_INVALID_SESSION', message: 'Invalid or expired session.', errors: {} });

    const sessionId = (await weft.api.POST('/api/session/initiate', { body: SCHEMAS })).data!.session_id;
    await h.connect(sessionId, 'client-errors');
    const transferId = await weft.pull(sessionId, 'crm-company', { intervalMs: 50 });
    const tooBig = weft.records('crm-company', transferId, { pageSize: 251 });
    const refused = await tooBig.next().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WeftApiError);
    expect(refused).toMatchObject({ status: 400, code: 'WEFT_ERR_VALIDATION', errors: { limit: expect.any(String) } });
    const wrongType = await weft
      .records('crm-contact', transferId)
      .next()
      .catch((e: unknown) => e);
    expect(wrongType).toMatchObject({ status: 400, code: 'WEFT_ERR_TRANSFER_TYPE_MISMATCH' });

    // A pull the provider refuses ends `failed`: pull() says so with the transfer's statistics.
    h.sandbox.hubspot.account('client-errors').injectFault({ status: 400, count: 1 });
    const failed = await weft.pull(sessionId, 'crm-contact', { intervalMs: 50 }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(WeftTransferFailedError);
    const failedStats = (failed as WeftTransferFailedError).statistics;
    expect(failedStats).toMatchObject({ success: true, status: 'failed', completed: true, transfer_id: expect.any(String) });
    expect((failed as Error).message).toBe(`Transfer ${failedStats.transfer_id} failed`);
    const logged = await weft.api.GET('/api/errors', { params: { query: { transfer_id: failedStats.transfer_id, limit: 10, offset: 0 } } });
    expect(logged.data!.meta.count).toBeGreaterThan(0);

    const badKey = createWeftClient({ baseUrl: h.url, apiKey: 'weft_test_not-a-key' });
    const unauthorized = await badKey.api.POST('/api/session/initiate', { body: SCHEMAS });
    expect(unauthorized.response.status).toBe(401);
    expect(unauthorized.error).toMatchObject({ success: false, code: 'WEFT_ERR_UNAUTHORIZED' });
    await expect(badKey.pull(sessionId, 'crm-contact')).rejects.toMatchObject({ name: 'WeftApiError', status: 401, code: 'WEFT_ERR_UNAUTHORIZED' });
  });

  it('serves the document the client was generated from (but for the server URL)', async () => {
    const served = (await (await fetch(`${h.url}/openapi.json`)).json()) as { servers: unknown };
    const committed = JSON.parse(readFileSync(DOCUMENT_FILE, 'utf8')) as { servers: unknown };
    expect(served.servers).toEqual([{ url: h.url }]);
    expect({ ...served, servers: null }).toEqual({ ...committed, servers: null });
  });
});

describeEachDialect('the TypeScript client waiting for a transfer that does not finish', (dialect) => {
  let h: Harness;
  let transferId: string;
  beforeAll(async () => {
    // No worker: a transfer stays queued.
    h = await startHarness(dialect, { worker: false });
    const weft = createWeftClient({ baseUrl: h.url, apiKey: h.key });
    const sessionId = (await weft.api.POST('/api/session/initiate', { body: SCHEMAS })).data!.session_id;
    await h.connect(sessionId, 'waiting');
    const started = await weft.api.POST('/api/pull/transfer', { body: { session_id: sessionId, endgrate_type: 'crm-contact' } });
    transferId = started.data!.transfer_id;
  });
  afterAll(async () => h?.close());

  it('stops waiting when the signal is aborted, with the signal reason', async () => {
    const { fetch, requests } = recordingFetch();
    const controller = new AbortController();
    const reason = new Error('the caller gave up');
    const watching: typeof globalThis.fetch = async (input, init) => {
      const answer = await fetch(input, init);
      // Aborted after the third look at the statistics: the client kept polling until then.
      if (requests.filter((u) => u.pathname === '/api/statistics').length === 3) controller.abort(reason);
      return answer;
    };
    const weft = createWeftClient({ baseUrl: h.url, apiKey: h.key, fetch: watching });
    await expect(weft.waitForTransfer(transferId, { signal: controller.signal, intervalMs: 10 })).rejects.toBe(reason);
    expect(requests.filter((u) => u.pathname === '/api/statistics')).toHaveLength(3);
    expect(requests.every((u) => u.searchParams.get('transfer_id') === transferId)).toBe(true);
    const stats = await weft.api.GET('/api/statistics', { params: { query: { transfer_id: transferId } } });
    expect(stats.data).toMatchObject({ completed: false, status: 'queued' });
  });

  it('gives up after timeoutMs with a TimeoutError, and an aborted signal stops it before any request', async () => {
    const weft = createWeftClient({ baseUrl: h.url, apiKey: h.key });
    await expect(weft.waitForTransfer(transferId, { timeoutMs: 200, intervalMs: 20 })).rejects.toMatchObject({ name: 'TimeoutError' });
    const { fetch, requests } = recordingFetch();
    const already = createWeftClient({ baseUrl: h.url, apiKey: h.key, fetch });
    await expect(already.waitForTransfer(transferId, { signal: AbortSignal.abort(new Error('stop')) })).rejects.toThrow('stop');
    expect(requests).toEqual([]);
  });
});
