/**
 * The field step in Chromium (issue 15): for the default schemas (contacts and companies on the HubSpot sandbox, read
 * and written) one row per field naming the HubSpot field it uses, the upsert choice folded into an Advanced control,
 * the whole step within two screens of scrolling at 1280 × 844, axe-clean at 390 and 1280 px in light and dark mode
 * with nothing wider than the screen, and usable with the keyboard only (change a field, open Advanced, Continue).
 */
import { mkdirSync } from 'node:fs';

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';

import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';
import { connectInBrowser, launchChromium } from './browser.js';
import { expectGoodPage, foreignRequests } from './quality.js';

const SCHEMAS = [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }];
const HEIGHT = 844;

describeEachDialect('the field step in a browser', (dialect) => {
  const browserAvailable = inject('chromium');
  let h: Harness;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let foreign: string[];

  beforeAll(async () => {
    if (!browserAvailable) return;
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '20', WEFT_SANDBOX_COMPANIES: '5' } });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  async function open(width: number, colorScheme: 'light' | 'dark' = 'light'): Promise<void> {
    await context?.close();
    context = await browser.newContext({ viewport: { width, height: HEIGHT }, colorScheme });
    page = await context.newPage();
    foreign = foreignRequests(page, h.url);
  }

  async function check(what: string) {
    await expectGoodPage(page, what);
    expect(foreign, `${what} loaded something from outside the server`).toEqual([]);
  }

  /** A session with field selection whose end user has connected HubSpot account `account`: the field step is open. */
  async function toFieldStep(account: string): Promise<string> {
    const sid = (await h.api('POST', '/api/session/initiate', { body: { schema: SCHEMAS, field_selection: true } })).body.session_id as string;
    await page.goto(`${h.url}/session?session_id=${sid}`);
    await connectInBrowser(page, 'hubspot', account);
    await page.getByRole('heading', { name: 'Map your fields' }).waitFor();
    return sid;
  }

  /** The focused element's id and tag (for a summary, its text). */
  const focused = () =>
    page.evaluate(() => {
      const a = (globalThis as unknown as { document: { activeElement: { id: string; tagName: string; textContent: string | null } | null } })
        .document.activeElement;
      return a ? { id: a.id, tag: a.tagName.toLowerCase(), text: (a.textContent ?? '').trim() } : null;
    });

  /** Presses Tab until the focused element satisfies `test` (at most 80 times). */
  async function tabTo(test: (el: { id: string; tag: string; text: string } | null) => boolean): Promise<void> {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      if (test(await focused())) return;
    }
    throw new Error('Tab never reached the element');
  }

  const documentHeight = () =>
    page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } }).document.documentElement.scrollHeight);

  it.skipIf(!browserAvailable)('the default schemas: rows naming the HubSpot field, within two screens, accessible at 390 and 1280 px', async () => {
    for (const [width, scheme] of [
      [1280, 'light'],
      [1280, 'dark'],
      [390, 'light'],
      [390, 'dark'],
    ] as const) {
      const at = `${width} px ${scheme}`;
      await open(width, scheme);
      await toFieldStep(`Fields ${width} ${scheme}`);
      await check(`the field step at ${at}`);
      const height = await documentHeight();
      console.log(`field step document height at ${at}: ${height} px`);
      if (width === 1280) {
        expect(height, `the field step at ${at} is ${height} px high`).toBeLessThan(2 * HEIGHT);
        if (scheme === 'light') {
          mkdirSync('docs/screenshots', { recursive: true });
          if (dialect === 'sqlite') await page.screenshot({ path: 'docs/screenshots/field-step.png', fullPage: true });
        }
      }
    }
  });

  it.skipIf(!browserAvailable)('keyboard only: change a field, open Advanced, set a field to keep its value, Continue', async () => {
    await open(1280);
    const sid = await toFieldStep('Fields keyboard');
    const title = page.locator('#source-crm-contact-title');
    expect(await title.locator('option:checked').textContent()).toBe('Job Title (jobtitle) · standard');
    // Tab to the contact's title and choose another field with the arrow keys.
    await tabTo((el) => el?.id === 'source-crm-contact-title');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const chosen = await title.inputValue();
    expect(chosen).not.toBe('');
    expect(chosen).not.toBe('(none)');
    // The upsert settings are folded away until Advanced is opened (with Enter).
    const upsert = page.locator('#upsert-crm-contact-first_name');
    expect(await upsert.isVisible()).toBe(false);
    await tabTo((el) => el?.tag === 'summary' && el.text === 'Advanced: when a record already exists in HubSpot');
    await page.keyboard.press('Enter');
    await upsert.waitFor();
    await check('the field step with Advanced open');
    await tabTo((el) => el?.id === 'upsert-crm-contact-first_name');
    expect(await upsert.locator('option:checked').textContent()).toBe('Same as all fields');
    await page.keyboard.press('ArrowDown'); // Overwrite
    await page.keyboard.press('ArrowDown'); // Do not update
    expect(await upsert.inputValue()).toBe('DO_NOT_UPDATE');
    await tabTo((el) => el?.tag === 'button' && el.text === 'Continue');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).status).toBe(200);
    const mapping = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body.schemas['crm-contact'].field_mapping;
    expect(mapping.title.source).toBe(chosen);
    expect(mapping.first_name.upsert).toBe('DO_NOT_UPDATE');
    expect(mapping.last_name.upsert).toBe('OVERWRITE');
  });
});
