/**
 * The quick start's shape (shared/seed/quickstart.txt) beyond CRM, against `npm start`, once for an accounting, an
 * ecommerce and a help-desk provider: initiate a session of the category's types, connect in a real browser as the
 * end user would (QuickBooks Online: the consent page in a pop-up; WooCommerce: the store's address with the consumer
 * key and secret copied from the sandbox's key page; Zendesk: the subdomain, then the consent page), pull the types
 * with their associations and check them against what the vendor's own client reads from the sandbox
 * (node-quickbooks with intuit-oauth; @woocommerce/woocommerce-rest-api; node-zendesk), push an invoice (an order, a
 * ticket comment) and read it back with that client, see the money on the statistics page, delete the session.
 */
import { createRequire } from 'node:module';

import OAuthClient from 'intuit-oauth';
import QuickBooksModule from 'node-quickbooks';
import { createClient as createZendeskClient } from 'node-zendesk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';

import { addDecimal } from '../../src/model/money.js';
import { DEFAULT_QUICKBOOKS_CLIENT } from '../../src/sandbox/quickbooks/index.js';
import { describeEachDialect } from '../helpers/harness.js';
import { connectInBrowser, launchChromium } from './browser.js';
import { startWeftProcess, type WeftProcess } from './server-process.js';

type Rec = Record<string, any>;

// node-quickbooks' module.exports is the class; its types describe it as an ES module's default export.
const QuickBooks = QuickBooksModule as unknown as typeof QuickBooksModule.default;
// The WooCommerce client is CommonJS with its class on `default`.
const WooCommerceRestApi = createRequire(import.meta.url)('@woocommerce/woocommerce-rest-api').default as new (options: Rec) => {
  get(path: string, params?: Rec): Promise<{ data: any; headers: Record<string, string> }>;
};

/** The sandbox's OAuth client for QuickBooks (its defaults, as `npm start` serves them). */
const QBO_CLIENT = { clientId: DEFAULT_QUICKBOOKS_CLIENT.clientId, clientSecret: DEFAULT_QUICKBOOKS_CLIENT.clientSecret };

/** A sum of decimal amounts, exactly, as "USD 1,234.50" on the statistics page. */
function shownTotal(currency: string, amounts: Array<string | number>): string {
  const sum = amounts.reduce<string>((a, b) => addDecimal(a, String(b)), '0');
  const [whole, fraction = ''] = sum.split('.');
  return `${currency} ${BigInt(whole as string).toLocaleString('en-US')}.${fraction.padEnd(2, '0')}`;
}

interface Weft {
  base: string;
  headers: Record<string, string>;
  browser: Browser;
}

/** The quick start's calls, with the base URL changed. */
async function api(w: Weft, method: 'GET' | 'POST', path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${w.base}${path}`, { method, headers: w.headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return res.json();
}

async function initiate(w: Weft, types: string[]): Promise<string> {
  const initiated = await api(w, 'POST', '/api/session/initiate', { schema: types.map((endgrate_type) => ({ endgrate_type })) });
  expect(initiated).toEqual({ success: true, session_id: expect.stringMatching(/^[0-9a-f]{24}$/) });
  return initiated.session_id as string;
}

/** The end user's step: the session page at phone width, the provider chosen and connected. */
async function endUserConnects(w: Weft, sessionId: string, displayName: string, connect: (page: Page) => Promise<void>): Promise<void> {
  const context = await w.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${w.base}/session?session_id=${sessionId}`);
  await connect(page);
  await expect.poll(() => page.getByRole('status').textContent()).toContain(`You're connected to ${displayName}`);
  await context.close();
}

/** Pull Data: a synchronous transfer, then every page by `meta.next.link`. */
async function pull(w: Weft, sessionId: string, type: string, associations: Record<string, boolean>): Promise<{ transfer: Rec; items: any[] }> {
  const transfer = await api(w, 'POST', '/api/pull/transfer', { session_id: sessionId, endgrate_type: type, synchronous: true, associations });
  expect(transfer).toEqual({
    success: true,
    transfer_id: expect.stringMatching(/^[0-9a-f]{24}$/),
    statistics: `${w.base}/statistics?transfer_id=${transfer.transfer_id}`,
  });
  const items: any[] = [];
  let next: string | null = `${w.base}/api/pull/data?endgrate_type=${type}&transfer_id=${transfer.transfer_id}`;
  while (next) {
    const data: any = await fetch(next, { headers: w.headers }).then((r) => r.json());
    expect(data.success).toBe(true);
    items.push(...data.transfer_data);
    next = data.meta.next?.link ?? null;
  }
  return { transfer, items };
}

/** Push Data, asynchronous as in the quick start; then the result data once the transfer is done. */
async function push(w: Weft, sessionId: string, type: string, data: Rec): Promise<Rec> {
  const pushed = await api(w, 'POST', '/api/push/transfer', { session_id: sessionId, endgrate_type: type, transfer_data: [{ data }] });
  expect(pushed).toEqual({ success: true, transfer_id: expect.any(String), statistics: `${w.base}/statistics?transfer_id=${pushed.transfer_id}` });
  let result: any;
  await expect
    .poll(
      async () => {
        const res = await fetch(`${w.base}/api/push/data?endgrate_type=${type}&transfer_id=${pushed.transfer_id}`, { headers: w.headers });
        result = await res.json();
        return res.status;
      },
      { timeout: 30_000 },
    )
    .toBe(200);
  expect(result.transfer_data, JSON.stringify(result.transfer_data)).toEqual([
    expect.objectContaining({ id: expect.any(String), internal_id: null, index: 0, success: true, errors: [] }),
  ]);
  return result.transfer_data[0];
}

/** The statistics page of a pull: its records and the value of its money, as a person reads them. */
async function statisticsPage(w: Weft, url: string): Promise<{ records: string; value: string | null; state: string }> {
  const page = await w.browser.newPage();
  await page.goto(url);
  const read = async (field: string) => ((await page.locator(`[data-field="${field}"]`).textContent()) ?? '').trim();
  const records = await read('records');
  // A type worth no money (a contact, a note) has no value on the page.
  const value = (await page.locator('[data-field="value"]').count()) > 0 ? await read('value') : null;
  const out = { records, value, state: await read('state') };
  await page.close();
  return out;
}

/** Delete Session: afterwards the session and its transfers are gone. */
async function deleteSession(w: Weft, sessionId: string, transferId: string, type: string): Promise<void> {
  expect(await api(w, 'POST', '/api/session/delete', { session_id: sessionId })).toEqual({ success: true, session_id: sessionId });
  expect((await fetch(`${w.base}/api/pull/data?endgrate_type=${type}&transfer_id=${transferId}`, { headers: w.headers })).status).toBe(404);
  expect((await fetch(`${w.base}/session?session_id=${sessionId}`)).status).toBe(404);
}

/** A node-quickbooks call as a promise (its callbacks hand the Fault body beside the error). */
function qbo<T = Rec>(client: Rec, method: string, ...args: unknown[]): Promise<T> {
  return new Promise((resolve, reject) => {
    (client[method] as (...a: unknown[]) => void).call(client, ...args, (err: { response?: { data?: unknown } } | null, body: T) =>
      err ? reject(new Error(JSON.stringify(err.response?.data ?? body ?? err))) : resolve(body),
    );
  });
}

/** The company's own QuickBooks client: a token from the sandbox's consent and intuit-oauth, then node-quickbooks. */
async function quickBooksClient(base: string, account: string): Promise<{ client: Rec; realmId: string }> {
  const sandbox = `${base}/sandbox/quickbooks`;
  const redirectUri = 'https://referee.example/callback';
  const consent = await fetch(`${sandbox}/connect/oauth2`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: QBO_CLIENT.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'com.intuit.quickbooks.accounting',
      state: 'referee',
      account,
      decision: 'authorize',
    }),
  });
  expect(consent.status).toBe(302);
  const callback = new URL(consent.headers.get('location') as string);
  OAuthClient.tokenEndpoint = `${sandbox}/oauth2/v1/tokens/bearer`;
  const oauth = new OAuthClient({ ...QBO_CLIENT, environment: 'sandbox', redirectUri });
  const token = (await oauth.createToken(callback.toString())).getJson() as Rec;
  const realmId = callback.searchParams.get('realmId') as string;
  QuickBooks.V3_ENDPOINT_BASE_URL = `${sandbox}/v3/company/`;
  const client = new QuickBooks(QBO_CLIENT.clientId, QBO_CLIENT.clientSecret, token.access_token, false, realmId, true, false, '75', '2.0');
  return { client: client as unknown as Rec, realmId };
}

/** A WooCommerce store's key and secret as the end user copies them from the sandbox's key page. */
async function wooKeys(page: Page, account: string): Promise<{ key: string; secret: string }> {
  const [keyPage] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: /Consumer key page/ }).click()]);
  await keyPage.getByLabel('Account name').fill(account);
  await keyPage.getByRole('button', { name: 'Show API token' }).click();
  const key = await keyPage.getByLabel('Your personal API token').inputValue();
  const secret = await keyPage.locator('#token-hint code').last().innerText();
  await keyPage.close();
  if (!/^ck_[0-9a-f]{40}$/.test(key) || !/^cs_[0-9a-f]{40}$/.test(secret)) {
    throw new Error(`The sandbox's key page showed ${JSON.stringify({ key, secret })}, not a WooCommerce key and secret`);
  }
  return { key, secret };
}

/** A Zendesk account's API token and its owner's e-mail address, as its admin copies them from the sandbox's token page. */
async function zendeskToken(browser: Browser, base: string, account: string): Promise<{ token: string; email: string }> {
  const page = await browser.newPage();
  await page.goto(`${base}/sandbox/zendesk/api-token`);
  await page.getByLabel('Account name').fill(account);
  await page.getByRole('button', { name: 'Show API token' }).click();
  const token = await page.getByLabel('Your personal API token').inputValue();
  const email = await page.locator('#token-hint code').last().innerText();
  await page.close();
  if (!token || !email.includes('@')) throw new Error(`The sandbox's token page showed ${JSON.stringify({ token, email })}`);
  return { token, email };
}

describeEachDialect('the quick start for accounting, ecommerce and help desks, against npm start', (dialect) => {
  let weft: WeftProcess;
  const w = {} as Weft;
  const browserAvailable = inject('chromium');

  beforeAll(async () => {
    if (!browserAvailable) return;
    weft = await startWeftProcess(dialect, {});
    const apiKey = weft.weft(['keys', 'create']).trim().split('\n').pop()!;
    w.base = weft.base;
    w.headers = { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${apiKey}` };
    w.browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await w.browser?.close();
    await weft?.stop();
  });

  it.skipIf(!browserAvailable)(
    'QuickBooks Online: contacts and invoices pulled with their associations as node-quickbooks reads them, an invoice pushed and read back',
    async () => {
      const account = 'Quickstart Books';
      const sid = await initiate(w, ['accounting-contact', 'accounting-invoice']);
      await endUserConnects(w, sid, 'QuickBooks Online', (page) => connectInBrowser(page, 'quickbooks', account));
      const { client } = await quickBooksClient(w.base, account);

      // Contacts: the company's customers and vendors, active or not, as its own client lists them.
      const contacts = (await pull(w, sid, 'accounting-contact', {})).items;
      const everyone = { fetchAll: true, Active: [true, false] };
      const customers = (await qbo(client, 'findCustomers', everyone)).QueryResponse.Customer as Rec[];
      const vendors = (await qbo(client, 'findVendors', everyone)).QueryResponse.Vendor as Rec[];
      expect(contacts.map((c) => c.id).sort()).toEqual([...customers.map((c) => `customer-${c.Id}`), ...vendors.map((v) => `vendor-${v.Id}`)].sort());
      const ada = customers[0] as Rec;
      expect(contacts.find((c) => c.id === `customer-${ada.Id}`).data).toMatchObject({ name: ada.DisplayName, is_customer: true });

      // Invoices, each with its customer as an association, the money as QuickBooks holds it, exactly.
      const { transfer, items: invoices } = await pull(w, sid, 'accounting-invoice', { 'accounting-contact': true });
      const held = (await qbo(client, 'findInvoices', { fetchAll: true })).QueryResponse.Invoice as Rec[];
      expect(invoices.map((i) => i.id).sort()).toEqual(held.map((i) => i.Id).sort());
      const contactIds = new Set(contacts.map((c) => c.id));
      for (const invoice of held) {
        const mine = invoices.find((i) => i.id === invoice.Id);
        expect(mine.associations['accounting-contact']).toEqual([`customer-${invoice.CustomerRef.value}`]);
        expect(contactIds.has(mine.associations['accounting-contact'][0])).toBe(true);
        expect(mine.data).toMatchObject({ total: String(invoice.TotalAmt), balance: String(invoice.Balance), currency: 'USD' });
      }

      // The statistics page: the invoices and what they are worth, summed exactly by currency.
      const value = shownTotal(
        'USD',
        held.map((i) => i.TotalAmt),
      );
      expect(await statisticsPage(w, transfer.statistics)).toEqual({
        records: held.length.toLocaleString('en-US'),
        value,
        state: expect.stringMatching(/completed/i),
      });

      // Push an invoice to that customer for one of the company's items; node-quickbooks reads it back.
      const item = ((await qbo(client, 'findItems', { Type: 'Service' })).QueryResponse.Item as Rec[])[0] as Rec;
      const result = await push(w, sid, 'accounting-invoice', {
        contact_id: `customer-${ada.Id}`,
        due_date: '2027-01-31',
        memo: 'Quick start invoice',
        line_items: [{ product_id: item.Id, description: 'Two hours', quantity: '2', unit_price: '120.50' }],
      });
      const written = (await qbo(client, 'getInvoice', result.id)) as Rec;
      expect(written).toMatchObject({
        CustomerRef: { value: ada.Id },
        DueDate: '2027-01-31',
        CustomerMemo: { value: 'Quick start invoice' },
        TotalAmt: 241,
        Balance: 241,
        Line: expect.arrayContaining([
          expect.objectContaining({
            Amount: 241,
            Description: 'Two hours',
            SalesItemLineDetail: expect.objectContaining({ ItemRef: expect.objectContaining({ value: item.Id }), Qty: 2, UnitPrice: 120.5 }),
          }),
        ]),
      });

      await deleteSession(w, sid, transfer.transfer_id, 'accounting-invoice');
    },
  );

  it.skipIf(!browserAvailable)(
    'WooCommerce: customers and orders pulled with their associations as the WooCommerce client reads them, an order pushed and read back',
    async () => {
      const account = 'Quickstart Store';
      const sid = await initiate(w, ['ecommerce-customer', 'ecommerce-order']);
      let keys = { key: '', secret: '' };
      await endUserConnects(w, sid, 'WooCommerce', async (page) => {
        await page.getByRole('button', { name: 'WooCommerce' }).click();
        keys = await wooKeys(page, account);
        // Any https address names the store in the sandbox (it serves every store at one address).
        await page.getByLabel('Store address').fill('https://quickstart-store.example.com');
        await page.getByLabel('Consumer key', { exact: true }).fill(keys.key);
        await page.getByLabel('Consumer secret', { exact: true }).fill(keys.secret);
        await page.getByRole('button', { name: 'Connect' }).click();
      });
      const client = new WooCommerceRestApi({
        url: `${w.base}/sandbox/woocommerce`,
        consumerKey: keys.key,
        consumerSecret: keys.secret,
        version: 'wc/v3',
      });
      /** The client's GET, waiting out the store's 429 (Retry-After) as a polite client does: Weft shares the store's window. */
      const woo = {
        async get(path: string, params?: Rec): Promise<{ data: any; headers: Record<string, string> }> {
          for (;;) {
            try {
              return await client.get(path, params);
            } catch (e) {
              const res = (e as { response?: { status: number; headers: Record<string, string> } }).response;
              if (res?.status !== 429) throw e;
              await new Promise((r) => setTimeout(r, Number(res.headers['retry-after'] ?? 1) * 1000));
            }
          }
        },
      };
      /** Every record of a resource through the client, a page of 100 at a time as X-WP-TotalPages says. */
      const all = async (resource: string, params: Rec = {}): Promise<Rec[]> => {
        const out: Rec[] = [];
        for (let page = 1, pages = 1; page <= pages; page++) {
          const res = await woo.get(resource, { per_page: 100, page, ...params });
          out.push(...(res.data as Rec[]));
          pages = Number(res.headers['x-wp-totalpages']);
        }
        return out;
      };

      const customers = (await pull(w, sid, 'ecommerce-customer', {})).items;
      const held = await all('customers');
      expect(customers.map((c) => c.id).sort()).toEqual(held.map((c) => String(c.id)).sort());
      const buyer = held[0] as Rec;
      expect(customers.find((c) => c.id === String(buyer.id)).data).toMatchObject({ email_address: buyer.email, first_name: buyer.first_name });

      // Orders, each with its customer (a guest's has none) and its money exactly as WooCommerce sends it.
      const { transfer, items: orders } = await pull(w, sid, 'ecommerce-order', { 'ecommerce-customer': true });
      const placed = await all('orders');
      expect(orders.map((o) => o.id).sort()).toEqual(placed.map((o) => String(o.id)).sort());
      for (const order of placed) {
        const mine = orders.find((o) => o.id === String(order.id));
        expect(mine.associations['ecommerce-customer'] ?? []).toEqual(order.customer_id ? [String(order.customer_id)] : []);
        expect(mine.data).toMatchObject({ total: order.total, total_tax: order.total_tax, currency: order.currency });
      }
      const value = shownTotal(
        placed[0]?.currency as string,
        placed.map((o) => o.total),
      );
      expect(await statisticsPage(w, transfer.statistics)).toEqual({
        records: placed.length.toLocaleString('en-US'),
        value,
        state: expect.stringMatching(/completed/i),
      });

      // Push an order for that customer of two of a simple product; the client reads it back, priced by the store.
      const product = (await all('products', { type: 'simple' }))[0] as Rec;
      const result = await push(w, sid, 'ecommerce-order', {
        customer_id: String(buyer.id),
        status: 'OPEN',
        note: 'Quick start order',
        line_items: [{ product_id: String(product.id), quantity: 2 }],
      });
      const written = (await woo.get(`orders/${result.id}`)).data as Rec;
      expect(written).toMatchObject({
        customer_id: buyer.id,
        status: 'processing',
        customer_note: 'Quick start order',
        line_items: [
          expect.objectContaining({
            product_id: product.id,
            quantity: 2,
            total: shownTotal('', [product.price, product.price]).trim().replace(/,/g, ''),
          }),
        ],
      });
      // The order's total is its lines plus tax and shipping, to the cent.
      const parts = [written.total_tax, written.shipping_total, ...written.line_items.map((l: Rec) => l.total)] as string[];
      expect(shownTotal('', [written.total])).toBe(shownTotal('', parts));

      await deleteSession(w, sid, transfer.transfer_id, 'ecommerce-order');
    },
  );
  it.skipIf(!browserAvailable)(
    'Zendesk: end users and ticket comments pulled with their associations as node-zendesk reads them, a comment pushed and read back',
    async () => {
      const account = 'Quickstart Desk';
      const sid = await initiate(w, ['helpdesk-contact', 'helpdesk-note']);
      await endUserConnects(w, sid, 'Zendesk', (page) => connectInBrowser(page, 'zendesk', account));
      const { token, email } = await zendeskToken(w.browser, w.base, account);
      const client = createZendeskClient({ username: email, token, endpointUri: `${w.base}/sandbox/zendesk/api/v2` } as never);

      // Contacts: the account's end users, as its own client lists them (agents and admins are helpdesk-user).
      const contacts = (await pull(w, sid, 'helpdesk-contact', {})).items;
      const users = (await client.users.list()) as Rec[];
      const endUsers = users.filter((u) => u.role === 'end-user');
      expect(contacts.map((c) => c.id).sort()).toEqual(endUsers.map((u) => String(u.id)).sort());
      const ada = endUsers[0] as Rec;
      expect(contacts.find((c) => c.id === String(ada.id)).data).toMatchObject({
        name: ada.name,
        email_addresses: [{ email_address: ada.email, email_address_type: 'WORK' }],
        company_id: ada.organization_id === null ? null : String(ada.organization_id),
      });

      // Notes: every comment of every ticket, public or private, with the ticket's requester as its contact.
      const { transfer, items: notes } = await pull(w, sid, 'helpdesk-note', { 'helpdesk-contact': true });
      const tickets = (await client.tickets.list()) as Rec[];
      const held: Array<{ ticket: Rec; comment: Rec }> = [];
      for (const ticket of tickets) for (const comment of (await client.tickets.getComments(ticket.id)) as Rec[]) held.push({ ticket, comment });
      expect(notes.map((n) => n.id).sort()).toEqual(held.map((h) => String(h.comment.id)).sort());
      const contactIds = new Set(contacts.map((c) => c.id));
      for (const { ticket, comment } of held) {
        const mine = notes.find((n) => n.id === String(comment.id));
        expect(mine.data).toMatchObject({
          ticket_id: String(ticket.id),
          author_id: String(comment.author_id),
          is_public: comment.public,
          contact_id: String(ticket.requester_id),
        });
        expect(mine.associations['helpdesk-contact']).toEqual([String(ticket.requester_id)]);
        expect(contactIds.has(String(ticket.requester_id))).toBe(true);
      }
      expect(await statisticsPage(w, transfer.statistics)).toEqual({
        records: held.length.toLocaleString('en-US'),
        value: null,
        state: expect.stringMatching(/completed/i),
      });

      // Push a private note on an open ticket; node-zendesk reads it among the ticket's comments.
      const open = tickets.find((t) => t.status !== 'closed') as Rec;
      const result = await push(w, sid, 'helpdesk-note', { ticket_id: String(open.id), content: 'Quick start note', is_public: false });
      const comments = (await client.tickets.getComments(open.id)) as Rec[];
      expect(comments.find((c) => String(c.id) === result.id)).toMatchObject({ body: 'Quick start note', public: false });

      await deleteSession(w, sid, transfer.transfer_id, 'helpdesk-note');
    },
  );
});
