/**
 * The statistics page (`GET /statistics`), its live data (`GET /statistics/data`) and its script, through HTTP: the
 * figures of finished pulls and pushes match `GET /api/statistics`, unknown and expired transfers are 404, error
 * messages are escaped, and a transfer that has not started yet renders without NaN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ApiResponse, describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const SCHEMAS = { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }] };
const INVALID_TRANSFER = { success: false, code: 'WEFT_ERR_INVALID_TRANSFER', message: 'Invalid or expired transfer.', errors: {} };
const XSS = '<script>alert("weft")</script>';

const n = (value: number) => value.toLocaleString('en-US');

/** The text of the element with `data-field="key"` in a page (the first one). */
function field(page: string, key: string): string | undefined {
  return page.match(new RegExp(`data-field="${key}">([^<]*)<`))?.[1];
}

function stateOf(page: string): string | undefined {
  return page.match(/class="state"[^>]*data-state="([a-z]+)"/)?.[1];
}

/** The page as anyone holding the transfer id sees it, or (`withKey`) as the developer sees it with the project's API key. */
async function statisticsPage(h: Harness, transferId: string, withKey = false): Promise<ApiResponse<string>> {
  return h.api<string>('GET', `/statistics?transfer_id=${transferId}`, withKey ? {} : { key: null });
}

async function apiStatistics(h: Harness, transferId: string, type: string): Promise<any> {
  const res = await h.api('GET', `/api/statistics?transfer_id=${transferId}`, { key: null });
  expect(res.status).toBe(200);
  return res.body.statistics[type];
}

/** Checks what every page must be: HTML under the pages' policy, nothing loaded from elsewhere, no NaN. */
function expectSoundPage(res: ApiResponse<string>): void {
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.text).not.toMatch(/(src|href|action)="(https?:)?\/\//);
  expect(res.text).not.toMatch(/NaN|undefined|Infinity/);
}

describeEachDialect('the statistics page', (dialect) => {
  let h: Harness;
  let sessionId: string;

  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '1000', WEFT_SANDBOX_COMPANIES: '50' } });
    sessionId = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id;
    await h.connect(sessionId, 'statistics-co');
  });
  afterAll(async () => h?.close());

  it('shows a finished pull with the figures of GET /api/statistics, a chart and its table', async () => {
    const pull = await h.api('POST', '/api/pull/transfer', { body: { session_id: sessionId, endgrate_type: 'crm-contact', synchronous: true } });
    expect(pull.body.success).toBe(true);
    const id: string = pull.body.transfer_id;
    const api = await apiStatistics(h, id, 'crm-contact');
    const res = await statisticsPage(h, id);
    expectSoundPage(res);
    const page = res.text;
    expect(stateOf(page)).toBe('completed');
    expect(field(page, 'state')).toBe('Completed');
    expect(page).toMatch(/role="status" aria-live="polite"/);
    expect(page).toContain('<h1>Pull of crm-contact from HubSpot</h1>');
    expect(field(page, 'records')).toBe(n(api.records_transferred));
    expect(field(page, 'records')).toBe('1,000');
    expect(field(page, 'batches_queued')).toBe(n(api.batches_queued));
    expect(field(page, 'batches_success')).toBe(n(api.batches_success));
    expect(field(page, 'batches_fail')).toBe(n(api.batches_fail));
    expect(field(page, 'provider_requests')).toBe(n(api.provider_requests));
    expect(field(page, 'retries')).toBe(n(api.retries));
    expect(field(page, 'errors')).toBe(n(api.errors));
    expect(field(page, 'duration')).toMatch(/^\d[\d.,]* (ms|s|min)/);
    // A finished transfer's page neither polls nor reloads.
    expect(page).not.toContain('<script');
    expect(page).not.toContain('http-equiv="refresh"');
    // The chart: an SVG image with a summary, drawn from the start (0) to the last sample (1,000 records).
    expect(page).toMatch(/<svg [^>]*role="img" aria-labelledby="chart-records-title"/);
    expect(page).toMatch(/<title id="chart-records-title" data-chart-part="summary">Records over time: 1,000 records after /);
    const line = page.match(/data-chart-part="line" d="([^"]*)"/)?.[1] ?? '';
    expect(line).toMatch(/^M0,300( L[\d.]+,[\d.]+)+$/);
    // Its text alternative: one row per sample, the first at the start with nothing yet, the last with everything.
    const rows = [...page.matchAll(/<tr><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)];
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows[0]!.slice(1)).toEqual(['0 s', '0', '0', '0']);
    expect(rows[rows.length - 1]!.slice(2)).toEqual(['1,000', n(api.provider_requests), '0']);
    expect(page).toContain('No errors.');
  });

  it('serves the live data of a finished pull: its figures, samples and the view the page shows', async () => {
    const pull = await h.api('POST', '/api/pull/transfer', { body: { session_id: sessionId, endgrate_type: 'crm-company', synchronous: true } });
    const id: string = pull.body.transfer_id;
    const api = await apiStatistics(h, id, 'crm-company');
    const res = await h.api('GET', `/statistics/data?transfer_id=${id}`, { key: null });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    const data = res.body;
    expect(Object.keys(data).sort()).toEqual(['completed', 'errors', 'progress', 'statistics', 'status', 'success', 'transfer_id', 'view']);
    expect(data).toMatchObject({ success: true, transfer_id: id, status: 'completed', completed: true, errors: { count: 0, latest: [] } });
    expect(data.statistics).toEqual(api);
    expect(data.progress[0]).toEqual({ timestamp: expect.any(String), elapsed_ms: 0, records: 0, provider_requests: 0, errors: 0 });
    expect(data.progress.at(-1)).toMatchObject({ records: 50, provider_requests: api.provider_requests, errors: 0 });
    for (const [a, b] of data.progress.slice(1).map((p: any, i: number) => [data.progress[i], p])) {
      expect(b.elapsed_ms).toBeGreaterThan(a.elapsed_ms);
      expect(b.records).toBeGreaterThanOrEqual(a.records);
    }
    expect(data.view).toMatchObject({ state: 'completed', completed: true, progress: null, failure: null });
    expect(data.view.fields).toMatchObject({ state: 'Completed', records: '50', batches_queued: n(api.batches_queued), errors: '0' });
    expect(data.view.charts.map((c: any) => c.id)).toEqual(['records', 'provider_requests']);
    expect(data.view.charts[0]).toMatchObject({ empty: false, yMax: '60', yMid: '30', line: expect.stringMatching(/^M0,300 /) });
    expect(data.view.samples).toHaveLength(data.progress.length);
  });

  it('shows a finished push: records written and refused, the errors listed, their messages escaped', async () => {
    const push = await h.api('POST', '/api/push/transfer', {
      body: {
        session_id: sessionId,
        endgrate_type: 'crm-company',
        synchronous: true,
        transfer_data: [
          { internal_id: 'a-1', data: { company_name: 'Acme', website: 'https://acme.example' } },
          { internal_id: XSS, data: { company_name: 'Bad', no_such_field: true } },
          { internal_id: 'c-3', data: { company_name: 'Coyote', website: 'https://coyote.example' } },
        ],
      },
    });
    expect(push.body.success).toBe(true);
    const id: string = push.body.transfer_id;
    const api = await apiStatistics(h, id, 'crm-company');
    expect(api).toMatchObject({ records: 3, records_transferred: 2, errors: 1 });
    const res = await statisticsPage(h, id, true);
    expectSoundPage(res);
    const page = res.text;
    expect(page).toContain('<h1>Push of crm-company to HubSpot</h1>');
    expect(field(page, 'records')).toBe('3');
    expect(field(page, 'written')).toBe('2');
    expect(field(page, 'refused')).toBe('1');
    expect(field(page, 'progress')).toBe('3 of 3 records processed');
    expect(page).toMatch(/<progress id="push-progress" data-progress max="3" value="3">/);
    expect(field(page, 'batches_queued')).toBe(n(api.batches_queued));
    expect(field(page, 'provider_requests')).toBe(n(api.provider_requests));
    expect(field(page, 'errors')).toBe('1');
    // The error: its type, index and internal_id, and its message, all inert.
    expect(page).toContain('<span class="badge">mapping</span><span>Index 1</span>');
    expect(page).not.toContain(XSS);
    expect(page).not.toContain('<script');
    expect(page).toContain('internal_id <code>&lt;script&gt;alert(&quot;weft&quot;)&lt;/script&gt;</code>');
    expect(page).toContain('transfer_data[1] (internal_id &lt;script&gt;alert(&quot;weft&quot;)&lt;/script&gt;) is invalid');

    const data = (await h.api('GET', `/statistics/data?transfer_id=${id}`)).body;
    expect(data.statistics).toEqual({ ...api, records_written: 2, records_refused: 1 });
    expect(data.errors).toEqual({
      count: 1,
      latest: [{ error_type: 'mapping', index: 1, internal_id: XSS, message: expect.stringContaining(XSS), timestamp: expect.any(String) }],
    });
    expect(data.view.progress).toEqual({ value: 3, max: 3 });

    // Without the key: the same figures, but neither the internal id nor the error's text.
    const anonymous = await statisticsPage(h, id);
    expectSoundPage(anonymous);
    expect(field(anonymous.text, 'refused')).toBe('1');
    expect(anonymous.text).toContain('<span class="badge">mapping</span><span>Index 1</span>');
    expect(anonymous.text).not.toContain('alert');
    expect(anonymous.text).not.toContain('is invalid');
    expect(anonymous.text).toContain(
      'The provider refused 1 record; 1 error in all. Their details are for the developer: GET /api/errors with the API key.',
    );
    const anonymousData = (await h.api('GET', `/statistics/data?transfer_id=${id}`, { key: null })).body;
    expect(anonymousData.statistics).toEqual(data.statistics);
    expect(anonymousData.errors).toEqual({
      count: 1,
      latest: [
        {
          error_type: 'mapping',
          index: 1,
          internal_id: null,
          message: 'This record was refused. The developer can read why with the API (GET /api/errors).',
          timestamp: expect.any(String),
        },
      ],
    });
  });

  it('lists the latest 50 errors and says how many there are; a push that had nothing to send has a one-point chart', async () => {
    const items = Array.from({ length: 60 }, (_, i) => ({ internal_id: `bad-${i}`, data: { nope: i } }));
    const push = await h.api('POST', '/api/push/transfer', { body: { session_id: sessionId, endgrate_type: 'crm-company', transfer_data: items } });
    const id: string = push.body.transfer_id;
    const res = await statisticsPage(h, id, true);
    expectSoundPage(res);
    const page = res.text;
    expect(stateOf(page)).toBe('completed');
    expect(field(page, 'errors')).toBe('60');
    expect(field(page, 'refused')).toBe('60');
    expect(field(page, 'written')).toBe('0');
    expect(page).toContain('The latest 50 of 60 errors, newest first.');
    expect(page.match(/<li><p class="meta">/g)).toHaveLength(50);
    // Every item was invalid: the transfer ended as it started, with one point and no NaN in its geometry.
    expect((await statisticsPage(h, id)).text).toContain('The provider refused 60 records; 60 errors in all.');
    const data = (await h.api('GET', `/statistics/data?transfer_id=${id}`, { key: null })).body;
    expect(data.progress).toEqual([{ timestamp: expect.any(String), elapsed_ms: 0, records: 0, provider_requests: 0, errors: 60 }]);
    expect(data.view.charts[0]).toMatchObject({ empty: false, line: 'M0,300', area: '', dot: 'M0,300 l0,0', xEnd: '0 s' });
    expect(data.errors.latest).toHaveLength(50);
    expect(data.errors.count).toBe(60);
  });

  it('answers 404 for unknown, malformed and missing ids, and for transfers of deleted or expired sessions', async () => {
    const other = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id;
    await h.connect(other, 'statistics-gone');
    const expiring = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id;
    await h.connect(expiring, 'statistics-expiring');
    const pull = async (session: string) =>
      (await h.api('POST', '/api/pull/transfer', { body: { session_id: session, endgrate_type: 'crm-company', synchronous: true } })).body
        .transfer_id as string;
    const deletedId = await pull(other);
    const expiredId = await pull(expiring);
    expect((await statisticsPage(h, deletedId)).status).toBe(200);
    expect((await h.api('POST', '/api/session/delete', { body: { session_id: other } })).status).toBe(200);
    await h.services.database.db
      .updateTable('sessions')
      .set({ expires_at: Date.now() - 1000 })
      .where('id', '=', expiring)
      .execute();

    for (const query of [
      'transfer_id=0123456789abcdef01234567',
      'transfer_id=not-an-id',
      '',
      `transfer_id=${deletedId}`,
      `transfer_id=${expiredId}`,
    ]) {
      const pageRes = await h.api<string>('GET', `/statistics?${query}`, { key: null });
      expect(pageRes.status, query).toBe(404);
      expect(pageRes.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(pageRes.text).toContain('Transfer not found');
      expect(pageRes.text).toContain('does not exist, or it has expired');
      const dataRes = await h.api('GET', `/statistics/data?${query}`, { key: null });
      expect(dataRes.status, query).toBe(404);
      expect(dataRes.body).toEqual(INVALID_TRANSFER);
    }
  });

  it("shows the value of a pull's deals by currency, summed exactly, and what they are called", async () => {
    const sid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-deal' }], sync: true, save_session: true } }))
      .body.session_id;
    await h.connect(sid, 'statistics-value');
    const pull = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-deal', synchronous: true } });
    const id: string = pull.body.transfer_id;
    const items: any[] = [];
    for (let offset = 0; ; offset += 250) {
      const res = await h.api('GET', `/api/pull/data?endgrate_type=crm-deal&transfer_id=${id}&offset=${offset}`);
      items.push(...res.body.transfer_data);
      if (!res.body.meta.next) break;
    }
    // The test's own exact sum: every amount in millionths, by currency.
    const micros = new Map<string, bigint>();
    for (const { data } of items) {
      if (typeof data.amount !== 'string') continue;
      const [whole, fraction = ''] = data.amount.split('.');
      const code = /^[A-Z]{3}$/.test(data.currency ?? '') ? data.currency : 'XXX';
      micros.set(code, (micros.get(code) ?? 0n) + BigInt(whole + fraction.padEnd(6, '0')));
    }
    expect(micros.size).toBeGreaterThan(0);
    const page = (await statisticsPage(h, id)).text;
    const shown = field(page, 'value') ?? '';
    const parts = shown.split(' · ').map((p) => p.match(/^([A-Z]{3}) ([\d,]+)(?:\.(\d+))?$/));
    expect(parts.map((p) => p?.[1])).toEqual([...micros.keys()].sort());
    for (const p of parts) {
      const value = BigInt(p![2]!.replaceAll(',', '') + (p![3] ?? '').padEnd(6, '0'));
      expect(value).toBe(micros.get(p![1]!));
    }
    expect(field(page, 'value_note')).toBe(`the amount of the deals pulled${micros.size > 1 ? ', by currency' : ''}`);
    expect(field(page, 'records_note')).toBe('deals pulled in total');
    // A sync pull that finds nothing new: no value.
    const again = (await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-deal', synchronous: true } })).body
      .transfer_id;
    expect(field((await statisticsPage(h, again)).text, 'value')).toBe('—');
    // A type not worth money has no value figure.
    const contacts = (await h.api('POST', '/api/pull/transfer', { body: { session_id: sessionId, endgrate_type: 'crm-contact', synchronous: true } }))
      .body.transfer_id;
    expect(field((await statisticsPage(h, contacts)).text, 'value')).toBeUndefined();
  });
});

describeEachDialect('the statistics page of a transfer that has not started', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { worker: false });
  });
  afterAll(async () => h?.close());

  it('shows it queued, without NaN, with an empty chart, and polls (or, without JavaScript, reloads)', async () => {
    const sessionId = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id;
    await h.connect(sessionId, 'statistics-queued');
    const pull = await h.api('POST', '/api/pull/transfer', { body: { session_id: sessionId, endgrate_type: 'crm-contact' } });
    const id: string = pull.body.transfer_id;
    const res = await statisticsPage(h, id);
    expectSoundPage(res);
    const page = res.text;
    expect(stateOf(page)).toBe('queued');
    expect(field(page, 'state')).toBe('Queued');
    expect(field(page, 'records')).toBe('0');
    expect(field(page, 'duration')).toBe('0 s');
    expect(field(page, 'started')).toBe('Not yet');
    expect(page).toContain('No progress yet: the chart starts when the transfer does.');
    expect(page).toContain(`data-source="/statistics/data?transfer_id=${id}" data-completed="false"`);
    expect(page).toContain('<script src="/static/statistics.js" defer></script>');
    expect(page).toMatch(/<head>[\s\S]*<noscript><meta http-equiv="refresh" content="5"><\/noscript>[\s\S]*<\/head>/);
    const data = (await h.api('GET', `/statistics/data?transfer_id=${id}`, { key: null })).body;
    expect(data).toMatchObject({ status: 'queued', completed: false, progress: [] });
    expect(data.view.charts[0]).toMatchObject({ empty: true, line: '', area: '', dot: '' });
    expect(JSON.stringify(data)).not.toMatch(/NaN|null,"max"|Infinity/);
  });
});

describeEachDialect('the statistics page of a failed transfer', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { worker: false });
  });
  afterAll(async () => h?.close());

  it('says that it failed and why, escaped, and neither polls nor reloads', async () => {
    const sessionId = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id;
    await h.connect(sessionId, 'statistics-failed');
    const id: string = (await h.api('POST', '/api/pull/transfer', { body: { session_id: sessionId, endgrate_type: 'crm-contact' } })).body
      .transfer_id;
    const now = Date.now();
    await h.services.database.db
      .updateTable('transfers')
      .set({ status: 'failed', started_at: now - 1500, completed_at: now, last_error: `HubSpot refused: ${XSS}`, error_count: 1 })
      .where('id', '=', id)
      .execute();
    const res = await statisticsPage(h, id, true);
    expectSoundPage(res);
    const page = res.text;
    expect(stateOf(page)).toBe('failed');
    expect(field(page, 'state')).toBe('Failed');
    expect(page).toContain('<section class="card failure" data-failure aria-labelledby="failure-h">');
    expect(page).toContain('<p data-failure-message>HubSpot refused: &lt;script&gt;alert(&quot;weft&quot;)&lt;/script&gt;</p>');
    expect(page).not.toContain('<script');
    expect(page).not.toContain('http-equiv="refresh"');
    // Never sampled (given up before its first page): its chart still goes from its start to its end.
    const data = (await h.api('GET', `/statistics/data?transfer_id=${id}`)).body;
    expect(data.progress.map((p: any) => p.elapsed_ms)).toEqual([0, 1500]);
    expect(data.view).toMatchObject({ state: 'failed', completed: true, failure: `HubSpot refused: ${XSS}` });
    // Without the key: that it failed, not the provider's words.
    const anonymous = await statisticsPage(h, id);
    expect(anonymous.text).toContain('<p data-failure-message>The transfer failed.</p>');
    expect(anonymous.text).not.toContain('HubSpot refused');
    expect((await h.api('GET', `/statistics/data?transfer_id=${id}`, { key: null })).body.view.failure).toBe('The transfer failed.');
    expect(data.view.charts[0]).toMatchObject({ empty: false, line: 'M0,300 L1000,300', xEnd: '1.5 s' });
  });
});

describe('the statistics script', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('sqlite', { worker: false });
  });
  afterAll(async () => h?.close());

  it('is served by Weft as JavaScript, with a short cache, and parses', async () => {
    const res = await h.api<string>('GET', '/static/statistics.js', { key: null });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.text).toContain("document.querySelector('[data-statistics]')");
    expect(() => new Function(res.text)).not.toThrow();
    // It talks to its own origin only.
    expect(res.text).not.toMatch(/https?:\/\//);
  });
});
