/**
 * Xero Accounting API records ↔ Weft's accounting schemas, as field tables. Xero nests values (`Contact.ContactID`,
 * `SalesDetails.UnitPrice`): the dialect reads and writes dotted paths. Amounts are JSON numbers, read as their
 * shortest decimal text (`moneyOf`) and written as the number of the decimal text given; instants are Microsoft JSON
 * dates (`/Date(1704164645000+0000)/`), read as ISO 8601; calendar dates are written as `YYYY-MM-DD`.
 */
import { asText } from '../../lib/text.js';
import { addDecimal } from '../../model/money.js';
import { custom, type Dialect, enumOf, fieldTable, flag, idOf, money, moneyOf, none, readOnly, type Row, text, textOf } from '../kit/field-table.js';

export type XeroRecord = Record<string, unknown>;

/** A value at a dotted path (`Contact.ContactID`). */
export function at(record: unknown, path: string): unknown {
  let v = record;
  for (const key of path.split('.')) v = v !== null && typeof v === 'object' && Object.hasOwn(v, key) ? (v as XeroRecord)[key] : undefined;
  return v;
}

/** Flat dotted keys made nested objects (`{'Contact.ContactID': 'a'}` → `{Contact: {ContactID: 'a'}}`). */
export function nest(flat: Record<string, unknown>): XeroRecord {
  const out: XeroRecord = {};
  for (const [path, value] of Object.entries(flat)) {
    const keys = path.split('.');
    let node = out;
    for (const key of keys.slice(0, -1)) {
      const next = node[key];
      node = (node[key] = next !== null && typeof next === 'object' ? next : {}) as XeroRecord;
    }
    node[keys[keys.length - 1] as string] = value;
  }
  return out;
}

const dialect: Dialect<XeroRecord> = { name: 'Xero', get: at, record: nest };

const MS_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

/** Xero's `/Date(1704164645000+0000)/` (milliseconds since the epoch, UTC; the offset is informative) as ISO 8601. */
export function xeroInstant(v: unknown): string | null {
  const t = textOf(v);
  if (t === null) return null;
  const m = MS_DATE.exec(t);
  if (m) return new Date(Number(m[1])).toISOString();
  const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(t) ? t : `${t}Z`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A calendar date from Xero's `/Date(…)/` or `2024-01-02T00:00:00`. */
export function xeroDay(v: unknown): string | null {
  return xeroInstant(v)?.slice(0, 10) ?? null;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const isGuid = (v: unknown): v is string => typeof v === 'string' && GUID.test(v);

/** A calendar date both ways: read from `/Date(…)/`, written as `YYYY-MM-DD`. */
const day = (field: string, filterable = false): Row => ({
  fields: [field],
  sample: { [field]: '/Date(1704153600000+0000)/' },
  ...(filterable ? { filters: { '': { name: field, type: 'datetime' as const } } } : {}),
  read: (get) => xeroDay(get(field)),
  write: (value, out) => out.set(field, value),
});

const updatedAt: Row = {
  fields: ['UpdatedDateUTC'],
  sample: { UpdatedDateUTC: '/Date(1704164645000+0000)/' },
  filters: { '': { name: 'UpdatedDateUTC', type: 'datetime' } },
  read: (get) => xeroInstant(get('UpdatedDateUTC')),
};
const TIMESTAMPS = {
  created_at: none(null, 'Xero does not say when a record was created'),
  updated_at: updatedAt,
} satisfies Record<string, Row>;

const id = (field: string, sample = '6c3a6f5a-1d36-4b8f-9b22-4f0b0b9f2a11'): Row =>
  readOnly(custom({ fields: [field], sample: { [field]: sample }, read: (get) => idOf(get(field)) }), 'The id is Xero’s own');

/** A reference to another record (`Contact.ContactID`), a GUID. */
const guidRef = (field: string, what: string): Row => ({
  fields: [field],
  sample: { [field]: '1d1a8f4e-6f0e-4b8a-a1a2-3c4d5e6f7a8b' },
  filters: { '': { name: field, type: 'id' } },
  read: (get) => idOf(get(field)),
  write(value, out) {
    if (isGuid(value)) out.set(field, value);
    else out.error(`${out.key} must be the id (a GUID) of a Xero ${what}: '${asText(value)}'`);
  },
});

/** A decimal that is not money (a quantity, a rate) as text, from a JSON number. */
const decimalText = (field: string): Row => ({
  fields: [field],
  sample: { [field]: 1.5 },
  read: (get) => moneyOf(get(field)),
  write(value, out) {
    if (value === null) out.set(field, null);
    else if (typeof value === 'string' && DECIMAL.test(value)) out.set(field, Number(value));
    else out.error(`${out.key} must be a decimal string such as "1.5": '${asText(value)}'`);
  },
});

const currency: Row = {
  fields: ['CurrencyCode'],
  sample: { CurrencyCode: 'NZD' },
  read: (get) => textOf(get('CurrencyCode')),
  write: (value, out) => out.set('CurrencyCode', value),
};

// --- Addresses, phones, e-mails ---

const ADDRESS_TYPES: Record<string, string> = { POBOX: 'BILLING', STREET: 'SHIPPING', DELIVERY: 'SHIPPING' };
interface Address {
  address_type?: string | null;
  street_1?: string | null;
  street_2?: string | null;
  city?: string | null;
  state?: string | null;
  postal_code?: string | null;
  country?: string | null;
}

/** A Xero address (`AddressLine1`, `Region`…) as a common address; null when it holds nothing. */
export function addressOf(raw: XeroRecord, type?: string): Address | null {
  const a: Address = {
    address_type: type ?? ADDRESS_TYPES[asText(raw['AddressType'] ?? '')] ?? 'OTHER',
    street_1: textOf(raw['AddressLine1']),
    street_2: textOf(raw['AddressLine2']),
    city: textOf(raw['City']),
    state: textOf(raw['Region']),
    postal_code: textOf(raw['PostalCode']),
    country: textOf(raw['Country']),
  };
  return Object.entries(a).some(([k, v]) => k !== 'address_type' && v !== null) ? a : null;
}

function addressBody(a: Address, type: string): XeroRecord {
  return {
    AddressType: type,
    AddressLine1: a.street_1 ?? '',
    AddressLine2: a.street_2 ?? '',
    City: a.city ?? '',
    Region: a.state ?? '',
    PostalCode: a.postal_code ?? '',
    Country: a.country ?? '',
  };
}

/** The addresses of a contact or the organisation: POBOX (the postal, billing one) and STREET. */
const addresses = (reading: 'contact' | 'organisation'): Row => ({
  fields: ['Addresses'],
  sample: {
    Addresses: [{ AddressType: 'POBOX', AddressLine1: 'PO Box 123', City: 'Wellington', Region: 'Wellington', PostalCode: '6011', Country: 'NZ' }],
  },
  filters: { city: { name: 'Addresses[0].City', type: 'string' } },
  read: (get) =>
    ((get('Addresses') ?? []) as XeroRecord[])
      .map((a) => addressOf(a, reading === 'organisation' && a['AddressType'] === 'STREET' ? 'PRIMARY' : undefined))
      .filter((a) => a !== null),
  write(value, out) {
    const list = (value ?? []) as Address[];
    const billing = list.find((a) => a.address_type === 'BILLING') ?? list.find((a) => a.address_type !== 'SHIPPING');
    const street = list.find((a) => a !== billing);
    const body: XeroRecord[] = [];
    if (billing) body.push(addressBody(billing, 'POBOX'));
    if (street) body.push(addressBody(street, 'STREET'));
    out.set('Addresses', body);
    if (list.length > 2) out.warn(`Xero keeps a postal (POBOX) and a street address; ${list.length - 2} not written`);
  },
});

const PHONE_TYPES: Record<string, string> = { DEFAULT: 'WORK', DDI: 'OTHER', MOBILE: 'MOBILE', FAX: 'FAX' };
const PHONE_BACK: Record<string, string> = { WORK: 'DEFAULT', MOBILE: 'MOBILE', FAX: 'FAX', OTHER: 'DDI', HOME: 'DDI' };

/** Xero's phones (each split into country, area and number) as one number each; empty slots left out. */
const phones: Row = {
  fields: ['Phones'],
  sample: { Phones: [{ PhoneType: 'DEFAULT', PhoneNumber: '4801234', PhoneAreaCode: '04', PhoneCountryCode: '64' }] },
  read: (get) =>
    ((get('Phones') ?? []) as XeroRecord[])
      .map((p) => {
        const number = [p['PhoneCountryCode'], p['PhoneAreaCode'], p['PhoneNumber']]
          .map(textOf)
          .filter((x) => x !== null)
          .join(' ');
        return number ? { phone_number: number, phone_number_type: PHONE_TYPES[asText(p['PhoneType'] ?? '')] ?? 'OTHER' } : null;
      })
      .filter((p) => p !== null),
  write(value, out) {
    const list = (value ?? []) as Array<{ phone_number: string; phone_number_type?: string | null }>;
    const used = new Set<string>();
    const body: XeroRecord[] = [];
    for (const p of list) {
      const type = PHONE_BACK[p.phone_number_type ?? 'WORK'] ?? 'DEFAULT';
      if (used.has(type)) {
        out.warn(`Xero keeps one phone of each type; ${p.phone_number} not written`);
        continue;
      }
      used.add(type);
      body.push({ PhoneType: type, PhoneNumber: p.phone_number });
    }
    out.set('Phones', body);
  },
};

const email = (field: string): Row => ({
  fields: [field],
  sample: { [field]: 'ann@acme.co.nz' },
  filters: { '': { name: field, type: 'string' } },
  read(get) {
    const e = textOf(get(field));
    return e === null ? [] : [{ email_address: e, email_address_type: 'WORK' }];
  },
  write(value, out) {
    const list = (value ?? []) as Array<{ email_address: string }>;
    out.set(field, list[0]?.email_address ?? '');
    if (list.length > 1)
      out.warn(`Xero keeps one e-mail address on a ${field === 'EmailAddress' ? 'contact' : 'record'}; ${list.length - 1} not written`);
  },
});

// --- Contacts ---

// A contact under a GDPR request reads as archived; ARCHIVED last, so that ARCHIVED is written back as ARCHIVED.
const CONTACT_STATUS = { ACTIVE: 'ACTIVE', GDPRREQUEST: 'ARCHIVED', ARCHIVED: 'ARCHIVED' };

/** What a contact owes (a customer's receivable) or is owed (a supplier's payable), from Xero's Balances. */
const balance = readOnly(
  custom({
    fields: ['Balances'],
    sample: { Balances: { AccountsReceivable: { Outstanding: 760, Overdue: 0 }, AccountsPayable: { Outstanding: 0, Overdue: 0 } } },
    read(get) {
      const b = get('Balances');
      const receivable = moneyOf(at(b, 'AccountsReceivable.Outstanding'));
      const payable = moneyOf(at(b, 'AccountsPayable.Outstanding'));
      if (receivable === null && payable === null) return null;
      return receivable !== null && receivable !== '0' ? receivable : (payable ?? receivable);
    },
  }),
  'Xero computes balances from invoices and payments',
);

export const CONTACT = fieldTable(
  dialect,
  {
    id: id('ContactID'),
    name: text('Name'),
    company_name: readOnly(
      custom({
        fields: ['Name', 'FirstName', 'LastName'],
        read: (get) => (textOf(get('FirstName')) || textOf(get('LastName')) ? null : textOf(get('Name'))),
      }),
      'company_name: Xero keeps one name on a contact, written as its name',
    ),
    first_name: text('FirstName'),
    last_name: text('LastName'),
    is_customer: readOnly(flag('IsCustomer'), 'is_customer: Xero makes a contact a customer when an invoice is raised to it'),
    is_supplier: readOnly(flag('IsSupplier'), 'is_supplier: Xero makes a contact a supplier when a bill or purchase order is raised to it'),
    status: enumOf('ContactStatus', CONTACT_STATUS),
    email_addresses: email('EmailAddress'),
    phone_numbers: phones,
    addresses: addresses('contact'),
    tax_number: text('TaxNumber'),
    currency: {
      fields: ['DefaultCurrency'],
      sample: { DefaultCurrency: 'NZD' },
      read: (get) => textOf(get('DefaultCurrency')),
      write: (value, out) => out.set('DefaultCurrency', value),
    },
    balance,
    website: readOnly(text('Website'), 'website: Xero does not take a contact’s website through the API'),
    notes: none(null, 'Xero keeps no notes on a contact through the API'),
    ...TIMESTAMPS,
  },
  ['ContactID', 'ContactPersons'],
);

/** Where a contact person's place among its contact's ContactPersons is noted (a person has no id of its own in Xero). */
export const PERSON_INDEX = '_index';

/** The people of a contact (ContactPersons) as records of their own, each with the contact's id and its place. */
export function peopleOf(contact: XeroRecord): XeroRecord[] {
  return ((contact['ContactPersons'] ?? []) as XeroRecord[]).map((p, i) => ({ ...p, ContactID: contact['ContactID'], [PERSON_INDEX]: i }));
}

/** A contact person's Weft id: its contact's id and its place (`<ContactID>:0`). */
export const personId = (raw: XeroRecord) => `${asText(raw['ContactID'])}:${asText(raw[PERSON_INDEX])}`;

export const PERSON = fieldTable(dialect, {
  id: readOnly(
    custom({
      fields: ['ContactID', PERSON_INDEX],
      sample: { ContactID: '3ff6d40c-af9a-40a3-89ce-3c1556a25591', [PERSON_INDEX]: 0 },
      read: (get) => personId({ ContactID: get('ContactID'), [PERSON_INDEX]: get(PERSON_INDEX) }),
    }),
    'A Xero contact person has no id: its contact’s and its place among the contact’s people',
  ),
  contact_id: readOnly(custom({ fields: ['ContactID'], read: (get) => idOf(get('ContactID')) }), 'People are written with their contact'),
  first_name: readOnly(text('FirstName'), 'People are written with their contact'),
  last_name: readOnly(text('LastName'), 'People are written with their contact'),
  email_addresses: readOnly(email('EmailAddress'), 'People are written with their contact'),
  phone_numbers: none([], 'Xero keeps no phone number on a contact person'),
  is_primary: readOnly(
    custom({ fields: [], read: () => false }),
    'Xero’s contact persons are the contact’s other people; its main person is on the contact',
  ),
  include_in_emails: readOnly(flag('IncludeInEmails'), 'People are written with their contact'),
});

// --- Items ---

export const ITEM = fieldTable(
  dialect,
  {
    id: id('ItemID'),
    name: text('Name'),
    code: text('Code'),
    type: readOnly(
      custom({
        fields: ['IsTrackedAsInventory'],
        sample: { IsTrackedAsInventory: false },
        read: (get) => (get('IsTrackedAsInventory') === true ? 'INVENTORY' : 'NON_INVENTORY'),
      }),
      'Xero tracks an item in inventory when it is given an inventory asset account',
    ),
    description: text('Description'),
    purchase_description: text('PurchaseDescription'),
    unit_price: money('SalesDetails.UnitPrice', { numeric: true }),
    purchase_price: money('PurchaseDetails.UnitPrice', { numeric: true }),
    currency: none(null, 'Xero items are priced in the base currency'),
    is_sold: flag('IsSold'),
    is_purchased: flag('IsPurchased'),
    quantity_on_hand: readOnly(decimalText('QuantityOnHand'), 'The quantity on hand changes through transactions'),
    income_account_id: text('SalesDetails.AccountCode'),
    expense_account_id: text('PurchaseDetails.AccountCode'),
    active: readOnly(custom({ fields: [], read: () => true }), 'Xero items are deleted, not archived'),
    ...TIMESTAMPS,
  },
  ['ItemID'],
);

// --- Invoices, payments, purchase orders ---

interface CommonLine {
  id?: string | null;
  product_id?: string | null;
  description?: string | null;
  quantity?: string | null;
  unit_price?: string | null;
  discount_amount?: string | null;
  tax_rate_id?: string | null;
  tax_amount?: string | null;
  total?: string | null;
  account_id?: string | null;
}

/** Where push.ts puts the item codes of the products named by id (Xero's lines name items by code). */
export const ITEM_CODES = '_itemCodes';

/** The line items, written whole (Xero replaces a document's lines with those sent). */
const lineItems: Row = {
  fields: ['LineItems'],
  sample: {
    LineItems: [
      {
        LineItemID: '52208ff9-528a-4985-a9ad-b2b1d4210e38',
        Description: 'Consulting',
        Quantity: 2,
        UnitAmount: 75,
        ItemCode: 'CONS',
        Item: { ItemID: '9a59ea90-942e-484d-9b71-d00ab607e03b', Code: 'CONS', Name: 'Consulting' },
        AccountCode: '200',
        TaxType: 'OUTPUT2',
        TaxAmount: 22.5,
        LineAmount: 150,
        DiscountAmount: 0,
      },
    ],
  },
  read: (get) =>
    ((get('LineItems') ?? []) as XeroRecord[]).map((l) => ({
      id: idOf(l['LineItemID']),
      product_id: idOf(at(l, 'Item.ItemID')),
      description: textOf(l['Description']),
      quantity: moneyOf(l['Quantity']),
      unit_price: moneyOf(l['UnitAmount']),
      discount_amount: moneyOf(l['DiscountAmount']),
      tax_rate_id: textOf(l['TaxType']),
      tax_amount: moneyOf(l['TaxAmount']),
      total: moneyOf(l['LineAmount']),
      account_id: textOf(l['AccountCode']),
    })),
  write(value, out, _ctx, common) {
    const list = (value ?? []) as CommonLine[];
    const codes = (common[ITEM_CODES] ?? {}) as Record<string, string>;
    const written: XeroRecord[] = [];
    for (const [i, l] of list.entries()) {
      for (const [k, v] of Object.entries({ quantity: l.quantity, unit_price: l.unit_price, discount_amount: l.discount_amount, total: l.total })) {
        if (v !== undefined && v !== null && !DECIMAL.test(v)) return out.error(`line_items[${i}].${k} must be a decimal string: '${asText(v)}'`);
      }
      const line: XeroRecord = {};
      if (l.id) line['LineItemID'] = l.id;
      if (l.description) line['Description'] = l.description;
      if (l.quantity) line['Quantity'] = Number(l.quantity);
      if (l.unit_price) line['UnitAmount'] = Number(l.unit_price);
      if (l.discount_amount) line['DiscountAmount'] = Number(l.discount_amount);
      if (l.product_id) {
        const code = codes[l.product_id];
        if (code === undefined) return out.error(`line_items[${i}].product_id names no Xero item: '${l.product_id}'`);
        line['ItemCode'] = code;
      }
      if (l.tax_rate_id) line['TaxType'] = l.tax_rate_id;
      if (l.account_id) line['AccountCode'] = l.account_id;
      if (l.total && !l.quantity && !l.unit_price) line['LineAmount'] = Number(l.total);
      if (l.tax_amount) out.warn(`line_items[${i}]: Xero computes a line's tax from its tax type; tax_amount not written`);
      written.push(line);
    }
    out.set('LineItems', written);
  },
};

const TAX_TREATMENT = { Exclusive: 'EXCLUSIVE', Inclusive: 'INCLUSIVE', NoTax: 'NO_TAX' };
const INVOICE_TYPE = { ACCREC: 'ACCOUNTS_RECEIVABLE', ACCPAY: 'ACCOUNTS_PAYABLE' };
const INVOICE_STATUS: Record<string, string> = {
  DRAFT: 'DRAFT',
  SUBMITTED: 'SUBMITTED',
  AUTHORISED: 'AUTHORISED',
  PAID: 'PAID',
  VOIDED: 'VOID',
  DELETED: 'DELETED',
};
const INVOICE_STATUS_BACK: Record<string, string> = {
  DRAFT: 'DRAFT',
  SUBMITTED: 'SUBMITTED',
  AUTHORISED: 'AUTHORISED',
  VOID: 'VOIDED',
  DELETED: 'DELETED',
};

/** The tax of the lines, grouped by tax type (Xero gives the tax per line, not per rate). */
const taxLines = readOnly(
  custom({
    fields: ['LineItems'],
    read(get) {
      const byType = new Map<string, string>();
      for (const l of (get('LineItems') ?? []) as XeroRecord[]) {
        const type = textOf(l['TaxType']);
        const tax = moneyOf(l['TaxAmount']);
        if (type === null || tax === null) continue;
        byType.set(type, addDecimal(byType.get(type) ?? '0', tax));
      }
      return [...byType].map(([type, amount]) => ({ tax_rate_id: type, name: type, rate: null, taxable_amount: null, amount }));
    },
  }),
  'Xero computes the tax from the lines’ tax types',
);

export const INVOICE = fieldTable(
  dialect,
  {
    id: id('InvoiceID'),
    type: enumOf('Type', INVOICE_TYPE),
    number: text('InvoiceNumber'),
    reference: text('Reference'),
    contact_id: guidRef('Contact.ContactID', 'contact'),
    status: {
      fields: ['Status', 'AmountPaid'],
      sample: { Status: 'AUTHORISED', AmountPaid: 0 },
      filters: { '': { name: 'Status', type: 'string' } },
      read(get) {
        const s = textOf(get('Status'));
        if (s === null) return null;
        const paid = moneyOf(get('AmountPaid'));
        if (s === 'AUTHORISED' && paid !== null && Number(paid) !== 0) return 'PARTIALLY_PAID';
        return INVOICE_STATUS[s] ?? s;
      },
      write(value, out) {
        const s = INVOICE_STATUS_BACK[asText(value)];
        if (s) out.set('Status', s);
        else out.warn(`Xero sets ${asText(value)} itself from the payments; status not written`);
      },
    },
    issue_date: day('Date', true),
    due_date: day('DueDate'),
    paid_date: readOnly(day('FullyPaidOnDate'), 'Xero sets the paid date when the last payment is applied'),
    currency,
    exchange_rate: decimalText('CurrencyRate'),
    tax_treatment: enumOf('LineAmountTypes', TAX_TREATMENT),
    line_items: lineItems,
    tax_lines: taxLines,
    subtotal: readOnly(money('SubTotal'), 'Xero sums the lines itself'),
    total_discount: readOnly(money('TotalDiscount'), 'Write discounts on the lines'),
    total_tax: readOnly(money('TotalTax'), 'Xero computes the tax'),
    total: readOnly(money('Total'), 'Xero computes the total from the lines and the tax'),
    amount_paid: readOnly(money('AmountPaid'), 'Payments are applied by creating accounting-payment records'),
    balance: readOnly(money('AmountDue'), 'Payments are applied by creating accounting-payment records'),
    memo: none(null, 'Xero keeps no memo on an invoice through the API'),
    ...TIMESTAMPS,
  },
  ['InvoiceID'],
);

const PAYMENT_TYPE: Record<string, string> = {
  ACCRECPAYMENT: 'ACCOUNTS_RECEIVABLE',
  ACCPAYPAYMENT: 'ACCOUNTS_PAYABLE',
  ARCREDITPAYMENT: 'ACCOUNTS_RECEIVABLE',
  APCREDITPAYMENT: 'ACCOUNTS_PAYABLE',
};

export const PAYMENT = fieldTable(
  dialect,
  {
    id: id('PaymentID'),
    type: readOnly(
      custom({
        fields: ['PaymentType'],
        sample: { PaymentType: 'ACCRECPAYMENT' },
        read: (get) => PAYMENT_TYPE[asText(get('PaymentType') ?? '')] ?? null,
      }),
      'Xero takes the payment’s type from its invoice',
    ),
    contact_id: readOnly(
      custom({
        fields: ['Invoice.Contact.ContactID'],
        sample: { 'Invoice.Contact.ContactID': '1d1a8f4e-6f0e-4b8a-a1a2-3c4d5e6f7a8b' },
        read: (get) => idOf(get('Invoice.Contact.ContactID')),
      }),
      'Xero takes the payment’s contact from its invoice',
    ),
    invoice_ids: custom({
      fields: ['Invoice.InvoiceID'],
      sample: { 'Invoice.InvoiceID': '4f7a8b6c-1d36-4b8f-9b22-4f0b0b9f2a11' },
      filters: { '': { name: 'Invoice.InvoiceID', type: 'id' } },
      read: (get) => {
        const v = idOf(get('Invoice.InvoiceID'));
        return v === null ? [] : [v];
      },
      // Written by push.ts: a Xero payment is applied to one invoice.
      elsewhere: true,
    }),
    allocations: readOnly(
      custom({
        fields: ['Invoice.InvoiceID', 'Amount'],
        read: (get) => {
          const v = idOf(get('Invoice.InvoiceID'));
          return v === null ? [] : [{ invoice_id: v, amount: moneyOf(get('Amount')) ?? '0' }];
        },
      }),
      'A Xero payment is applied to one invoice (invoice_ids)',
    ),
    payment_date: day('Date', true),
    amount: money('Amount', { numeric: true }),
    currency: readOnly(
      custom({ fields: ['Invoice.CurrencyCode'], sample: { 'Invoice.CurrencyCode': 'NZD' }, read: (get) => textOf(get('Invoice.CurrencyCode')) }),
      'A Xero payment is in its invoice’s currency',
    ),
    exchange_rate: decimalText('CurrencyRate'),
    account_id: {
      fields: ['Account.AccountID', 'Account.Code'],
      sample: { 'Account.Code': '090' },
      read: (get) => textOf(get('Account.Code')) ?? idOf(get('Account.AccountID')),
      write: (value, out) => out.set(isGuid(value) ? 'Account.AccountID' : 'Account.Code', value),
    },
    payment_method: none(null, 'Xero keeps no payment method'),
    reference: text('Reference'),
    status: {
      fields: ['Status'],
      sample: { Status: 'AUTHORISED' },
      read: (get) => (get('Status') === 'DELETED' ? 'VOID' : textOf(get('Status')) === null ? null : 'AUTHORISED'),
      write: (value, out) => (value === 'VOID' ? out.set('Status', 'DELETED') : undefined),
    },
    ...TIMESTAMPS,
  },
  ['PaymentID'],
);

const PO_STATUS = { DRAFT: 'DRAFT', SUBMITTED: 'SUBMITTED', AUTHORISED: 'AUTHORISED', BILLED: 'BILLED', DELETED: 'DELETED' };

export const PURCHASE_ORDER = fieldTable(
  dialect,
  {
    id: id('PurchaseOrderID'),
    number: text('PurchaseOrderNumber'),
    reference: text('Reference'),
    contact_id: guidRef('Contact.ContactID', 'contact'),
    status: enumOf('Status', PO_STATUS),
    issue_date: day('Date'),
    delivery_date: day('DeliveryDate'),
    delivery_address: custom({
      fields: ['DeliveryAddress'],
      sample: { DeliveryAddress: '23 Main Street\nCentral City\n6011' },
      read(get) {
        const lines = (textOf(get('DeliveryAddress')) ?? '').split('\n').filter(Boolean);
        return lines.length ? { address_type: 'SHIPPING', street_1: lines[0], street_2: lines.slice(1).join(', ') || null } : null;
      },
      write(value, out) {
        const a = value as Address | null;
        out.set('DeliveryAddress', a === null ? '' : [a.street_1, a.street_2, a.city, a.state, a.postal_code, a.country].filter((x) => x).join('\n'));
      },
    }),
    currency,
    exchange_rate: decimalText('CurrencyRate'),
    tax_treatment: enumOf('LineAmountTypes', TAX_TREATMENT),
    line_items: lineItems,
    tax_lines: taxLines,
    subtotal: readOnly(money('SubTotal'), 'Xero sums the lines itself'),
    total_tax: readOnly(money('TotalTax'), 'Xero computes the tax'),
    total: readOnly(money('Total'), 'Xero computes the total from the lines and the tax'),
    memo: none(null, 'Xero keeps no memo on a purchase order through the API'),
    ...TIMESTAMPS,
  },
  ['PurchaseOrderID'],
);

export const ORGANISATION = fieldTable(dialect, {
  id: custom({
    fields: ['OrganisationID'],
    sample: { OrganisationID: 'b2c885a9-4bb9-4a00-9b6e-6c2bf60b1a2b' },
    read: (get) => idOf(get('OrganisationID')),
  }),
  addresses: addresses('organisation'),
  name: text('Name'),
  legal_name: text('LegalName'),
  tax_number: text('TaxNumber'),
  currency: text('BaseCurrency'),
  country: text('CountryCode'),
  fiscal_year_end_month: custom({
    fields: ['FinancialYearEndMonth'],
    sample: { FinancialYearEndMonth: 3 },
    read: (get) => {
      const m = get('FinancialYearEndMonth');
      return typeof m === 'number' && m >= 1 && m <= 12 ? m : null;
    },
  }),
  email_addresses: none([], 'Xero does not give the organisation’s e-mail through the API'),
  phone_numbers: phones,
  website: custom({
    fields: ['ExternalLinks'],
    sample: { ExternalLinks: [{ LinkType: 'Website', Url: 'https://demo.example.co.nz' }] },
    read: (get) => textOf(((get('ExternalLinks') ?? []) as XeroRecord[]).find((l) => l['LinkType'] === 'Website')?.['Url']),
  }),
  created_at: custom({
    fields: ['CreatedDateUTC'],
    sample: { CreatedDateUTC: '/Date(1704164645000)/' },
    read: (get) => xeroInstant(get('CreatedDateUTC')),
  }),
  updated_at: none(null, 'Xero does not say when the organisation changed'),
});

// --- Addresses (accounting-address, pulled only) ---

/** Where an address record pulled from its owner notes the owner (`contact/<ContactID>`, `organisation/<OrganisationID>`). */
export const ADDRESS_OWNER = '_owner';
/** Its place among its owner's addresses of its AddressType (0 for the first; Xero keeps one of each). */
export const ADDRESS_NTH = '_nth';

/** The keys Weft adds to a record it pulled (never Xero's fields: not listed among an object's fields). */
export const HELPER_FIELDS: ReadonlySet<string> = new Set([PERSON_INDEX, ADDRESS_OWNER, ADDRESS_NTH]);

const ADDRESS_TEXT = ['AddressLine1', 'AddressLine2', 'AddressLine3', 'AddressLine4', 'City', 'Region', 'PostalCode', 'Country'];

/**
 * The addresses of a contact or of the organisation as records of their own, each noting its owner. Xero answers an
 * address a contact lacks as a placeholder holding only its AddressType (`{"AddressType": "STREET"}`) or blanks: one
 * holding no line, city, region, postal code or country is left out.
 */
export function addressesOf(owner: 'contact' | 'organisation', record: XeroRecord): XeroRecord[] {
  const id = asText(record[owner === 'contact' ? 'ContactID' : 'OrganisationID']);
  const seen = new Map<string, number>();
  const out: XeroRecord[] = [];
  for (const a of (record['Addresses'] ?? []) as XeroRecord[]) {
    if (!ADDRESS_TEXT.some((f) => textOf(a[f]) !== null)) continue;
    const type = asText(a['AddressType'] ?? '');
    const nth = seen.get(type) ?? 0;
    seen.set(type, nth + 1);
    out.push({ ...a, [ADDRESS_OWNER]: `${owner}/${id}`, [ADDRESS_NTH]: nth });
  }
  return out;
}

/** An address's Weft id (Xero gives addresses none): its owner and AddressType (`contact/<ContactID>/STREET`). */
export function addressId(raw: XeroRecord): string {
  const nth = Number(raw[ADDRESS_NTH] ?? 0);
  return `${asText(raw[ADDRESS_OWNER])}/${asText(raw['AddressType'] ?? '')}${nth > 0 ? `/${nth + 1}` : ''}`;
}

const NOT_WRITTEN = 'Addresses are read only: they are written with their contact (accounting-contact)';
const readText = (field: string, sample: string): Row =>
  readOnly(custom({ fields: [field], sample: { [field]: sample }, read: (get) => textOf(get(field)) }), NOT_WRITTEN);

export const ADDRESS = fieldTable(dialect, {
  id: readOnly(
    custom({
      fields: [ADDRESS_OWNER, 'AddressType', ADDRESS_NTH],
      sample: { [ADDRESS_OWNER]: 'contact/3ff6d40c-af9a-40a3-89ce-3c1556a25591', AddressType: 'POBOX', [ADDRESS_NTH]: 0 },
      read: (get) => addressId({ [ADDRESS_OWNER]: get(ADDRESS_OWNER), AddressType: get('AddressType'), [ADDRESS_NTH]: get(ADDRESS_NTH) }),
    }),
    'A Xero address has no id: its owner’s and its AddressType',
  ),
  // As the contact's and organisation's own addresses read: POBOX (postal) is BILLING, STREET the organisation's
  // PRIMARY and a contact's SHIPPING, DELIVERY SHIPPING.
  address_type: readOnly(
    custom({
      fields: ['AddressType', ADDRESS_OWNER],
      read: (get) =>
        asText(get(ADDRESS_OWNER) ?? '').startsWith('organisation/') && get('AddressType') === 'STREET'
          ? 'PRIMARY'
          : (ADDRESS_TYPES[asText(get('AddressType') ?? '')] ?? 'OTHER'),
    }),
    'The type is Xero’s AddressType',
  ),
  city: readText('City', 'Wellington'),
  country: readText('Country', 'New Zealand'),
  postal_code: readText('PostalCode', '6011'),
  state: readText('Region', 'Wellington'),
  street_1: readText('AddressLine1', '23 Taranaki Street'),
  // Xero has four address lines; the common model two: lines 2 to 4 are street_2, joined by ", ".
  street_2: readOnly(
    custom({
      fields: ['AddressLine2', 'AddressLine3', 'AddressLine4'],
      sample: { AddressLine2: 'Level 2', AddressLine3: 'Te Aro' },
      read: (get) =>
        ['AddressLine2', 'AddressLine3', 'AddressLine4']
          .map((f) => textOf(get(f)))
          .filter((v) => v !== null)
          .join(', ') || null,
    }),
    NOT_WRITTEN,
  ),
});
