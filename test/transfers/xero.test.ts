/**
 * Xero end to end through Weft against its fake: a connection whose tenant comes from GET /connections after the
 * token (kept as a field, sent as Xero-tenant-id, the key of the per-tenant limits), every type pulled (pages of 100
 * by `page`, archived contacts included) with invoice → contact and item, payment → invoice associations and money as
 * exact decimal text, filters pushed down into `where` and If-Modified-Since, creates and updates landing in the fake
 * (batches answered per element), a payment applied to an invoice, an upsert by internal_id, sync pulls that tell
 * additions, changes and deletions (a deleted invoice), a pull resumed from its checkpoint, the addresses of the
 * organisation and the contacts pulled (and resumed) as records of their own, and the tenant's 60 a minute and 5 at
 * once honoured without a 429.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDialect, eventually, type Harness, oauthCredentials, startHarness } from '../helpers/harness.js';

const TYPES = ['accounting-contact', 'accounting-invoice', 'accounting-payment', 'accounting-product', 'accounting-purchase_order'];
const PULLED = [...TYPES, 'accounting-contact_people', 'accounting-company', 'accounting-address'];

type Row = Record<string, any>;
const ADDRESS_TEXT = ['AddressLine1', 'AddressLine2', 'AddressLine3', 'AddressLine4', 'City', 'Region', 'PostalCode', 'Country'];
/** The ids of the addresses a fake organisation holds (its own, then its contacts'), placeholders left out. */
function heldAddressIds(fake: { tenantId: string; records(collection: 'Contacts'): Row[] }, organisation: Row): string[] {
  const of = (owner: string, addresses: Row[]) => addresses.filter((a) => ADDRESS_TEXT.some((f) => a[f])).map((a) => `${owner}/${a['AddressType']}`);
  return [
    ...of(`organisation/${fake.tenantId}`, organisation['Addresses']),
    ...fake.records('Contacts').flatMap((c) => of(`contact/${c['ContactID']}`, c['Addresses'])),
  ];
}
const msOf = (d: string) => Number(/-?\d+/.exec(d)?.[0]);
const dayOf = (d: string) => new Date(msOf(d)).toISOString().slice(0, 10);

describeEachDialect('Xero', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '250' } });
  });
  afterAll(async () => h?.close());

  async function connected(account: string, opts: { sync?: boolean; pullOnly?: boolean; upsert?: boolean } = {}): Promise<string> {
    const body = {
      schema: (opts.pullOnly ? PULLED : TYPES).map((t) => ({ endgrate_type: t })),
      provider: 'xero',
      ...(opts.sync ? { sync: true } : {}),
      ...(opts.upsert ? { default_upsert_setting: 'SET_IF_NOT_SET' } : {}),
    };
    const init = await h.api('POST', opts.pullOnly ? '/api/pull/initiate' : '/api/session/initiate', { body });
    expect(init.status, JSON.stringify(init.body)).toBe(200);
    const sid = init.body.session_id as string;
    await h.connect(sid, account, 'xero');
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

  it('keeps the tenant GET /connections names: a field of the connection, the key of its limits, sent as Xero-tenant-id', async () => {
    const sid = await connected('e2e books');
    const creds = await oauthCredentials(h, sid);
    const tenant = h.sandbox.xero.organisation('e2e books').tenantId;
    expect(creds.apiBase).toMatch(/\/xero\/api\.xro\/2\.0$/);
    expect(creds.accountKey).toBe(tenant);
    expect(creds.fields).toEqual({ tenantId: tenant });
    expect(h.sandbox.xero.organisation('e2e books').counters().byKind['connections']).toBe(1);
  });

  it('pulls contacts (archived ones too) by pages of 100, mapped exactly', async () => {
    const sid = await connected('e2e books');
    const fake = h.sandbox.xero.organisation('e2e books');
    const contacts = await pulled(sid, 'accounting-contact');
    const held = fake.records('Contacts') as Row[];
    expect(contacts).toHaveLength(held.length);
    expect(
      fake
        .lists()
        .filter((l) => l.collection === 'Contacts')
        .map((l) => l.page),
    ).toEqual([1, 2, 3]);
    const c = held.find((x) => x['FirstName'] && x['Phones'].some((p: Row) => p.PhoneType === 'MOBILE' && p.PhoneNumber)) as Row;
    expect(contacts.find((x) => x.id === c['ContactID']).data).toEqual({
      id: c['ContactID'],
      name: c['Name'],
      company_name: null,
      first_name: c['FirstName'],
      last_name: c['LastName'],
      is_customer: c['IsCustomer'],
      is_supplier: c['IsSupplier'],
      status: c['ContactStatus'],
      email_addresses: [{ email_address: c['EmailAddress'], email_address_type: 'WORK' }],
      phone_numbers: [
        { phone_number: c['Phones'][0].PhoneNumber, phone_number_type: 'WORK' },
        { phone_number: c['Phones'][3].PhoneNumber, phone_number_type: 'MOBILE' },
      ],
      addresses: [
        {
          address_type: 'BILLING',
          street_1: c['Addresses'][0].AddressLine1,
          street_2: null,
          city: c['Addresses'][0].City,
          state: c['Addresses'][0].Region,
          postal_code: c['Addresses'][0].PostalCode,
          country: c['Addresses'][0].Country,
        },
      ],
      tax_number: null,
      currency: 'NZD',
      balance: expect.stringMatching(/^\d+(\.\d+)?$/),
      website: null,
      notes: null,
      created_at: null,
      updated_at: new Date(msOf(c['UpdatedDateUTC'])).toISOString(),
    });
    const archived = held.filter((x) => x['ContactStatus'] === 'ARCHIVED');
    expect(archived.length).toBeGreaterThan(0);
    for (const a of archived) expect(contacts.find((x) => x.id === a['ContactID']).data.status).toBe('ARCHIVED');
  });

  it('pulls invoices with their contact and items, payments with their invoice, items, purchase orders, contact persons and the organisation, money exact', async () => {
    const sid = await connected('e2e books', { pullOnly: true });
    const fake = h.sandbox.xero.organisation('e2e books');
    const invoices = await pulled(sid, 'accounting-invoice', { associations: { 'accounting-contact': true, 'accounting-product': true } });
    const held = fake.records('Invoices') as Row[];
    expect(invoices).toHaveLength(held.length);
    const part = held.find((i) => i['Status'] === 'AUTHORISED' && i['AmountPaid'] > 0) as Row;
    const mine = invoices.find((i) => i.id === part['InvoiceID']);
    const lines = part['LineItems'] as Row[];
    expect(mine.data).toMatchObject({
      type: 'ACCOUNTS_RECEIVABLE',
      number: part['InvoiceNumber'],
      contact_id: part['Contact'].ContactID,
      status: 'PARTIALLY_PAID',
      issue_date: dayOf(part['Date']),
      due_date: dayOf(part['DueDate']),
      currency: 'NZD',
      tax_treatment: 'EXCLUSIVE',
      subtotal: String(part['SubTotal']),
      total_tax: String(part['TotalTax']),
      total: String(part['Total']),
      amount_paid: String(part['AmountPaid']),
      balance: String(part['AmountDue']),
    });
    expect(mine.data.line_items[0]).toEqual({
      id: lines[0]?.['LineItemID'],
      product_id: lines[0]?.['Item'].ItemID,
      description: lines[0]?.['Description'],
      quantity: String(lines[0]?.['Quantity']),
      unit_price: String(lines[0]?.['UnitAmount']),
      discount_amount: null,
      tax_rate_id: 'OUTPUT2',
      tax_amount: String(lines[0]?.['TaxAmount']),
      total: String(lines[0]?.['LineAmount']),
      account_id: '200',
    });
    expect(mine.associations['accounting-contact']).toEqual([part['Contact'].ContactID]);
    expect(mine.associations['accounting-product']).toEqual([...new Set(lines.map((l) => l['Item'].ItemID))]);
    const voided = held.find((i) => i['Status'] === 'VOIDED') as Row;
    expect(invoices.find((i) => i.id === voided['InvoiceID']).data.status).toBe('VOID');

    const payments = await pulled(sid, 'accounting-payment', { associations: { 'accounting-invoice': true } });
    const p = (fake.records('Payments') as Row[]).find((x) => x['Invoice'].InvoiceID === part['InvoiceID']) as Row;
    expect(payments).toHaveLength(fake.records('Payments').length);
    expect(payments.find((x) => x.id === p['PaymentID'])).toMatchObject({
      data: {
        type: 'ACCOUNTS_RECEIVABLE',
        contact_id: part['Contact'].ContactID,
        invoice_ids: [part['InvoiceID']],
        allocations: [{ invoice_id: part['InvoiceID'], amount: String(p['Amount']) }],
        amount: String(p['Amount']),
        payment_date: dayOf(p['Date']),
        account_id: '090',
        status: 'AUTHORISED',
      },
      associations: { 'accounting-invoice': [part['InvoiceID']] },
    });
    const products = await pulled(sid, 'accounting-product');
    const item = (fake.records('Items') as Row[])[1] as Row;
    expect(products).toHaveLength(fake.records('Items').length);
    expect(products.find((x) => x.id === item['ItemID']).data).toMatchObject({
      name: item['Name'],
      code: item['Code'],
      unit_price: String(item['SalesDetails'].UnitPrice),
      purchase_price: String(item['PurchaseDetails'].UnitPrice),
      income_account_id: '200',
    });
    const orders = await pulled(sid, 'accounting-purchase_order', { associations: { 'accounting-contact': true } });
    const po = (fake.records('PurchaseOrders') as Row[])[0] as Row;
    expect(orders).toHaveLength(fake.records('PurchaseOrders').length);
    expect(orders.find((x) => x.id === po['PurchaseOrderID'])).toMatchObject({
      data: {
        number: po['PurchaseOrderNumber'],
        contact_id: po['Contact'].ContactID,
        total: String(po['Total']),
        delivery_date: dayOf(po['DeliveryDate']),
      },
      associations: { 'accounting-contact': [po['Contact'].ContactID] },
    });
    const people = await pulled(sid, 'accounting-contact_people', { associations: { 'accounting-contact': true } });
    const withPeople = (fake.records('Contacts') as Row[]).filter((c) => c['ContactPersons'].length > 0);
    expect(people).toHaveLength(withPeople.reduce((n, c) => n + c['ContactPersons'].length, 0));
    const first = withPeople[0] as Row;
    expect(people.find((p) => p.id === `${first['ContactID']}:0`)).toMatchObject({
      data: {
        contact_id: first['ContactID'],
        first_name: first['ContactPersons'][0].FirstName,
        last_name: first['ContactPersons'][0].LastName,
        email_addresses: [{ email_address: first['ContactPersons'][0].EmailAddress, email_address_type: 'WORK' }],
        include_in_emails: first['ContactPersons'][0].IncludeInEmails,
      },
      associations: { 'accounting-contact': [first['ContactID']] },
    });
    const [company] = await pulled(sid, 'accounting-company');
    expect(company).toMatchObject({
      id: fake.tenantId,
      data: {
        name: 'e2e books',
        legal_name: 'e2e books Limited',
        currency: 'NZD',
        country: 'NZ',
        fiscal_year_end_month: 3,
        tax_number: '123-456-789',
      },
    });
  });

  it('pulls the addresses of the organisation and the contacts (accounting-address), placeholders left out, the owner as an association; pull only', async () => {
    const sid = await connected('e2e books', { pullOnly: true });
    const fake = h.sandbox.xero.organisation('e2e books');
    const addresses = await pulled(sid, 'accounting-address', { associations: { 'accounting-contact': true, 'accounting-company': true } });
    const ids = heldAddressIds(fake, fake.organisation());
    expect(addresses).toHaveLength(ids.length);
    expect(addresses.map((a) => a.id).sort()).toEqual([...ids].sort());
    // Xero's placeholders are there, and left out.
    const contacts = fake.records('Contacts') as Row[];
    expect(contacts.some((c) => c['Addresses'].some((a: Row) => a.AddressType === 'STREET' && !a.AddressLine1))).toBe(true);
    const byId = (id: string) => addresses.find((a) => a.id === id);
    const org = { 'accounting-contact': [], 'accounting-company': [fake.tenantId] };
    expect(byId(`organisation/${fake.tenantId}/STREET`)).toEqual({
      id: `organisation/${fake.tenantId}/STREET`,
      data: {
        id: `organisation/${fake.tenantId}/STREET`,
        address_type: 'PRIMARY',
        city: 'Wellington',
        country: 'New Zealand',
        postal_code: '6011',
        state: 'Wellington',
        street_1: '23 Taranaki Street',
        street_2: null,
      },
      associations: org,
    });
    expect(byId(`organisation/${fake.tenantId}/POBOX`)).toMatchObject({
      data: { address_type: 'BILLING', street_1: 'PO Box 1234', postal_code: '6140' },
      associations: org,
    });
    // A contact with a street address of three lines and a postal one.
    const c = contacts.find((x) => x['Addresses'].some((a: Row) => a.AddressType === 'STREET' && a.AddressLine3)) as Row;
    const [pobox, street] = c['Addresses'] as [Row, Row];
    const owner = { 'accounting-contact': [c['ContactID']], 'accounting-company': [] };
    expect(byId(`contact/${c['ContactID']}/STREET`)).toEqual({
      id: `contact/${c['ContactID']}/STREET`,
      data: {
        id: `contact/${c['ContactID']}/STREET`,
        address_type: 'SHIPPING',
        city: street.City,
        country: street.Country,
        postal_code: street.PostalCode,
        state: street.Region,
        street_1: street.AddressLine1,
        street_2: `${street.AddressLine2}, ${street.AddressLine3}`,
      },
      associations: owner,
    });
    expect(byId(`contact/${c['ContactID']}/POBOX`)).toEqual({
      id: `contact/${c['ContactID']}/POBOX`,
      data: {
        id: `contact/${c['ContactID']}/POBOX`,
        address_type: 'BILLING',
        city: pobox.City,
        country: pobox.Country,
        postal_code: pobox.PostalCode,
        state: pobox.Region,
        street_1: pobox.AddressLine1,
        street_2: null,
      },
      associations: owner,
    });
    // Archived contacts' addresses too.
    const archived = contacts.find((x) => x['ContactStatus'] === 'ARCHIVED') as Row;
    expect(byId(`contact/${archived['ContactID']}/POBOX`)).toMatchObject({ data: { street_1: archived['Addresses'][0].AddressLine1 } });
    // Listed by GET /api/integrations; pulled only: a session or a push session naming it is refused as for the other
    // pull-only types.
    const listed = await h.api('GET', '/api/integrations?provider=xero');
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
      const refused = await h.api('POST', path as string, { body: { schema: [{ endgrate_type: 'accounting-address' }], provider: 'xero' } });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual({ 'schema/0/endgrate_type': `no provider Weft connects serves 'accounting-address' (${kind}) yet` });
    }
  });

  it('pushes filters down into where and If-Modified-Since', async () => {
    const sid = await connected('e2e filters');
    const fake = h.sandbox.xero.organisation('e2e filters');
    const contact = ((fake.records('Invoices') as Row[])[0] as Row)['Contact'].ContactID as string;
    const mine = await pulled(sid, 'accounting-invoice', { params: { contact_id: contact } });
    expect(fake.lists().at(-1)).toMatchObject({
      collection: 'Invoices',
      page: 1,
      where: `Status!="DELETED" AND Contact.ContactID==Guid("${contact}")`,
    });
    const held = (fake.records('Invoices') as Row[]).filter((i) => i['Contact'].ContactID === contact && i['Status'] !== 'DELETED');
    expect(mine.map((i) => i.id).sort()).toEqual(held.map((i) => i['InvoiceID']).sort());
    const named = (fake.records('Contacts') as Row[])[7] as Row;
    const byName = await pulled(sid, 'accounting-contact', { params: { name: named['Name'] } });
    expect(byName.map((c) => c.id)).toEqual([named['ContactID']]);
    expect(fake.lists().at(-1)?.where).toBe(`Name==${JSON.stringify(named['Name'])}`);
    const since = '2024-09-01T00:00:00.000Z';
    const recent = await pulled(sid, 'accounting-contact', { params: { updated_at__range: [since, null] } });
    const expected = (fake.records('Contacts') as Row[]).filter((c) => msOf(c['UpdatedDateUTC']) >= Date.parse(since));
    expect(recent.map((c) => c.id).sort()).toEqual(expected.map((c) => c['ContactID']).sort());
    expect(fake.lists().at(-1)?.since).not.toBeNull();
  });

  it('creates and updates contacts, items, invoices, purchase orders and payments in Xero', async () => {
    const sid = await connected('e2e writes');
    const fake = h.sandbox.xero.organisation('e2e writes');
    const [contact, supplier] = await pushed(sid, 'accounting-contact', [
      { data: { name: 'Ada Lovelace', first_name: 'Ada', last_name: 'Lovelace', email_addresses: [{ email_address: 'ada@example.org' }] } },
      {
        data: {
          name: 'Babbage Supplies',
          addresses: [{ address_type: 'BILLING', city: 'London' }],
          phone_numbers: [{ phone_number: '020 7946 0000' }],
        },
      },
    ]);
    expect(contact).toMatchObject({ success: true, id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(fake.record('Contacts', contact.id)).toMatchObject({ Name: 'Ada Lovelace', FirstName: 'Ada', EmailAddress: 'ada@example.org' });
    expect(fake.record('Contacts', supplier.id)).toMatchObject({
      Addresses: [{ AddressType: 'POBOX', City: 'London' }],
      Phones: [{ PhoneType: 'DEFAULT', PhoneNumber: '020 7946 0000' }],
    });
    const [update] = await pushed(sid, 'accounting-contact', [{ id: contact.id, data: { tax_number: 'GB123', status: 'ARCHIVED' } }]);
    expect(update, JSON.stringify(update)).toMatchObject({ success: true, id: contact.id });
    expect(fake.record('Contacts', contact.id)).toMatchObject({ TaxNumber: 'GB123', ContactStatus: 'ARCHIVED', FirstName: 'Ada' });
    await pushed(sid, 'accounting-contact', [{ id: contact.id, data: { status: 'ACTIVE' } }]);
    const [dup] = await pushed(sid, 'accounting-contact', [{ data: { name: 'Ada Lovelace' } }]);
    expect(dup).toMatchObject({ success: false, errors: [expect.stringMatching(/already assigned to another contact/)] });

    const [item] = await pushed(sid, 'accounting-product', [
      { data: { name: 'Engine hour', code: 'ENG-1', unit_price: '120.50', income_account_id: '200' } },
    ]);
    expect(fake.record('Items', item.id)).toMatchObject({
      Code: 'ENG-1',
      Name: 'Engine hour',
      SalesDetails: { UnitPrice: 120.5, AccountCode: '200' },
    });

    const [invoice] = await pushed(sid, 'accounting-invoice', [
      {
        data: {
          type: 'ACCOUNTS_RECEIVABLE',
          contact_id: contact.id,
          status: 'AUTHORISED',
          issue_date: '2026-06-01',
          due_date: '2026-07-01',
          currency: 'NZD',
          line_items: [{ product_id: item.id, quantity: '3', unit_price: '120.50', tax_rate_id: 'OUTPUT2' }],
        },
      },
    ]);
    expect(invoice).toMatchObject({ success: true });
    expect(fake.record('Invoices', invoice.id)).toMatchObject({
      SubTotal: 361.5,
      TotalTax: 54.23,
      Total: 415.73,
      AmountDue: 415.73,
      Status: 'AUTHORISED',
      LineItems: [{ ItemCode: 'ENG-1' }],
    });
    const [changed] = await pushed(sid, 'accounting-invoice', [{ id: invoice.id, data: { due_date: '2026-08-01', reference: 'PO 9' } }]);
    expect(changed).toMatchObject({ success: true });
    expect(fake.record('Invoices', invoice.id)).toMatchObject({ Reference: 'PO 9', Total: 415.73 });
    expect(dayOf(fake.record('Invoices', invoice.id)?.['DueDate'] as string)).toBe('2026-08-01');

    const [po] = await pushed(sid, 'accounting-purchase_order', [
      { data: { contact_id: supplier.id, delivery_date: '2026-09-01', line_items: [{ product_id: item.id, quantity: '4', unit_price: '30.25' }] } },
    ]);
    expect(po).toMatchObject({ success: true });
    expect(fake.record('PurchaseOrders', po.id)).toMatchObject({ SubTotal: 121, TotalTax: 18.15, Total: 139.15, Status: 'DRAFT' });
    const [approved] = await pushed(sid, 'accounting-purchase_order', [{ id: po.id, data: { status: 'AUTHORISED' } }]);
    expect(approved).toMatchObject({ success: true });
    expect(fake.record('PurchaseOrders', po.id)).toMatchObject({ Status: 'AUTHORISED', Total: 139.15 });

    const [payment] = await pushed(sid, 'accounting-payment', [
      { data: { amount: '100.00', invoice_ids: [invoice.id], payment_date: '2026-07-15', account_id: '090' } },
    ]);
    expect(payment).toMatchObject({ success: true });
    expect(fake.record('Invoices', invoice.id)).toMatchObject({ AmountPaid: 100, AmountDue: 315.73 });
    const [over] = await pushed(sid, 'accounting-payment', [{ data: { amount: '1000', invoice_ids: [invoice.id], account_id: '090' } }]);
    expect(over).toMatchObject({ success: false, errors: [expect.stringMatching(/exceeds the amount outstanding/)] });
    const pulledBack = await pulled(sid, 'accounting-invoice', { params: { number: fake.record('Invoices', invoice.id)?.['InvoiceNumber'] } });
    expect(pulledBack[0].data).toMatchObject({ status: 'PARTIALLY_PAID', amount_paid: '100', balance: '315.73', total: '415.73' });
    const [voided] = await pushed(sid, 'accounting-payment', [{ id: payment.id, data: { status: 'VOID' } }]);
    expect(voided).toMatchObject({ success: true });
    expect(fake.record('Invoices', invoice.id)).toMatchObject({ AmountPaid: 0, AmountDue: 415.73 });
  });

  it('upserts by internal_id, reading the contact first to set only what it lacks (SET_IF_NOT_SET)', async () => {
    const sid = await connected('e2e upserts', { upsert: true });
    const fake = h.sandbox.xero.organisation('e2e upserts');
    const [first] = await pushed(sid, 'accounting-contact', [{ internal_id: 'user-17', data: { name: 'Grace Hopper', first_name: 'Grace' } }]);
    expect(first).toMatchObject({ success: true, internal_id: 'user-17' });
    const [second] = await pushed(sid, 'accounting-contact', [{ internal_id: 'user-17', data: { first_name: 'Ada', last_name: 'Hopper' } }]);
    expect(second).toMatchObject({ success: true, id: first.id });
    expect(fake.record('Contacts', first.id)).toMatchObject({ Name: 'Grace Hopper', FirstName: 'Grace', LastName: 'Hopper' });
  });

  it('syncs: everything added, then nothing, then an invoice added, one changed and one deleted in Xero', async () => {
    const sid = await connected('e2e sync', { sync: true });
    const fake = h.sandbox.xero.organisation('e2e sync');
    const first = await pulled(sid, 'accounting-invoice');
    expect(first).toHaveLength((fake.records('Invoices') as Row[]).length);
    expect(new Set(first.map((i) => i.sync_status))).toEqual(new Set(['ADDED']));
    expect(await pulled(sid, 'accounting-invoice')).toEqual([]);
    const drafts = (fake.records('Invoices') as Row[]).filter((i) => i['Status'] === 'DRAFT');
    const [gone, edited] = drafts as [Row, Row];
    fake.write('Invoices', { InvoiceID: gone['InvoiceID'], Status: 'DELETED' });
    fake.write('Invoices', { InvoiceID: edited['InvoiceID'], Reference: 'Changed' });
    const added = fake.write('Invoices', {
      Type: 'ACCREC',
      Contact: gone['Contact'],
      LineItems: [{ Description: 'x', Quantity: 1, UnitAmount: 10 }],
    });
    const third = await pulled(sid, 'accounting-invoice');
    expect(third.map((i) => [i.id, i.sync_status]).sort()).toEqual(
      [
        [added['InvoiceID'], 'ADDED'],
        [edited['InvoiceID'], 'UPDATED'],
        [gone['InvoiceID'], 'DELETED'],
      ].sort(),
    );
  });

  it('resumes a pull from its checkpoint after Xero failed: no page read twice', async () => {
    const sid = await connected('e2e resume');
    const fake = h.sandbox.xero.organisation('e2e resume');
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
    expect(items.map((i) => i.id).sort()).toEqual((fake.records('Contacts') as Row[]).map((c) => c['ContactID']).sort());
    expect(fake.lists().filter((l) => l.collection === 'Contacts' && l.page === 1)).toHaveLength(1);
  });
  it('resumes a pull of the addresses from its checkpoint after Xero failed mid-contacts: no page read twice, no address twice', async () => {
    const sid = await connected('e2e address resume', { pullOnly: true });
    const fake = h.sandbox.xero.organisation('e2e address resume');
    // The organisation and the first page of contacts are served; then Xero fails longer than the client's retries last.
    fake.injectFault({ status: 503, count: 8, after: 2 });
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
    expect(items.map((i) => i.id).sort()).toEqual(heldAddressIds(fake, fake.organisation()).sort());
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(fake.pendingFaults()).toBe(0);
    const contactPages = fake
      .lists()
      .filter((l) => l.collection === 'Contacts')
      .map((l) => l.page);
    expect(contactPages).toEqual([1, 2, 3]);
  });
});

describeEachDialect('Xero limits', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    // The fake's limits on (60 calls a minute, 5 at once per tenant), each answer taking a while.
    h = await startHarness(dialect, {
      env: { WEFT_SANDBOX_CONTACTS: '50', WEFT_SANDBOX_LATENCY_MS: '150', WEFT_WORKER_CONCURRENCY: '32', WEFT_SANDBOX_RATE_LIMIT: '100/10000' },
    });
  });
  afterAll(async () => h?.close());

  it('keeps 10 pulls and a burst of writes on one tenant within its limits: no 429 at the fake', async () => {
    const body = { schema: [{ endgrate_type: 'accounting-contact' }], provider: 'xero' };
    const sessions: string[] = [];
    for (let i = 0; i < 10; i++) {
      const sid = (await h.api('POST', '/api/session/initiate', { body })).body.session_id as string;
      await h.connect(sid, 'e2e throttle', 'xero');
      sessions.push(sid);
    }
    const fake = h.sandbox.xero.organisation('e2e throttle');
    fake.resetCounters();
    const items = Array.from({ length: 120 }, (_, i) => ({ data: { name: `Burst contact ${i}` } }));
    const [pushedRes, ...pulls] = await Promise.all([
      h.api('POST', '/api/push/transfer', { body: { session_id: sessions[0], endgrate_type: 'accounting-contact', transfer_data: items } }),
      ...sessions.map((sid) => h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'accounting-contact' } })),
    ]);
    expect(pushedRes?.body).toMatchObject({ success: true });
    for (const p of pulls) {
      expect(p.body).toMatchObject({ success: true });
      const id = p.body.transfer_id as string;
      await eventually(async () => {
        const s = await h.api('GET', `/api/pull/data?endgrate_type=accounting-contact&transfer_id=${id}&limit=1`);
        return s.status === 200 ? s : undefined;
      });
    }
    await eventually(async () =>
      (fake.records('Contacts') as Row[]).filter((c) => String(c['Name']).startsWith('Burst')).length === 120 ? true : undefined,
    );
    const counters = fake.counters();
    expect(fake.peakInFlight()).toBeGreaterThan(1);
    expect(fake.peakInFlight()).toBeLessThanOrEqual(5);
    expect(counters.byKind['write']).toBe(3);
    expect(counters.rateLimited).toBe(0);
    expect(counters.byStatus['429']).toBeUndefined();
  });
});
