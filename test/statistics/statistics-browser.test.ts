/**
 * The statistics page in Chromium: a pull that takes a few seconds (sandbox latency, many contacts) is watched from
 * its page, which updates in place, without a reload and without loading anything from elsewhere, until it shows the
 * transfer completed; then the page at a phone's width, with the keyboard, and in the dark color scheme.
 */
import { mkdirSync } from 'node:fs';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';

import { launchChromium } from '../e2e/browser.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const CONTACTS = 8000;

interface Reading {
  state: string | null;
  records: number;
  points: number;
}

/** What the page shows now: the state, the records figure, and the number of points of the records chart. */
async function read(page: Page): Promise<Reading> {
  const state = await page.locator('.state').getAttribute('data-state');
  const records = Number(((await page.locator('[data-field="records"]').textContent()) ?? '').replace(/,/g, ''));
  const line = (await page.locator('[data-chart="records"] [data-chart-part="line"]').getAttribute('d')) ?? '';
  return { state, records, points: (line.match(/[ML]/g) ?? []).length };
}

/** Whether the document is wider than the window (something overflows horizontally). */
async function overflows(page: Page): Promise<boolean> {
  return await page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');
}

describeEachDialect('the statistics page in a browser', (dialect) => {
  const browserAvailable = inject('chromium');
  let h: Harness;
  let browser: Browser;
  let finishedId: string;

  beforeAll(async () => {
    if (!browserAvailable) return;
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_LATENCY_MS: '40', WEFT_SANDBOX_CONTACTS: String(CONTACTS) } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it.skipIf(!browserAvailable)(
    'updates a running pull in place until it completes, loading nothing from elsewhere',
    async () => {
      const sessionId = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).body.session_id;
      await h.connect(sessionId, 'statistics-live');
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      let navigations = 0;
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) navigations += 1;
      });

      const pull = await h.api('POST', '/api/pull/transfer', { body: { session_id: sessionId, endgrate_type: 'crm-contact', synchronous: false } });
      expect(pull.status).toBe(200);
      finishedId = pull.body.transfer_id;
      await page.goto(`${h.url}/statistics?transfer_id=${finishedId}`);
      await page.evaluate('window.weftMarker = "same document"');
      // The reader is on the samples' disclosure: updates must leave the focus there.
      await page.locator('summary').focus();

      const readings: Reading[] = [await read(page)];
      const deadline = Date.now() + 45_000;
      const ended = (r: Reading) => r.state === 'completed' || r.state === 'failed';
      while (!ended(readings[readings.length - 1]!)) {
        if (Date.now() > deadline) throw new Error(`the page did not show the transfer's end: ${JSON.stringify(readings.slice(-3))}`);
        await page.waitForTimeout(100);
        const now = await read(page);
        const before = readings[readings.length - 1]!;
        if (now.state !== before.state || now.records !== before.records || now.points !== before.points) readings.push(now);
      }

      const api = (await h.api('GET', `/api/statistics?transfer_id=${finishedId}`, { key: null })).body;
      expect(api.status, `the transfer failed: ${await page.locator('[data-failure-message]').textContent()}`).toBe('completed');
      // The state went from running to completed; the records only grew, through several values, to all of them.
      const states = readings.map((r) => r.state);
      expect(states).toContain('running');
      expect(states.indexOf('running')).toBeLessThan(states.indexOf('completed'));
      const records = readings.map((r) => r.records);
      records.slice(1).forEach((value, i) => expect(value).toBeGreaterThanOrEqual(records[i]!));
      expect(new Set(records.filter((r) => r > 0 && r < CONTACTS)).size).toBeGreaterThanOrEqual(2);
      expect(records[records.length - 1]).toBe(CONTACTS);
      // The chart gained points as samples came.
      const points = readings.map((r) => r.points);
      expect(points[points.length - 1]).toBeGreaterThan(Math.min(...points));
      expect(points[points.length - 1]).toBeGreaterThanOrEqual(3);

      // The final figures are those of the API; the state is announced in a status region.
      const figures = api.statistics['crm-contact'];
      expect(await page.locator('[data-field="provider_requests"]').textContent()).toBe(figures.provider_requests.toLocaleString('en-US'));
      expect(await page.locator('[data-field="batches_queued"]').textContent()).toBe(figures.batches_queued.toLocaleString('en-US'));
      expect(await page.getByRole('status').textContent()).toContain('Completed');
      expect(await page.getByRole('img', { name: /^Records over time: 8,000 records after / }).count()).toBe(1);

      // No reload, no focus taken, and every request went to Weft itself: the page, its script, its data, the logo.
      expect(navigations).toBe(1);
      expect(await page.evaluate('window.weftMarker')).toBe('same document');
      expect(await page.evaluate('document.activeElement.tagName')).toBe('SUMMARY');
      expect(requests.filter((u) => !u.startsWith(`${h.url}/`))).toEqual([]);
      expect(requests.some((u) => u.startsWith(`${h.url}/static/statistics.js`))).toBe(true);
      const polls = () => requests.filter((u) => u.startsWith(`${h.url}/statistics/data?`)).length;
      expect(polls()).toBeGreaterThanOrEqual(2);

      // Polling stops with the transfer: within three of its intervals, no request follows.
      const after = polls();
      await expect(page.waitForRequest((r) => r.url().startsWith(`${h.url}/statistics/data?`), { timeout: 3000 })).rejects.toThrow();
      expect(polls()).toBe(after);

      if (dialect === 'sqlite') {
        mkdirSync('docs/screenshots', { recursive: true });
        await page.evaluate('document.activeElement.blur()');
        await page.screenshot({ path: 'docs/screenshots/statistics-page.png', fullPage: true });
      }
      await context.close();
    },
    90_000,
  );

  it.skipIf(!browserAvailable)('fits a phone, opens its table with the keyboard, and reads in the dark', async () => {
    expect(finishedId).toBeDefined();
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(`${h.url}/statistics?transfer_id=${finishedId}`);
    expect(await overflows(page)).toBe(false);

    // Tab to the samples' disclosure and open it with Enter: the table fits too (it scrolls in its own box).
    let focused = '';
    for (let i = 0; i < 20 && focused !== 'SUMMARY'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate<string>('document.activeElement.tagName');
    }
    expect(focused).toBe('SUMMARY');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('details').getAttribute('open')).not.toBeNull();
    expect(await page.getByRole('table').isVisible()).toBe(true);
    expect(await overflows(page)).toBe(false);

    // The dark scheme: light text on a dark page.
    const colors = await page.evaluate<string[]>('[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]');
    expect(colors).toEqual(['rgb(13, 17, 23)', 'rgb(230, 237, 243)']);
    await context.close();
  });
});
