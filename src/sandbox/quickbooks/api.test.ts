/**
 * The QuickBooks Online fake refereed by Intuit's own Node clients over real HTTP: `intuit-oauth` redeems the code
 * the consent page hands back (with the company's realmId) and refreshes (the refresh token rotates); `node-quickbooks`
 * lists customers with the query language (and pages with STARTPOSITION), reads, creates, sparse-updates with the
 * SyncToken (a stale one refused with its Fault) and deletes invoices. The seed ledger balances. Addresses carry Ids
 * of their own.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import OAuthClient from 'intuit-oauth';
import QuickBooksModule from 'node-quickbooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createQuickBooksSandboxWithUrl, DEFAULT_QUICKBOOKS_CLIENT, type QuickBooksSandboxInstance } from './index.js';

type Rec = Record<string, any>;

// The package's module.exports is the class; its types describe it as an ES module's default export.
const QuickBooks = QuickBooksModule as unknown as typeof QuickBooksModule.default;

let app: FastifyInstance;
let sandbox: QuickBooksSandboxInstance;
let base: string;
const redirectUri = 'https://app.example.com/callback';

/** The consent as a browser submits it: the redirect to the app, with the code and the realmId. */
async function consent(account: string): Promise<URL> {
  const form = new URLSearchParams({
    client_id: DEFAULT_QUICKBOOKS_CLIENT.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'com.intuit.quickbooks.accounting',
    state: 'st4te',
    account,
    decision: 'authorize',
  });
  const res = await fetch(`${base}/connect/oauth2`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') as string);
}

function client(token: string, realmId: string): Rec {
  return new QuickBooks(
    DEFAULT_QUICKBOOKS_CLIENT.clientId,
    DEFAULT_QUICKBOOKS_CLIENT.clientSecret,
    token,
    false,
    realmId,
    true,
    false,
    '75',
    '2.0',
  ) as unknown as Rec;
}

/** A node-quickbooks call as a promise: the Fault body of an error (the client hands it beside the error), or its answer. */
function call<T = Rec>(qbo: Rec, method: string, ...args: unknown[]): Promise<T> {
  return new Promise((resolve, reject) => {
    (qbo[method] as (...a: unknown[]) => void).call(qbo, ...args, (err: { response?: { data?: unknown } } | null, body: T) =>
      err ? reject((err.response?.data ?? body ?? err) as Error) : resolve(body),
    );
  });
}

beforeAll(async () => {
  app = Fastify();
  sandbox = createQuickBooksSandboxWithUrl({ seed: { customers: 150, vendors: 20, invoices: 60 } }, () => base.replace(/\/quickbooks$/, ''));
  await app.register(sandbox.plugin, { prefix: '/quickbooks' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as { port: number };
  base = `http://127.0.0.1:${address.port}/quickbooks`;
  QuickBooks.V3_ENDPOINT_BASE_URL = `${base}/v3/company/`;
  OAuthClient.tokenEndpoint = `${base}/oauth2/v1/tokens/bearer`;
});
afterAll(async () => app?.close());

describe('QuickBooks Online fake, refereed by intuit-oauth and node-quickbooks', () => {
  let token = '';
  let realmId = '';

  it('redeems the code with intuit-oauth (HTTP Basic), the realmId from the redirect, and refreshes with rotation', async () => {
    const callback = await consent('Acme Books');
    realmId = callback.searchParams.get('realmId') as string;
    expect(realmId).toBe(sandbox.quickbooks.company('acme books').realmId);
    expect(callback.searchParams.get('state')).toBe('st4te');
    const oauth = new OAuthClient({
      clientId: DEFAULT_QUICKBOOKS_CLIENT.clientId,
      clientSecret: DEFAULT_QUICKBOOKS_CLIENT.clientSecret,
      environment: 'sandbox',
      redirectUri,
    });
    const created = await oauth.createToken(callback.toString());
    const first = created.getJson() as Rec;
    expect(first).toMatchObject({ token_type: 'bearer', expires_in: 3600, x_refresh_token_expires_in: 8726400 });
    expect(oauth.getToken().realmId).toBe(realmId);
    const refreshed = (await oauth.refresh()).getJson() as Rec;
    expect(refreshed.refresh_token).not.toBe(first.refresh_token);
    // The old refresh token is spent.
    await expect(oauth.refreshUsingToken(first.refresh_token)).rejects.toBeTruthy();
    token = refreshed.access_token as string;
  });

  it('lists customers with the query language and pages them with STARTPOSITION/MAXRESULTS', async () => {
    const qbo = client(token, realmId);
    const first = await call(qbo, 'findCustomers', [{ field: 'limit', value: 100 }]);
    expect(first.QueryResponse.Customer).toHaveLength(100);
    expect(first.QueryResponse).toMatchObject({ startPosition: 1, maxResults: 100 });
    const all = await call(qbo, 'findCustomers', { fetchAll: true, Active: [true, false] } as Rec);
    const held = sandbox.quickbooks.company('acme books').records('Customer');
    expect(all.QueryResponse.Customer.map((c: Rec) => c.Id)).toEqual(held.map((c) => c['Id']));
    // Without a condition on Active, the inactive ones are left out, as QuickBooks does.
    const active = await call(qbo, 'findCustomers', { fetchAll: true });
    expect(active.QueryResponse.Customer.length).toBe(held.filter((c) => c['Active'] !== false).length);
    // The second page of 100: STARTPOSITION is 1-based.
    const second = await call(qbo, 'findCustomers', [
      { field: 'Active', value: [true, false], operator: 'IN' },
      { field: 'limit', value: 100 },
      { field: 'offset', value: 101 },
    ]);
    expect(second.QueryResponse).toMatchObject({ startPosition: 101, maxResults: held.length - 100 });
    expect(second.QueryResponse.Customer[0].Id).toBe(held[100]?.['Id']);
    expect(sandbox.quickbooks.company('acme books').queries().at(-1)).toMatch(/startposition 101 maxresults 100$/i);
  });

  it('reads, creates, sparse-updates with the SyncToken and deletes an invoice; a stale SyncToken is a Fault', async () => {
    const qbo = client(token, realmId);
    const customer = sandbox.quickbooks.company('acme books').records('Customer')[0] as Rec;
    const item = sandbox.quickbooks.company('acme books').records('Item')[0] as Rec;
    const created = await call(qbo, 'createInvoice', {
      CustomerRef: { value: customer.Id },
      Line: [
        {
          Amount: 20.5,
          DetailType: 'SalesItemLineDetail',
          SalesItemLineDetail: { ItemRef: { value: item.Id }, Qty: 2, UnitPrice: 10.25, TaxCodeRef: { value: 'TAX' } },
        },
      ],
    });
    expect(created).toMatchObject({ SyncToken: '0', TotalAmt: 22.19, Balance: 22.19, TxnTaxDetail: { TotalTax: 1.69 } });
    const read = await call(qbo, 'getInvoice', created.Id);
    expect(read.Id).toBe(created.Id);
    const updated = await call(qbo, 'updateInvoice', { Id: created.Id, SyncToken: created.SyncToken, sparse: true, DueDate: '2026-12-31' });
    expect(updated).toMatchObject({ SyncToken: '1', DueDate: '2026-12-31', TotalAmt: 22.19 });
    const stale = await call(qbo, 'updateInvoice', { Id: created.Id, SyncToken: '0', sparse: true, DueDate: '2027-01-31' }).catch((e: Rec) => e);
    expect(stale.Fault).toMatchObject({ type: 'ValidationFault', Error: [{ code: '5010', Message: 'Stale Object Error' }] });
    const deleted = await call(qbo, 'deleteInvoice', { Id: created.Id, SyncToken: '1' });
    expect(deleted.Invoice).toMatchObject({ status: 'Deleted', Id: created.Id });
    const gone = await call(qbo, 'getInvoice', created.Id).catch((e: Rec) => e);
    expect(gone.Fault.Error[0]).toMatchObject({ code: '610', Message: 'Object Not Found' });
  });

  it('refuses an invoice without a customer with its Fault, and a request without a valid token', async () => {
    const qbo = client(token, realmId);
    const refused = await call(qbo, 'createInvoice', { Line: [] }).catch((e: Rec) => e);
    expect(refused).toMatchObject({ Fault: { type: 'ValidationFault', Error: [{ code: '2020' }] }, time: expect.any(String) });
    const res = await fetch(`${base}/v3/company/${realmId}/query?query=select%20*%20from%20Customer`, { headers: { authorization: 'Bearer nope' } });
    expect(res.status).toBe(401);
  });

  it('tells deletions through Change Data Capture, and refuses a token on another company', async () => {
    const qbo = client(token, realmId);
    const customer = sandbox.quickbooks.company('acme books').records('Customer')[1] as Rec;
    const since = new Date(Date.now() - 1000).toISOString();
    const created = await call(qbo, 'createInvoice', {
      CustomerRef: { value: customer.Id },
      Line: [{ Amount: 5, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: {} }],
    });
    await call(qbo, 'deleteInvoice', { Id: created.Id, SyncToken: created.SyncToken });
    const cdc = await call(qbo, 'changeDataCapture', ['Invoice', 'Customer'], since);
    const [invoices, customers] = cdc.CDCResponse[0].QueryResponse as [Rec, Rec];
    expect(invoices.Invoice).toContainEqual({ domain: 'QBO', status: 'Deleted', Id: created.Id, MetaData: { LastUpdatedTime: expect.any(String) } });
    expect(customers).toEqual({});
    const other = sandbox.quickbooks.company('other books').realmId;
    const res = await fetch(`${base}/v3/company/${other}/companyinfo/${other}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(403);
  });

  it('throttles a company at 500 requests a minute with a 429', async () => {
    let now = Date.UTC(2026, 4, 1);
    const local = Fastify();
    const box = createQuickBooksSandboxWithUrl(
      { seed: { customers: 3, vendors: 1, invoices: 2 }, now: () => now, perMinute: 3 },
      () => 'http://local',
    );
    await local.register(box.plugin, { prefix: '/quickbooks' });
    const grant = box.quickbooks.company('tiny').issueTokens() as Rec;
    const ask = () =>
      local.inject({
        url: `/quickbooks/v3/company/${grant.realmId}/companyinfo/${grant.realmId}`,
        headers: { authorization: `Bearer ${grant.access_token}` },
      });
    for (let i = 0; i < 3; i++) expect((await ask()).statusCode).toBe(200);
    const throttled = await ask();
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json()).toMatchObject({ fault: { error: [{ code: '3001' }] } });
    now += 60_001;
    expect((await ask()).statusCode).toBe(200);
    await local.close();
  });
});

describe('the seed ledger', () => {
  it('balances: totals are lines plus tax, balances what payments leave, no payment beyond its invoices', () => {
    const company = sandbox.quickbooks.company('ledger check');
    const cents = (v: unknown) => Math.round((v as number) * 100);
    const paidOn = new Map<string, number>();
    for (const p of company.records('Payment')) {
      let applied = 0;
      for (const line of p['Line'] as Rec[]) {
        applied += cents(line.Amount);
        for (const link of line.LinkedTxn as Rec[]) paidOn.set(link.TxnId, (paidOn.get(link.TxnId) ?? 0) + cents(line.Amount));
      }
      expect(applied).toBeLessThanOrEqual(cents(p['TotalAmt']));
    }
    const invoices = company.records('Invoice');
    expect(invoices.length).toBe(60);
    for (const inv of invoices) {
      const lines = (inv['Line'] as Rec[]).filter((l) => l.DetailType === 'SalesItemLineDetail');
      const sum = lines.reduce((s, l) => s + cents(l.Amount), 0);
      expect((inv['Line'] as Rec[]).find((l) => l.DetailType === 'SubTotalLineDetail')?.Amount).toBe(sum / 100);
      expect(cents(inv['TotalAmt'])).toBe(sum + cents((inv['TxnTaxDetail'] as Rec).TotalTax));
      const paid = paidOn.get(inv['Id'] as string) ?? 0;
      expect(paid).toBeLessThanOrEqual(cents(inv['TotalAmt']));
      expect(cents(inv['Balance'])).toBe(cents(inv['TotalAmt']) - paid);
    }
    expect(paidOn.size).toBeGreaterThan(10);
  });
});

describe('addresses', () => {
  it('gives every PhysicalAddress an Id of its own (a ShipAddr like the BillAddr shares its Id); a write without one keeps the Id of the address it replaces, or gets a new one', () => {
    const company = sandbox.quickbooks.company('address check');
    const [info] = company.records('CompanyInfo') as [Rec];
    const companyIds = ['CompanyAddr', 'LegalAddr', 'CustomerCommunicationAddr'].map((f) => info[f].Id);
    expect(companyIds.every((id) => /^\d+$/.test(id))).toBe(true);
    expect(new Set(companyIds).size).toBe(3);
    expect(info['LegalAddr']).toMatchObject({ Line2: 'Attn: Legal Department', Line3: 'Floor 3' });
    const customers = company.records('Customer') as Rec[];
    expect(customers.every((c) => /^\d+$/.test(c['BillAddr'].Id))).toBe(true);
    const shipping = customers.filter((c) => c['ShipAddr']);
    expect(shipping.length).toBeGreaterThan(0);
    for (const c of shipping) expect(c['ShipAddr']).toEqual(c['BillAddr']);
    expect((company.records('Vendor') as Rec[]).every((v) => /^\d+$/.test(v['BillAddr'].Id))).toBe(true);
    const used = [...companyIds, ...customers.map((c) => c['BillAddr'].Id), ...(company.records('Vendor') as Rec[]).map((v) => v['BillAddr'].Id)];
    expect(new Set(used).size).toBe(used.length);

    const created = company.write('Customer', { DisplayName: 'Address Writer', BillAddr: { Line1: '1 Dock Rd', City: 'Oakland' } })[
      'Customer'
    ] as Rec;
    const given = created['BillAddr'].Id as string;
    expect(used).not.toContain(given);
    const updated = company.write('Customer', {
      Id: created['Id'],
      SyncToken: created['SyncToken'],
      sparse: true,
      BillAddr: { Line1: '2 Dock Rd', City: 'Oakland' },
      ShipAddr: { Line1: '3 Pier Way', City: 'Oakland' },
    })['Customer'] as Rec;
    expect(updated['BillAddr']).toEqual({ Id: given, Line1: '2 Dock Rd', City: 'Oakland' });
    expect(updated['ShipAddr'].Id).not.toBe(given);
  });
});
