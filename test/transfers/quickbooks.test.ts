/**
 * QuickBooks Online end to end through Weft against its fake: a connection whose company (realmId) comes back on the
 * OAuth redirect, every type pulled (pages of 1,000 by STARTPOSITION) with invoice → contact and item, payment →
 * invoice associations and money as exact decimal text, filters pushed down into the query's WHERE clause, creates
 * and sparse updates (with the current SyncToken) landing in the fake, a payment applied to an invoice, sync pulls
 * that tell additions, changes and deletions, a pull resumed from its checkpoint after the company failed, the
 * addresses of the company, customers and vendors pulled (and resumed) as records of their own, and the company's
 * 500-a-minute throttle honoured without a 429.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDialect, eventually, type Harness, oauthCredentials, startHarness } from '../helpers/harness.js';

const TYPES = [
  'accounting-contact',
  'accounting-customer',
  'accounting-invoice',
  'accounting-payment',
  'accounting-product',
  'accounting-purchase_order',
];
/** The company and the addresses are pulled only: a pull session's. */
const PULLED = [...TYPES, 'accounting-company', 'accounting-address'];
type Row = Record<string, any>;

/** The fields of an owner holding a PhysicalAddress, as (field, slot); an address holding no text is none. */
const ADDRESS_SLOTS: Record<string, Array<[string, string]>> = {
  CompanyInfo: [
    ['CompanyAddr', 'company'],
    ['LegalAddr', 'legal'],
    ['CustomerCommunicationAddr', 'customer-communication'],
  ],
  Customer: [
    ['BillAddr', 'billing'],
    ['ShipAddr', 'shipping'],
  ],
  Vendor: [['BillAddr', 'billing']],
};
const OWNERS: Record<string, string> = { CompanyInfo: 'company', Customer: 'customer', Vendor: 'vendor' };
const holdsText = (a: Row | undefined) =>
  a !== undefined &&
  a !== null &&
  ['Line1', 'Line2', 'Line3', 'Line4', 'Line5', 'City', 'CountrySubDivisionCode', 'PostalCode', 'Country'].some((f) => a[f]);
/** The ids of the addresses a fake company holds, counted from its records. */
function heldAddressIds(fake: { records(entity: 'CompanyInfo' | 'Customer' | 'Vendor'): Row[] }): string[] {
  return (['CompanyInfo', 'Customer', 'Vendor'] as const).flatMap((entity) =>
    fake
      .records(entity)
      .flatMap((r) =>
        (ADDRESS_SLOTS[entity] as Array<[string, string]>).filter(([f]) => holdsText(r[f])).map(([, slot]) => `${OWNERS[entity]}/${r['Id']}/${slot}`),
      ),
  );
}

describeEachDialect('QuickBooks Online', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '1000', WEFT_SANDBOX_COMPANIES: '30' } });
  });
  afterAll(async () => h?.close());

  async function connected(account: string, sync = false, pullOnly = false): Promise<string> {
    const body = { schema: (pullOnly ? PULLED : TYPES).map((t) => ({ endgrate_type: t })), provider: 'quickbooks', ...(sync ? { sync: true } : {}) };
    const init = await h.api('POST', pullOnly ? '/api/pull/initiate' : '/api/session/initiate', { body });
    expect(init.status, JSON.stringify(init.body)).toBe(200);
    const sid = init.body.session_id as string;
    await h.connect(sid, account, 'quickbooks');
    return sid;
  }

  async function pulled(sid: string, type: string, extra: object = {}): Promise<any[]> {
    const t = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: type, synchronous: true, ...extra } });
    expect(t.body, JSON.stringify(t.body)).toMatchObject({ success: true });
    return read(type, t.body.transfer_id as string);
  }

  async function read(type: string, transfer: string): Promise<any[]> {
    const out: any[] = [];
    for (let offset = 0; ; offset += 250) {
      const page = await h.api('GET', `/api/pull/data?endgrate_type=${type}&transfer_id=${transfer}&offset=${offset}`);
      out.push(...page.body.transfer_data);
      if (!page.body.meta.next) return out;
    }
  }

  async function pushed(sid: string, type: string, items: unknown[]): Promise<any[]> {
    const res = await h.api('POST', '/api/push/transfer', {
      body: { session_id: sid, endgrate_type: type, synchronous: true, transfer_data: items },
    });
    expect(res.body, JSON.stringify(res.body)).toMatchObject({ success: true });
    return (await h.api('GET', `/api/push/data?endgrate_type=${type}&transfer_id=${res.body.transfer_id}`)).body.transfer_data;
  }

  it('keeps the company named on the redirect: requests go to /v3/company/<realmId>, limits are per company', async () => {
    const sid = await connected('e2e books');
    const creds = await oauthCredentials(h, sid);
    const realm = h.sandbox.quickbooks.company('e2e books').realmId;
    expect(creds.apiBase).toMatch(new RegExp(`/quickbooks/v3/company/${realm}$`));
    expect(creds.accountKey).toBe(realm);
    expect(creds.fields).toEqual({ realmId: realm });
  });

  it('pulls customers and vendors as contacts (inactive ones archived), pages of 1,000, mapped exactly', async () => {
    const sid = await connected('e2e books');
    const fake = h.sandbox.quickbooks.company('e2e books');
    fake.resetCounters();
    const contacts = await pulled(sid, 'accounting-contact');
    const customers = fake.records('Customer');
    const vendors = fake.records('Vendor');
    expect(contacts).toHaveLength(customers.length + vendors.length);
    // 1,000 customers: a full page, an empty one, then the vendors' page.
    expect(fake.counters().byKind['query']).toBe(3);
    const c = customers[0] as Row;
    expect(contacts.find((x) => x.id === `customer-${c['Id']}`).data).toEqual({
      id: `customer-${c['Id']}`,
      name: c['DisplayName'],
      company_name: c['CompanyName'] ?? null,
      first_name: c['GivenName'],
      last_name: c['FamilyName'],
      is_customer: true,
      is_supplier: false,
      status: c['Active'] === false ? 'ARCHIVED' : 'ACTIVE',
      email_addresses: [{ email_address: c['PrimaryEmailAddr'].Address, email_address_type: 'WORK' }],
      phone_numbers: [
        { phone_number: c['PrimaryPhone'].FreeFormNumber, phone_number_type: 'WORK' },
        ...(c['Mobile'] ? [{ phone_number: c['Mobile'].FreeFormNumber, phone_number_type: 'MOBILE' }] : []),
      ],
      addresses: [
        {
          address_type: 'BILLING',
          street_1: c['BillAddr'].Line1,
          street_2: null,
          city: c['BillAddr'].City,
          state: c['BillAddr'].CountrySubDivisionCode,
          postal_code: c['BillAddr'].PostalCode,
          country: c['BillAddr'].Country,
        },
        ...(c['ShipAddr'] ? [expect.objectContaining({ address_type: 'SHIPPING' })] : []),
      ],
      tax_number: null,
      currency: 'USD',
      balance: String(c['Balance']),
      website: c['WebAddr'].URI,
      notes: c['Notes'] || null,
      created_at: new Date(c['MetaData'].CreateTime).toISOString(),
      updated_at: new Date(c['MetaData'].LastUpdatedTime).toISOString(),
    });
    const v = vendors[0] as Row;
    expect(contacts.find((x) => x.id === `vendor-${v['Id']}`).data).toMatchObject({ is_supplier: true, is_customer: false, name: v['DisplayName'] });
    // Customer 1 and vendor 1 are different records with the same QuickBooks id.
    expect(contacts.filter((x) => x.id.endsWith(`-${v['Id']}`)).length).toBe(2);
    const archived = customers.filter((x) => x['Active'] === false);
    expect(archived.length).toBeGreaterThan(0);
    for (const a of archived) expect(contacts.find((x) => x.id === `customer-${a['Id']}`).data.status).toBe('ARCHIVED');
  });

  it('pulls invoices with their customer and items, money as exact decimal text', async () => {
    const sid = await connected('e2e books');
    const fake = h.sandbox.quickbooks.company('e2e books');
    const invoices = await pulled(sid, 'accounting-invoice', { associations: { 'accounting-contact': true, 'accounting-product': true } });
    const held = fake.records('Invoice');
    expect(invoices).toHaveLength(held.length);
    const paid = held.find((i) => i['Balance'] !== i['TotalAmt'] && i['Balance'] !== 0) as Row;
    const mine = invoices.find((i) => i.id === paid['Id']);
    const lines = (paid['Line'] as Row[]).filter((l) => l.DetailType === 'SalesItemLineDetail');
    expect(mine.data).toMatchObject({
      type: 'ACCOUNTS_RECEIVABLE',
      number: paid['DocNumber'],
      contact_id: `customer-${paid['CustomerRef'].value}`,
      status: 'PARTIALLY_PAID',
      issue_date: paid['TxnDate'],
      due_date: paid['DueDate'],
      currency: 'USD',
      tax_treatment: 'EXCLUSIVE',
      subtotal: String((paid['Line'] as Row[]).find((l) => l.DetailType === 'SubTotalLineDetail')?.Amount),
      total_tax: String(paid['TxnTaxDetail'].TotalTax),
      total: String(paid['TotalAmt']),
      balance: String(paid['Balance']),
      memo: 'Thank you for your business.',
    });
    expect(mine.data.line_items).toEqual(
      lines.map((l) => ({
        id: l.Id,
        product_id: l.SalesItemLineDetail.ItemRef.value,
        description: l.Description,
        quantity: String(l.SalesItemLineDetail.Qty),
        unit_price: String(l.SalesItemLineDetail.UnitPrice),
        discount_amount: null,
        tax_rate_id: l.SalesItemLineDetail.TaxCodeRef.value,
        tax_amount: null,
        total: String(l.Amount),
        account_id: null,
      })),
    );
    // Amount paid is total less balance, in exact decimal arithmetic.
    const cents = (s: string) => Math.round(Number(s) * 100);
    expect(cents(mine.data.amount_paid)).toBe(cents(mine.data.total) - cents(mine.data.balance));
    expect(mine.data.amount_paid).toMatch(/^\d+(\.\d{1,2})?$/);
    expect(mine.associations['accounting-contact']).toEqual([`customer-${paid['CustomerRef'].value}`]);
    expect(mine.associations['accounting-product'].sort()).toEqual([...new Set(lines.map((l) => l.SalesItemLineDetail.ItemRef.value))].sort());
  });

  it('pulls payments linked to their invoices, and items, purchase orders and the company', async () => {
    const sid = await connected('e2e books', false, true);
    const fake = h.sandbox.quickbooks.company('e2e books');
    const payments = await pulled(sid, 'accounting-payment', { associations: { 'accounting-invoice': true } });
    expect(payments).toHaveLength(fake.records('Payment').length);
    const p = fake.records('Payment')[0] as Row;
    const mine = payments.find((x) => x.id === p['Id']);
    const invoice = p['Line'][0].LinkedTxn[0].TxnId as string;
    expect(mine.data).toMatchObject({
      contact_id: `customer-${p['CustomerRef'].value}`,
      invoice_ids: [invoice],
      allocations: [{ invoice_id: invoice, amount: String(p['Line'][0].Amount) }],
      amount: String(p['TotalAmt']),
      payment_date: p['TxnDate'],
      reference: p['PaymentRefNum'],
      payment_method: 'Check',
      account_id: '35',
    });
    expect(mine.associations['accounting-invoice']).toEqual([invoice]);
    const products = await pulled(sid, 'accounting-product');
    expect(products).toHaveLength(fake.records('Item').length);
    const item = fake.records('Item')[2] as Row;
    expect(products.find((x) => x.id === item['Id']).data).toMatchObject({
      name: item['Name'],
      code: item['Sku'],
      type: 'INVENTORY',
      unit_price: String(item['UnitPrice']),
      purchase_price: String(item['PurchaseCost']),
      quantity_on_hand: String(item['QtyOnHand']),
      income_account_id: '79',
      active: item['Active'],
    });
    const orders = await pulled(sid, 'accounting-purchase_order', { associations: { 'accounting-contact': true } });
    expect(orders).toHaveLength(fake.records('PurchaseOrder').length);
    const po = fake.records('PurchaseOrder')[0] as Row;
    expect(orders.find((x) => x.id === po['Id'])).toMatchObject({
      data: { number: po['DocNumber'], contact_id: `vendor-${po['VendorRef'].value}`, total: String(po['TotalAmt']), status: 'BILLED' },
      associations: { 'accounting-contact': [`vendor-${po['VendorRef'].value}`] },
    });
    const [company] = await pulled(sid, 'accounting-company');
    expect(company).toMatchObject({
      id: fake.realmId,
      data: { name: 'E2e Books', legal_name: 'E2e Books LLC', country: 'US', fiscal_year_end_month: 12 },
    });
  });

  it('pushes filters down into the WHERE clause of the query', async () => {
    const sid = await connected('e2e books');
    const fake = h.sandbox.quickbooks.company('e2e books');
    const customer = (fake.records('Invoice')[0] as Row)['CustomerRef'].value as string;
    const mine = await pulled(sid, 'accounting-invoice', { params: { contact_id: `customer-${customer}` } });
    expect(fake.queries().at(-1)).toBe(`SELECT * FROM Invoice WHERE CustomerRef = '${customer}' ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000`);
    const held = fake.records('Invoice').filter((i) => (i as Row)['CustomerRef'].value === customer);
    expect(mine.map((i) => i.id).sort()).toEqual(held.map((i) => i['Id']).sort());
    const named = fake.records('Customer')[5] as Row;
    const byName = await pulled(sid, 'accounting-customer', { params: { customer_name: named['DisplayName'] } });
    expect(byName.map((c) => c.id)).toEqual([named['Id']]);
    expect(fake.queries().at(-1)).toContain(`DisplayName = '${String(named['DisplayName']).replace(/'/g, "\\'")}'`);
  });

  it('creates and updates contacts, items, invoices and payments in QuickBooks (sparse updates with the SyncToken)', async () => {
    const sid = await connected('e2e writes');
    const fake = h.sandbox.quickbooks.company('e2e writes');
    const [customer, vendor] = await pushed(sid, 'accounting-contact', [
      { data: { name: 'Ada Lovelace Ltd', first_name: 'Ada', last_name: 'Lovelace', email_addresses: [{ email_address: 'ada@example.org' }] } },
      {
        data: {
          name: 'Babbage Supplies',
          is_supplier: true,
          company_name: 'Babbage Supplies',
          addresses: [{ address_type: 'BILLING', city: 'London' }],
        },
      },
    ]);
    expect(customer).toMatchObject({ success: true, id: expect.stringMatching(/^customer-\d+$/) });
    expect(vendor).toMatchObject({ success: true, id: expect.stringMatching(/^vendor-\d+$/) });
    const customerId = (customer.id as string).slice('customer-'.length);
    expect(fake.record('Customer', customerId)).toMatchObject({
      DisplayName: 'Ada Lovelace Ltd',
      GivenName: 'Ada',
      PrimaryEmailAddr: { Address: 'ada@example.org' },
    });
    expect(fake.record('Vendor', (vendor.id as string).slice('vendor-'.length))).toMatchObject({ BillAddr: { City: 'London' } });
    const [update] = await pushed(sid, 'accounting-contact', [{ id: customer.id, data: { notes: 'Pays on time', status: 'ARCHIVED' } }]);
    expect(update).toMatchObject({ success: true, id: customer.id });
    expect(fake.record('Customer', customerId)).toMatchObject({ Notes: 'Pays on time', Active: false, SyncToken: '1', GivenName: 'Ada' });
    // The record changed between Weft's read and its write (a stale SyncToken): read again, written once more.
    const stale = {
      Fault: {
        Error: [
          {
            Message: 'Stale Object Error',
            Detail: 'Stale Object Error : You and root were working on this at the same time.',
            code: '5010',
            element: '',
          },
        ],
        type: 'ValidationFault',
      },
    };
    fake.injectFault({ status: 400, after: 1, body: stale });
    const [again] = await pushed(sid, 'accounting-contact', [{ id: customer.id, data: { notes: 'Changed twice' } }]);
    expect(again).toMatchObject({ success: true, id: customer.id });
    expect(fake.record('Customer', customerId)).toMatchObject({ Notes: 'Changed twice', SyncToken: '2' });
    const [dup] = await pushed(sid, 'accounting-contact', [{ data: { name: 'Ada Lovelace Ltd' } }]);
    expect(dup).toMatchObject({ success: false, errors: [expect.stringMatching(/^6240: Duplicate Name Exists Error/)] });

    const [item] = await pushed(sid, 'accounting-product', [{ data: { name: 'Analytical Engine hour', type: 'SERVICE', unit_price: '120.50' } }]);
    expect(fake.record('Item', item.id)).toMatchObject({ Name: 'Analytical Engine hour', Type: 'Service', UnitPrice: 120.5 });

    const [invoice] = await pushed(sid, 'accounting-invoice', [
      {
        data: {
          contact_id: customer.id,
          due_date: '2026-07-01',
          memo: 'First invoice',
          line_items: [{ product_id: item.id, quantity: '3', unit_price: '120.50', tax_rate_id: 'TAX' }],
        },
      },
    ]);
    expect(invoice).toMatchObject({ success: true });
    expect(fake.record('Invoice', invoice.id)).toMatchObject({
      TotalAmt: 391.32,
      Balance: 391.32,
      TxnTaxDetail: { TotalTax: 29.82 },
      DueDate: '2026-07-01',
    });
    const [changed] = await pushed(sid, 'accounting-invoice', [{ id: invoice.id, data: { due_date: '2026-08-01' } }]);
    expect(changed).toMatchObject({ success: true });
    expect(fake.record('Invoice', invoice.id)).toMatchObject({ DueDate: '2026-08-01', SyncToken: '1', TotalAmt: 391.32 });

    const vendorId = (vendor.id as string).slice('vendor-'.length);
    const [po] = await pushed(sid, 'accounting-purchase_order', [
      { data: { contact_id: vendor.id, delivery_date: '2026-09-01', line_items: [{ product_id: item.id, quantity: '4', unit_price: '30.25' }] } },
    ]);
    expect(po).toMatchObject({ success: true });
    expect(fake.record('PurchaseOrder', po.id)).toMatchObject({
      VendorRef: { value: vendorId },
      TotalAmt: 121,
      DueDate: '2026-09-01',
      POStatus: 'Open',
    });
    const [closed] = await pushed(sid, 'accounting-purchase_order', [{ id: po.id, data: { status: 'BILLED' } }]);
    expect(closed).toMatchObject({ success: true });
    expect(fake.record('PurchaseOrder', po.id)).toMatchObject({ POStatus: 'Closed', SyncToken: '1', TotalAmt: 121 });
    const [toCustomer] = await pushed(sid, 'accounting-purchase_order', [{ data: { contact_id: customer.id, line_items: [{ total: '1' }] } }]);
    expect(toCustomer).toMatchObject({
      success: false,
      errors: [`contact_id must be a QuickBooks vendor (vendor-<id>): '${customer.id as string}'`],
    });

    const [payment] = await pushed(sid, 'accounting-payment', [
      { data: { contact_id: customer.id, amount: '100.00', invoice_ids: [invoice.id], payment_date: '2026-07-15' } },
    ]);
    expect(payment).toMatchObject({ success: true });
    expect(fake.record('Invoice', invoice.id)).toMatchObject({ Balance: 291.32 });
    const [over] = await pushed(sid, 'accounting-payment', [{ data: { contact_id: customer.id, amount: '1000', invoice_ids: [invoice.id] } }]);
    expect(over).toMatchObject({ success: false, errors: [expect.stringMatching(/^6000: .*open balance/)] });
    const pulledBack = await pulled(sid, 'accounting-invoice', { params: { number: fake.record('Invoice', invoice.id)?.['DocNumber'] } });
    expect(pulledBack[0].data).toMatchObject({ status: 'PARTIALLY_PAID', amount_paid: '100.00', balance: '291.32', total: '391.32' });
  });

  it('syncs: everything added, then nothing, then an invoice added, one changed and one deleted in QuickBooks', async () => {
    const sid = await connected('e2e sync', true);
    const fake = h.sandbox.quickbooks.company('e2e sync');
    const first = await pulled(sid, 'accounting-invoice');
    expect(first).toHaveLength(fake.records('Invoice').length);
    expect(new Set(first.map((i) => i.sync_status))).toEqual(new Set(['ADDED']));
    expect(await pulled(sid, 'accounting-invoice')).toEqual([]);
    const open = fake.records('Invoice').filter((i) => i['Balance'] === i['TotalAmt']);
    const [gone, edited] = open as [Row, Row];
    fake.write('Invoice', { Id: gone['Id'], SyncToken: gone['SyncToken'] }, 'delete');
    fake.write('Invoice', { Id: edited['Id'], SyncToken: edited['SyncToken'], sparse: true, DueDate: '2027-01-01' });
    const added = fake.write('Invoice', {
      CustomerRef: gone['CustomerRef'],
      Line: [{ Amount: 10, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: {} }],
    })['Invoice'] as Row;
    const third = await pulled(sid, 'accounting-invoice');
    expect(third.map((i) => [i.id, i.sync_status]).sort()).toEqual(
      [
        [added['Id'], 'ADDED'],
        [edited['Id'], 'UPDATED'],
        [gone['Id'], 'DELETED'],
      ].sort(),
    );
  });

  it("pulls the addresses of the company, the customers and the vendors (accounting-address), each owner's field a record with the owner as an association; pull only", async () => {
    const sid = await connected('e2e books', false, true);
    const fake = h.sandbox.quickbooks.company('e2e books');
    const addresses = await pulled(sid, 'accounting-address', {
      associations: { 'accounting-contact': true, 'accounting-customer': true, 'accounting-company': true },
    });
    const ids = heldAddressIds(fake);
    expect(ids.length).toBeGreaterThan(1000);
    expect(addresses).toHaveLength(ids.length);
    expect(addresses.map((a) => a.id).sort()).toEqual([...ids].sort());
    const info = fake.records('CompanyInfo')[0] as Row;
    const byId = (id: string) => addresses.find((a) => a.id === id);
    const company = { 'accounting-contact': [], 'accounting-customer': [], 'accounting-company': [fake.realmId] };
    expect(byId(`company/${fake.realmId}/company`)).toEqual({
      id: `company/${fake.realmId}/company`,
      data: {
        id: `company/${fake.realmId}/company`,
        address_type: 'PRIMARY',
        city: info['CompanyAddr'].City,
        country: 'US',
        postal_code: info['CompanyAddr'].PostalCode,
        state: info['CompanyAddr'].CountrySubDivisionCode,
        street_1: info['CompanyAddr'].Line1,
        street_2: null,
      },
      associations: company,
    });
    // The legal address's lines 2 and 3 are street_2.
    expect(byId(`company/${fake.realmId}/legal`)).toMatchObject({
      data: { address_type: 'OTHER', street_1: info['LegalAddr'].Line1, street_2: 'Attn: Legal Department, Floor 3', city: info['LegalAddr'].City },
      associations: company,
    });
    expect(byId(`company/${fake.realmId}/customer-communication`)).toMatchObject({
      data: {
        address_type: 'SECONDARY',
        street_1: info['CustomerCommunicationAddr'].Line1,
        postal_code: info['CustomerCommunicationAddr'].PostalCode,
      },
    });
    // A customer shipping to its billing address: one PhysicalAddress (one Id), two records.
    const c =
      fake.records('Customer').find((x) => x['ShipAddr'] && x['Active'] === false) ?? (fake.records('Customer').find((x) => x['ShipAddr']) as Row);
    expect(c['ShipAddr'].Id).toBe(c['BillAddr'].Id);
    const customerData = (type: string) => ({
      address_type: type,
      city: c['BillAddr'].City,
      country: c['BillAddr'].Country,
      postal_code: c['BillAddr'].PostalCode,
      state: c['BillAddr'].CountrySubDivisionCode,
      street_1: c['BillAddr'].Line1,
      street_2: null,
    });
    const owner = { 'accounting-contact': [`customer-${c['Id']}`], 'accounting-customer': [c['Id']], 'accounting-company': [] };
    expect(byId(`customer/${c['Id']}/billing`)).toEqual({
      id: `customer/${c['Id']}/billing`,
      data: { id: `customer/${c['Id']}/billing`, ...customerData('BILLING') },
      associations: owner,
    });
    expect(byId(`customer/${c['Id']}/shipping`)).toEqual({
      id: `customer/${c['Id']}/shipping`,
      data: { id: `customer/${c['Id']}/shipping`, ...customerData('SHIPPING') },
      associations: owner,
    });
    // Inactive vendors' addresses too.
    const v = fake.records('Vendor').find((x) => x['Active'] === false) as Row;
    expect(byId(`vendor/${v['Id']}/billing`)).toMatchObject({
      data: { address_type: 'BILLING', street_1: v['BillAddr'].Line1, city: v['BillAddr'].City, country: v['BillAddr'].Country },
      associations: { 'accounting-contact': [`vendor-${v['Id']}`], 'accounting-customer': [], 'accounting-company': [] },
    });
    // Listed by GET /api/integrations; pulled only: a session or a push session naming it is refused as for the other
    // pull-only types.
    const listed = await h.api('GET', '/api/integrations?provider=quickbooks');
    expect(listed.body.providers[0].integrations.find((i: Row) => i.endgrate_type === 'accounting-address')).toEqual({
      display_name: 'Address',
      endgrate_type: 'accounting-address',
      supports_push: false,
      supports_pull: true,
      is_custom_object: false,
      supports_associations: true,
    });
    for (const [path, kind] of [
      ['/api/session/initiate', 'pulling and pushing'],
      ['/api/push/initiate', 'pushing'],
    ]) {
      const refused = await h.api('POST', path as string, { body: { schema: [{ endgrate_type: 'accounting-address' }], provider: 'quickbooks' } });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual({ 'schema/0/endgrate_type': `no provider Weft connects serves 'accounting-address' (${kind}) yet` });
    }
  });

  it('resumes a pull of the addresses from its checkpoint after the company failed: no owner page read twice, no address twice', async () => {
    const sid = await connected('e2e address resume', false, true);
    const fake = h.sandbox.quickbooks.company('e2e address resume');
    // The company's page is served; then the company fails longer than the client's retries last.
    fake.injectFault({ status: 503, count: 8, after: 1 });
    const t = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'accounting-address' } });
    expect(t.status, JSON.stringify(t.body)).toBe(200);
    const transfer = t.body.transfer_id as string;
    await eventually(
      async () => {
        const s = await h.api('GET', `/api/pull/data?endgrate_type=accounting-address&transfer_id=${transfer}&limit=1`);
        return s.status === 200 ? s : undefined;
      },
      90_000,
      'the pull to finish',
    );
    const items = await read('accounting-address', transfer);
    expect(items.map((i) => i.id).sort()).toEqual(heldAddressIds(fake).sort());
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(fake.queries().filter((q) => q.startsWith('SELECT * FROM CompanyInfo'))).toHaveLength(1);
    // Every fault was met, and the customers' first page answered once: the pull went on from the company's page.
    expect(fake.pendingFaults()).toBe(0);
    expect(fake.queries().filter((q) => q.includes('FROM Customer') && q.includes('STARTPOSITION 1 '))).toHaveLength(1);
  });

  it('resumes a pull from its checkpoint after the company failed: no page read twice', async () => {
    const sid = await connected('e2e resume');
    const fake = h.sandbox.quickbooks.company('e2e resume');
    // The first page is served; then the company fails longer than the client's retries last.
    fake.injectFault({ status: 503, count: 8, after: 1 });
    const t = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'accounting-contact' } });
    expect(t.status, JSON.stringify(t.body)).toBe(200);
    const transfer = t.body.transfer_id as string;
    await eventually(
      async () => {
        const s = await h.api('GET', `/api/pull/data?endgrate_type=accounting-contact&transfer_id=${transfer}&limit=1`);
        return s.status === 200 ? s : undefined;
      },
      90_000,
      'the pull to finish',
    );
    const items = await read('accounting-contact', transfer);
    expect(items.map((i) => i.id).sort()).toEqual(
      [...fake.records('Customer').map((c) => `customer-${c['Id']}`), ...fake.records('Vendor').map((v) => `vendor-${v['Id']}`)].sort(),
    );
    const firstPage = fake.queries().filter((q) => q.includes('FROM Customer') && q.includes('STARTPOSITION 1 '));
    expect(firstPage).toHaveLength(1);
  });
});

describeEachDialect('QuickBooks Online throttle', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    // The sandbox's limits on (500 requests a minute, 10 at once per company), each answer taking a while.
    h = await startHarness(dialect, {
      env: {
        WEFT_SANDBOX_CONTACTS: '50',
        WEFT_SANDBOX_COMPANIES: '5',
        WEFT_SANDBOX_LATENCY_MS: '150',
        WEFT_WORKER_CONCURRENCY: '32',
        WEFT_SANDBOX_RATE_LIMIT: '100/10000',
      },
    });
  });
  afterAll(async () => h?.close());

  it('keeps 14 pulls and a burst of writes on one company within its limits: no 429 at the fake', async () => {
    const body = { schema: [{ endgrate_type: 'accounting-contact' }, { endgrate_type: 'accounting-customer' }], provider: 'quickbooks' };
    const sessions: string[] = [];
    for (let i = 0; i < 14; i++) {
      const sid = (await h.api('POST', '/api/session/initiate', { body })).body.session_id as string;
      await h.connect(sid, 'e2e throttle', 'quickbooks');
      sessions.push(sid);
    }
    const fake = h.sandbox.quickbooks.company('e2e throttle');
    fake.resetCounters();
    const items = Array.from({ length: 30 }, (_, i) => ({ data: { name: `Burst customer ${i}` } }));
    // Started together, run by the worker at once (32 jobs at a time): only the connector's limits keep them apart.
    const [pushedRes, ...pulls] = await Promise.all([
      h.api('POST', '/api/push/transfer', { body: { session_id: sessions[0], endgrate_type: 'accounting-contact', transfer_data: items } }),
      ...sessions.map((sid) => h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'accounting-customer' } })),
    ]);
    expect(pushedRes?.body).toMatchObject({ success: true });
    for (const p of pulls) {
      expect(p.body).toMatchObject({ success: true });
      const id = p.body.transfer_id as string;
      await eventually(async () => {
        const s = await h.api('GET', `/api/pull/data?endgrate_type=accounting-customer&transfer_id=${id}&limit=1`);
        return s.status === 200 ? s : undefined;
      });
    }
    await eventually(async () => (fake.counters().byKind['write'] === 30 ? true : undefined));
    expect(fake.peakInFlight()).toBeGreaterThan(3);
    const counters = fake.counters();
    expect(counters.byKind['write']).toBe(30);
    expect(counters.byKind['query']).toBeGreaterThanOrEqual(14);
    expect(counters.rateLimited).toBe(0);
    expect(counters.byStatus['429']).toBeUndefined();
  });
});
