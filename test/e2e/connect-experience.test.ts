/**
 * The end user's connect experience in Chromium (issue 15): a branded journey (the project's name, logo, colour and
 * support link) at 390 and 1280 px in light and dark mode; the step indicator, search, Back and Exit with the
 * keyboard only; a refused consent and a closed pop-up explained in place with "Try again"; the home page, a
 * browser's 404 page and the dashboard's branding tab. Every page: axe (no serious or critical issue), nothing loaded
 * from outside the server, nothing wider than the screen.
 */
import { mkdirSync } from 'node:fs';

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';

import { type Agent, type DashboardHarness, setUpAdmin, startDashboardHarness } from '../dashboard/helpers.js';
import { describeEachDialect } from '../helpers/harness.js';
import { launchChromium } from './browser.js';
import { expectGoodPage, foreignRequests } from './quality.js';

/** A 24 × 24 PNG logo (a green square). */
const LOGO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAIAAABvFaqvAAAAH0lEQVR42mPgzvOnCmIYNWjUoFGDRg0aNWjUoIE3CACgBcIQDlJ5UAAAAABJRU5ErkJggg==',
  'base64',
);

describeEachDialect('the connect experience in a browser', (dialect) => {
  const browserAvailable = inject('chromium');
  let h: DashboardHarness;
  let admin: Agent;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let foreign: string[];

  beforeAll(async () => {
    if (!browserAvailable) return;
    h = await startDashboardHarness(dialect, { worker: false });
    admin = await setUpAdmin(h);
    await admin.get('/dashboard/branding');
    const saved = await admin.postMultipart(
      '/dashboard/branding',
      { project: h.projectId, display_name: 'Acme Sync', primary_color: '#0b6e4f', support_url: 'https://acme.test/help' },
      { logo: { bytes: LOGO, name: 'acme.png', type: 'image/png' } },
    );
    if (saved.status !== 303) throw new Error(`branding not saved: ${saved.status}`);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  async function open(width: number, colorScheme: 'light' | 'dark' = 'light'): Promise<void> {
    await context?.close();
    context = await browser.newContext({ viewport: { width, height: 844 }, colorScheme });
    page = await context.newPage();
    foreign = foreignRequests(page, h.url);
  }

  async function check(what: string) {
    await expectGoodPage(page, what);
    expect(foreign, `${what} loaded something from outside the server`).toEqual([]);
  }

  const initiate = async (options: Record<string, unknown> = {}) =>
    (
      await h.api('POST', '/api/session/initiate', {
        body: { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }], ...options },
      })
    ).body.session_id as string;

  it.skipIf(!browserAvailable)(
    'the branded journey at 390 and 1280 px, light and dark: who asks, what is shared, every screen accessible',
    async () => {
      const sid = await initiate({ schema_selection: true });
      for (const [width, scheme] of [
        [390, 'light'],
        [390, 'dark'],
        [1280, 'light'],
        [1280, 'dark'],
      ] as const) {
        const at = `${width} px ${scheme}`;
        await open(width, scheme);
        await page.goto(`${h.url}/session?session_id=${sid}`);
        await page.getByRole('heading', { name: 'Acme Sync wants to connect to your CRM' }).waitFor();
        expect(
          await page.getByRole('img', { name: 'Acme Sync logo' }).evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
        ).toBe(24);
        expect(await page.locator('ul.shares').innerText()).toBe('Read and write your contacts\nRead and write your companies');
        expect(await page.locator('.step-count').innerText()).toBe('Step 1 of 4: Choose your app');
        // The brand colour is on the step indicator; the page's text stays readable on it (axe checks contrast).
        expect(
          await page
            .locator('ol.steps li.now')
            .evaluate(
              (li) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(li).backgroundColor,
            ),
        ).toBe('rgb(11, 110, 79)');
        expect(await page.getByRole('link', { name: /Help from Acme Sync/ }).getAttribute('href')).toBe('https://acme.test/help');
        await check(`the first screen at ${at}`);
        if (width === 390 && scheme === 'light') {
          mkdirSync('docs/screenshots', { recursive: true });
          if (dialect === 'sqlite') await page.screenshot({ path: 'docs/screenshots/connect-first-screen.png', fullPage: true });
        }
        await page.getByRole('button', { name: 'Pipedrive' }).click();
        await page.getByRole('heading', { name: 'Connect Pipedrive' }).waitFor();
        expect(await page.locator('.step-count').innerText()).toBe('Step 2 of 4: Sign in');
        await check(`the API token form at ${at}`);
        // Every provider tile keeps an outline in dark mode (Pipedrive's is near-black).
        await page.goto(`${h.url}/static/providers/pipedrive.svg`);
        expect(await page.content()).toContain('stroke="#ffffff"');
        await page.goto(`${h.url}/no/such/page`);
        await page.getByRole('heading', { name: 'Page not found' }).waitFor();
        await check(`the 404 page at ${at}`);
        await page.goto(`${h.url}/`);
        await page.getByRole('link', { name: 'Dashboard' }).waitFor();
        await check(`the home page at ${at}`);
      }
    },
  );

  it.skipIf(!browserAvailable)('keyboard only: search the apps, choose one, go Back, Exit', async () => {
    await open(1280);
    const sid = await initiate();
    await page.goto(`${h.url}/session?session_id=${sid}`);
    await page.getByRole('heading', { name: 'Acme Sync wants to connect to your CRM' }).waitFor();
    const focused = () =>
      page.evaluate(() => {
        const a = (globalThis as unknown as { document: { activeElement: { id: string; textContent: string | null } | null } }).document
          .activeElement;
        return a ? { id: a.id, text: (a.textContent ?? '').trim() } : null;
      });
    const tabTo = async (test: (el: { id: string; text: string } | null) => boolean) => {
      for (let i = 0; i < 30; i++) {
        await page.keyboard.press('Tab');
        if (test(await focused())) return;
      }
      throw new Error('Tab never reached the element');
    };
    await tabTo((el) => el?.id === 'provider-search');
    await page.keyboard.type('pipe');
    await expect.poll(() => page.locator('[data-provider-count]').innerText()).toBe('1 app matches');
    expect(await page.getByRole('button', { name: 'HubSpot' }).isVisible()).toBe(false);
    await check('the first screen, searched');
    await tabTo((el) => el?.text === 'Pipedrive');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Connect Pipedrive' }).waitFor();
    expect(await page.locator('.step-count').innerText()).toBe('Step 2 of 3: Sign in');
    await tabTo((el) => el?.text === '← Choose another app');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Acme Sync wants to connect to your CRM' }).waitFor();
    await tabTo((el) => el?.text === 'Exit');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Not connected' }).waitFor();
    expect(await page.getByRole('status').innerText()).toBe('You left before connecting an app, so nothing was shared. You can close this window.');
    await check('the exit screen');
    expect((await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body.message).toBe('Session not yet configured.');
  });

  it.skipIf(!browserAvailable)('a refused consent and a closed pop-up: the reason in place on the session page, and Try again', async () => {
    await open(390, 'dark');
    const sid = await initiate();
    await page.goto(`${h.url}/session?session_id=${sid}`);
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'HubSpot' }).click()]);
    await popup.getByLabel('Account name').waitFor();
    await Promise.all([popup.waitForEvent('close'), popup.getByRole('button', { name: 'Cancel' }).click()]);
    const alert = page.locator('#oauth-failed');
    await expect.poll(() => alert.innerText()).toContain('Access was not granted. You did not allow this app in HubSpot, so nothing was connected.');
    expect(await page.locator('#oauth-waiting').isVisible()).toBe(false);
    // Focus moves to Try again, so a keyboard user goes on from there.
    expect(
      await page.evaluate(
        () => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent,
      ),
    ).toBe('Try again');
    await check('the refused consent, in place');
    if (dialect === 'sqlite') await page.screenshot({ path: 'docs/screenshots/connect-refused.png', fullPage: true });
    const [again] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Try again' }).click()]);
    await again.getByLabel('Account name').fill('Second Try');
    await Promise.all([again.waitForEvent('close'), again.getByRole('button', { name: 'Authorize' }).click()]);
    await expect.poll(() => page.getByRole('status').innerText()).toContain("You're connected to HubSpot");
    expect(await page.locator('main').innerText()).toContain('Acme Sync can now use your contacts and companies.');
    await check('the success screen');

    // The pop-up closed before it finished: said so, with Try again.
    const other = await initiate();
    await page.goto(`${h.url}/session?session_id=${other}`);
    const [closed] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Salesforce' }).click()]);
    await closed.getByLabel('Account name').waitFor();
    await closed.close();
    await expect.poll(() => alert.innerText()).toContain('The Salesforce window was closed before you finished signing in. Nothing was connected.');
    await check('the closed pop-up, in place');
  });

  it.skipIf(!browserAvailable)("the dashboard's branding tab, at 1280 px light and 390 px dark", async () => {
    for (const [width, scheme] of [
      [1280, 'light'],
      [390, 'dark'],
    ] as const) {
      await open(width, scheme);
      await context.addCookies([...admin.cookies].map(([name, value]) => ({ name, value, url: `${h.url}/dashboard` })));
      await page.goto(`${h.url}/dashboard/branding?project=${h.projectId}`);
      await page.getByRole('heading', { name: 'Connect page', level: 1 }).waitFor();
      expect(await page.getByLabel('App name').inputValue()).toBe('Acme Sync');
      await page.getByRole('heading', { name: 'Acme Sync wants to connect to your CRM' }).waitFor();
      await check(`the branding tab at ${width} px ${scheme}`);
    }
  });
});
