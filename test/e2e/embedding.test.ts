/**
 * The connect journey embedded in a developer's page on another site (issue 15), in Chromium: the page at
 * http://localhost:<port> loads `weft.js` (or `weft.mjs`) from Weft at http://127.0.0.1:<port> and calls
 * `Weft.open`. Allowed on the dashboard, the journey runs in the modal frame (the consent in a pop-up), and the page
 * hears each step, the success with its provider, or the end user's exit, then the frame closes. A site not allowed
 * gets a refused frame and hears nothing. Every page: axe, nothing wider than the screen.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';

import { type Agent, type DashboardHarness, setUpAdmin, startDashboardHarness } from '../dashboard/helpers.js';
import { describeEachDialect } from '../helpers/harness.js';
import { launchChromium } from './browser.js';
import { expectGoodPage } from './quality.js';

/** The developer's page: a button that opens the journey, and what the callbacks heard, in `window.heard`. */
function hostPage(weft: string, sessionId: string, mode: 'script' | 'module', extra = ''): string {
  const open = `Weft.open({ sessionId: ${JSON.stringify(sessionId)}${extra},
    onEvent: (e) => window.heard.push(e.type + ':' + (e.step || e.provider || e.reason || '')),
    onSuccess: (r) => window.heard.push('onSuccess ' + r.sessionId + ' ' + r.provider),
    onExit: (r) => window.heard.push('onExit ' + r.sessionId + ' ' + r.reason) })`;
  const script =
    mode === 'script'
      ? `<script src="${weft}/weft.js"></script><script>document.getElementById('connect').onclick = () => ${open};</script>`
      : `<script type="module">import Weft from '${weft}/weft.mjs'; document.getElementById('connect').onclick = () => ${open};</script>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Acme app</title></head>
<body><main><h1>Acme app</h1><button id="connect" type="button">Connect your CRM</button></main>
<script>window.heard = [];</script>${script}</body></html>`;
}

describeEachDialect('the connect journey embedded with weft.js', (dialect) => {
  const browserAvailable = inject('chromium');
  let h: DashboardHarness;
  let admin: Agent;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let host: Server;
  let hostUrl: string;
  /** What the developer's server serves next, by path. */
  const pages = new Map<string, string>();

  beforeAll(async () => {
    if (!browserAvailable) return;
    h = await startDashboardHarness(dialect, { worker: false });
    admin = await setUpAdmin(h);
    host = createServer((req, res) => {
      const body = pages.get(req.url ?? '');
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' }).end(body ?? 'not found');
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    // Another site than Weft's 127.0.0.1: the frame is cross-site, as on a developer's real domain.
    hostUrl = `http://localhost:${(host.address() as AddressInfo).port}`;
    await admin.get('/dashboard/branding');
    const saved = await admin.postMultipart('/dashboard/branding', { project: h.projectId, display_name: 'Acme Sync', embed_origins: hostUrl });
    if (saved.status !== 303) throw new Error(`origins not saved: ${saved.status}`);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => host?.close(resolve));
    await h?.close();
  });

  async function open(width: number, colorScheme: 'light' | 'dark' = 'light'): Promise<void> {
    await context?.close();
    context = await browser.newContext({ viewport: { width, height: 844 }, colorScheme });
    page = await context.newPage();
  }
  const initiate = async () =>
    (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).body.session_id as string;
  const heard = () => page.evaluate(() => (globalThis as unknown as { heard: string[] }).heard);
  async function journeyFrame(): Promise<Frame> {
    const handle = await page.waitForSelector('[data-weft-overlay] iframe');
    const frame = await handle.contentFrame();
    if (!frame) throw new Error('no frame');
    return frame;
  }

  it.skipIf(!browserAvailable)(
    'weft.js: the journey in a modal frame at 390 px dark, the consent in a pop-up; the page hears each step and the success',
    async () => {
      await open(390, 'dark');
      const sid = await initiate();
      pages.set('/script', hostPage(h.url, sid, 'script'));
      await page.goto(`${hostUrl}/script`);
      await page.getByRole('button', { name: 'Connect your CRM' }).click();
      const frame = await journeyFrame();
      await frame.getByRole('heading', { name: 'Acme Sync wants to connect to your CRM' }).waitFor();
      expect(await page.getByRole('dialog', { name: 'Connect your app' }).isVisible()).toBe(true);
      await expectGoodPage(page, 'the developer page with the journey open');
      await expect.poll(heard).toEqual(['weft:step:choose']);
      const [popup] = await Promise.all([page.waitForEvent('popup'), frame.getByRole('button', { name: 'HubSpot' }).click()]);
      await popup.getByLabel('Account name').fill('Embedded Co');
      await Promise.all([popup.waitForEvent('close'), popup.getByRole('button', { name: 'Authorize' }).click()]);
      await expect.poll(heard).toEqual(['weft:step:choose', 'weft:step:done', 'weft:success:hubspot', `onSuccess ${sid} hubspot`]);
      // The frame closed at the end, and the session is connected.
      expect(await page.locator('[data-weft-overlay]').count()).toBe(0);
      expect((await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body.endgrate.provider).toBe('hubspot');
    },
  );

  it.skipIf(!browserAvailable)('weft.mjs at 1280 px, keyboard only: Exit in the frame ends the journey, nothing connected', async () => {
    await open(1280);
    const sid = await initiate();
    pages.set('/module', hostPage(h.url, sid, 'module'));
    await page.goto(`${hostUrl}/module`);
    await page.getByRole('button', { name: 'Connect your CRM' }).focus();
    await page.keyboard.press('Enter');
    const frame = await journeyFrame();
    await frame.getByRole('heading', { name: 'Acme Sync wants to connect to your CRM' }).waitFor();
    await expectGoodPage(page, 'the developer page with the journey open, at 1280 px');
    if (dialect === 'sqlite') await page.screenshot({ path: 'docs/screenshots/embedded-journey.png' });
    // The frame has the focus once loaded: Tab goes on inside it, to Exit. Each look into the frame (another site:
    // another process) is bounded, so a slow answer on a busy machine is a miss and the next Tab looks again.
    const active = () =>
      Promise.race([
        frame.evaluate(
          () =>
            (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent?.trim() ??
            '',
        ),
        new Promise<string>((resolve) => setTimeout(() => resolve(''), 5_000)),
      ]);
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await active()) === 'Exit';
    }
    expect(reached, 'Tab reaches Exit in the frame').toBe(true);
    // Enter goes down on Exit, which ends the journey: the frame is gone before the key would come up, and a key-up
    // sent to a frame that no longer exists is never answered (this page is closed with its context next).
    await page.keyboard.down('Enter');
    await expect.poll(heard).toContain(`onExit ${sid} user_exited`);
    expect((await heard())[0]).toBe('weft:step:choose');
    expect(await page.locator('[data-weft-overlay]').count()).toBe(0);
    expect((await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body.message).toBe('Session not yet configured.');
    // Focus is back on the button that opened it.
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).toBe(
      'connect',
    );
  });

  it.skipIf(!browserAvailable)("the pop-up mode, and the frame's Close: the page hears that the end user left", async () => {
    await open(1280);
    const sid = await initiate();
    pages.set('/popup', hostPage(h.url, sid, 'script', ", mode: 'popup'"));
    await page.goto(`${hostUrl}/popup`);
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Connect your CRM' }).click()]);
    await popup.getByRole('heading', { name: 'Acme Sync wants to connect to your CRM' }).waitFor();
    await expect.poll(heard).toEqual(['weft:step:choose']);
    await popup.getByRole('link', { name: 'Exit' }).click();
    await expect.poll(heard).toEqual(['weft:step:choose', 'weft:exit:user_exited', `onExit ${sid} user_exited`]);
    await expect.poll(() => popup.isClosed(), { timeout: 10_000 }).toBe(true);

    // The modal's own Close button.
    const other = await initiate();
    pages.set('/close', hostPage(h.url, other, 'script'));
    await page.goto(`${hostUrl}/close`);
    await page.getByRole('button', { name: 'Connect your CRM' }).click();
    await (await journeyFrame()).getByRole('heading', { name: 'Acme Sync wants to connect to your CRM' }).waitFor();
    await page.getByRole('button', { name: 'Close' }).click();
    await expect.poll(heard).toContain(`onExit ${other} closed`);
    expect(await page.locator('[data-weft-overlay]').count()).toBe(0);
  });

  it.skipIf(!browserAvailable)('a site not allowed: the frame is refused and the page hears nothing', async () => {
    await open(1280);
    const sid = await initiate();
    const other = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostPage(h.url, sid, 'script')));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      await page.goto(`http://localhost:${(other.address() as AddressInfo).port}/`);
      const refused = page.waitForEvent('console', (m) => m.text().includes('frame-ancestors'));
      await page.getByRole('button', { name: 'Connect your CRM' }).click();
      await refused;
      const frame = await journeyFrame();
      expect(frame.url()).not.toContain(h.url);
      expect(await frame.getByText('Acme Sync').count()).toBe(0);
      expect(await heard()).toEqual([]);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
