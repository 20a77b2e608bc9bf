/**
 * The connect journey in the end user's language in Chromium (issue 15): German from the browser's language at
 * 390 px dark, French from the session's `language` option at 1280 px light (over a browser asking for English).
 * The first screens, the search's count and a closed pop-up's reason (the page script's words), Back and Exit; every
 * page: `<html lang>`, axe (no serious or critical issue), nothing loaded from outside, nothing wider than the screen.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';

import { type DashboardHarness, startDashboardHarness } from '../dashboard/helpers.js';
import { describeEachDialect } from '../helpers/harness.js';
import { launchChromium } from './browser.js';
import { expectGoodPage, foreignRequests } from './quality.js';

describeEachDialect('the connect journey in German and French in a browser', (dialect) => {
  const browserAvailable = inject('chromium');
  let h: DashboardHarness;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let foreign: string[];

  beforeAll(async () => {
    if (!browserAvailable) return;
    h = await startDashboardHarness(dialect, { worker: false });
    await h.services.database.db.updateTable('projects').set({ display_name: 'Acme Sync' }).where('id', '=', h.projectId).execute();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await h?.close();
  });

  async function open(width: number, colorScheme: 'light' | 'dark', locale: string): Promise<void> {
    await context?.close();
    context = await browser.newContext({ viewport: { width, height: 844 }, colorScheme, locale });
    page = await context.newPage();
    foreign = foreignRequests(page, h.url);
  }

  async function check(what: string, lang: string) {
    expect(
      await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang),
    ).toBe(lang);
    await expectGoodPage(page, what);
    expect(foreign, `${what} loaded something from outside the server`).toEqual([]);
  }

  const initiate = async (options: Record<string, unknown> = {}) => {
    const res = await h.api('POST', '/api/session/initiate', {
      body: { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }], schema_selection: true, ...options },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.session_id as string;
  };

  it.skipIf(!browserAvailable)('German from the browser, at 390 px dark: first screen, search, sign-in form, Back, Exit', async () => {
    await open(390, 'dark', 'de-DE');
    const sid = await initiate();
    await page.goto(`${h.url}/session?session_id=${sid}`);
    await page.getByRole('heading', { name: 'Acme Sync möchte sich mit Ihrem CRM verbinden' }).waitFor();
    expect(await page.locator('ul.shares').innerText()).toBe('Ihre Kontakte lesen und schreiben\nIhre Unternehmen lesen und schreiben');
    expect(await page.locator('.step-count').innerText()).toBe('Schritt 1 von 4: App auswählen');
    expect(await page.title()).toBe('Ihr CRM verbinden · Weft');
    await check('the first screen in German', 'de');
    if (dialect === 'sqlite') await page.screenshot({ path: 'docs/screenshots/connect-german-dark.png', fullPage: true });
    await page.getByLabel(/^Die \d+ Apps durchsuchen$/).fill('pipe');
    await expect.poll(() => page.locator('[data-provider-count]').innerText()).toBe('1 App passt');
    await page.getByLabel(/^Die \d+ Apps durchsuchen$/).fill('s');
    await expect.poll(() => page.locator('[data-provider-count]').innerText()).toMatch(/^\d+ Apps passen$/);
    await check('the first screen in German, searched', 'de');
    await page.getByLabel(/^Die \d+ Apps durchsuchen$/).fill('');
    await page.getByRole('button', { name: 'Pipedrive' }).click();
    await page.getByRole('heading', { name: 'Pipedrive verbinden' }).waitFor();
    expect(await page.locator('.step-count').innerText()).toBe('Schritt 2 von 4: Anmelden');
    // Pipedrive takes OAuth or an API token: the choice, in German.
    expect(await page.getByRole('button', { name: 'Mit Pipedrive anmelden' }).count()).toBe(1);
    expect(await page.getByText('Wie möchten Sie sich verbinden?').count()).toBe(1);
    await check('the sign-in choice in German', 'de');
    await page.getByRole('link', { name: '← Andere App auswählen' }).click();
    await page.getByRole('heading', { name: 'Acme Sync möchte sich mit Ihrem CRM verbinden' }).waitFor();
    await page.getByRole('link', { name: 'Beenden' }).click();
    await page.getByRole('heading', { name: 'Nicht verbunden' }).waitFor();
    expect(await page.getByRole('status').innerText()).toBe(
      'Sie haben die Seite verlassen, bevor eine App verbunden wurde, daher wurde nichts geteilt. Sie können dieses Fenster schließen.',
    );
    await check('the exit screen in German', 'de');
  });

  it.skipIf(!browserAvailable)('French from the language option over an English browser, at 1280 px light: first screen, closed pop-up', async () => {
    await open(1280, 'light', 'en-US');
    const sid = await initiate({ language: 'fr' });
    await page.goto(`${h.url}/session?session_id=${sid}`);
    await page.getByRole('heading', { name: 'Acme Sync souhaite se connecter à votre CRM' }).waitFor();
    expect(await page.locator('.step-count').innerText()).toBe('Étape 1 sur 4 : Choisir votre application');
    expect(await page.getByRole('navigation', { name: 'Progression' }).count()).toBe(1);
    expect(await page.locator('footer').innerText()).toBe('Sécurisé par Weft');
    await check('the first screen in French', 'fr');
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Salesforce' }).click()]);
    await expect.poll(() => page.locator('#oauth-waiting').innerText()).toContain('Terminez la connexion à Salesforce dans la fenêtre pop-up.');
    await popup.getByLabel('Account name').waitFor();
    await popup.close();
    await expect
      .poll(() => page.locator('#oauth-failed').innerText())
      .toContain('La fenêtre Salesforce a été fermée avant la fin de la connexion. Rien n’a été connecté.');
    expect(await page.locator('#oauth-failed button').innerText()).toBe('Réessayer');
    await check('the closed pop-up in French', 'fr');
  });
});
