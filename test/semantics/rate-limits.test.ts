/**
 * A provider that keeps answering 429 without Retry-After (issue 10, items 13 and 14): Weft waits each one out no
 * longer than the provider's window, stops the transfer after a bounded time with an error that says why, and its
 * figures count every request the provider saw, every 429 and the time waited.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

describeEachDialect('rate-limit storms', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, {
      env: { WEFT_SANDBOX_CONTACTS: '250', WEFT_SANDBOX_COMPANIES: '5', WEFT_RATE_LIMIT_GIVE_UP_MS: '3000' },
    });
  });
  afterAll(async () => h?.close());

  it('stops a pull after the bound with an explained error, and counts every request, 429 and wait', async () => {
    const account = 'storm-co';
    const sid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).body.session_id;
    await h.connect(sid, account);
    const hub = h.sandbox.hubspot.account(account);
    hub.resetCounters();
    // One good page, then nothing but 429s without a Retry-After.
    hub.injectFault({ status: 429, count: 1000, after: 1 });
    const started = Date.now();
    const res = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact', synchronous: true } });
    const took = Date.now() - started;
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(false);
    expect(res.body.message).toMatch(
      /^The transfer failed: HubSpot kept answering 429 \(rate limited\) to this request: \d+ times in a row, \d+ s of waiting without saying how long to wait \(no Retry-After\)\. Weft stopped the transfer after 3 s \(WEFT_RATE_LIMIT_GIVE_UP_MS\)/,
    );
    // Bounded: the waits add up to at most the bound (plus the requests themselves), and the job was not retried.
    expect(took).toBeLessThan(15_000);
    const seen = hub.counters();
    const stats = (await h.api('GET', `/api/statistics?transfer_id=${res.body.transfer_id}`)).body.statistics['crm-contact'];
    expect(stats.completed).toBe(true);
    expect(stats.provider_requests).toBe(seen.total);
    expect(stats.rate_limited).toBe(seen.faulted);
    expect(stats.rate_limited).toBeGreaterThan(2);
    expect(stats.retries).toBe(seen.total - 2);
    expect(stats.rate_limit_wait_ms).toBeGreaterThan(1000);
    expect(stats.rate_limit_wait_ms).toBeLessThanOrEqual(3000);
    expect(stats.records_transferred).toBe(100);
    const errors = (await h.api('GET', `/api/errors?transfer_id=${res.body.transfer_id}`)).body.errors;
    expect(errors).toHaveLength(1);
    expect(errors[0].error_type).toBe('upstream');
    expect(errors[0].error_resolve_text).toContain('kept answering 429');
    // The statistics page says what the retries were for.
    const page = await (await fetch(`${h.url}/statistics?transfer_id=${res.body.transfer_id}`)).text();
    expect(page).toContain(`rate limited (429) ${stats.rate_limited} times; waited `);
    hub.clearFaults();
  });

  it('shows the storm while it lasts: a running transfer counts its requests, 429s and waits before any page is stored', async () => {
    const account = 'storm-live-co';
    const sid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).body.session_id;
    await h.connect(sid, account);
    const hub = h.sandbox.hubspot.account(account);
    hub.resetCounters();
    hub.injectFault({ status: 429, count: 1000 });
    const res = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact' } });
    expect(res.body.success).toBe(true);
    let seen: Record<string, unknown> | undefined;
    const deadline = Date.now() + 2900;
    while (Date.now() < deadline) {
      const stats = (await h.api('GET', `/api/statistics?transfer_id=${res.body.transfer_id}`)).body.statistics['crm-contact'];
      if (!stats.completed && stats.rate_limited >= 2) {
        seen = stats;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    // While no page could be stored, the figures already said what was happening.
    expect(seen).toMatchObject({ completed: false, records_transferred: 0 });
    expect(seen?.['provider_requests']).toBeGreaterThanOrEqual(2);
    expect(seen?.['retries']).toBeGreaterThanOrEqual(1);
    expect(seen?.['rate_limit_wait_ms']).toBeGreaterThan(0);
    // And in the end, nothing was counted twice.
    let done: Record<string, number> | undefined;
    for (let i = 0; i < 100 && !done; i++) {
      const stats = (await h.api('GET', `/api/statistics?transfer_id=${res.body.transfer_id}`)).body.statistics['crm-contact'];
      if (stats.completed) done = stats;
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(done?.['provider_requests']).toBe(hub.counters().total);
    expect(done?.['rate_limited']).toBe(hub.counters().faulted);
    hub.clearFaults();
  });
});
