/**
 * Endgrate's quick start (shared/seed/quickstart.txt), run as written against `npm start`, with the URLs pointed at
 * this server, once per provider. The end user's step happens in a real browser: pick the provider, then either
 * type an account name and Authorize (OAuth), or paste an API token into the form (Pipedrive; Copper with its user's e-mail; Close).
 */
import { mkdirSync } from 'node:fs';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';

import { describeEachDialect } from '../helpers/harness.js';
import { connectInBrowser, launchChromium } from './browser.js';
import { startWeftProcess, type WeftProcess } from './server-process.js';

interface ProviderCase {
  provider: 'hubspot' | 'salesforce' | 'pipedrive' | 'freshsales' | 'copper' | 'zoho' | 'attio' | 'dynamics' | 'close';
  displayName: string;
  account: string;
  /** The end user's step on the session page, in the browser. */
  connect(page: Page, base: string, account: string): Promise<void>;
  /** The sandbox account's contacts (id, email), read from the sandbox's control API. */
  contacts(base: string, account: string): Promise<Array<{ id: string; email: string | null; first: string | null }>>;
  /** The pushed company, read back from the sandbox. */
  company(base: string, account: string, id: string): Promise<{ name: unknown; website: unknown }>;
  /** The pushed website as the provider keeps it, where not as given (Attio keeps a company's domains). */
  storedWebsite?: string;
}

/** The sandbox's control API is on only with a control token, and answers only to it (not part of the quick start). */
const CONTROL_TOKEN = 'quickstart-test-control-token';
const json = (url: string) => fetch(url, { headers: { authorization: `Bearer ${CONTROL_TOKEN}` } }).then((r) => r.json() as Promise<any>);

const CASES: ProviderCase[] = [
  {
    provider: 'hubspot',
    displayName: 'HubSpot',
    account: 'Quickstart Co',
    connect: (page, _base, account) => connectInBrowser(page, 'hubspot', account),
    async contacts(base, account) {
      const out: Array<{ id: string; email: string | null; first: string | null }> = [];
      let after: string | undefined;
      do {
        const res = await json(
          `${base}/sandbox/hubspot/_sandbox/accounts/${encodeURIComponent(account)}/contacts?limit=500${after ? `&after=${after}` : ''}`,
        );
        out.push(...res.results.map((c: any) => ({ id: c.id, email: c.properties.email ?? null, first: c.properties.firstname ?? null })));
        after = res.nextAfter;
      } while (after);
      return out;
    },
    async company(base, account, id) {
      const c = await json(`${base}/sandbox/hubspot/_sandbox/accounts/${encodeURIComponent(account)}/companies/${id}`);
      return { name: c.properties.name, website: c.properties.website };
    },
  },
  {
    provider: 'salesforce',
    displayName: 'Salesforce',
    account: 'Quickstart Org',
    connect: (page, _base, account) => connectInBrowser(page, 'salesforce', account),
    async contacts(base, account) {
      const out: Array<{ id: string; email: string | null; first: string | null }> = [];
      let after: string | undefined;
      do {
        const res = await json(
          `${base}/sandbox/salesforce/_sandbox/orgs/${encodeURIComponent(account)}/Contact?limit=500${after ? `&after=${after}` : ''}`,
        );
        out.push(...res.records.map((c: any) => ({ id: c.Id, email: c.Email ?? null, first: c.FirstName ?? null })));
        after = res.nextAfter;
      } while (after);
      return out;
    },
    async company(base, account, id) {
      const c = await json(`${base}/sandbox/salesforce/_sandbox/orgs/${encodeURIComponent(account)}/Account/${id}`);
      return { name: c.Name, website: c.Website };
    },
  },
  {
    provider: 'pipedrive',
    displayName: 'Pipedrive',
    account: 'Quickstart Company',
    // The API-token form, with the token copied from the sandbox's token page.
    connect: (page, _base, account) => connectInBrowser(page, 'pipedrive', account),
    async contacts(base, account) {
      const out: Array<{ id: string; email: string | null; first: string | null }> = [];
      let cursor: string | null = null;
      do {
        const res: any = await json(
          `${base}/sandbox/pipedrive/_sandbox/companies/${encodeURIComponent(account)}/persons?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        out.push(
          ...res.data.map((p: any) => ({
            id: String(p.id),
            email: (p.emails.find((e: any) => e.primary) ?? p.emails[0])?.value ?? null,
            first: p.first_name ?? null,
          })),
        );
        cursor = res.nextCursor;
      } while (cursor);
      return out;
    },
    async company(base, account, id) {
      const c = await json(`${base}/sandbox/pipedrive/_sandbox/companies/${encodeURIComponent(account)}/organizations/${id}`);
      return { name: c.name, website: c.website };
    },
  },
  {
    provider: 'freshsales',
    displayName: 'Freshsales',
    account: 'Quickstart Freshsales',
    // The API-key form with the domain, both copied from the sandbox's key page.
    connect: (page, _base, account) => connectInBrowser(page, 'freshsales', account),
    async contacts(base, account) {
      const out: Array<{ id: string; email: string | null; first: string | null }> = [];
      let cursor: string | null = null;
      do {
        const res: any = await json(
          `${base}/sandbox/freshsales/_sandbox/accounts/${encodeURIComponent(account)}/contacts?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        out.push(...res.data.map((c: any) => ({ id: String(c.id), email: c.email ?? null, first: c.first_name ?? null })));
        cursor = res.nextCursor;
      } while (cursor);
      return out;
    },
    async company(base, account, id) {
      const c = await json(`${base}/sandbox/freshsales/_sandbox/accounts/${encodeURIComponent(account)}/sales_accounts/${id}`);
      return { name: c.name, website: c.website };
    },
  },
  {
    provider: 'copper',
    displayName: 'Copper',
    account: 'Quickstart Copper',
    // The API-key form, with the key and the user's e-mail copied from the sandbox's key page.
    connect: (page, _base, account) => connectInBrowser(page, 'copper', account),
    async contacts(base, account) {
      const out: Array<{ id: string; email: string | null; first: string | null }> = [];
      let after: string | undefined;
      do {
        const res: any = await json(
          `${base}/sandbox/copper/_sandbox/accounts/${encodeURIComponent(account)}/people?limit=500${after ? `&after=${after}` : ''}`,
        );
        out.push(...res.results.map((p: any) => ({ id: String(p.id), email: p.emails[0]?.email ?? null, first: p.first_name ?? null })));
        after = res.after;
      } while (after);
      return out;
    },
    async company(base, account, id) {
      const c = await json(`${base}/sandbox/copper/_sandbox/accounts/${encodeURIComponent(account)}/companies/${id}`);
      return { name: c.name, website: c.websites[0]?.url };
    },
  },
  {
    provider: 'zoho',
    displayName: 'Zoho CRM',
    // An account of Zoho's EU data centre: the code is redeemed at the accounts server the redirect names.
    account: 'quickstart.eu',
    connect: (page, _base, account) => connectInBrowser(page, 'zoho', account),
    async contacts(base, account) {
      const out: Array<{ id: string; email: string | null; first: string | null }> = [];
      let after: string | undefined;
      do {
        const res = await json(
          `${base}/sandbox/zoho/_sandbox/orgs/${encodeURIComponent(account)}/Contacts?limit=500${after ? `&after=${after}` : ''}`,
        );
        out.push(...res.results.map((c: any) => ({ id: c.id, email: c.Email ?? null, first: c.First_Name ?? null })));
        after = res.after;
      } while (after);
      return out;
    },
    async company(base, account, id) {
      const c = await json(`${base}/sandbox/zoho/_sandbox/orgs/${encodeURIComponent(account)}/Accounts/${id}`);
      return { name: c.Account_Name, website: c.Website };
    },
  },
  {
    provider: 'attio',
    displayName: 'Attio',
    account: 'Quickstart Attio',
    // Attio offers OAuth and API keys: the method page, then the consent page in a pop-up.
    connect: (page, _base, account) => connectInBrowser(page, 'attio', account),
    async contacts(base, account) {
      const res = await json(`${base}/sandbox/attio/_sandbox/workspaces/${encodeURIComponent(account)}/people?limit=100000`);
      return res.results.map((p: any) => ({
        id: p.id.record_id,
        email: p.values.email_addresses[0]?.email_address ?? null,
        first: p.values.name[0]?.first_name ?? null,
      }));
    },
    async company(base, account, id) {
      const c = await json(`${base}/sandbox/attio/_sandbox/workspaces/${encodeURIComponent(account)}/companies/${id}`);
      return { name: c.values.name[0]?.value, website: c.values.domains[0]?.domain };
    },
    storedWebsite: 'endgrate.com',
  },
  {
    provider: 'dynamics',
    displayName: 'Microsoft Dynamics 365',
    account: 'quickstart-dynamics',
    // The environment's address first, then the identity platform's consent page, both in the pop-up.
    connect: (page, _base, account) => connectInBrowser(page, 'dynamics', account),
    async contacts(base, account) {
      const res = await json(`${base}/sandbox/dynamics/_sandbox/orgs/${encodeURIComponent(account)}/contacts?limit=100000`);
      return res.value.map((c: any) => ({ id: c.contactid, email: c.emailaddress1 ?? null, first: c.firstname ?? null }));
    },
    async company(base, account, id) {
      const c = await json(`${base}/sandbox/dynamics/_sandbox/orgs/${encodeURIComponent(account)}/accounts/${id}`);
      return { name: c.name, website: c.websiteurl };
    },
  },
  {
    provider: 'close',
    displayName: 'Close',
    account: 'Quickstart Close',
    // The API-key form, with the key copied from the sandbox's key page.
    connect: (page, _base, account) => connectInBrowser(page, 'close', account),
    async contacts(base, account) {
      const out: Array<{ id: string; email: string | null; first: string | null }> = [];
      let cursor: string | null = null;
      do {
        const res: any = await json(
          `${base}/sandbox/close/_sandbox/accounts/${encodeURIComponent(account)}/contacts?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        // Close keeps one name: its first name is all but the last word.
        out.push(
          ...res.data.map((c: any) => ({ id: c.id, email: c.emails[0]?.email ?? null, first: c.name.split(' ').slice(0, -1).join(' ') || null })),
        );
        cursor = res.nextCursor;
      } while (cursor);
      return out;
    },
    async company(base, account, id) {
      // The control API keys records by number: read the lead through Close's own API with the organization's key.
      const { apiKey } = await json(`${base}/sandbox/close/_sandbox/accounts/${encodeURIComponent(account)}`);
      const lead: any = await fetch(`${base}/sandbox/close/api/v1/lead/${id}/`, {
        headers: { authorization: `Basic ${Buffer.from(`${apiKey as string}:`).toString('base64')}` },
      }).then((r) => r.json());
      return { name: lead.name, website: lead.url };
    },
  },
];

describeEachDialect('the quick start, as written, against npm start', (dialect) => {
  let weft: WeftProcess;
  let browser: Browser;
  let API_KEY: string;
  const browserAvailable = inject('chromium');

  beforeAll(async () => {
    if (!browserAvailable) return;
    weft = await startWeftProcess(dialect, { WEFT_SANDBOX_CONTROL_TOKEN: CONTROL_TOKEN });
    // "Retrieve your API key from the settings page of your dashboard": here, the CLI prints it on its last line.
    API_KEY = weft.weft(['keys', 'create']).trim().split('\n').pop()!;
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await weft?.stop();
  });

  for (const c of CASES) {
    it.skipIf(!browserAvailable)(`${c.displayName}: initiates, connects in the browser, pulls, pushes and deletes`, async () => {
      const base = weft.base;
      const headers = { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` };

      // Initiate Session (the quick start's JavaScript, with the base URL changed).
      const initiated = await fetch(`${base}/api/session/initiate`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }] }),
      }).then((response) => response.json() as Promise<any>);
      expect(initiated).toEqual({ success: true, session_id: expect.stringMatching(/^[0-9a-f]{24}$/) });
      const SESSION_ID: string = initiated.session_id;

      // Redirect End User: the session page, in a real browser at phone width.
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      await page.goto(`${base}/session?session_id=${SESSION_ID}`);
      if (dialect === 'sqlite' && c.provider === 'hubspot') {
        mkdirSync('docs/screenshots', { recursive: true });
        await page.screenshot({ path: 'docs/screenshots/session-page.png', fullPage: true });
      }
      await c.connect(page, base, c.account);
      await expect.poll(() => page.getByRole('status').textContent()).toContain(`You're connected to ${c.displayName}`);
      await context.close();

      // Pull Data.
      const pulled = await fetch(`${base}/api/pull/transfer`, {
        method: 'POST',
        headers,
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
        const data: any = await fetch(next, { method: 'GET', headers: { accept: 'application/json', authorization: `Bearer ${API_KEY}` } }).then(
          (r) => r.json(),
        );
        expect(data.success).toBe(true);
        contacts.push(...data.transfer_data);
        next = data.meta.next?.link ?? null;
      }

      // Exactly the sandbox account's contacts, in the common model.
      const expected = await c.contacts(base, c.account);
      expect(expected.length).toBe(1000);
      expect(contacts.map((x) => x.id)).toEqual(expected.map((x) => x.id));
      contacts.forEach((x, i) => {
        expect(x.data.first_name).toBe(expected[i]!.first);
        expect(x.data.email_addresses[0]?.email_address ?? null).toBe(expected[i]!.email);
      });

      // Push Data: the quick start's body, asynchronous; then query the result data.
      const pushed = await fetch(`${base}/api/push/transfer`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          session_id: SESSION_ID,
          endgrate_type: 'crm-company',
          transfer_data: [{ data: { company_name: 'Endgrate', website: 'https://endgrate.com' } }],
        }),
      }).then((response) => response.json() as Promise<any>);
      expect(pushed).toEqual({ success: true, transfer_id: expect.any(String), statistics: `${base}/statistics?transfer_id=${pushed.transfer_id}` });
      let result: any;
      await expect
        .poll(
          async () => {
            const res = await fetch(`${base}/api/push/data?endgrate_type=crm-company&transfer_id=${pushed.transfer_id}`, {
              headers: { accept: 'application/json', authorization: `Bearer ${API_KEY}` },
            });
            result = await res.json();
            return res.status;
          },
          { timeout: 30_000 },
        )
        .toBe(200);
      expect(result.transfer_data).toEqual([{ id: expect.any(String), internal_id: null, index: 0, success: true, errors: [] }]);
      expect(await c.company(base, c.account, result.transfer_data[0].id)).toEqual({
        name: 'Endgrate',
        website: c.storedWebsite ?? 'https://endgrate.com',
      });

      // The statistics page of the transfer.
      const stats = await browser.newPage();
      await stats.goto(pulled.statistics);
      await expect.poll(() => stats.locator('[data-field="records"]').textContent()).toBe('1,000');
      expect(await stats.locator('[data-field="state"]').textContent()).toMatch(/completed/i);
      await stats.close();

      // Delete Session: afterwards nothing of the session can be read.
      const deleted = await fetch(`${base}/api/session/delete`, { method: 'POST', headers, body: JSON.stringify({ session_id: SESSION_ID }) }).then(
        (response) => response.json() as Promise<any>,
      );
      expect(deleted).toEqual({ success: true, session_id: SESSION_ID });
      const auth = { headers: { accept: 'application/json', authorization: `Bearer ${API_KEY}` } };
      for (const url of [
        `${base}/api/session/configuration?session_id=${SESSION_ID}`,
        `${base}/api/pull/data?endgrate_type=crm-contact&transfer_id=${TRANSFER_ID}`,
        `${base}/api/push/data?endgrate_type=crm-company&transfer_id=${pushed.transfer_id}`,
        `${base}/api/statistics?transfer_id=${TRANSFER_ID}`,
      ]) {
        expect((await fetch(url, auth)).status, url).toBe(404);
      }
      const errors: any = await fetch(`${base}/api/errors?session_id=${SESSION_ID}`, auth).then((r) => r.json());
      expect(errors.meta.count).toBe(0);
      expect((await fetch(`${base}/session?session_id=${SESSION_ID}`)).status).toBe(404);
      const again: any = await fetch(`${base}/api/session/delete`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: API_KEY },
        body: JSON.stringify({ session_id: SESSION_ID }),
      }).then((r) => r.json());
      expect(again.message).toBe('Invalid or expired session.');
    });
  }
});
