/**
 * A pull's progress bar with an estimate (issue 15): where the provider tells on its first page how many records
 * the read holds (Salesforce's `totalSize`, WooCommerce's `X-WP-Total`, BigCommerce's `meta.pagination.total`,
 * Freshsales' `meta.total`, Close's `total_results`), the transfer keeps it and the statistics page shows "N of about
 * M records pulled · about T left"; a provider that tells nothing (HubSpot's list API) gets no bar.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import type { Transfer } from '../../src/transfers/model.js';
import type { TransferReport } from '../../src/ui/statistics/report.js';
import { statisticsView } from '../../src/ui/statistics/view.js';
import { bigcommerce, close, freshsales, woocommerce } from '../conformance/adapters.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

describeEachDialect('a pull’s progress with an estimate', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '130', WEFT_SANDBOX_COMPANIES: '10' } });
  });
  afterAll(async () => h?.close());

  async function pull(provider: string, type: string, connect: (sid: string) => Promise<void>) {
    const sid = (await h.api('POST', '/api/pull/initiate', { body: { schema: [{ endgrate_type: type }] } })).body.session_id as string;
    await connect(sid);
    const t = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: type, synchronous: true } });
    expect(t.body.success, `${provider}: ${JSON.stringify(t.body)}`).toBe(true);
    const row = await h.services.database.db
      .selectFrom('transfers')
      .select(['expected_records', 'records'])
      .where('id', '=', t.body.transfer_id)
      .executeTakeFirstOrThrow();
    const page = (await h.api<string>('GET', `/statistics?transfer_id=${t.body.transfer_id}`, { key: null })).text;
    return { row, page };
  }

  it('keeps the total the provider told on its first page, and shows the bar full once the pull completed', async () => {
    const sf = await pull('salesforce', 'crm-contact', (sid) => h.connect(sid, 'progress-org', 'salesforce'));
    expect(sf.row.records).toBeGreaterThan(0);
    expect(sf.row.expected_records).toBe(sf.row.records);
    expect(sf.page).toContain(`data-progress max="${sf.row.records}" value="${sf.row.records}"`);
    expect(sf.page).toContain(`data-field="progress">${sf.row.records.toLocaleString('en-US')} records pulled<`);
    expect(sf.page).toContain('<label for="push-progress">Records pulled</label>');

    const types: Record<string, string> = {
      woocommerce: 'ecommerce-customer',
      bigcommerce: 'ecommerce-product',
      freshsales: 'crm-contact',
      close: 'crm-contact',
    };
    for (const adapter of [woocommerce, bigcommerce, freshsales, close]) {
      const type = types[adapter.provider] as string;
      const got = await pull(adapter.provider, type, (sid) => adapter.connect(h, sid, `${adapter.provider}-progress`));
      expect(got.row.records, adapter.provider).toBeGreaterThan(0);
      expect(got.row.expected_records, adapter.provider).toBe(got.row.records);
    }

    // HubSpot's list API tells no total: no estimate, and the bar stays hidden.
    const hs = await pull('hubspot', 'crm-contact', (sid) => h.connect(sid, 'progress-portal'));
    expect(hs.row.expected_records).toBeNull();
    expect(hs.page).toContain('<div class="card processed" data-progress-box hidden>');
  });
});

it('estimates the time left of a running pull from its pace so far', () => {
  const transfer = {
    status: 'running',
    endgrate_type: 'crm-contact',
    expected_records: 5000,
    money_totals: null,
    last_error: null,
    started_at: 1_700_000_000_000,
    completed_at: null,
  } as unknown as Transfer;
  const report = {
    transfer,
    figures: {
      records_transferred: 1200,
      duration_ms: 60_000,
      batches_queued: 12,
      batches_success: 12,
      batches_fail: 0,
      provider_requests: 12,
      retries: 0,
      rate_limited: 0,
      rate_limit_wait_ms: 0,
      errors: 0,
    },
    providerName: 'Salesforce',
    push: null,
    samples: [],
    errors: { total: 0, latest: [] },
    now: 0,
    full: true,
  } as unknown as TransferReport;
  const view = statisticsView(report);
  expect(view.progress).toEqual({ value: 1200, max: 5000 });
  // 3,800 left at 1,200 a minute: 3 min 10 s.
  expect(view.fields['progress']).toBe('1,200 of about 5,000 records pulled · about 3 min 10 s left');
  // More pulled than expected (records added meanwhile): the bar grows with them.
  const over = statisticsView({ ...report, figures: { ...report.figures, records_transferred: 5200 } } as TransferReport);
  expect(over.progress).toEqual({ value: 5200, max: 5200 });
  expect(over.fields['progress']).toBe('5,200 of about 5,200 records pulled · almost done');
  // Queued: no pace yet, no estimate.
  const queued = statisticsView({
    ...report,
    transfer: { ...transfer, status: 'queued' },
    figures: { ...report.figures, records_transferred: 0 },
  } as TransferReport);
  expect(queued.fields['progress']).toBe('0 of about 5,000 records pulled');
});
