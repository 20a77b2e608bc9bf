/**
 * Xero's mappers on recorded-shape API answers (fixtures/xero: contacts, an invoice, a payment, an item and the
 * organisation as the Accounting API answers them), both ways, exact bodies; the addresses of the organisation and
 * the contacts as records of their own, placeholders left out, paged by their owners; `/Date(…)/` instants; amounts as exact
 * decimal text; the where expression and If-Modified-Since; Xero's errors classified.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import type { ProviderClient, ProviderRequest } from '../../src/connectors/kit/http.js';
import { predicatesFor } from '../../src/connectors/kit/pushdown.js';
import { xeroConnector } from '../../src/connectors/xero/connector.js';
import {
  ADDRESS,
  addressesOf,
  CONTACT,
  INVOICE,
  ITEM,
  ITEM_CODES,
  nest,
  ORGANISATION,
  PAYMENT,
  peopleOf,
  PERSON,
  PURCHASE_ORDER,
  xeroDay,
  xeroInstant,
} from '../../src/connectors/xero/mapping.js';
import { modifiedSince, whereOf } from '../../src/connectors/xero/pull.js';
import { exceptionText } from '../../src/connectors/xero/push.js';

type Rec = Record<string, any>;
const fixture = (name: string): Rec => JSON.parse(readFileSync(new URL(`fixtures/xero/${name}`, import.meta.url), 'utf8')) as Rec;

describe('Xero contacts', () => {
  const [sid, acme] = fixture('contacts.json').Contacts as [Rec, Rec];

  it('reads a contact: the postal address as billing, phones joined, the receivable balance as exact text, /Date() as ISO', () => {
    expect(CONTACT.read(sid, undefined)).toEqual({
      id: '3ff6d40c-af9a-40a3-89ce-3c1556a25591',
      name: 'Foo9987',
      company_name: null,
      first_name: 'Sid',
      last_name: 'Maestre',
      is_customer: true,
      is_supplier: false,
      status: 'ACTIVE',
      email_addresses: [{ email_address: 'sid32476@blah.com', email_address_type: 'WORK' }],
      phone_numbers: [
        { phone_number: '64 04 4801234', phone_number_type: 'WORK' },
        { phone_number: '021 5551234', phone_number_type: 'MOBILE' },
      ],
      addresses: [
        {
          address_type: 'BILLING',
          street_1: 'Level 17',
          street_2: '1 Willis Street',
          city: 'Wellington',
          state: 'Wellington',
          postal_code: '6011',
          country: 'New Zealand',
        },
      ],
      tax_number: 'GB 123456789',
      currency: 'NZD',
      balance: '760',
      website: null,
      notes: null,
      created_at: null,
      updated_at: '2019-03-01T00:15:21.121Z',
    });
    expect(CONTACT.read(acme, undefined)).toMatchObject({
      status: 'ARCHIVED',
      is_supplier: true,
      company_name: 'Acme Supplies Ltd',
      balance: '125.5',
    });
    expect(peopleOf(sid).map((p) => PERSON.read(p, undefined))).toEqual([
      {
        id: '3ff6d40c-af9a-40a3-89ce-3c1556a25591:0',
        contact_id: '3ff6d40c-af9a-40a3-89ce-3c1556a25591',
        first_name: 'Ann',
        last_name: 'Lee',
        email_addresses: [{ email_address: 'ann@blah.com', email_address_type: 'WORK' }],
        phone_numbers: [],
        is_primary: false,
        include_in_emails: true,
      },
    ]);
  });

  it('writes a contact: one e-mail, a postal and a street address, a phone of each type; what Xero sets itself warned', () => {
    const written = CONTACT.write(
      {
        name: 'Ada Lovelace',
        first_name: 'Ada',
        status: 'ARCHIVED',
        is_customer: true,
        email_addresses: [{ email_address: 'ada@example.org' }, { email_address: 'ada2@example.org' }],
        phone_numbers: [
          { phone_number: '020 7946 0000', phone_number_type: 'WORK' },
          { phone_number: '07700 900000', phone_number_type: 'MOBILE' },
        ],
        addresses: [
          { address_type: 'SHIPPING', city: 'London' },
          { address_type: 'BILLING', street_1: '1 Bank St', city: 'London' },
        ],
        currency: 'GBP',
      },
      undefined,
    );
    expect(nest(written.body)).toEqual({
      Name: 'Ada Lovelace',
      FirstName: 'Ada',
      ContactStatus: 'ARCHIVED',
      EmailAddress: 'ada@example.org',
      Phones: [
        { PhoneType: 'DEFAULT', PhoneNumber: '020 7946 0000' },
        { PhoneType: 'MOBILE', PhoneNumber: '07700 900000' },
      ],
      Addresses: [
        { AddressType: 'POBOX', AddressLine1: '1 Bank St', AddressLine2: '', City: 'London', Region: '', PostalCode: '', Country: '' },
        { AddressType: 'STREET', AddressLine1: '', AddressLine2: '', City: 'London', Region: '', PostalCode: '', Country: '' },
      ],
      DefaultCurrency: 'GBP',
    });
    expect(written.errors).toEqual([]);
    expect(written.warnings).toEqual([
      'Xero keeps one e-mail address on a contact; 1 not written',
      'is_customer: Xero makes a contact a customer when an invoice is raised to it',
    ]);
  });
});

describe('Xero invoices, payments, items and the organisation', () => {
  const invoice = fixture('invoice.json').Invoices[0] as Rec;

  it('reads an invoice: PARTIALLY_PAID from AUTHORISED with a payment, lines with the item, tax grouped by type, exact amounts', () => {
    expect(INVOICE.read(invoice, undefined)).toEqual({
      id: '4f7a8b6c-1d36-4b8f-9b22-4f0b0b9f2a11',
      type: 'ACCOUNTS_RECEIVABLE',
      number: 'INV-0017',
      reference: 'Ref MK815',
      contact_id: '3ff6d40c-af9a-40a3-89ce-3c1556a25591',
      status: 'PARTIALLY_PAID',
      issue_date: '2018-02-14',
      due_date: '2018-03-14',
      paid_date: null,
      currency: 'NZD',
      exchange_rate: '1',
      tax_treatment: 'EXCLUSIVE',
      line_items: [
        {
          id: '52208ff9-528a-4985-a9ad-b2b1d4210e38',
          product_id: '9a59ea90-942e-484d-9b71-d00ab607e03b',
          description: 'Fiction book',
          quantity: '2',
          unit_price: '19.95',
          discount_amount: null,
          tax_rate_id: 'OUTPUT2',
          tax_amount: '5.99',
          total: '39.9',
          account_id: '200',
        },
        expect.objectContaining({ product_id: null, total: '80', tax_amount: '12' }),
        expect.objectContaining({ tax_rate_id: 'NONE', total: '93.56', tax_amount: '0' }),
      ],
      tax_lines: [
        { tax_rate_id: 'OUTPUT2', name: 'OUTPUT2', rate: null, taxable_amount: null, amount: '17.99' },
        { tax_rate_id: 'NONE', name: 'NONE', rate: null, taxable_amount: null, amount: '0' },
      ],
      subtotal: '213.46',
      total_discount: null,
      total_tax: '17.99',
      total: '231.45',
      amount_paid: '100',
      balance: '131.45',
      memo: null,
      created_at: null,
      updated_at: '2018-02-15T09:12:30.940Z',
    });
  });

  it('writes an invoice: lines name items by code, dates as days, VOID as VOIDED; a product without a code is an error', () => {
    const written = INVOICE.write(
      {
        type: 'ACCOUNTS_PAYABLE',
        contact_id: '3ff6d40c-af9a-40a3-89ce-3c1556a25591',
        status: 'AUTHORISED',
        issue_date: '2024-01-02',
        due_date: '2024-02-01',
        tax_treatment: 'INCLUSIVE',
        line_items: [
          { product_id: 'p-1', quantity: '3', unit_price: '120.50', tax_rate_id: 'INPUT2', tax_amount: '1' },
          { description: 'Fee', total: '10.00' },
        ],
        [ITEM_CODES]: { 'p-1': 'ENG-1' },
      },
      undefined,
    );
    expect(nest(written.body)).toEqual({
      Type: 'ACCPAY',
      Contact: { ContactID: '3ff6d40c-af9a-40a3-89ce-3c1556a25591' },
      Status: 'AUTHORISED',
      Date: '2024-01-02',
      DueDate: '2024-02-01',
      LineAmountTypes: 'Inclusive',
      LineItems: [
        { Quantity: 3, UnitAmount: 120.5, ItemCode: 'ENG-1', TaxType: 'INPUT2' },
        { Description: 'Fee', LineAmount: 10 },
      ],
    });
    expect(written.warnings).toEqual(["line_items[0]: Xero computes a line's tax from its tax type; tax_amount not written"]);
    expect(INVOICE.write({ status: 'VOID' }, undefined).body).toEqual({ Status: 'VOIDED' });
    expect(INVOICE.write({ line_items: [{ product_id: 'nope' }] }, undefined).errors).toEqual([
      "line_items[0].product_id names no Xero item: 'nope'",
    ]);
    expect(INVOICE.write({ contact_id: '42' }, undefined).errors).toEqual(["contact_id must be the id (a GUID) of a Xero contact: '42'"]);
  });

  it('reads a payment applied to one invoice, an item and the organisation', () => {
    const payment = fixture('payments.json').Payments[0] as Rec;
    expect(PAYMENT.read(payment, undefined)).toEqual({
      id: '0d666415-cf77-43fa-80c7-56775591d426',
      type: 'ACCOUNTS_RECEIVABLE',
      contact_id: '3ff6d40c-af9a-40a3-89ce-3c1556a25591',
      invoice_ids: ['4f7a8b6c-1d36-4b8f-9b22-4f0b0b9f2a11'],
      allocations: [{ invoice_id: '4f7a8b6c-1d36-4b8f-9b22-4f0b0b9f2a11', amount: '100' }],
      payment_date: '2018-02-15',
      amount: '100',
      currency: 'NZD',
      exchange_rate: '1',
      account_id: '090',
      payment_method: null,
      reference: 'INV-0017 part',
      status: 'AUTHORISED',
      created_at: null,
      updated_at: '2018-02-15T09:12:30.940Z',
    });
    expect(nest(PAYMENT.write({ amount: '25.10', account_id: '090', payment_date: '2024-03-01' }, undefined).body)).toEqual({
      Amount: 25.1,
      Account: { Code: '090' },
      Date: '2024-03-01',
    });
    expect(ITEM.read(fixture('items.json').Items[0] as Rec, undefined)).toEqual({
      id: '9a59ea90-942e-484d-9b71-d00ab607e03b',
      name: 'Fiction book',
      code: 'BOOK',
      type: 'NON_INVENTORY',
      description: 'Fiction book',
      purchase_description: 'Fiction book, bought',
      unit_price: '19.95',
      purchase_price: '11.5',
      currency: null,
      is_sold: true,
      is_purchased: true,
      quantity_on_hand: null,
      income_account_id: '200',
      expense_account_id: '300',
      active: true,
      created_at: null,
      updated_at: '2019-03-11T19:17:54.580Z',
    });
    expect(nest(ITEM.write({ name: 'Book', code: 'BK', unit_price: '12.00', income_account_id: '200' }, undefined).body)).toEqual({
      Name: 'Book',
      Code: 'BK',
      SalesDetails: { UnitPrice: 12, AccountCode: '200' },
    });
    expect(ORGANISATION.read(fixture('organisation.json').Organisations[0] as Rec, undefined)).toEqual({
      id: 'b2c885a9-4bb9-4a00-9b6e-6c2bf60b1a2b',
      addresses: [
        expect.objectContaining({ address_type: 'PRIMARY', street_1: '23 Main Street', city: 'Central City' }),
        expect.objectContaining({ address_type: 'BILLING', street_1: '23 Main Street' }),
      ],
      name: 'Demo Company (NZ)',
      legal_name: 'Demo Company (NZ) Limited',
      tax_number: '101-2-303',
      currency: 'NZD',
      country: 'NZ',
      fiscal_year_end_month: 3,
      email_addresses: [],
      phone_numbers: [{ phone_number: '800 1234 5678', phone_number_type: 'OTHER' }],
      website: 'http://www.xero.com',
      created_at: '2018-09-27T01:20:00.000Z',
      updated_at: null,
    });
  });

  it('writes a purchase order: the delivery address as Xero’s lines of text', () => {
    expect(
      nest(
        PURCHASE_ORDER.write(
          { contact_id: 'd6a384fb-f46f-41a3-8ac7-b7bc9e0b5efa', status: 'SUBMITTED', delivery_address: { street_1: '1 Dock Rd', city: 'Oakland' } },
          undefined,
        ).body,
      ),
    ).toEqual({ Contact: { ContactID: 'd6a384fb-f46f-41a3-8ac7-b7bc9e0b5efa' }, Status: 'SUBMITTED', DeliveryAddress: '1 Dock Rd\nOakland' });
  });
});

describe('Xero reads and errors', () => {
  it('reads /Date() instants and plain ones', () => {
    expect(xeroInstant('/Date(1518685950940+0000)/')).toBe('2018-02-15T09:12:30.940Z');
    expect(xeroInstant('/Date(1538011200000)/')).toBe('2018-09-27T01:20:00.000Z');
    expect(xeroInstant('2018-02-14T00:00:00')).toBe('2018-02-14T00:00:00.000Z');
    expect(xeroDay('/Date(1518566400000+0000)/')).toBe('2018-02-14');
    expect(xeroInstant('soon')).toBeNull();
  });

  it('says filters in where (ids as Guid, days as DateTime) and a lower bound on updated_at as If-Modified-Since', () => {
    const predicates = predicatesFor(
      [
        { kind: 'eq', field: 'contact_id', values: ['3ff6d40c-af9a-40a3-89ce-3c1556a25591', 'd6a384fb-f46f-41a3-8ac7-b7bc9e0b5efa'] },
        { kind: 'eq', field: 'status', values: ['PAID'] },
        {
          kind: 'range',
          field: 'issue_date',
          type: 'date-time',
          ranges: [{ min: Date.parse('2024-01-02T10:00:00Z'), max: Date.parse('2024-01-31T00:00:00Z') }],
        },
        { kind: 'range', field: 'updated_at', type: 'date-time', ranges: [{ min: Date.parse('2024-03-01T12:00:00.500Z'), max: null }] },
      ] as never,
      INVOICE.pushable(['contact_id', 'status', 'issue_date', 'updated_at']),
    );
    expect(whereOf(predicates)).toEqual([
      '(Contact.ContactID==Guid("3ff6d40c-af9a-40a3-89ce-3c1556a25591") OR Contact.ContactID==Guid("d6a384fb-f46f-41a3-8ac7-b7bc9e0b5efa"))',
      'Status=="PAID"',
      'Date>=DateTime(2024,01,02)',
      'Date<DateTime(2024,02,01)',
    ]);
    expect(modifiedSince(predicates)).toBe('2024-03-01T11:59:59');
  });

  it('classifies Xero’s answers: 401 expired, 403 the connection removed, 429 by the limit it names; a ValidationException as text', () => {
    const classify = (status: number, body: unknown, headers: Rec = {}) => xeroConnector.classify?.({ status, body, headers } as never)?.kind;
    expect(classify(401, { Title: 'Unauthorized', Status: 401, Detail: 'AuthenticationUnsuccessful' })).toBe('auth_expired');
    expect(classify(403, { Title: 'Forbidden', Status: 403, Detail: 'AuthorizationUnsuccessful' })).toBe('auth_invalid');
    expect(classify(429, '', { 'x-rate-limit-problem': 'minute' })).toBe('rate_limited');
    expect(classify(429, '', { 'x-rate-limit-problem': 'day' })).toBe('quota_exhausted');
    expect(
      exceptionText({
        ErrorNumber: 10,
        Type: 'ValidationException',
        Message: 'A validation exception occurred',
        Elements: [{ ValidationErrors: [{ Message: 'Payment amount exceeds the amount outstanding on this document' }] }],
      }),
    ).toBe('ValidationException: A validation exception occurred; Payment amount exceeds the amount outstanding on this document');
  });
});

describe('Xero addresses (accounting-address)', () => {
  const organisation = fixture('organisation.json');
  const contacts = fixture('contacts-addresses.json');
  const ORG = 'b2c885a9-4bb9-4a00-9b6e-6c2bf60b1a2b';

  function recording(answers: Record<string, Rec>): { client: ProviderClient; seen: ProviderRequest[] } {
    const seen: ProviderRequest[] = [];
    const client = {
      apiBase: 'https://api.xero.com/api.xro/2.0',
      async request(req: ProviderRequest) {
        seen.push(req);
        return { status: 200, headers: {}, body: answers[req.path] ?? {} };
      },
    } as unknown as ProviderClient;
    return { client, seen };
  }

  it("reads the organisation's addresses (STREET its PRIMARY, POBOX BILLING) with ids made of the owner and the AddressType", () => {
    const [org] = organisation.Organisations as [Rec];
    expect(addressesOf('organisation', org).map((a) => ADDRESS.read(a, undefined))).toEqual([
      {
        id: `organisation/${ORG}/STREET`,
        address_type: 'PRIMARY',
        city: 'Central City',
        country: null,
        postal_code: '12345',
        state: null,
        street_1: '23 Main Street',
        street_2: null,
      },
      {
        id: `organisation/${ORG}/POBOX`,
        address_type: 'BILLING',
        city: 'Central City',
        country: null,
        postal_code: '12345',
        state: null,
        street_1: '23 Main Street',
        street_2: null,
      },
    ]);
  });

  it("reads a contact's STREET (SHIPPING, lines 2 to 4 as street_2) and POBOX (BILLING) addresses, and leaves out Xero's placeholders (the type alone, or blanks)", () => {
    const [bayside, gable] = contacts.Contacts as [Rec, Rec];
    const id = '565acaa9-e7f3-4fbf-80c3-16b081ddae10';
    expect(addressesOf('contact', bayside).map((a) => ADDRESS.read(a, undefined))).toEqual([
      {
        id: `contact/${id}/STREET`,
        address_type: 'SHIPPING',
        city: 'Ridge Heights',
        country: null,
        postal_code: '61234',
        state: 'Madeupville',
        street_1: '148 Bay Harbour Road',
        street_2: 'Unit 4, Harbour Building, Rear entrance',
      },
      {
        id: `contact/${id}/POBOX`,
        address_type: 'BILLING',
        city: 'Ridge Heights',
        country: null,
        postal_code: '61234',
        state: 'Madeupville',
        street_1: 'P O Box 3354',
        street_2: null,
      },
    ]);
    expect(addressesOf('contact', gable)).toEqual([]);
    // The contact fixture: a blank STREET placeholder left out, the POBOX kept.
    const [withPlaceholder] = fixture('contacts.json').Contacts as [Rec];
    expect(addressesOf('contact', withPlaceholder).map((a) => ADDRESS.read(a, undefined).id)).toEqual([
      `contact/${withPlaceholder['ContactID']}/POBOX`,
    ]);
    // Two addresses of one type (Xero keeps one of each; should one come twice) keep apart.
    const twice = addressesOf('contact', {
      ContactID: id,
      Addresses: [
        { AddressType: 'STREET', City: 'A' },
        { AddressType: 'STREET', City: 'B' },
      ],
    });
    expect(twice.map((a) => ADDRESS.read(a, undefined).id)).toEqual([`contact/${id}/STREET`, `contact/${id}/STREET/2`]);
  });

  it("lists an address's fields as Xero names them, all read only (addresses are pulled only), with no id field of a contact's and without Weft's own keys", async () => {
    const fields = await xeroConnector.fields(recording({}).client, 'accounting-address');
    expect(fields.map((f) => [f.name, f.writable])).toEqual(
      ['AddressType', 'City', 'Country', 'PostalCode', 'Region', 'AddressLine1', 'AddressLine2', 'AddressLine3', 'AddressLine4'].map((name) => [
        name,
        false,
      ]),
    );
    for (const type of Object.keys(xeroConnector.manifest.schemas)) {
      const names = (await xeroConnector.fields(recording({}).client, type)).map((f) => f.name);
      expect(
        names.filter((name) => name.startsWith('_')),
        type,
      ).toEqual([]);
    }
    // Contact persons are pulled only too; contacts are written.
    expect((await xeroConnector.fields(recording({}).client, 'accounting-contact_people')).filter((f) => f.writable)).toEqual([]);
    expect((await xeroConnector.fields(recording({}).client, 'accounting-contact')).find((f) => f.name === 'Name')?.writable).toBe(true);
  });

  it("pulls the organisation's addresses, then the contacts' page by page (archived ones too), with the owner as an association", async () => {
    const { client, seen } = recording({ '/Organisation': organisation, '/Contacts': contacts });
    const asked = { endgrateType: 'accounting-address', associations: ['accounting-contact', 'accounting-company'] };
    const first = await xeroConnector.pull(client, { ...asked, cursor: null });
    expect(first.records.map((r) => [r.id, r.associations])).toEqual([
      [`organisation/${ORG}/STREET`, { 'accounting-contact': [], 'accounting-company': [ORG] }],
      [`organisation/${ORG}/POBOX`, { 'accounting-contact': [], 'accounting-company': [ORG] }],
    ]);
    expect(first.next).toBe('1:');
    const second = await xeroConnector.pull(client, { ...asked, cursor: first.next });
    expect(second.records.map((r) => [r.id, r.associations])).toEqual([
      [
        'contact/565acaa9-e7f3-4fbf-80c3-16b081ddae10/STREET',
        { 'accounting-contact': ['565acaa9-e7f3-4fbf-80c3-16b081ddae10'], 'accounting-company': [] },
      ],
      [
        'contact/565acaa9-e7f3-4fbf-80c3-16b081ddae10/POBOX',
        { 'accounting-contact': ['565acaa9-e7f3-4fbf-80c3-16b081ddae10'], 'accounting-company': [] },
      ],
    ]);
    expect(second.next).toBeNull();
    expect(seen.map((r) => [r.path, r.query ?? {}])).toEqual([
      ['/Organisation', {}],
      ['/Contacts', { page: '1', includeArchived: 'true' }],
    ]);
  });

  it('goes on to the next page of contacts after a full page of 100, whatever the addresses they hold', async () => {
    const full = { Contacts: Array.from({ length: 100 }, (_, i) => ({ ContactID: `c${i}`, Addresses: [{ AddressType: 'STREET' }] })) };
    const { client, seen } = recording({ '/Contacts': full });
    const page = await xeroConnector.pull(client, { endgrateType: 'accounting-address', associations: [], cursor: '1:' });
    expect(page.records).toEqual([]);
    expect(page.next).toBe('1:2');
    await xeroConnector.pull(client, { endgrateType: 'accounting-address', associations: [], cursor: page.next });
    expect(seen.at(-1)?.query).toEqual({ page: '2', includeArchived: 'true' });
  });
});
