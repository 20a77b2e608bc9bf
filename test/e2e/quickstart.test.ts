/**
 * Endgrate's quick start (shared/seed/quickstart.txt), run as written against `npm start`, with the URLs pointed at
 * this server. The end user's step happens in a real browser: pick HubSpot, type an account name, Authorize.
 */
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { describeEachDialect } from '../helpers/harness.js';
import { launchChromium } from './browser.js';
import { startWeftProcess, type WeftProcess } from './server-process.js';

const ACCOUNT = 'Quickstart Co';

describeEachDialect('the quick start, as written, against npm start', (dialect) => {
  let weft: WeftProcess;
  let browser: Browser;
  let API_KEY: string;
  const browserAvailable = inject('chromium');

  beforeAll(async () => {
    if (!browserAvailable) return;
    weft = await startWeftProcess(dialect);
    // "Retrieve your API key from the settings page of your dashboard": here, the CLI prints it on its last line.
    API_KEY = weft.weft(['keys', 'create']).trim().split('\n').pop()!;
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await weft?.stop();
  });

  it.skipIf(!browserAvailable)('initiates, connects in the browser, pulls, pushes and deletes', async () => {
    const base = weft.base;

    // Initiate Session (the quick start's JavaScript, with the base URL changed).
    const initiated = await fetch(`${base}/api/session/initiate`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }] }),
    }).then((response) => response.json() as Promise<any>);
    expect(initiated).toEqual({ success: true, session_id: expect.stringMatching(/^[0-9a-f]{24}$/) });
    const SESSION_ID: string = initiated.session_id;

    // Redirect End User: the session page, in a real browser.
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${base}/session?session_id=${SESSION_ID}`);
    mkdirSync('docs/screenshots', { recursive: true });
    if (dialect === 'sqlite') await page.screenshot({ path: 'docs/screenshots/session-page.png', fullPage: true });
    await page.getByRole('button', { name: 'HubSpot' }).click();
    await page.getByLabel('Account name').fill(ACCOUNT);
    await page.getByRole('button', { name: 'Authorize' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain("You're connected to HubSpot");
    await page.close();

    // Pull Data.
    const pulled = await fetch(`${base}/api/pull/transfer`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ session_id: SESSION_ID, endgrate_type: 'crm-contact', synchronous: true }),
    }).then((response) => response.json() as Promise<any>);
    expect(pulled).toEqual({
      success: true,
      transfer_id: expect.stringMatching(/^[0-9a-f]{24}$/),
      statistics: `${base}/statistics?transfer_id=${pulled.transfer_id}`,
    });
    const TRANSFER_ID: string = pulled.transfer_id;
    const contacts: any[] = [];
    let next: string | null = `${base}/api/pull/data?endgrate_type=crm-contact&transfer_id=${TRANSFER_ID}`;
    while (next) {
      const data: any = await fetch(next, { method: 'GET', headers: { accept: 'application/json', authorization: `Bearer ${API_KEY}` } }).then((r) => r.json() as Promise<any>);
      expect(data.success).toBe(true);
      contacts.push(...data.transfer_data);
      next = data.meta.next?.link ?? null;
    }

    // Exactly the sandbox account's contacts, in the common model.
    const account = encodeURIComponent(ACCOUNT);
    const expected: any[] = [];
    let after: string | undefined;
    do {
      const res: any = await fetch(`${base}/sandbox/hubspot/_sandbox/accounts/${account}/contacts?limit=500${after ? `&after=${after}` : ''}`).then((r) => r.json());
      expected.push(...res.results);
      after = res.nextAfter ?? res.paging?.next?.after;
    } while (after);
    expect(expected.length).toBe(1000);
    expect(contacts.map((c) => c.id)).toEqual(expected.map((c) => c.id));
    contacts.forEach((c, i) => {
      const p = expected[i].properties;
      expect(c.data.first_name).toBe(p.firstname ?? null);
      expect(c.data.last_name).toBe(p.lastname ?? null);
      expect(c.data.email_addresses[0]?.email_address ?? null).toBe(p.email ?? null);
    });

    // Push Data: the quick start's body, asynchronous; then query the result data.
    const pushed = await fetch(`${base}/api/push/transfer`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({
        session_id: SESSION_ID,
        endgrate_type: 'crm-company',
        transfer_data: [{ data: { company_name: 'Endgrate', website: 'https://endgrate.com' } }],
      }),
    }).then((response) => response.json() as Promise<any>);
    expect(pushed).toEqual({ success: true, transfer_id: expect.any(String), statistics: `${base}/statistics?transfer_id=${pushed.transfer_id}` });
    let result: any;
    await expect
      .poll(async () => {
        const res = await fetch(`${base}/api/push/data?endgrate_type=crm-company&transfer_id=${pushed.transfer_id}`, {
          headers: { accept: 'application/json', authorization: `Bearer ${API_KEY}` },
        });
        result = await res.json();
        return res.status;
      }, { timeout: 30_000 })
      .toBe(200);
    expect(result.transfer_data).toEqual([{ id: expect.any(String), internal_id: null, index: 0, success: true, errors: [] }]);
    const company: any = await fetch(`${base}/sandbox/hubspot/_sandbox/accounts/${account}/companies/${result.transfer_data[0].id}`).then((r) => r.json());
    expect(company.properties).toMatchObject({ name: 'Endgrate', website: 'https://endgrate.com', domain: 'endgrate.com' });

    // The statistics page of the transfer.
    const stats = await browser.newPage();
    await stats.goto(pulled.statistics);
    await expect.poll(() => stats.getByRole('row', { name: /Records transferred/ }).textContent()).toContain('1000');
    await stats.close();

    // Delete Session: afterwards nothing of the session can be read.
    const deleted = await fetch(`${base}/api/session/delete`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ session_id: SESSION_ID }),
    }).then((response) => response.json() as Promise<any>);
    expect(deleted).toEqual({ success: true, session_id: SESSION_ID });
    const auth = { headers: { accept: 'application/json', authorization: `Bearer ${API_KEY}` } };
    const reads = [
      `${base}/api/session/configuration?session_id=${SESSION_ID}`,
      `${base}/api/pull/data?endgrate_type=crm-contact&transfer_id=${TRANSFER_ID}`,
      `${base}/api/push/data?endgrate_type=crm-company&transfer_id=${pushed.transfer_id}`,
      `${base}/api/statistics?transfer_id=${TRANSFER_ID}`,
    ];
    for (const url of reads) {
      const res = await fetch(url, auth);
      expect(res.status, url).toBe(404);
    }
    const errors: any = await fetch(`${base}/api/errors?session_id=${SESSION_ID}`, auth).then((r) => r.json());
    expect(errors.meta.count).toBe(0);
    const sessionPage = await fetch(`${base}/session?session_id=${SESSION_ID}`);
    expect(sessionPage.status).toBe(404);
    const again = await fetch(`${base}/api/session/delete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: API_KEY },
      body: JSON.stringify({ session_id: SESSION_ID }),
    }).then((r) => r.json() as Promise<any>);
    expect(again.message).toBe('Invalid or expired session.');
  });
});
