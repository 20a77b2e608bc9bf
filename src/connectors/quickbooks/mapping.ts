/**
 * QuickBooks Online entities ↔ Weft's accounting schemas, as field tables. QuickBooks nests its values
 * (`PrimaryEmailAddr.Address`, `CustomerRef.value`, `MetaData.LastUpdatedTime`): the dialect reads and writes dotted
 * paths. Amounts are JSON numbers; each is read as its shortest decimal text (the number's own digits, as QuickBooks
 * wrote them, for amounts of up to 15 significant digits) and sums or differences are done on decimal text
 * (`decimalSum`), never in floating point.
 */
import { asText } from '../../lib/text.js';
import { addDecimal, multiplyDecimal, subtractDecimal } from '../../model/money.js';
import type { AccountingLineItem } from '../../model/schemas/accounting-invoice.js';
import {
  custom,
  day,
  type Dialect,
  enumOf,
  fieldTable,
  flag,
  idOf,
  isoOf,
  money,
  moneyOf,
  none,
  phones,
  readOnly,
  type Row,
  text,
  textOf,
} from '../kit/field-table.js';

export type QboRecord = Record<string, unknown>;

/** Where the entity of a record pulled from a list of several (Customer or Vendor) is noted. */
export const KIND = '_entity';

/** A value at a dotted path (`MetaData.LastUpdatedTime`). */
export function at(record: unknown, path: string): unknown {
  let v = record;
  for (const key of path.split('.')) v = v !== null && typeof v === 'object' && Object.hasOwn(v, key) ? (v as QboRecord)[key] : undefined;
  return v;
}

/** Flat dotted keys made nested objects (`{'CustomerRef.value': '1'}` → `{CustomerRef: {value: '1'}}`). */
export function nest(flat: Record<string, unknown>): QboRecord {
  const out: QboRecord = {};
  for (const [path, value] of Object.entries(flat)) {
    const keys = path.split('.');
    let node = out;
    for (const key of keys.slice(0, -1)) {
      const next = node[key];
      node = (node[key] = next !== null && typeof next === 'object' ? next : {}) as QboRecord;
    }
    node[keys[keys.length - 1] as string] = value;
  }
  return out;
}

const dialect: Dialect<QboRecord> = { name: 'QuickBooks Online', get: at, record: nest };

// --- Exact decimal arithmetic on decimal text (the model's money functions) ---

/** The exact sum of decimal texts, each with its sign (+1 or -1), as decimal text with the largest scale given. */
const decimalSum = (terms: ReadonlyArray<[string, 1 | -1]>): string =>
  terms.reduce((total, [t, sign]) => (sign === 1 ? addDecimal(total, t) : subtractDecimal(total, t)), '0');

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A date a query may compare (`TxnDate = '2024-01-02'`). */
const dayFiltered = (field: string): Row => ({ ...day(field), filters: { '': { name: field, type: 'string' } } });

/** A decimal number that is not money (a quantity, a rate) as text, from a JSON number. */
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

// --- Rows QuickBooks entities share ---

/** A reference (`CustomerRef: {value, name}`) read and written by its value. */
const ref = (field: string): Row => ({
  fields: [`${field}.value`],
  sample: { [`${field}.value`]: '42' },
  filters: { '': { name: field, type: 'id' } },
  read: (get) => idOf(get(`${field}.value`)),
  write: (value, out) => out.set(`${field}.value`, value),
});

const TIMESTAMPS = {
  created_at: {
    fields: ['MetaData.CreateTime'],
    sample: { 'MetaData.CreateTime': '2024-01-02T03:04:05-08:00' },
    read: (get) => isoOf(get('MetaData.CreateTime')),
  },
  updated_at: {
    fields: ['MetaData.LastUpdatedTime'],
    sample: { 'MetaData.LastUpdatedTime': '2024-01-02T03:04:05-08:00' },
    filters: { '': { name: 'MetaData.LastUpdatedTime', type: 'datetime' } },
    read: (get) => isoOf(get('MetaData.LastUpdatedTime')),
  },
} satisfies Record<string, Row>;

const ADDRESS_FIELDS = {
  street_1: 'Line1',
  street_2: 'Line2',
  city: 'City',
  state: 'CountrySubDivisionCode',
  postal_code: 'PostalCode',
  country: 'Country',
} as const;
type Address = Partial<Record<keyof typeof ADDRESS_FIELDS, string | null>> & { address_type?: string | null };

/** A QuickBooks address object (`BillAddr`) as a common address, or null when it holds nothing. */
export function addressOf(raw: unknown, type: string): Address | null {
  if (raw === null || typeof raw !== 'object') return null;
  const a: Address = { address_type: type };
  let any = false;
  for (const [common, field] of Object.entries(ADDRESS_FIELDS)) {
    const v = textOf((raw as QboRecord)[field]);
    a[common as keyof typeof ADDRESS_FIELDS] = v;
    any ||= v !== null;
  }
  return any ? a : null;
}

function addressBody(a: Address): QboRecord {
  const out: QboRecord = {};
  for (const [common, field] of Object.entries(ADDRESS_FIELDS)) out[field] = a[common as keyof typeof ADDRESS_FIELDS] ?? null;
  return out;
}

/** Addresses in one QuickBooks field per type (BILLING → `BillAddr`, SHIPPING → `ShipAddr`); others go to the first. */
function addresses(slots: Readonly<Record<string, string>>): Row {
  const pairs = Object.entries(slots);
  return {
    fields: pairs.map(([, f]) => f),
    sample: Object.fromEntries(
      pairs.map(([, f]) => [f, { Line1: '1 Main St', City: 'Mountain View', CountrySubDivisionCode: 'CA', PostalCode: '94043', Country: 'US' }]),
    ),
    filters: { city: { name: `${pairs[0]?.[1]}.City`, type: 'string' } },
    read: (get) => pairs.map(([type, f]) => addressOf(get(f), type)).filter((a) => a !== null),
    write(value, out) {
      const list = (value ?? []) as Address[];
      const used = new Set<Address>();
      for (const [type, f] of pairs) {
        const a =
          list.find((x) => x.address_type === type && !used.has(x)) ?? list.find((x) => !used.has(x) && !pairs.some(([t]) => t === x.address_type));
        if (a) used.add(a);
        out.set(f, a ? addressBody(a) : null);
      }
      const rest = list.filter((a) => !used.has(a));
      if (rest.length) out.warn(`QuickBooks keeps one address of each of ${pairs.map(([t]) => t).join(', ')}; ${rest.length} not written`);
    },
  };
}

const email = (field: string): Row => ({
  fields: [`${field}.Address`],
  sample: { [`${field}.Address`]: 'ann@acme.com' },
  filters: { '': { name: `${field}.Address`, type: 'string' } },
  read(get) {
    const e = textOf(get(`${field}.Address`));
    return e === null ? [] : [{ email_address: e, email_address_type: 'WORK' }];
  },
  write(value, out) {
    const list = (value ?? []) as Array<{ email_address: string; email_address_type?: string | null }>;
    out.set(`${field}.Address`, list[0]?.email_address ?? null);
    if (list.length > 1)
      out.warn(
        `QuickBooks keeps one e-mail address; not written: ${list
          .slice(1)
          .map((e) => e.email_address)
          .join(', ')}`,
      );
  },
});

const PHONES = phones(
  { WORK: 'PrimaryPhone.FreeFormNumber', MOBILE: 'Mobile.FreeFormNumber', FAX: 'Fax.FreeFormNumber' },
  'QuickBooks keeps one work, one mobile and one fax number',
);

const status = custom({
  fields: ['Active'],
  sample: { Active: true },
  read: (get) => (get('Active') === false ? 'ARCHIVED' : 'ACTIVE'),
  write: (value, out) => out.set('Active', value !== 'ARCHIVED'),
});

/** A contact id: the entity and its QuickBooks id (`customer-58`, `vendor-12`), as Customer and Vendor ids may meet. */
export function contactId(kind: 'Customer' | 'Vendor', id: unknown): string | null {
  const v = idOf(id);
  return v === null ? null : `${kind.toLowerCase()}-${v}`;
}

/** The entity and QuickBooks id of a contact id; a bare id is a customer's. */
export function parseContactId(id: string): { kind: 'Customer' | 'Vendor'; id: string } | null {
  const m = /^(?:(customer|vendor)-)?(\d+)$/.exec(id);
  if (!m) return null;
  return { kind: m[1] === 'vendor' ? 'Vendor' : 'Customer', id: m[2] as string };
}

/** A reference to a customer written from a contact id (`customer-58` or `58`); a vendor's is refused. */
const customerRef = (field: string): Row => ({
  fields: [`${field}.value`],
  sample: { [`${field}.value`]: '58' },
  filters: { '': { name: field, type: 'id' } },
  read: (get) => contactId('Customer', get(`${field}.value`)),
  write(value, out) {
    const parsed = parseContactId(asText(value));
    if (!parsed || parsed.kind !== 'Customer') out.error(`${out.key} must be a QuickBooks customer (customer-<id>): '${asText(value)}'`);
    else out.set(`${field}.value`, parsed.id);
  },
});

// --- Customers and vendors ---

const PERSON = {
  first_name: text('GivenName'),
  last_name: text('FamilyName'),
  status,
  email_addresses: email('PrimaryEmailAddr'),
  phone_numbers: PHONES,
} satisfies Record<string, Row>;

export const CUSTOMER = fieldTable(
  dialect,
  {
    id: readOnly(custom({ fields: ['Id'], sample: { Id: '58' }, read: (get) => idOf(get('Id')) }), 'The id is QuickBooks’ own'),
    customer_name: text('DisplayName'),
    addresses: addresses({ BILLING: 'BillAddr', SHIPPING: 'ShipAddr' }),
    ...PERSON,
    tax_number: text('PrimaryTaxIdentifier'),
    currency: ref('CurrencyRef'),
    balance: readOnly(money('Balance'), 'The balance is what the invoices and payments leave'),
    notes: text('Notes'),
    ...TIMESTAMPS,
  },
  ['Id', 'SyncToken'],
);

const CONTACT_ROWS = (kind: 'Customer' | 'Vendor') => ({
  id: readOnly(custom({ fields: ['Id'], sample: { Id: '58' }, read: (get) => contactId(kind, get('Id')) }), 'The id is QuickBooks’ own'),
  name: text('DisplayName'),
  company_name: text('CompanyName'),
  ...PERSON,
  is_customer: custom({ fields: [], read: () => kind === 'Customer' }),
  is_supplier: custom({ fields: [], read: () => kind === 'Vendor' }),
  addresses: kind === 'Customer' ? addresses({ BILLING: 'BillAddr', SHIPPING: 'ShipAddr' }) : addresses({ BILLING: 'BillAddr' }),
  tax_number: text(kind === 'Customer' ? 'PrimaryTaxIdentifier' : 'TaxIdentifier'),
  currency: ref('CurrencyRef'),
  balance: readOnly(money('Balance'), 'The balance is what the invoices and payments leave'),
  website: text('WebAddr.URI'),
  notes: text(kind === 'Customer' ? 'Notes' : 'PrintOnCheckName'),
  ...TIMESTAMPS,
});

export const CUSTOMER_CONTACT = fieldTable(dialect, CONTACT_ROWS('Customer'), ['Id', 'SyncToken']);
export const VENDOR_CONTACT = fieldTable(dialect, { ...CONTACT_ROWS('Vendor'), notes: none(null, 'QuickBooks keeps no notes on a vendor') }, [
  'Id',
  'SyncToken',
]);

// --- Items ---

const ITEM_TYPES = { Inventory: 'INVENTORY', NonInventory: 'NON_INVENTORY', Service: 'SERVICE', Group: 'OTHER' };

export const ITEM = fieldTable(
  dialect,
  {
    id: readOnly(custom({ fields: ['Id'], sample: { Id: '5' }, read: (get) => idOf(get('Id')) }), 'The id is QuickBooks’ own'),
    name: text('Name'),
    code: text('Sku'),
    type: enumOf('Type', ITEM_TYPES, 'OTHER'),
    description: text('Description'),
    purchase_description: text('PurchaseDesc'),
    unit_price: money('UnitPrice', { numeric: true }),
    purchase_price: money('PurchaseCost', { numeric: true }),
    currency: none(null, 'QuickBooks items are priced in the home currency'),
    is_sold: readOnly(
      custom({ fields: ['IncomeAccountRef.value'], read: (get) => get('IncomeAccountRef.value') !== undefined }),
      'An item is sold when it has an income account',
    ),
    is_purchased: readOnly(
      custom({ fields: ['ExpenseAccountRef.value'], read: (get) => get('ExpenseAccountRef.value') !== undefined }),
      'An item is bought when it has an expense account',
    ),
    quantity_on_hand: readOnly(decimalText('QtyOnHand'), 'The quantity on hand changes through transactions'),
    income_account_id: ref('IncomeAccountRef'),
    expense_account_id: ref('ExpenseAccountRef'),
    active: flag('Active'),
    ...TIMESTAMPS,
  },
  ['Id', 'SyncToken'],
);

// --- Invoices, payments and purchase orders ---

interface Line {
  Id?: string;
  LineNum?: number;
  Description?: string;
  Amount?: number;
  DetailType?: string;
  [detail: string]: unknown;
}

/** The item lines of a transaction (`SalesItemLineDetail` or `ItemBasedExpenseLineDetail`), written whole. */
function lines(detail: 'SalesItemLineDetail' | 'ItemBasedExpenseLineDetail'): Row {
  const sample: Line = {
    Id: '1',
    LineNum: 1,
    Description: 'Hours',
    Amount: 150,
    DetailType: detail,
    [detail]: { ItemRef: { value: '5' }, Qty: 2, UnitPrice: 75, TaxCodeRef: { value: 'TAX' } },
  };
  return {
    fields: ['Line'],
    // With the other lines QuickBooks adds to an invoice's, for the rows that read them (subtotal, discount).
    sample: {
      Line: [
        sample,
        { Amount: 150, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} },
        { Amount: 0, DetailType: 'DiscountLineDetail', DiscountLineDetail: { PercentBased: false } },
      ],
    },
    read: (get) =>
      ((get('Line') ?? []) as Line[])
        .filter((l) => l.DetailType === detail)
        .map((l) => {
          const d = (l[detail] ?? {}) as QboRecord;
          return {
            id: idOf(l.Id),
            product_id: idOf(at(d, 'ItemRef.value')),
            description: textOf(l.Description),
            quantity: moneyOf(d['Qty']),
            unit_price: moneyOf(d['UnitPrice']),
            discount_amount: null,
            tax_rate_id: idOf(at(d, 'TaxCodeRef.value')),
            tax_amount: null,
            total: moneyOf(l.Amount),
            account_id: idOf(at(d, detail === 'SalesItemLineDetail' ? 'ItemAccountRef.value' : 'CustomerRef.value')) ?? null,
          };
        }),
    write(value, out) {
      const list = (value ?? []) as AccountingLineItem[];
      const written: Line[] = [];
      for (const [i, l] of list.entries()) {
        for (const [k, v] of Object.entries({ quantity: l.quantity, unit_price: l.unit_price, total: l.total })) {
          if (v !== undefined && v !== null && !DECIMAL.test(v)) return out.error(`line_items[${i}].${k} must be a decimal string: '${asText(v)}'`);
        }
        // QuickBooks wants the amount: quantity × unit price unless given.
        const total = l.total ?? (l.quantity && l.unit_price ? multiplyDecimal(l.quantity, l.unit_price) : null);
        if (total === null) return out.error(`line_items[${i}] needs a total, or a quantity and a unit price`);
        const d: QboRecord = {};
        if (l.product_id) d['ItemRef'] = { value: l.product_id };
        if (l.quantity) d['Qty'] = Number(l.quantity);
        if (l.unit_price) d['UnitPrice'] = Number(l.unit_price);
        if (l.tax_rate_id) d['TaxCodeRef'] = { value: l.tax_rate_id };
        written.push({
          ...(l.id ? { Id: l.id } : {}),
          ...(l.description ? { Description: l.description } : {}),
          Amount: Number(total),
          DetailType: detail,
          [detail]: d,
        });
        if (l.discount_amount || l.tax_amount || l.account_id)
          out.warn(`line_items[${i}]: QuickBooks computes discounts, taxes and accounts of item lines; not written`);
      }
      out.set('Line', written);
    },
  };
}

const taxLines = custom({
  fields: ['TxnTaxDetail'],
  sample: {
    TxnTaxDetail: {
      TotalTax: 12.38,
      TaxLine: [
        {
          Amount: 12.38,
          DetailType: 'TaxLineDetail',
          TaxLineDetail: { TaxRateRef: { value: '3' }, PercentBased: true, TaxPercent: 8.25, NetAmountTaxable: 150 },
        },
      ],
    },
  },
  read: (get) =>
    ((at(get('TxnTaxDetail'), 'TaxLine') ?? []) as Line[]).map((t) => ({
      tax_rate_id: idOf(at(t, 'TaxLineDetail.TaxRateRef.value')),
      name: textOf(at(t, 'TaxLineDetail.TaxRateRef.name')),
      rate: moneyOf(at(t, 'TaxLineDetail.TaxPercent')),
      taxable_amount: moneyOf(at(t, 'TaxLineDetail.NetAmountTaxable')),
      amount: moneyOf(t.Amount),
    })),
  unwritable: 'QuickBooks computes the tax lines from the lines’ tax codes',
});

/** The amount of the one line of a detail type (`SubTotalLineDetail`, `DiscountLineDetail`). */
const lineAmount = (detail: string, message: string): Row => ({
  fields: ['Line'],
  sample: {},
  read: (get) => moneyOf(((get('Line') ?? []) as Line[]).find((l) => l.DetailType === detail)?.Amount),
  unwritable: message,
});

const TAX_TREATMENT = { TaxExcluded: 'EXCLUSIVE', TaxInclusive: 'INCLUSIVE', NotApplicable: 'NO_TAX' };

export const INVOICE = fieldTable(
  dialect,
  {
    id: readOnly(custom({ fields: ['Id'], sample: { Id: '130' }, read: (get) => idOf(get('Id')) }), 'The id is QuickBooks’ own'),
    type: readOnly(custom({ fields: [], read: () => 'ACCOUNTS_RECEIVABLE' }), 'A QuickBooks invoice is a sales invoice'),
    number: text('DocNumber'),
    reference: none(null, 'QuickBooks keeps no reference on an invoice'),
    contact_id: customerRef('CustomerRef'),
    status: readOnly(
      custom({
        fields: ['Balance', 'TotalAmt'],
        read(get) {
          const [balance, total] = [moneyOf(get('Balance')), moneyOf(get('TotalAmt'))];
          if (balance === null || total === null) return null;
          if (Number(balance) === 0 && Number(total) !== 0) return 'PAID';
          return balance === total ? 'AUTHORISED' : 'PARTIALLY_PAID';
        },
      }),
      'QuickBooks derives the state of an invoice from its payments',
    ),
    issue_date: dayFiltered('TxnDate'),
    due_date: day('DueDate'),
    paid_date: none(null, 'QuickBooks keeps no paid date'),
    currency: ref('CurrencyRef'),
    exchange_rate: decimalText('ExchangeRate'),
    tax_treatment: enumOf('GlobalTaxCalculation', TAX_TREATMENT),
    line_items: lines('SalesItemLineDetail'),
    tax_lines: taxLines,
    subtotal: lineAmount('SubTotalLineDetail', 'QuickBooks sums the lines itself'),
    total_discount: lineAmount('DiscountLineDetail', 'Write a discount as a line'),
    total_tax: readOnly(money('TxnTaxDetail.TotalTax'), 'QuickBooks computes the tax'),
    total: readOnly(money('TotalAmt'), 'QuickBooks computes the total from the lines and the tax'),
    amount_paid: readOnly(
      custom({
        fields: ['TotalAmt', 'Balance'],
        read(get) {
          const [total, balance] = [moneyOf(get('TotalAmt')), moneyOf(get('Balance'))];
          return total === null || balance === null
            ? null
            : decimalSum([
                [total, 1],
                [balance, -1],
              ]);
        },
      }),
      'Payments are applied by creating accounting-payment records',
    ),
    balance: readOnly(money('Balance'), 'Payments are applied by creating accounting-payment records'),
    memo: text('CustomerMemo.value'),
    ...TIMESTAMPS,
  },
  ['Id', 'SyncToken'],
);

interface PaymentLine {
  Amount?: number;
  LinkedTxn?: Array<{ TxnId?: string; TxnType?: string }>;
}

const invoiceLinks = (get: (f: string) => unknown) =>
  ((get('Line') ?? []) as PaymentLine[]).flatMap((l) =>
    (l.LinkedTxn ?? [])
      .filter((t) => t.TxnType === 'Invoice' && idOf(t.TxnId) !== null)
      .map((t) => ({ invoice_id: idOf(t.TxnId) as string, amount: moneyOf(l.Amount) ?? '0' })),
  );

export const PAYMENT = fieldTable(
  dialect,
  {
    id: readOnly(custom({ fields: ['Id'], sample: { Id: '140' }, read: (get) => idOf(get('Id')) }), 'The id is QuickBooks’ own'),
    type: readOnly(custom({ fields: [], read: () => 'ACCOUNTS_RECEIVABLE' }), 'A QuickBooks payment is received from a customer'),
    contact_id: customerRef('CustomerRef'),
    invoice_ids: custom({
      fields: ['Line'],
      sample: { Line: [{ Amount: 150, LinkedTxn: [{ TxnId: '130', TxnType: 'Invoice' }] }] },
      read: (get) => [...new Set(invoiceLinks(get).map((l) => l.invoice_id))],
      // Written with the amount (push.ts): each invoice gets what allocations say, or the whole amount when alone.
      elsewhere: true,
    }),
    allocations: custom({ fields: ['Line'], read: (get) => invoiceLinks(get), elsewhere: true }),
    payment_date: dayFiltered('TxnDate'),
    amount: money('TotalAmt', { numeric: true }),
    currency: ref('CurrencyRef'),
    exchange_rate: decimalText('ExchangeRate'),
    account_id: ref('DepositToAccountRef'),
    payment_method: readOnly(
      custom({
        fields: ['PaymentMethodRef.name', 'PaymentMethodRef.value'],
        sample: { 'PaymentMethodRef.name': 'Check', 'PaymentMethodRef.value': '2' },
        read: (get) => textOf(get('PaymentMethodRef.name')) ?? idOf(get('PaymentMethodRef.value')),
      }),
      'QuickBooks takes a payment method by the id of its PaymentMethod list',
    ),
    reference: text('PaymentRefNum'),
    status: readOnly(custom({ fields: [], read: () => 'AUTHORISED' }), 'A QuickBooks payment is deleted, not voided, through the API'),
    ...TIMESTAMPS,
  },
  ['Id', 'SyncToken'],
);

const PO_STATUS = { Open: 'AUTHORISED', Closed: 'BILLED' };

export const PURCHASE_ORDER = fieldTable(
  dialect,
  {
    id: readOnly(custom({ fields: ['Id'], sample: { Id: '150' }, read: (get) => idOf(get('Id')) }), 'The id is QuickBooks’ own'),
    number: text('DocNumber'),
    reference: none(null, 'QuickBooks keeps no reference on a purchase order'),
    contact_id: custom({
      fields: ['VendorRef.value'],
      sample: { 'VendorRef.value': '12' },
      filters: { '': { name: 'VendorRef', type: 'id' } },
      read: (get) => contactId('Vendor', get('VendorRef.value')),
      write(value, out) {
        const parsed = parseContactId(asText(value));
        if (parsed?.kind !== 'Vendor') out.error(`${out.key} must be a QuickBooks vendor (vendor-<id>): '${asText(value)}'`);
        else out.set('VendorRef.value', parsed.id);
      },
    }),
    status: enumOf('POStatus', PO_STATUS),
    issue_date: day('TxnDate'),
    delivery_date: day('DueDate'),
    delivery_address: custom({
      fields: ['ShipAddr'],
      sample: { ShipAddr: { Line1: '1 Dock Rd', City: 'Oakland', CountrySubDivisionCode: 'CA', PostalCode: '94607', Country: 'US' } },
      read: (get) => addressOf(get('ShipAddr'), 'SHIPPING'),
      write: (value, out) => out.set('ShipAddr', value === null ? null : addressBody(value as Address)),
    }),
    currency: ref('CurrencyRef'),
    exchange_rate: decimalText('ExchangeRate'),
    tax_treatment: enumOf('GlobalTaxCalculation', TAX_TREATMENT),
    line_items: lines('ItemBasedExpenseLineDetail'),
    tax_lines: taxLines,
    subtotal: custom({
      fields: ['Line'],
      read: (get) => {
        const amounts = ((get('Line') ?? []) as Line[])
          .filter((l) => l.DetailType === 'ItemBasedExpenseLineDetail')
          .map((l) => moneyOf(l.Amount) ?? '0');
        return amounts.length ? decimalSum(amounts.map((a) => [a, 1])) : null;
      },
    }),
    total_tax: readOnly(money('TxnTaxDetail.TotalTax'), 'QuickBooks computes the tax'),
    total: readOnly(money('TotalAmt'), 'QuickBooks computes the total from the lines'),
    memo: text('Memo'),
    ...TIMESTAMPS,
  },
  ['Id', 'SyncToken'],
);

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export const COMPANY = fieldTable(dialect, {
  id: custom({ fields: ['Id'], sample: { Id: '1' }, read: (get) => idOf(get('Id')) }),
  addresses: custom({
    fields: ['CompanyAddr', 'LegalAddr'],
    sample: { CompanyAddr: { Line1: '2600 Marine Way', City: 'Mountain View', CountrySubDivisionCode: 'CA', PostalCode: '94043', Country: 'US' } },
    read: (get) => [addressOf(get('CompanyAddr'), 'PRIMARY'), addressOf(get('LegalAddr'), 'OTHER')].filter((a) => a !== null),
  }),
  name: text('CompanyName'),
  legal_name: text('LegalName'),
  tax_number: none(null, 'QuickBooks does not expose the company’s tax number'),
  currency: none(null, 'The home currency is in QuickBooks’ Preferences, not CompanyInfo'),
  country: text('Country'),
  fiscal_year_end_month: custom({
    fields: ['FiscalYearStartMonth'],
    sample: { FiscalYearStartMonth: 'January' },
    read(get) {
      const start = MONTHS.indexOf(asText(get('FiscalYearStartMonth') ?? ''));
      return start < 0 ? null : ((start + 11) % 12) + 1;
    },
  }),
  email_addresses: email('Email'),
  phone_numbers: phones({ WORK: 'PrimaryPhone.FreeFormNumber' }, 'QuickBooks keeps one company phone'),
  website: text('WebAddr.URI'),
  ...TIMESTAMPS,
});

// --- Addresses (accounting-address, pulled only) ---

/** Where an address record pulled from its owner notes the owner (`customer/58`, `vendor/12`, `company/1`). */
export const ADDRESS_OWNER = '_owner';
/** The owner's field it came from, as a name (`billing`, `shipping`, `company`, `legal`, `customer-communication`). */
export const ADDRESS_SLOT = '_slot';
/** Its common address_type. */
export const ADDRESS_TYPE = '_address_type';

/** The keys Weft adds to a record it pulled (never QuickBooks' fields: not listed among an object's fields). */
export const HELPER_FIELDS: ReadonlySet<string> = new Set([KIND, ADDRESS_OWNER, ADDRESS_SLOT, ADDRESS_TYPE]);

/** The address fields of each owner, as (field, slot, address_type). */
const ADDRESS_SLOTS = {
  CompanyInfo: [
    ['CompanyAddr', 'company', 'PRIMARY'],
    ['LegalAddr', 'legal', 'OTHER'],
    ['CustomerCommunicationAddr', 'customer-communication', 'SECONDARY'],
  ],
  Customer: [
    ['BillAddr', 'billing', 'BILLING'],
    ['ShipAddr', 'shipping', 'SHIPPING'],
  ],
  Vendor: [['BillAddr', 'billing', 'BILLING']],
} as const satisfies Record<string, ReadonlyArray<readonly [string, string, string]>>;

export type AddressOwner = keyof typeof ADDRESS_SLOTS;

const OWNER_NAMES: Record<AddressOwner, string> = { CompanyInfo: 'company', Customer: 'customer', Vendor: 'vendor' };
const ADDRESS_TEXT = ['Line1', 'Line2', 'Line3', 'Line4', 'Line5', 'City', 'CountrySubDivisionCode', 'PostalCode', 'Country'];

/**
 * The addresses an owner holds (CompanyInfo's company, legal and customer-facing addresses; a customer's billing and
 * shipping addresses; a vendor's billing address) as records of their own, each noting its owner, slot and type;
 * an address holding nothing (no line, city, state, postal code or country) is left out.
 */
export function addressesOf(entity: AddressOwner, owner: QboRecord): QboRecord[] {
  const out: QboRecord[] = [];
  for (const [field, slot, type] of ADDRESS_SLOTS[entity]) {
    const a = owner[field];
    if (a === null || typeof a !== 'object' || !ADDRESS_TEXT.some((f) => textOf((a as QboRecord)[f]) !== null)) continue;
    out.push({ ...(a as QboRecord), [ADDRESS_OWNER]: `${OWNER_NAMES[entity]}/${asText(owner['Id'])}`, [ADDRESS_SLOT]: slot, [ADDRESS_TYPE]: type });
  }
  return out;
}

/**
 * An address record's Weft id: its owner and field (`customer/58/billing`, `company/1/legal`). Not QuickBooks' own
 * `Id` of the PhysicalAddress: one address used in several fields keeps one Id (Intuit's reference shows a customer's
 * BillAddr and ShipAddr both `"Id": "2"`, the company's CompanyAddr, LegalAddr and CustomerCommunicationAddr all
 * `"Id": "1"`), where each field is a record here. The Id stays readable as the provider field `Id`.
 */
export const addressId = (raw: QboRecord): string => `${asText(raw[ADDRESS_OWNER])}/${asText(raw[ADDRESS_SLOT])}`;

const NOT_WRITTEN = 'Addresses are read only: they are written with their customer or vendor (accounting-contact, accounting-customer)';
const readText = (field: string, sample: string): Row =>
  readOnly(custom({ fields: [field], sample: { [field]: sample }, read: (get) => textOf(get(field)) }), NOT_WRITTEN);

export const ADDRESS = fieldTable(dialect, {
  id: readOnly(
    custom({
      fields: ['Id', ADDRESS_OWNER, ADDRESS_SLOT],
      sample: { Id: '2', [ADDRESS_OWNER]: 'customer/58', [ADDRESS_SLOT]: 'billing' },
      read: (get) => addressId({ [ADDRESS_OWNER]: get(ADDRESS_OWNER), [ADDRESS_SLOT]: get(ADDRESS_SLOT) }),
    }),
    'An address’s id is its owner’s and its field’s',
  ),
  address_type: readOnly(
    custom({ fields: [ADDRESS_TYPE], sample: { [ADDRESS_TYPE]: 'BILLING' }, read: (get) => textOf(get(ADDRESS_TYPE)) }),
    'The type is the customer’s, vendor’s or company’s field the address is in',
  ),
  city: readText('City', 'Mountain View'),
  country: readText('Country', 'US'),
  postal_code: readText('PostalCode', '94043'),
  state: readText('CountrySubDivisionCode', 'CA'),
  street_1: readText('Line1', '2600 Marine Way'),
  // QuickBooks has five street lines; the common model two: lines 2 to 5 are street_2, joined by ", ".
  street_2: readOnly(
    custom({
      fields: ['Line2', 'Line3', 'Line4', 'Line5'],
      sample: { Line2: 'Suite 100', Line3: 'Building 4' },
      read: (get) =>
        ['Line2', 'Line3', 'Line4', 'Line5']
          .map((f) => textOf(get(f)))
          .filter((v) => v !== null)
          .join(', ') || null,
    }),
    NOT_WRITTEN,
  ),
});
