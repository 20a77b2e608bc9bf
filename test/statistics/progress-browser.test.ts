/**
 * A running pull's progress bar with its estimate on the statistics page (issue 15), in Chromium at 390 and 1280 px
 * in light and dark mode: the bar and "N of about M records pulled · about T left", announced to assistive
 * technology, axe without a serious or critical issue, nothing wider than the screen; then the bar full once the pull
 * completed. The pull is a real Salesforce pull whose row is set back to a running state a minute in, so that the
 * page shows what it shows mid-pull without any timing in the test.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';

import { launchChromium } from '../e2e/browser.js';
import { expectGoodPage } from '../e2e/quality.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

describeEachDialect('a running pull’s progress in a browser', (dialect) => {
  const browserAvailable = inject('chromium');
  let h: Harness;
  let browser: Browser;

  beforeAll(async () => {
    if (!browserAvailable) return;
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '300' } });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it.skipIf(!browserAvailable)('shows the bar and the estimate at 390 and 1280 px, light and dark, then the bar full', async () => {
    const sid = (await h.api('POST', '/api/pull/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).body.session_id as string;
    await h.connect(sid, 'progress-browser-org', 'salesforce');
    const t = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact', synchronous: true } });
    expect(t.body.success, JSON.stringify(t.body)).toBe(true);
    const id = t.body.transfer_id as string;
    const db = h.services.database.db;
    const row = await db.selectFrom('transfers').select(['records', 'expected_records']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.records).toBe(300);
    expect(row.expected_records).toBe(300);
    // A minute in, 300 of about 1,200 records pulled: at that pace, three times the time taken is left. The pull is
    // set back before each page, and the estimate checked against the times before and after the page was read.
    const setBack = async (): Promise<number> => {
      const startedAt = Date.now() - 60_000;
      await db
        .updateTable('transfers')
        .set({ status: 'running', completed_at: null, expected_records: 1200, started_at: startedAt })
        .where('id', '=', id)
        .execute();
      return startedAt;
    };

    for (const [width, colorScheme] of [
      [390, 'light'],
      [390, 'dark'],
      [1280, 'light'],
      [1280, 'dark'],
    ] as const) {
      const context = await browser.newContext({ viewport: { width, height: 844 }, colorScheme });
      const page = await context.newPage();
      const startedAt = await setBack();
      const before = Date.now();
      await page.goto(`${h.url}/statistics?transfer_id=${id}`);
      const bar = page.getByRole('progressbar', { name: 'Records pulled' });
      await bar.waitFor();
      expect(await bar.evaluate((p) => [(p as unknown as { value: number }).value, (p as unknown as { max: number }).max])).toEqual([300, 1200]);
      const said = await page.locator('[data-field="progress"]').innerText();
      const after = Date.now();
      const match = /^300 of about 1,200 records pulled · about (\d+) min(?: (\d{1,2}) s)? left$/.exec(said);
      expect(match, said).not.toBeNull();
      const left = Number(match![1]) * 60 + Number(match![2] ?? 0);
      expect(left, said).toBeGreaterThanOrEqual(Math.floor((3 * (before - startedAt)) / 1000));
      expect(left, said).toBeLessThanOrEqual(Math.floor((3 * (after - startedAt)) / 1000));
      await expectGoodPage(page, `the running pull at ${width} px ${colorScheme}`);
      await context.close();
    }

    // Completed: the bar is full, whatever was expected.
    await db.updateTable('transfers').set({ status: 'completed', completed_at: Date.now() }).where('id', '=', id).execute();
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${h.url}/statistics?transfer_id=${id}`);
    const bar = page.getByRole('progressbar', { name: 'Records pulled' });
    expect(await bar.evaluate((p) => [(p as unknown as { value: number }).value, (p as unknown as { max: number }).max])).toEqual([300, 300]);
    expect(await page.locator('[data-field="progress"]').innerText()).toBe('300 records pulled');
    await context.close();
  });
});
