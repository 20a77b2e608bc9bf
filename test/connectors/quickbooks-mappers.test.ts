/**
 * QuickBooks Online's mappers on recorded-shape API answers (fixtures/quickbooks: a customer query, a vendor query, an
 * invoice, a payment, an item and the company as the Accounting API v3 answers them), both ways; the addresses of the
 * company, customers and vendors as records of their own, paged by their owners; exact bodies; amounts as exact
 * decimal text (differences and products on decimal text, not floats); the query's WHERE clause and paging; Faults
 * classified.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import type { ProviderClient, ProviderRequest } from '../../src/connectors/kit/http.js';
import { predicatesFor } from '../../src/connectors/kit/pushdown.js';
import { faultText, quickbooksConnector } from '../../src/connectors/quickbooks/connector.js';
import {
  ADDRESS,
  addressesOf,
  COMPANY,
  CUSTOMER,
  CUSTOMER_CONTACT,
  INVOICE,
  ITEM,
  nest,
  PAYMENT,
  PURCHASE_ORDER,
  VENDOR_CONTACT,
} from '../../src/connectors/quickbooks/mapping.js';
import { queryOf, quoted, whereOf } from '../../src/connectors/quickbooks/pull.js';

type Rec = Record<string, any>;
const fixture = (name: string): Rec => JSON.parse(readFileSync(new URL(`fixtures/quickbooks/${name}`, import.meta.url), 'utf8')) as Rec;

describe('QuickBooks customers and vendors', () => {
  const [bill, grace] = fixture('query-customers.json').QueryResponse.Customer as [Rec, Rec];

  it('reads a customer as a contact: nested e-mail, phones and addresses, the balance as exact text, the entity in its id', () => {
    expect(CUSTOMER_CONTACT.read(bill, undefined)).toEqual({
      id: 'customer-2',
      name: "Bill's Windsurf Shop",
      company_name: "Bill's Windsurf Shop",
      first_name: 'Bill',
      last_name: 'Lucchini',
      status: 'ACTIVE',
      email_addresses: [{ email_address: 'Surf@Intuit.com', email_address_type: 'WORK' }],
      phone_numbers: [{ phone_number: '(415) 444-6538', phone_number_type: 'WORK' }],
      is_customer: true,
      is_supplier: false,
      addresses: [
        { address_type: 'BILLING', street_1: '4581 Finch St.', street_2: null, city: 'Bayshore', state: 'CA', postal_code: '94326', country: null },
        { address_type: 'SHIPPING', street_1: '4581 Finch St.', street_2: null, city: 'Bayshore', state: 'CA', postal_code: '94326', country: null },
      ],
      tax_number: null,
      currency: 'USD',
      balance: '239',
      website: null,
      notes: 'Prefers e-mail.',
      created_at: '2014-09-11T23:49:28.000Z',
      updated_at: '2015-07-24T17:33:39.000Z',
    });
    expect(CUSTOMER_CONTACT.read(grace, undefined)).toMatchObject({
      id: 'customer-3',
      status: 'ARCHIVED',
      balance: '0',
      phone_numbers: [{ phone_number: '(415) 555-9933', phone_number_type: 'MOBILE' }],
    });
    expect(VENDOR_CONTACT.read(bill, undefined)).toMatchObject({ id: 'vendor-2', is_supplier: true, is_customer: false, notes: null });
    expect(CUSTOMER.read(bill, undefined)).toMatchObject({ id: '2', customer_name: "Bill's Windsurf Shop", balance: '239' });
  });

  it('writes a contact as the nested body QuickBooks takes; the read-only balance is reported', () => {
    const w = CUSTOMER_CONTACT.write(
      {
        name: 'Ada Ltd',
        first_name: 'Ada',
        email_addresses: [{ email_address: 'ada@example.org' }, { email_address: 'other@example.org' }],
        addresses: [{ address_type: 'BILLING', street_1: '1 Main St', city: 'London' }],
        status: 'ARCHIVED',
        balance: '10',
      },
      undefined,
    );
    expect(nest(w.body)).toEqual({
      DisplayName: 'Ada Ltd',
      GivenName: 'Ada',
      PrimaryEmailAddr: { Address: 'ada@example.org' },
      BillAddr: { Line1: '1 Main St', Line2: null, City: 'London', CountrySubDivisionCode: null, PostalCode: null, Country: null },
      ShipAddr: null,
      Active: false,
    });
    expect(w.warnings).toEqual([
      'QuickBooks keeps one e-mail address; not written: other@example.org',
      'The balance is what the invoices and payments leave',
    ]);
  });
});

describe('QuickBooks invoices and payments', () => {
  it('reads an invoice: item lines, tax lines, totals and the amount paid as exact decimal text', () => {
    expect(INVOICE.read(fixture('invoice.json').Invoice as Rec, undefined)).toEqual({
      id: '239',
      type: 'ACCOUNTS_RECEIVABLE',
      number: '1070',
      reference: null,
      contact_id: 'customer-1',
      status: 'PARTIALLY_PAID',
      issue_date: '2015-07-24',
      due_date: '2015-08-23',
      paid_date: null,
      currency: 'USD',
      exchange_rate: '1',
      tax_treatment: 'EXCLUSIVE',
      line_items: [
        {
          id: '1',
          product_id: '1',
          description: 'Rock Fountain',
          quantity: '5.5',
          unit_price: '50',
          discount_amount: null,
          tax_rate_id: 'TAX',
          tax_amount: null,
          total: '275',
          account_id: null,
        },
        {
          id: '2',
          product_id: '5',
          description: null,
          quantity: '1',
          unit_price: '61.5',
          discount_amount: null,
          tax_rate_id: 'NON',
          tax_amount: null,
          total: '61.5',
          account_id: null,
        },
      ],
      tax_lines: [{ tax_rate_id: '3', name: 'California', rate: '9.3', taxable_amount: '275', amount: '25.57' }],
      subtotal: '336.5',
      total_discount: null,
      total_tax: '25.57',
      total: '362.07',
      amount_paid: '100.00',
      balance: '262.07',
      memo: 'Added customer memo.',
      created_at: '2015-07-24T17:33:39.000Z',
      updated_at: '2015-07-24T17:35:08.000Z',
    });
  });

  it('writes an invoice: the customer by its id, lines with the amount QuickBooks wants (quantity × price, exactly)', () => {
    const w = INVOICE.write(
      {
        contact_id: 'customer-58',
        due_date: '2026-07-01',
        line_items: [
          { product_id: '5', quantity: '3', unit_price: '0.1' },
          { description: 'Flat fee', total: '19.99' },
        ],
        total: '100',
      },
      undefined,
    );
    expect(nest(w.body)).toEqual({
      CustomerRef: { value: '58' },
      DueDate: '2026-07-01',
      Line: [
        { Amount: 0.3, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: '5' }, Qty: 3, UnitPrice: 0.1 } },
        { Description: 'Flat fee', Amount: 19.99, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: {} },
      ],
    });
    expect(w.warnings).toEqual(['QuickBooks computes the total from the lines and the tax']);
    expect(INVOICE.write({ contact_id: 'vendor-3' }, undefined).errors).toEqual([
      "contact_id must be a QuickBooks customer (customer-<id>): 'vendor-3'",
    ]);
    expect(INVOICE.write({ line_items: [{ description: 'No amount' }] }, undefined).errors).toEqual([
      'line_items[0] needs a total, or a quantity and a unit price',
    ]);
  });

  it('reads a payment with the invoices it pays and how much went to each', () => {
    expect(PAYMENT.read(fixture('payment.json').Payment as Rec, undefined)).toEqual({
      id: '163',
      type: 'ACCOUNTS_RECEIVABLE',
      contact_id: 'customer-1',
      invoice_ids: ['239'],
      allocations: [{ invoice_id: '239', amount: '100' }],
      payment_date: '2015-01-16',
      amount: '125',
      currency: 'USD',
      exchange_rate: null,
      account_id: '4',
      payment_method: 'Check',
      reference: '1234',
      status: 'AUTHORISED',
      created_at: '2015-01-16T23:08:12.000Z',
      updated_at: '2015-01-16T23:08:12.000Z',
    });
  });
});

describe('QuickBooks purchase orders', () => {
  it("writes a vendor's order: VendorRef from the vendor's contact id, item-based expense lines, the status, the delivery address", () => {
    const w = PURCHASE_ORDER.write(
      {
        contact_id: 'vendor-12',
        status: 'BILLED',
        delivery_address: { street_1: '1 Dock Rd', city: 'Oakland' },
        line_items: [{ product_id: '19', quantity: '4', unit_price: '30.25' }],
        total: '121',
      },
      undefined,
    );
    expect(nest(w.body)).toEqual({
      VendorRef: { value: '12' },
      POStatus: 'Closed',
      ShipAddr: { Line1: '1 Dock Rd', Line2: null, City: 'Oakland', CountrySubDivisionCode: null, PostalCode: null, Country: null },
      Line: [
        { Amount: 121, DetailType: 'ItemBasedExpenseLineDetail', ItemBasedExpenseLineDetail: { ItemRef: { value: '19' }, Qty: 4, UnitPrice: 30.25 } },
      ],
    });
    expect(w.warnings).toEqual(['QuickBooks computes the total from the lines']);
    expect(PURCHASE_ORDER.write({ contact_id: 'customer-12' }, undefined).errors).toEqual([
      "contact_id must be a QuickBooks vendor (vendor-<id>): 'customer-12'",
    ]);
  });
});

describe('QuickBooks items and the company', () => {
  it('reads an item and the company info', () => {
    expect(ITEM.read(fixture('item.json').Item as Rec, undefined)).toEqual({
      id: '19',
      name: 'Garden Supplies',
      code: 'GS-1',
      type: 'INVENTORY',
      description: 'Garden supplies',
      purchase_description: 'Garden supplies, bought',
      unit_price: '12.75',
      purchase_price: '4.3',
      currency: null,
      is_sold: true,
      is_purchased: true,
      quantity_on_hand: '10.5',
      income_account_id: '79',
      expense_account_id: '80',
      active: true,
      created_at: '2015-12-09T19:12:39.000Z',
      updated_at: '2015-12-09T19:12:41.000Z',
    });
    expect(COMPANY.read(fixture('companyinfo.json').CompanyInfo as Rec, undefined)).toMatchObject({
      id: '1',
      name: "Larry's Bakery",
      legal_name: "Larry's Bakery",
      country: 'US',
      // The year starts in April: it ends in March.
      fiscal_year_end_month: 3,
      email_addresses: [{ email_address: 'donotreply@intuit.com', email_address_type: 'WORK' }],
      phone_numbers: [{ phone_number: '(650)944-4444', phone_number_type: 'WORK' }],
      website: null,
      addresses: [
        expect.objectContaining({ address_type: 'PRIMARY', street_1: '2500 Garcia Ave' }),
        expect.objectContaining({ address_type: 'OTHER' }),
      ],
    });
  });
});

describe('the query', () => {
  it("renders pushed-down filters in the WHERE clause: a contact's id as its digits, instants widened to whole seconds, quotes escaped", () => {
    const invoice = quickbooksConnector.manifest.schemas['accounting-invoice'];
    expect(invoice.pull).toBe(true);
    const filters = INVOICE.pushable(['contact_id', 'number', 'updated_at']);
    const where = whereOf(
      predicatesFor(
        [
          { kind: 'eq', field: 'contact_id', values: ['customer-58', 'customer-59'] },
          { kind: 'eq', field: 'number', values: ["O'Neil-1"] },
          { kind: 'range', field: 'updated_at', type: 'date-time', ranges: [{ min: Date.parse('2026-01-01T00:00:00.250Z'), max: null }] },
        ] as never,
        filters,
      ),
    );
    expect(where).toEqual(["CustomerRef IN ('58', '59')", "DocNumber = 'O\\'Neil-1'", "MetaData.LastUpdatedTime >= '2026-01-01T00:00:00.000Z'"]);
    expect(queryOf('Invoice', where.slice(0, 1), '2000')).toBe(
      "SELECT * FROM Invoice WHERE CustomerRef IN ('58', '59') ORDERBY Id STARTPOSITION 2001 MAXRESULTS 1000",
    );
    expect(quoted('a\\b')).toBe("'a\\\\b'");
  });

  it('classifies Faults: 401 renews the token, a throttle waits, a validation Fault is refused with its code and detail', () => {
    const classify = quickbooksConnector.classify;
    const fault = {
      Fault: {
        Error: [{ Message: 'Stale Object Error', Detail: 'Stale Object Error : You and root were working on this at the same time.', code: '5010' }],
        type: 'ValidationFault',
      },
    };
    expect(classify({ status: 400, headers: {}, body: fault })).toEqual({
      kind: 'rejected',
      message: '400: 5010: Stale Object Error: Stale Object Error : You and root were working on this at the same time.',
    });
    expect(
      classify({
        status: 401,
        headers: {},
        body: {
          fault: { error: [{ message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', code: '3200' }], type: 'AUTHENTICATION' },
        },
      }).kind,
    ).toBe('auth_expired');
    expect(classify({ status: 429, headers: {}, body: {} }).kind).toBe('rate_limited');
    expect(classify({ status: 403, headers: {}, body: {} }).kind).toBe('auth_invalid');
    expect(faultText('plain')).toBe('plain');
  });
});

describe('QuickBooks addresses (accounting-address)', () => {
  const company = fixture('companyinfo.json').CompanyInfo as Rec;
  const customers = fixture('query-customers.json');
  const vendors = fixture('query-vendors.json');

  /** A client answering each query with the fixture of its entity, recording the queries. */
  function recording(answers: Record<string, Rec>): { client: ProviderClient; queries: string[] } {
    const queries: string[] = [];
    const client = {
      apiBase: 'https://quickbooks.api.intuit.com/v3/company/123',
      async request(req: ProviderRequest) {
        const query = String(req.query?.['query']);
        queries.push(query);
        const entity = /FROM (\w+)/.exec(query)?.[1] as string;
        return { status: 200, headers: {}, body: answers[entity] ?? { QueryResponse: {} } };
      },
    } as unknown as ProviderClient;
    return { client, queries };
  }

  it("reads the company's three addresses as records of their own: PRIMARY, OTHER (legal), SECONDARY (customer-facing); ids by field, as QuickBooks gives all three Id 1", () => {
    const records = addressesOf('CompanyInfo', company);
    expect(records.map((r) => r['Id'])).toEqual(['1', '1', '1']);
    expect(records.map((r) => ADDRESS.read(r, undefined))).toEqual([
      {
        id: 'company/1/company',
        address_type: 'PRIMARY',
        city: 'Mountain View',
        country: 'US',
        postal_code: '94043',
        state: 'CA',
        street_1: '2500 Garcia Ave',
        street_2: null,
      },
      {
        id: 'company/1/legal',
        address_type: 'OTHER',
        city: 'Mountain View',
        country: 'US',
        postal_code: '94043',
        state: 'CA',
        street_1: '2500 Garcia Ave',
        street_2: null,
      },
      {
        id: 'company/1/customer-communication',
        address_type: 'SECONDARY',
        city: 'Mountain View',
        country: 'US',
        postal_code: '94043',
        state: 'CA',
        street_1: '2500 Garcia Ave',
        street_2: null,
      },
    ]);
  });

  it("reads a customer's billing and shipping addresses (one PhysicalAddress Id 2 in both), a vendor's billing address with lines 2 to 4 as street_2, and leaves out an address holding nothing", () => {
    const [bill, grace] = customers.QueryResponse.Customer as [Rec, Rec];
    expect(addressesOf('Customer', bill).map((r) => ADDRESS.read(r, undefined))).toEqual([
      {
        id: 'customer/2/billing',
        address_type: 'BILLING',
        city: 'Bayshore',
        country: null,
        postal_code: '94326',
        state: 'CA',
        street_1: '4581 Finch St.',
        street_2: null,
      },
      {
        id: 'customer/2/shipping',
        address_type: 'SHIPPING',
        city: 'Bayshore',
        country: null,
        postal_code: '94326',
        state: 'CA',
        street_1: '4581 Finch St.',
        street_2: null,
      },
    ]);
    expect(addressesOf('Customer', grace)).toEqual([]);
    const [bessie, cal] = vendors.QueryResponse.Vendor as [Rec, Rec];
    expect(addressesOf('Vendor', bessie).map((r) => ADDRESS.read(r, undefined))).toEqual([
      {
        id: 'vendor/30/billing',
        address_type: 'BILLING',
        city: 'Palo Alto',
        country: 'USA',
        postal_code: '94303',
        state: 'CA',
        street_1: '15 Main St.',
        street_2: 'Suite 200, Building C, Attn: Accounts',
      },
    ]);
    // Cal Telephone's BillAddr is an Id alone.
    expect(addressesOf('Vendor', cal)).toEqual([]);
  });

  it("lists an address's fields as QuickBooks names them, all read only (addresses are pulled only), without Weft's own keys (owner, slot, type, entity)", async () => {
    const fields = await quickbooksConnector.fields(recording({}).client, 'accounting-address');
    expect(fields.map((f) => [f.name, f.writable])).toEqual(
      ['Id', 'City', 'Country', 'PostalCode', 'CountrySubDivisionCode', 'Line1', 'Line2', 'Line3', 'Line4', 'Line5'].map((name) => [name, false]),
    );
    for (const type of Object.keys(quickbooksConnector.manifest.schemas)) {
      const names = (await quickbooksConnector.fields(recording({}).client, type)).map((f) => f.name);
      expect(
        names.filter((name) => name.startsWith('_')),
        type,
      ).toEqual([]);
    }
    // The company is pulled only too; customers are written.
    expect((await quickbooksConnector.fields(recording({}).client, 'accounting-company')).filter((f) => f.writable)).toEqual([]);
    expect((await quickbooksConnector.fields(recording({}).client, 'accounting-customer')).find((f) => f.name === 'DisplayName')?.writable).toBe(
      true,
    );
  });

  it('pulls the company, then the customers, then the vendors (inactive ones too), a page of owners a page of addresses, with each owner as an association', async () => {
    const { client, queries } = recording({ CompanyInfo: { QueryResponse: { CompanyInfo: [company] } }, Customer: customers, Vendor: vendors });
    const asked = { endgrateType: 'accounting-address', associations: ['accounting-contact', 'accounting-customer', 'accounting-company'] };
    const first = await quickbooksConnector.pull(client, { ...asked, cursor: null });
    expect(first.records.map((r) => [r.id, r.associations])).toEqual([
      ['company/1/company', { 'accounting-contact': [], 'accounting-customer': [], 'accounting-company': ['1'] }],
      ['company/1/legal', { 'accounting-contact': [], 'accounting-customer': [], 'accounting-company': ['1'] }],
      ['company/1/customer-communication', { 'accounting-contact': [], 'accounting-customer': [], 'accounting-company': ['1'] }],
    ]);
    expect(first.next).toBe('1:');
    const second = await quickbooksConnector.pull(client, { ...asked, cursor: first.next });
    expect(second.records.map((r) => [r.id, r.associations])).toEqual([
      ['customer/2/billing', { 'accounting-contact': ['customer-2'], 'accounting-customer': ['2'], 'accounting-company': [] }],
      ['customer/2/shipping', { 'accounting-contact': ['customer-2'], 'accounting-customer': ['2'], 'accounting-company': [] }],
    ]);
    expect(second.next).toBe('2:');
    const third = await quickbooksConnector.pull(client, { ...asked, cursor: second.next });
    expect(third.records.map((r) => [r.id, r.data['street_2'], r.associations?.['accounting-contact']])).toEqual([
      ['vendor/30/billing', 'Suite 200, Building C, Attn: Accounts', ['vendor-30']],
    ]);
    expect(third.next).toBeNull();
    expect(queries).toEqual([
      'SELECT * FROM CompanyInfo ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000',
      'SELECT * FROM Customer WHERE Active IN (true, false) ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000',
      'SELECT * FROM Vendor WHERE Active IN (true, false) ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000',
    ]);
  });

  it('pages through the owners: a full page of 1,000 customers gives the next page of customers, whatever the addresses they hold', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({
      Id: String(i + 1),
      ...(i % 2 ? { BillAddr: { Id: String(5000 + i), City: 'Bayshore' } } : {}),
    }));
    const { client, queries } = recording({ Customer: { QueryResponse: { Customer: many, startPosition: 1, maxResults: 1000 } } });
    const page = await quickbooksConnector.pull(client, { endgrateType: 'accounting-address', associations: [], cursor: '1:' });
    expect(page.records).toHaveLength(500);
    expect(page.records[0]?.id).toBe('customer/2/billing');
    expect(page.next).toBe('1:1000');
    await quickbooksConnector.pull(client, { endgrateType: 'accounting-address', associations: [], cursor: page.next });
    expect(queries.at(-1)).toBe('SELECT * FROM Customer WHERE Active IN (true, false) ORDERBY Id STARTPOSITION 1001 MAXRESULTS 1000');
  });
});
