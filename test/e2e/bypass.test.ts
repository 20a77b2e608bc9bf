/**
 * Bypassing Weft's UI in Chromium, as Endgrate's "Bypass Endgrate UI" describes it: the developer's own page (on
 * another origin) lists the providers itself, initiates a session with `provider` and `bypass_ui`, and opens the
 * session link in a pop-up; the pop-up goes straight to the provider's consent, then hands back to the developer's page
 * with a message and closes, and no Weft step or screen is ever shown. The redirect variant ends at `redirect_url`
 * without any Weft page, with the account name the developer prepopulated already filled in.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';

import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';
import { launchChromium } from './browser.js';
import { expectGoodPage, foreignRequests } from './quality.js';

const SCHEMAS = [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }];

/** The developer's app: a page that opens the session link in a pop-up and shows the message it gets back. */
const APP_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>My app</title></head><body>
<main><h1>My app</h1><button id="connect" type="button">Connect HubSpot</button><pre id="log"></pre></main>
<script>
var popup = null;
document.getElementById('connect').onclick = function () {
  popup = window.open(new URLSearchParams(location.search).get('link'), 'connect', 'popup,width=520,height=720');
};
window.addEventListener('message', function (event) {
  document.getElementById('log').textContent = JSON.stringify({ origin: event.origin, data: event.data, fromPopup: event.source === popup });
});
</script></body></html>`;

async function startApp(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(req.url?.startsWith('/back') ? '<!doctype html><title>Back</title><h1>Back in my app</h1>' : APP_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describeEachDialect('bypassing the UI in a browser', (dialect) => {
  const browserAvailable = inject('chromium');
  let h: Harness;
  let app: { server: Server; url: string };
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Every page load in the context (pop-ups too, each redirect hop apart): method and URL. */
  let navigations: string[];

  beforeAll(async () => {
    if (!browserAvailable) return;
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '20', WEFT_SANDBOX_COMPANIES: '5' } });
    app = await startApp();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => app?.server.close(resolve));
    await h?.close();
  });

  async function open(): Promise<void> {
    await context?.close();
    context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    navigations = [];
    context.on('request', (r: Request) => {
      if (r.isNavigationRequest()) navigations.push(`${r.method()} ${r.url().replace(h.url, 'WEFT').replace(app.url, 'APP')}`);
    });
    page = await context.newPage();
  }

  const initiate = async (options: Record<string, unknown>) =>
    (await h.api('POST', '/api/session/initiate', { body: { schema: SCHEMAS, ...options } })).body.session_id as string;

  /** A navigation list with the session id and the OAuth query strings (state, code) written as placeholders. */
  const shape = (list: string[], sid: string) => list.map((n) => n.replaceAll(sid, 'SID').replace(/\?(?!session_id).*$/, '?…'));

  it.skipIf(!browserAvailable)('in a pop-up: straight to the consent page, back to the opener with a message, no Weft step or screen', async () => {
    await open();
    const sid = await initiate({ provider: 'hubspot', bypass_ui: true, schema_selection: true, field_selection: true, statistics: true });
    await page.goto(`${app.url}/?link=${encodeURIComponent(`${h.url}/session?session_id=${sid}`)}`);
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#connect')]);
    const foreign = foreignRequests(popup, h.url);
    await popup.getByLabel('Account name').waitFor();
    expect(new URL(popup.url()).pathname).toBe('/sandbox/hubspot/oauth/authorize');
    await popup.getByLabel('Account name').fill('bypass in a popup');
    const closed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Authorize' }).click();
    await closed;
    await expect.poll(() => page.locator('#log').textContent()).not.toBe('');
    expect(JSON.parse((await page.locator('#log').textContent())!)).toEqual({
      origin: h.url,
      data: { type: 'weft:session-configured', provider: 'hubspot' },
      fromPopup: true,
    });
    expect(shape(navigations, sid)).toEqual([
      'GET APP/?…',
      'GET WEFT/session?session_id=SID',
      'GET WEFT/sandbox/hubspot/oauth/authorize?…',
      'POST WEFT/sandbox/hubspot/oauth/authorize',
      'GET WEFT/session/oauth/callback?…',
    ]);
    expect(foreign).toEqual([]);
    const config = await h.api('GET', `/api/session/configuration?session_id=${sid}`);
    expect(config.status).toBe(200);
    expect(config.body.endgrate.provider).toBe('hubspot');
    expect(config.body.schemas['crm-contact'].selected).toEqual({ pull: true, push: true });

    // The link again in a tab of its own (no opener): the bare page stays, and passes the page checks.
    const tab = await context.newPage();
    await tab.goto(`${h.url}/session?session_id=${sid}`);
    await tab.getByRole('heading', { name: 'Connected' }).waitFor();
    expect(await tab.getByRole('status').textContent()).toBe("You're connected to HubSpot. You can close this window.");
    await expectGoodPage(tab, 'the bypass end page');
  });

  it.skipIf(!browserAvailable)('as a redirect: consent with the prepopulated account name, then redirect_url, no Weft page', async () => {
    await open();
    const sid = await initiate({
      provider: 'salesforce',
      bypass_ui: true,
      redirect_url: `${app.url}/back?from=weft`,
      prepopulate: { login_hint: 'bypass redirect org' },
    });
    await page.goto(`${h.url}/session?session_id=${sid}`);
    await page.getByLabel('Account name').waitFor();
    expect(await page.getByLabel('Account name').inputValue()).toBe('bypass redirect org');
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.waitForURL(`${app.url}/back?from=weft`);
    expect(shape(navigations, sid)).toEqual([
      'GET WEFT/session?session_id=SID',
      'GET WEFT/sandbox/salesforce/services/oauth2/authorize?…',
      'POST WEFT/sandbox/salesforce/services/oauth2/authorize',
      'GET WEFT/session/oauth/callback?…',
      'GET APP/back?…',
    ]);
    const config = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body;
    expect(config.endgrate.provider).toBe('salesforce');
    // The account the end user connected is the one the developer named.
    const pulled = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-company', synchronous: true } });
    const data = await h.api('GET', `/api/pull/data?endgrate_type=crm-company&transfer_id=${pulled.body.transfer_id}`);
    expect(data.body.meta.count).toBe(h.sandbox.salesforce.org('bypass redirect org').accounts.count());
  });
});
