/**
 * The dashboard's Webhooks tab: the delivery log with each delivery's state, attempts and last answer, the exact
 * body, sending a delivery again, and only the project's own deliveries; in Chromium, accessible at phone width.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';

import { ensureProject } from '../../src/projects/index.js';
import { axeViolations } from '../dashboard/a11y.js';
import { Agent, type DashboardHarness, setUpAdmin, startDashboardHarness, textOf } from '../dashboard/helpers.js';
import { launchChromium } from '../e2e/browser.js';
import { describeEachDialect, eventually } from '../helpers/harness.js';
import { FAST_RETRIES, Receiver } from './receiver.js';

describeEachDialect('dashboard: webhooks', (dialect) => {
  let h: DashboardHarness;
  let rx: Receiver;
  let admin: Agent;
  beforeAll(async () => {
    h = await startDashboardHarness(dialect, { env: { ...FAST_RETRIES, WEFT_WEBHOOK_MAX_ATTEMPTS: '2' } });
    rx = await Receiver.start();
    admin = await setUpAdmin(h);
  });
  afterAll(async () => {
    await h?.close();
    await rx?.close();
  });

  it('lists deliveries with their state and last answer, shows the body, and sends one again', async () => {
    rx.fail('/dash/done', 2, 503);
    const sid = (
      await h.api('POST', '/api/session/initiate', {
        body: { schema: [{ endgrate_type: 'crm-company' }], completed_webhook: { url: rx.url('/dash/done'), metadata: { a: 1 } } },
      })
    ).body.session_id as string;
    await h.connect(sid);
    const transferId = (await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-company', synchronous: true } }))
      .body.transfer_id;
    const row = await eventually(async () => {
      const r = await h.services.database.db.selectFrom('webhook_deliveries').selectAll().where('transfer_id', '=', transferId).executeTakeFirst();
      return r?.status === 'failed' ? r : undefined;
    });

    const list = await admin.get(`/dashboard/webhooks?project=${h.projectId}`);
    expect(list.status).toBe(200);
    expect(list.text).toContain('aria-current="page">Webhooks');
    const text = textOf(list.text);
    expect(text).toContain(`completed delivery ${row.id} ${rx.url('/dash/done')}`);
    expect(text).toMatch(/Failed 2 503 HTTP 503: receiver says no \(503\)/);
    expect(list.text).toContain(`/statistics?transfer_id=${transferId}`);
    expect(list.text).toContain('href="/dashboard/settings?project=');

    const failedOnly = textOf((await admin.get(`/dashboard/webhooks?project=${h.projectId}&state=failed&kind=completed`)).text);
    expect(failedOnly).toContain(rx.url('/dash/done'));
    expect(textOf((await admin.get(`/dashboard/webhooks?project=${h.projectId}&state=delivered`)).text)).toContain('No deliveries.');

    const detail = await admin.get(`/dashboard/webhooks/${row.id}?project=${h.projectId}`);
    expect(detail.status).toBe(200);
    expect(textOf(detail.text)).toContain(`"transfer_id": "${transferId}"`);
    expect(textOf(detail.text)).toContain('"metadata": { "a": 1 }');

    const resent = await admin.post(`/dashboard/webhooks/${row.id}/resend`, {
      project: h.projectId,
      back: `/dashboard/webhooks?project=${h.projectId}`,
    });
    expect(resent.status).toBe(303);
    expect(resent.location).toBe(`/dashboard/webhooks?project=${h.projectId}&done=resent`);
    await eventually(async () => {
      const r = await h.services.database.db.selectFrom('webhook_deliveries').select('status').where('id', '=', row.id).executeTakeFirst();
      return r?.status === 'delivered' ? true : undefined;
    });
    const after = textOf((await admin.get(resent.location!)).text);
    expect(after).toContain('The delivery will be sent again shortly.');
    expect(after).toMatch(/Delivered 1 200/);
    expect(rx.accepted('/dash/done')[0]!.text).toBe(row.body);

    // A body that is not the JSON object Weft writes (a row edited by hand) is shown as stored, not refused.
    await h.services.database.db.updateTable('webhook_deliveries').set({ body: '[1, 2' }).where('id', '=', row.id).execute();
    const edited = await admin.get(`/dashboard/webhooks/${row.id}?project=${h.projectId}`);
    expect(edited.status).toBe(200);
    expect(textOf(edited.text)).toContain('[1, 2');

    // Another project's administrator view does not reach this delivery.
    const other = await ensureProject(h.services.database.db, 'other');
    expect((await admin.get(`/dashboard/webhooks/${row.id}?project=${other.id}`)).status).toBe(404);
    expect(textOf((await admin.get(`/dashboard/webhooks?project=${other.id}`)).text)).toContain('No deliveries.');
    expect((await admin.post(`/dashboard/webhooks/${row.id}/resend`, { project: other.id })).status).toBe(404);
    // Without the CSRF token nothing is sent; without signing in, the sign-in page.
    expect((await admin.post(`/dashboard/webhooks/${row.id}/resend`, { project: h.projectId }, null)).status).toBe(403);
    expect((await new Agent(h.app).get('/dashboard/webhooks')).status).toBe(303);
  });

  it('pages through the log, newest first', async () => {
    const sid = (
      await h.api('POST', '/api/session/initiate', {
        body: { schema: [{ endgrate_type: 'crm-company' }], completed_webhook: { url: rx.url('/dash/many') } },
      })
    ).body.session_id as string;
    await h.connect(sid, 'paging');
    for (let i = 0; i < 27; i++) await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-company' } });
    await eventually(async () => (rx.accepted('/dash/many').length === 27 ? true : undefined), 60_000);
    const first = await admin.get(`/dashboard/webhooks?project=${h.projectId}&session_id=${sid}`);
    const ids = (page: string) => [...page.matchAll(/\/dashboard\/webhooks\/([0-9a-f]{24})\?/g)].map((m) => m[1]);
    expect(ids(first.text)).toHaveLength(25);
    const next = /href="([^"]+)" rel="next"/.exec(first.text)![1]!.replace(/&amp;/g, '&');
    const second = await admin.get(next);
    expect(ids(second.text)).toHaveLength(2);
    expect(new Set([...ids(first.text), ...ids(second.text)]).size).toBe(27);
    expect(second.text).not.toContain('rel="next"');
    expect(textOf(second.text)).toContain('← Newest');
  });

  it.skipIf(!inject('chromium'))('is accessible at phone width in the browser', async () => {
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      for (const [name, value] of admin.cookies) await context.addCookies([{ name, value, url: h.url }]);
      const page = await context.newPage();
      await page.goto(`${h.url}/dashboard/webhooks?project=${h.projectId}`);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      const violations = await axeViolations(page);
      if (violations) expect(violations).toEqual([]);
      const id = (await h.services.database.db.selectFrom('webhook_deliveries').select('id').executeTakeFirstOrThrow()).id;
      await page.goto(`${h.url}/dashboard/webhooks/${id}?project=${h.projectId}`);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      const detailViolations = await axeViolations(page);
      if (detailViolations) expect(detailViolations).toEqual([]);
    } finally {
      await browser?.close();
    }
  });
});
