/**
 * The Xero fake refereed by Xero's own Node client (`xero-node`) over real HTTP: the code from the consent page
 * redeemed at the token endpoint (HTTP Basic) and refreshed (the refresh token rotates), the tenants of
 * GET /connections, then xero-node's AccountingApi (its base path set to the fake) with the Xero-tenant-id it sends:
 * contacts paged by 100 with archived ones asked for, `where` and If-Modified-Since, invoices created and updated in
 * a batch answered per element, a payment applied and its invoice paid, an over-payment refused as a
 * ValidationException, items read and deleted, the organisation; and the seed ledger balances.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Invoice, LineAmountTypes, XeroClient } from 'xero-node';

import { createXeroSandboxWithUrl, DEFAULT_XERO_CLIENT, type XeroSandboxInstance } from './index.js';

type Rec = Record<string, any>;

let app: FastifyInstance;
let sandbox: XeroSandboxInstance;
let base: string;
const redirectUri = 'https://app.example.com/callback';
const basic = `Basic ${Buffer.from(`${DEFAULT_XERO_CLIENT.clientId}:${DEFAULT_XERO_CLIENT.clientSecret}`).toString('base64')}`;

async function consent(account: string): Promise<URL> {
  const form = new URLSearchParams({
    client_id: DEFAULT_XERO_CLIENT.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid offline_access accounting.transactions accounting.contacts accounting.settings',
    state: 'st4te',
    account,
    decision: 'authorize',
  });
  const res = await fetch(`${base}/identity/connect/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') as string);
}

async function tokenRequest(params: Record<string, string>): Promise<{ status: number; body: Rec }> {
  const res = await fetch(`${base}/connect/token`, {
    method: 'POST',
    headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
  });
  return { status: res.status, body: (await res.json()) as Rec };
}

function xeroClient(accessToken: string): XeroClient {
  const xero = new XeroClient({
    clientId: DEFAULT_XERO_CLIENT.clientId,
    clientSecret: DEFAULT_XERO_CLIENT.clientSecret,
    redirectUris: [redirectUri],
    scopes: [],
  });
  xero.setTokenSet({ access_token: accessToken, token_type: 'Bearer', expires_in: 1800 });
  xero.accountingApi.basePath = `${base}/api.xro/2.0`;
  return xero;
}

/** xero-node's error: the response body it carries (the client throws a JSON string of the response). */
async function refusal(p: Promise<unknown>): Promise<Rec> {
  try {
    await p;
  } catch (e) {
    const parsed = typeof e === 'string' ? (JSON.parse(e) as Rec) : (e as Rec);
    return parsed['response'] ?? parsed;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  app = Fastify();
  sandbox = createXeroSandboxWithUrl({ seed: { contacts: 230, items: 12, invoices: 80, purchaseOrders: 10 } }, () => base.replace(/\/xero$/, ''));
  await app.register(sandbox.plugin, { prefix: '/xero' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/xero`;
});
afterAll(async () => app?.close());

describe('Xero fake, refereed by xero-node', () => {
  let token = '';
  let tenantId = '';

  it('redeems the code (HTTP Basic), refreshes with rotation, and lists the tenant at GET /connections', async () => {
    const callback = await consent('Demo Org');
    expect(callback.searchParams.get('state')).toBe('st4te');
    const first = await tokenRequest({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') as string,
      redirect_uri: redirectUri,
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ token_type: 'Bearer', expires_in: 1800 });
    const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first.body['refresh_token'] as string });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body['refresh_token']).not.toBe(first.body['refresh_token']);
    expect((await tokenRequest({ grant_type: 'refresh_token', refresh_token: first.body['refresh_token'] as string })).status).toBe(400);
    token = refreshed.body['access_token'] as string;
    const connections = (await (await fetch(`${base}/connections`, { headers: { authorization: `Bearer ${token}` } })).json()) as Rec[];
    expect(connections).toEqual([expect.objectContaining({ tenantType: 'ORGANISATION', tenantName: 'demo org' })]);
    tenantId = connections[0]?.['tenantId'] as string;
    expect(tenantId).toBe(sandbox.xero.organisation('demo org').tenantId);
  });

  it('refuses a call without the tenant (403) or with a spent token (401)', async () => {
    const res = await fetch(`${base}/api.xro/2.0/Contacts`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(403);
    const stale = await fetch(`${base}/api.xro/2.0/Contacts`, { headers: { authorization: 'Bearer nope', 'xero-tenant-id': tenantId } });
    expect(stale.status).toBe(401);
    expect(await stale.json()).toMatchObject({ Title: 'Unauthorized', Status: 401 });
  });

  it('pages contacts by 100 (archived ones asked for), filters with where and If-Modified-Since', async () => {
    const xero = xeroClient(token);
    const held = sandbox.xero.organisation('demo org').records('Contacts') as Rec[];
    const pages: Rec[][] = [];
    for (let page = 1; ; page++) {
      const res = await xero.accountingApi.getContacts(tenantId, undefined, undefined, undefined, undefined, page, true);
      pages.push(res.body.contacts as Rec[]);
      if ((res.body.contacts ?? []).length < 100) break;
    }
    expect(pages.map((p) => p.length)).toEqual([100, 100, 30]);
    expect(pages.flat().map((c) => c['contactID'])).toEqual(held.map((c) => c['ContactID']));
    const active = await xero.accountingApi.getContacts(tenantId);
    expect(active.body.contacts?.length).toBe(held.filter((c) => c['ContactStatus'] === 'ACTIVE').length);
    const named = held[5] as Rec;
    const where = await xero.accountingApi.getContacts(tenantId, undefined, `Name=="${named['Name']}"`, undefined, undefined, undefined, true);
    expect(where.body.contacts?.map((c) => c.contactID)).toEqual([named['ContactID']]);
    const since = await xero.accountingApi.getContacts(tenantId, new Date('2024-10-01T00:00:00Z'), undefined, undefined, undefined, 1, true);
    const after = held.filter((c) => Number(/\d+/.exec(c['UpdatedDateUTC'] as string)?.[0]) > Date.parse('2024-10-01T00:00:00Z'));
    expect(since.body.contacts?.length).toBe(after.length);
    expect(since.response.headers['x-minlimit-remaining']).toBeDefined();
  });

  it('creates and updates invoices in one batch answered per element; a payment pays one; an over-payment is a ValidationException', async () => {
    const xero = xeroClient(token);
    const org = sandbox.xero.organisation('demo org');
    const contact = (org.records('Contacts') as Rec[]).find((c) => c['ContactStatus'] === 'ACTIVE') as Rec;
    const item = org.records('Items')[0] as Rec;
    const invoice: Invoice = {
      type: Invoice.TypeEnum.ACCREC,
      contact: { contactID: contact['ContactID'] },
      date: '2024-11-02',
      dueDate: '2024-12-02',
      lineAmountTypes: LineAmountTypes.Exclusive,
      status: Invoice.StatusEnum.AUTHORISED,
      lineItems: [
        { description: 'Hours', quantity: 2, unitAmount: 60.25, accountCode: '200', taxType: 'OUTPUT2' },
        { itemCode: item['Code'], quantity: 1 },
      ],
    };
    const bad: Invoice = { type: Invoice.TypeEnum.ACCREC, contact: { contactID: '00000000-0000-4000-a000-000000000000' }, lineItems: [] };
    const created = await xero.accountingApi.updateOrCreateInvoices(tenantId, { invoices: [invoice, bad] }, false);
    const [ok, refused] = created.body.invoices as Rec[];
    expect(ok?.['statusAttributeString']).toBe('OK');
    const unit = Math.round(item['SalesDetails'].UnitPrice * 100);
    const sub = 12050 + unit;
    const tax = Math.round(12050 * 0.15) + Math.round(unit * 0.15);
    expect(ok).toMatchObject({ subTotal: sub / 100, totalTax: tax / 100, total: (sub + tax) / 100, amountDue: (sub + tax) / 100 });
    expect(refused?.['statusAttributeString']).toBe('ERROR');
    expect(refused?.['validationErrors']?.[0]?.message).toMatch(/could not be found/);
    // An update of the reference only, by id.
    const id = ok?.['invoiceID'] as string;
    const updated = await xero.accountingApi.updateInvoice(tenantId, id, { invoices: [{ reference: 'PO 77' }] });
    expect(updated.body.invoices?.[0]).toMatchObject({ reference: 'PO 77', total: (sub + tax) / 100 });
    // Paid in two parts; a third payment beyond what is due is refused whole.
    const half = Math.floor((sub + tax) / 2);
    await xero.accountingApi.createPayment(tenantId, {
      invoice: { invoiceID: id },
      account: { code: '090' },
      amount: half / 100,
      date: '2024-11-10',
    });
    const over = await refusal(
      xero.accountingApi.createPayment(tenantId, { invoice: { invoiceID: id }, account: { code: '090' }, amount: sub + tax, date: '2024-11-11' }),
    );
    expect(over.statusCode).toBe(400);
    expect(over.body).toMatchObject({ ErrorNumber: 10, Type: 'ValidationException' });
    expect(JSON.stringify(over.body.Elements)).toMatch(/exceeds the amount outstanding/);
    await xero.accountingApi.createPayment(tenantId, {
      invoice: { invoiceID: id },
      account: { code: '090' },
      amount: (sub + tax - half) / 100,
      date: '2024-11-12',
    });
    const paid = await xero.accountingApi.getInvoice(tenantId, id);
    expect(paid.body.invoices?.[0]).toMatchObject({ status: Invoice.StatusEnum.PAID, amountDue: 0, amountPaid: (sub + tax) / 100 });
    const byContact = await xero.accountingApi.getInvoices(
      tenantId,
      undefined,
      `Contact.ContactID==Guid("${contact['ContactID']}") AND Status=="PAID"`,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      1,
    );
    expect(byContact.body.invoices?.map((i) => i.invoiceID)).toContain(id);
  });

  it('reads and deletes an item, reads the organisation; a bad where is refused', async () => {
    const xero = xeroClient(token);
    const item = sandbox.xero.organisation('demo org').records('Items')[3] as Rec;
    const read = await xero.accountingApi.getItem(tenantId, item['ItemID']);
    expect(read.body.items?.[0]).toMatchObject({ code: item['Code'], salesDetails: { unitPrice: item['SalesDetails'].UnitPrice } });
    await xero.accountingApi.deleteItem(tenantId, item['ItemID']);
    expect((await refusal(xero.accountingApi.getItem(tenantId, item['ItemID']))).statusCode).toBe(404);
    const org = await xero.accountingApi.getOrganisations(tenantId);
    expect(org.body.organisations?.[0]).toMatchObject({ organisationID: tenantId, baseCurrency: 'NZD', financialYearEndMonth: 3 });
    const bad = await refusal(xero.accountingApi.getContacts(tenantId, undefined, 'Name=="x" AND'));
    expect(bad.statusCode).toBe(400);
  });

  it('seeds a ledger that balances: totals are lines plus GST, payments never exceed an invoice', () => {
    const org = sandbox.xero.organisation('ledger org');
    const cents = (n: number) => Math.round(n * 100);
    const payments = org.records('Payments') as Rec[];
    for (const inv of org.records('Invoices') as Rec[]) {
      const lines = inv['LineItems'] as Rec[];
      expect(lines.reduce((n, l) => n + cents(l['LineAmount']), 0)).toBe(cents(inv['SubTotal']));
      expect(lines.reduce((n, l) => n + cents(l['TaxAmount']), 0)).toBe(cents(inv['TotalTax']));
      expect(cents(inv['SubTotal']) + cents(inv['TotalTax'])).toBe(cents(inv['Total']));
      const paid = payments.filter((p) => p['Invoice'].InvoiceID === inv['InvoiceID']).reduce((n, p) => n + cents(p['Amount']), 0);
      expect(paid).toBe(cents(inv['AmountPaid']));
      expect(paid).toBeLessThanOrEqual(cents(inv['Total']));
      if (inv['Status'] !== 'VOIDED') expect(cents(inv['AmountDue'])).toBe(cents(inv['Total']) - paid);
    }
    expect(payments.length).toBeGreaterThan(10);
  });
});

describe('addresses', () => {
  it('seeds each contact a POBOX address and a STREET one, filled for one in three and a placeholder (the type alone, or blanks) for the others, as Xero answers them', () => {
    const org = sandbox.xero.organisation('address org');
    const contacts = org.records('Contacts') as Rec[];
    const text = (a: Rec) => ['AddressLine1', 'City', 'Region', 'PostalCode', 'Country'].some((f) => a[f]);
    expect(contacts.every((c) => c['Addresses'][0].AddressType === 'POBOX' && text(c['Addresses'][0]))).toBe(true);
    const streets = contacts.map((c) => c['Addresses'][1] as Rec);
    expect(streets.every((a) => a.AddressType === 'STREET')).toBe(true);
    const filled = streets.filter(text);
    expect(filled.length).toBe(contacts.filter((_, i) => i % 3 === 1).length);
    expect(filled.some((a) => a.AddressLine3)).toBe(true);
    expect(streets.filter((a) => !text(a) && Object.keys(a).length === 1).length).toBeGreaterThan(0);
    expect(streets.filter((a) => !text(a) && a.AddressLine1 === '').length).toBeGreaterThan(0);
    expect((org.organisation()['Addresses'] as Rec[]).map((a) => a.AddressType)).toEqual(['POBOX', 'STREET']);
  });
});
