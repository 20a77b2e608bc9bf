/**
 * One Xero organisation (tenant) of the sandbox: its records as the Accounting API serialises them (amounts as JSON
 * numbers, computed here in integer cents; instants as `/Date(…+0000)/`), seeded deterministically from the account
 * name as a ledger that balances (an invoice's Total is its lines plus GST at 15 %, its AmountDue what its payments
 * leave, a payment never more than what is due); lists with `where`, `If-Modified-Since`, `includeArchived` and
 * `page` (100 a page); writes with Xero's rules, refused as validation errors; and the tenant's limits (60 a minute,
 * 5 at once, 5,000 a day).
 */
import { createHash } from 'node:crypto';

import { RequestCounters } from '../shared/counters.js';
import { DailyAllowance } from '../shared/daily-allowance.js';
import { FaultQueue } from '../shared/faults.js';
import { personName, phoneNumber, PLACES, postalCode, slugify, streetAddress } from '../shared/names.js';
import { createRng, hashString } from '../shared/prng.js';
import { RollingWindowLimiter } from '../shared/rate-limit.js';
import { matches, parseWhere, type Rec, WhereError } from './where.js';

export type { Rec } from './where.js';

/** A value as text (numbers as their digits, objects as JSON). */
const str = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? `${v}` : v == null ? '' : JSON.stringify(v);
export const COLLECTIONS = ['Contacts', 'Invoices', 'Payments', 'Items', 'PurchaseOrders'] as const;
export type Collection = (typeof COLLECTIONS)[number];
export const ID_KEYS: Record<Collection, string> = {
  Contacts: 'ContactID',
  Invoices: 'InvoiceID',
  Payments: 'PaymentID',
  Items: 'ItemID',
  PurchaseOrders: 'PurchaseOrderID',
};
export const PAGE_SIZE = 100;
const DAY = 86_400_000;
const EPOCH = Date.UTC(2024, 0, 2);
const GST_BP = 1500; // 15 %, in basis points

/** The collection a path segment names (`invoices`, `Invoices`). */
export function collectionNamed(name: string): Collection | undefined {
  return COLLECTIONS.find((c) => c.toLowerCase() === name.toLowerCase());
}

/** An instant as Xero writes it: `/Date(1704164645000+0000)/`. */
export const msDate = (ms: number) => `/Date(${ms}+0000)/`;
/** A calendar date as Xero writes it on documents: `/Date(1704153600000+0000)/` at midnight UTC. */
const dayDate = (ms: number) => msDate(Math.floor(ms / DAY) * DAY);
const MS_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;
export function msOf(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = MS_DATE.exec(v);
  if (m) return Number(m[1]);
  const t = Date.parse(/T/.test(v) && !/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? `${v}Z` : v);
  return Number.isNaN(t) ? undefined : t;
}

/** A validation error of one element: Xero's message for it. */
export class XeroValidation extends Error {}

/** A request Xero refuses whole (a bad where, an unknown collection): status and its body. */
export class XeroApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: Rec,
  ) {
    super(str(body['Message'] ?? body['Detail'] ?? 'Error'));
  }
}

/** Xero's ValidationException: ErrorNumber 10, and the elements with their ValidationErrors. */
export function validationException(elements: Rec[]): Rec {
  return { ErrorNumber: 10, Type: 'ValidationException', Message: 'A validation exception occurred', Elements: elements };
}

export const apiException = (message: string) => new XeroApiError(400, { ErrorNumber: 16, Type: 'QueryParseException', Message: message });

const cents = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 100) : Number.NaN);
const amount = (c: number): number => c / 100;

/** A GUID derived from a seed text (deterministic, version-4 shaped). */
export function guid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface OrgSettings {
  seed: { contacts: number; items: number; invoices: number; purchaseOrders: number };
  perMinute: number | null;
  concurrency: number | null;
  perDay: number | null;
  now: () => number;
}

export class Organisation {
  readonly key: string;
  readonly tenantId: string;
  readonly counters = new RequestCounters();
  readonly faults = new FaultQueue();
  readonly limiter: RollingWindowLimiter;
  readonly daily: DailyAllowance;
  readonly #settings: OrgSettings;
  #tables = new Map<Collection, Map<string, Rec>>();
  #serial = 0;
  #inFlight = 0;
  peakInFlight = 0;
  /** The list requests answered (collection, where, page, If-Modified-Since), newest last, for tests. */
  readonly lists: Array<{ collection: Collection; where: string | null; page: number | null; since: string | null }> = [];

  constructor(key: string, settings: OrgSettings) {
    this.key = key;
    this.#settings = settings;
    this.tenantId = guid(`xero-tenant:${key}`);
    this.limiter = new RollingWindowLimiter({ max: settings.perMinute ?? 60, intervalMs: 60_000 }, settings.now, settings.perMinute !== null);
    this.daily = new DailyAllowance(settings.perDay ?? 5000, settings.now);
    this.#seed();
  }

  get perDayEnforced(): boolean {
    return this.#settings.perDay !== null;
  }

  enter(): boolean {
    if (this.#settings.concurrency !== null && this.#inFlight >= this.#settings.concurrency) return false;
    this.#inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.#inFlight);
    return true;
  }

  leave(): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
  }

  table(c: Collection): Map<string, Rec> {
    let t = this.#tables.get(c);
    if (!t) this.#tables.set(c, (t = new Map<string, Rec>()));
    return t;
  }

  get(c: Collection, id: string): Rec | undefined {
    const t = this.table(c);
    const byId = t.get(id.toLowerCase());
    if (byId || c !== 'Items') return byId;
    // Items are also read by their code.
    return [...t.values()].find((i) => str(i['Code']).toLowerCase() === id.toLowerCase());
  }

  reset(): void {
    this.#tables.clear();
    this.#serial = 0;
    this.lists.length = 0;
    this.counters.reset();
    this.faults.clear();
    this.limiter.reset();
    this.#seed();
  }

  /** The organisation itself, as GET /Organisation answers it. */
  organisation(): Rec {
    return {
      APIKey: '',
      Name: this.key,
      LegalName: `${this.key} Limited`,
      PaysTax: true,
      Version: 'NZ',
      OrganisationType: 'COMPANY',
      BaseCurrency: 'NZD',
      CountryCode: 'NZ',
      IsDemoCompany: false,
      OrganisationStatus: 'ACTIVE',
      TaxNumber: '123-456-789',
      FinancialYearEndDay: 31,
      FinancialYearEndMonth: 3,
      SalesTaxBasis: 'PAYMENTS',
      SalesTaxPeriod: 'TWOMONTHS',
      DefaultSalesTax: 'Tax Exclusive',
      DefaultPurchasesTax: 'Tax Exclusive',
      CreatedDateUTC: msDate(EPOCH - 400 * DAY),
      OrganisationEntityType: 'COMPANY',
      Timezone: 'NEWZEALANDSTANDARDTIME',
      ShortCode: `!${this.tenantId.slice(0, 5)}`,
      OrganisationID: this.tenantId,
      Edition: 'BUSINESS',
      Class: 'STANDARD',
      Addresses: [
        { AddressType: 'POBOX', AddressLine1: 'PO Box 1234', City: 'Wellington', Region: 'Wellington', PostalCode: '6140', Country: 'New Zealand' },
        {
          AddressType: 'STREET',
          AddressLine1: '23 Taranaki Street',
          City: 'Wellington',
          Region: 'Wellington',
          PostalCode: '6011',
          Country: 'New Zealand',
        },
      ],
      Phones: [{ PhoneType: 'OFFICE', PhoneNumber: '4801234', PhoneAreaCode: '04', PhoneCountryCode: '64' }],
      ExternalLinks: [{ LinkType: 'Website', Url: `https://${this.tenantId.slice(0, 8)}.example.co.nz` }],
      PaymentTerms: { Sales: { Day: 20, Type: 'OFFOLLOWINGMONTH' } },
    };
  }

  // --- Lists ---

  /** A list as GET /<Collection> answers it: where, If-Modified-Since, includeArchived, page (100), order. */
  list(
    c: Collection,
    q: { where?: string; page?: string; includeArchived?: string; order?: string; status?: string },
    since: number | undefined,
  ): Rec[] {
    const page = q.page === undefined ? null : Number(q.page);
    if (page !== null && (!Number.isInteger(page) || page < 1)) throw apiException(`Invalid page ${q.page}`);
    let where;
    try {
      where = q.where && c !== 'PurchaseOrders' ? parseWhere(q.where) : undefined;
    } catch (e) {
      if (e instanceof WhereError) throw apiException(e.message);
      throw e;
    }
    this.lists.push({ collection: c, where: q.where ?? null, page, since: since === undefined ? null : new Date(since).toISOString() });
    if (this.lists.length > 500) this.lists.shift();
    let rows = [...this.table(c).values()];
    if (c === 'Contacts' && q.includeArchived !== 'true') rows = rows.filter((r) => r['ContactStatus'] !== 'ARCHIVED');
    // Purchase orders filter by `status` (one of DRAFT, SUBMITTED, AUTHORISED, BILLED, DELETED), not `where`.
    if (c === 'PurchaseOrders' && q.status) rows = rows.filter((r) => r['Status'] === q.status?.toUpperCase());
    if (since !== undefined) rows = rows.filter((r) => (msOf(r['UpdatedDateUTC']) ?? 0) > since);
    if (where) rows = rows.filter((r) => matches(where, r));
    if (q.order) {
      const [field, dir] = q.order.trim().split(/\s+/) as [string, string?];
      const desc = dir?.toUpperCase() === 'DESC';
      const key = (r: Rec) => {
        const v = r[field];
        return msOf(v) ?? (v as string | number);
      };
      rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (desc ? -1 : 1));
    }
    if (page !== null && c !== 'Items') rows = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    // Lists of invoices and purchase orders without paging leave the lines out (paging returns them).
    if (page === null && (c === 'Invoices' || c === 'PurchaseOrders')) return rows.map((r) => ({ ...r, LineItems: [] }));
    return rows.map((r) => structuredClone(r));
  }

  // --- Writes ---

  #id(seed: string): string {
    this.#serial += 1;
    return guid(`${this.key}:${seed}:${this.#serial}`);
  }

  #stamp(record: Rec, at = this.#settings.now()): void {
    record['UpdatedDateUTC'] = msDate(at);
  }

  /** Creates (no id, or PUT) or updates (POST with the id) one element; the record as answered, or XeroValidation. */
  write(c: Collection, element: Rec, method: 'POST' | 'PUT'): Rec {
    const idKey = ID_KEYS[c];
    const id = typeof element[idKey] === 'string' ? (element[idKey] as string).toLowerCase() : undefined;
    const current =
      id === undefined ? (c === 'Items' && typeof element['Code'] === 'string' ? this.get('Items', element['Code']) : undefined) : this.get(c, id);
    if (id !== undefined && !current) throw new XeroValidation(`${idKey} ${id} could not be found`);
    if (current && method === 'PUT' && c !== 'Payments')
      throw new XeroValidation(`A ${c.slice(0, -1)} with this ${idKey} already exists; use POST to update it`);
    switch (c) {
      case 'Contacts':
        return this.#contact(element, current);
      case 'Items':
        return this.#item(element, current);
      case 'Invoices':
        return this.#invoice(element, current);
      case 'PurchaseOrders':
        return this.#purchaseOrder(element, current);
      case 'Payments':
        return this.#payment(element, current);
    }
  }

  #contact(e: Rec, current: Rec | undefined): Rec {
    const name = e['Name'] ?? current?.['Name'];
    if (typeof name !== 'string' || !name.trim()) throw new XeroValidation('The contact name must be specified');
    const clash = [...this.table('Contacts').values()].find(
      (c) => c !== current && str(c['Name']).toLowerCase() === name.toLowerCase() && c['ContactStatus'] !== 'ARCHIVED',
    );
    if (clash)
      throw new XeroValidation(
        'The contact name ' + name + ' is already assigned to another contact. The contact name must be unique across all active contacts.',
      );
    const status = e['ContactStatus'];
    if (status !== undefined && status !== 'ACTIVE' && status !== 'ARCHIVED') throw new XeroValidation(`Invalid ContactStatus ${str(status)}`);
    if (e['EmailAddress'] && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(str(e['EmailAddress']))) throw new XeroValidation('Email address must be valid.');
    const allowed = [
      'Name',
      'FirstName',
      'LastName',
      'EmailAddress',
      'ContactStatus',
      'TaxNumber',
      'DefaultCurrency',
      'Addresses',
      'Phones',
      'ContactPersons',
      'AccountNumber',
      'IsSupplier',
      'IsCustomer',
    ];
    const record: Rec = current ?? {
      ContactID: this.#id('contact'),
      ContactStatus: 'ACTIVE',
      Name: name,
      IsSupplier: false,
      IsCustomer: false,
      Addresses: [],
      Phones: [],
      ContactPersons: [],
      Balances: { AccountsReceivable: { Outstanding: 0, Overdue: 0 }, AccountsPayable: { Outstanding: 0, Overdue: 0 } },
      HasAttachments: false,
    };
    for (const k of allowed) if (e[k] !== undefined && !(k === 'IsSupplier' || k === 'IsCustomer')) record[k] = e[k];
    this.#stamp(record);
    this.table('Contacts').set(record['ContactID'] as string, record);
    return structuredClone(record);
  }

  #item(e: Rec, current: Rec | undefined): Rec {
    const code = e['Code'] ?? current?.['Code'];
    if (typeof code !== 'string' || !code.trim()) throw new XeroValidation('Item code is required');
    if (code.length > 30) throw new XeroValidation('Item code must not be more than 30 characters long');
    const clash = [...this.table('Items').values()].find((i) => i !== current && str(i['Code']).toLowerCase() === code.toLowerCase());
    if (clash) throw new XeroValidation(`Item code '${code}' already exists`);
    for (const d of ['SalesDetails', 'PurchaseDetails'])
      if (e[d] !== undefined && typeof (e[d] as Rec)['UnitPrice'] !== 'undefined' && !Number.isFinite(cents((e[d] as Rec)['UnitPrice'])))
        throw new XeroValidation(`${d}.UnitPrice must be a number`);
    const record: Rec = current ?? {
      ItemID: this.#id('item'),
      Code: code,
      IsSold: true,
      IsPurchased: true,
      IsTrackedAsInventory: false,
      SalesDetails: {},
      PurchaseDetails: {},
    };
    for (const k of ['Code', 'Name', 'Description', 'PurchaseDescription', 'IsSold', 'IsPurchased']) if (e[k] !== undefined) record[k] = e[k];
    for (const d of ['SalesDetails', 'PurchaseDetails']) if (e[d] !== undefined) record[d] = { ...(record[d] as Rec), ...(e[d] as Rec) };
    this.#stamp(record);
    this.table('Items').set(record['ItemID'] as string, record);
    return structuredClone(record);
  }

  /** Lines priced: LineAmount = qty × unit − discount, TaxAmount by the tax type (OUTPUT2/INPUT2: 15 %, else none). */
  #lines(lines: Rec[], treatment: string): { lines: Rec[]; sub: number; tax: number } {
    let sub = 0;
    let tax = 0;
    const out = lines.map((l, n) => {
      const item = typeof l['ItemCode'] === 'string' ? this.get('Items', l['ItemCode']) : undefined;
      if (l['ItemCode'] !== undefined && !item) throw new XeroValidation(`Item code '${str(l['ItemCode'])}' is not valid`);
      const qty = l['Quantity'] === undefined ? 1 : Number(l['Quantity']);
      const unitC = l['UnitAmount'] !== undefined ? cents(l['UnitAmount']) : item ? cents((item['SalesDetails'] as Rec)['UnitPrice']) : Number.NaN;
      const given = l['LineAmount'] !== undefined ? cents(l['LineAmount']) : Number.NaN;
      if (!Number.isFinite(qty)) throw new XeroValidation('Quantity must be a number');
      const discountC = l['DiscountAmount'] === undefined ? 0 : cents(l['DiscountAmount']);
      const lineC = Number.isFinite(unitC) ? Math.round(qty * unitC) - discountC : given;
      if (!Number.isFinite(lineC)) throw new XeroValidation('Line items must have a UnitAmount or a LineAmount');
      const taxType = str(l['TaxType'] ?? (treatment === 'NoTax' ? 'NONE' : 'OUTPUT2'));
      const rate = /^(OUTPUT2|INPUT2)$/.test(taxType) ? GST_BP : 0;
      const taxC =
        treatment === 'NoTax' ? 0 : treatment === 'Inclusive' ? Math.round((lineC * rate) / (10_000 + rate)) : Math.round((lineC * rate) / 10_000);
      sub += treatment === 'Inclusive' ? lineC - taxC : lineC;
      tax += taxC;
      return {
        LineItemID: typeof l['LineItemID'] === 'string' ? l['LineItemID'] : this.#id(`line${n}`),
        Description: l['Description'] ?? item?.['Description'] ?? '',
        Quantity: qty,
        UnitAmount: Number.isFinite(unitC) ? amount(unitC) : amount(lineC),
        ...(item ? { ItemCode: item['Code'], Item: { ItemID: item['ItemID'], Name: item['Name'], Code: item['Code'] } } : {}),
        AccountCode: l['AccountCode'] ?? '200',
        TaxType: taxType,
        TaxAmount: amount(taxC),
        LineAmount: amount(lineC),
        ...(discountC ? { DiscountAmount: amount(discountC) } : {}),
        Tracking: [],
      };
    });
    return { lines: out, sub, tax };
  }

  #priced(record: Rec, lines: Rec[]): void {
    const treatment = str(record['LineAmountTypes'] ?? 'Exclusive');
    if (!['Exclusive', 'Inclusive', 'NoTax'].includes(treatment)) throw new XeroValidation(`Invalid LineAmountTypes ${treatment}`);
    const priced = this.#lines(lines, treatment);
    record['LineItems'] = priced.lines;
    record['SubTotal'] = amount(priced.sub);
    record['TotalTax'] = amount(priced.tax);
    record['Total'] = amount(priced.sub + priced.tax);
  }

  #contactRef(e: Rec, current: Rec | undefined): Rec {
    const ref = (e['Contact'] ?? current?.['Contact']) as Rec | undefined;
    const id = typeof ref?.['ContactID'] === 'string' ? ref['ContactID'].toLowerCase() : undefined;
    const contact = id ? this.get('Contacts', id) : undefined;
    if (!contact) throw new XeroValidation(id ? `Contact ${id} could not be found` : 'A Contact must be specified for this type of transaction');
    return contact;
  }

  #invoice(e: Rec, current: Rec | undefined): Rec {
    const type = e['Type'] ?? current?.['Type'];
    if (type !== 'ACCREC' && type !== 'ACCPAY') throw new XeroValidation('Invoice Type must be specified');
    const contact = this.#contactRef(e, current);
    const status = str(e['Status'] ?? current?.['Status'] ?? 'DRAFT');
    if (!['DRAFT', 'SUBMITTED', 'AUTHORISED', 'VOIDED', 'DELETED'].includes(status) && !(current && status === current['Status']))
      throw new XeroValidation(`Invalid status ${status}`);
    if (current) {
      const was = str(current['Status']);
      if (was === 'PAID' || was === 'VOIDED' || was === 'DELETED')
        throw new XeroValidation(`This document cannot be edited as it has a status of ${was}`);
      if (status === 'DELETED' && was !== 'DRAFT' && was !== 'SUBMITTED')
        throw new XeroValidation('Only DRAFT or SUBMITTED invoices can be deleted; void an AUTHORISED one');
      if (status === 'VOIDED' && cents(current['AmountPaid']) !== 0)
        throw new XeroValidation('Invoice not of valid status for modification. This document cannot be voided as it has payments applied');
      if (e['LineItems'] !== undefined && cents(current['AmountPaid']) !== 0)
        throw new XeroValidation('Lines cannot be edited on an invoice with payments applied');
    } else if (status === 'VOIDED' || status === 'DELETED') throw new XeroValidation('A new invoice cannot be voided or deleted');
    const lines = (e['LineItems'] ?? current?.['LineItems']) as Rec[] | undefined;
    if ((status === 'AUTHORISED' || status === 'SUBMITTED') && !lines?.length)
      throw new XeroValidation('An invoice must have at least one line item to be approved');
    const record: Rec = current ?? {
      InvoiceID: this.#id('invoice'),
      Type: type,
      Payments: [],
      AmountPaid: 0,
      AmountCredited: 0,
      HasAttachments: false,
      CurrencyRate: 1,
    };
    const number =
      e['InvoiceNumber'] ?? current?.['InvoiceNumber'] ?? (type === 'ACCREC' ? `INV-${str(this.table('Invoices').size + 1).padStart(4, '0')}` : '');
    if (
      type === 'ACCREC' &&
      [...this.table('Invoices').values()].some((i) => i !== current && i['Type'] === 'ACCREC' && i['InvoiceNumber'] === number)
    )
      throw new XeroValidation('Invoice # must be unique.');
    Object.assign(record, {
      Contact: { ContactID: contact['ContactID'], Name: contact['Name'] },
      InvoiceNumber: number,
      Reference: e['Reference'] ?? current?.['Reference'] ?? '',
      Status: status,
      LineAmountTypes: e['LineAmountTypes'] ?? current?.['LineAmountTypes'] ?? 'Exclusive',
      CurrencyCode: e['CurrencyCode'] ?? current?.['CurrencyCode'] ?? contact['DefaultCurrency'] ?? 'NZD',
    });
    if (e['CurrencyRate'] !== undefined) record['CurrencyRate'] = e['CurrencyRate'];
    const date = msOf(e['Date'] ?? current?.['Date']) ?? this.#settings.now();
    record['Date'] = dayDate(date);
    record['DateString'] = new Date(Math.floor(date / DAY) * DAY).toISOString().slice(0, 19);
    const due = msOf(e['DueDate'] ?? current?.['DueDate']);
    if (due !== undefined) {
      record['DueDate'] = dayDate(due);
      record['DueDateString'] = new Date(Math.floor(due / DAY) * DAY).toISOString().slice(0, 19);
    } else if (status === 'AUTHORISED') throw new XeroValidation('Due Date is required.');
    if (e['LineItems'] !== undefined || !current) this.#priced(record, (lines ?? []) as Rec[]);
    record['AmountDue'] = amount(cents(record['Total']) - cents(record['AmountPaid']));
    if (status === 'VOIDED' || status === 'DELETED') record['AmountDue'] = 0;
    if (contact) contact[type === 'ACCREC' ? 'IsCustomer' : 'IsSupplier'] = true;
    this.#stamp(record);
    this.table('Invoices').set(record['InvoiceID'] as string, record);
    this.#balances(contact);
    return structuredClone(record);
  }

  #purchaseOrder(e: Rec, current: Rec | undefined): Rec {
    const contact = this.#contactRef(e, current);
    const status = str(e['Status'] ?? current?.['Status'] ?? 'DRAFT');
    if (!['DRAFT', 'SUBMITTED', 'AUTHORISED', 'BILLED', 'DELETED'].includes(status)) throw new XeroValidation(`Invalid status ${status}`);
    if (current?.['Status'] === 'DELETED') throw new XeroValidation('This document cannot be edited as it has a status of DELETED');
    const lines = (e['LineItems'] ?? current?.['LineItems']) as Rec[] | undefined;
    if (!lines?.length) throw new XeroValidation('At least one line item is required');
    const record: Rec = current ?? {
      PurchaseOrderID: this.#id('po'),
      PurchaseOrderNumber: `PO-${str(this.table('PurchaseOrders').size + 1).padStart(4, '0')}`,
      CurrencyRate: 1,
      HasAttachments: false,
    };
    for (const k of ['PurchaseOrderNumber', 'Reference', 'DeliveryAddress', 'AttentionTo', 'Telephone', 'DeliveryInstructions', 'CurrencyRate'])
      if (e[k] !== undefined) record[k] = e[k];
    Object.assign(record, {
      Contact: { ContactID: contact['ContactID'], Name: contact['Name'] },
      Status: status,
      LineAmountTypes: e['LineAmountTypes'] ?? current?.['LineAmountTypes'] ?? 'Exclusive',
      CurrencyCode: e['CurrencyCode'] ?? current?.['CurrencyCode'] ?? 'NZD',
    });
    const date = msOf(e['Date'] ?? current?.['Date']) ?? this.#settings.now();
    record['Date'] = dayDate(date);
    const delivery = msOf(e['DeliveryDate'] ?? current?.['DeliveryDate']);
    if (delivery !== undefined) record['DeliveryDate'] = dayDate(delivery);
    if (e['LineItems'] !== undefined || !current)
      this.#priced(
        record,
        lines.map((l) => ({ ...l, TaxType: l['TaxType'] ?? 'INPUT2' })),
      );
    contact['IsSupplier'] = true;
    this.#stamp(record);
    this.table('PurchaseOrders').set(record['PurchaseOrderID'] as string, record);
    return structuredClone(record);
  }

  #payment(e: Rec, current: Rec | undefined): Rec {
    if (current) {
      // A payment is only ever deleted.
      if (e['Status'] !== 'DELETED') throw new XeroValidation('Payments can only be deleted (Status DELETED)');
      if (current['Status'] === 'DELETED') throw new XeroValidation('This payment has already been deleted');
      current['Status'] = 'DELETED';
      this.#stamp(current);
      this.#applied(str((current['Invoice'] as Rec)['InvoiceID']));
      return structuredClone(current);
    }
    const invoiceId = (e['Invoice'] as Rec | undefined)?.['InvoiceID'];
    const invoice = typeof invoiceId === 'string' ? this.get('Invoices', invoiceId) : undefined;
    if (!invoice)
      throw new XeroValidation(
        invoiceId ? `Invoice ${str(invoiceId)} could not be found` : 'You must specify an Invoice, CreditNote, Prepayment or Overpayment',
      );
    if (invoice['Status'] !== 'AUTHORISED') throw new XeroValidation('Payment cannot be created as the invoice is not AUTHORISED');
    const account = e['Account'] as Rec | undefined;
    if (!account?.['Code'] && !account?.['AccountID']) throw new XeroValidation('You must specify an Account Code or AccountID for the payment');
    const c = cents(e['Amount']);
    if (!(c > 0)) throw new XeroValidation('Payment amount must be greater than zero');
    if (c > cents(invoice['AmountDue'])) throw new XeroValidation('Payment amount exceeds the amount outstanding on this document');
    const date = msOf(e['Date']) ?? this.#settings.now();
    const record: Rec = {
      PaymentID: this.#id('payment'),
      Date: dayDate(date),
      Amount: amount(c),
      BankAmount: amount(c),
      CurrencyRate: e['CurrencyRate'] ?? 1,
      Reference: e['Reference'] ?? '',
      IsReconciled: false,
      Status: 'AUTHORISED',
      PaymentType: invoice['Type'] === 'ACCPAY' ? 'ACCPAYPAYMENT' : 'ACCRECPAYMENT',
      Account: { AccountID: guid(`account:${str(account['Code'] ?? account['AccountID'])}`), Code: account['Code'] ?? '090' },
      Invoice: {
        Type: invoice['Type'],
        InvoiceID: invoice['InvoiceID'],
        InvoiceNumber: invoice['InvoiceNumber'],
        CurrencyCode: invoice['CurrencyCode'],
        Contact: invoice['Contact'],
      },
      HasAccount: true,
      HasValidationErrors: false,
    };
    this.#stamp(record);
    this.table('Payments').set(record['PaymentID'] as string, record);
    this.#applied(str(invoice['InvoiceID']));
    return structuredClone(record);
  }

  /** An invoice's AmountPaid, AmountDue, Status and Payments from the payments that stand. */
  #applied(invoiceId: string, at = this.#settings.now()): void {
    const invoice = this.get('Invoices', invoiceId) as Rec;
    const payments = [...this.table('Payments').values()].filter(
      (p) => (p['Invoice'] as Rec)['InvoiceID'] === invoiceId && p['Status'] !== 'DELETED',
    );
    const paid = payments.reduce((n, p) => n + cents(p['Amount']), 0);
    invoice['AmountPaid'] = amount(paid);
    invoice['AmountDue'] = amount(cents(invoice['Total']) - paid);
    invoice['Payments'] = payments.map((p) => ({ PaymentID: p['PaymentID'], Date: p['Date'], Amount: p['Amount'], Reference: p['Reference'] }));
    if (cents(invoice['AmountDue']) === 0 && paid > 0) {
      invoice['Status'] = 'PAID';
      invoice['FullyPaidOnDate'] = payments
        .map((p) => p['Date'] as string)
        .sort((a, b) => (msOf(a) ?? 0) - (msOf(b) ?? 0))
        .at(-1);
    } else if (invoice['Status'] === 'PAID') {
      invoice['Status'] = 'AUTHORISED';
      delete invoice['FullyPaidOnDate'];
    }
    this.#stamp(invoice, at);
    this.#balances(this.get('Contacts', str((invoice['Contact'] as Rec)['ContactID'])));
  }

  /** A contact's outstanding receivable and payable. */
  #balances(contact: Rec | undefined): void {
    if (!contact) return;
    const open = [...this.table('Invoices').values()].filter(
      (i) => (i['Contact'] as Rec)['ContactID'] === contact['ContactID'] && (i['Status'] === 'AUTHORISED' || i['Status'] === 'SUBMITTED'),
    );
    const sum = (type: string) => open.filter((i) => i['Type'] === type).reduce((n, i) => n + cents(i['AmountDue']), 0);
    contact['Balances'] = {
      AccountsReceivable: { Outstanding: amount(sum('ACCREC')), Overdue: 0 },
      AccountsPayable: { Outstanding: amount(sum('ACCPAY')), Overdue: 0 },
    };
  }

  /** Deletes an item (DELETE /Items/<id>); false when there was none. */
  deleteItem(id: string): boolean {
    const item = this.get('Items', id);
    return item ? this.table('Items').delete(item['ItemID'] as string) : false;
  }

  // --- Seed: a ledger that balances ---

  /** The STREET address of the seed's contact `i`, drawn from a generator of its own. */
  #streetAddress(i: number): Rec {
    const rng = createRng(hashString(`xero-street:${this.key}:${i}`));
    const place = rng.pick(PLACES);
    return {
      AddressType: 'STREET',
      AddressLine1: streetAddress(rng),
      ...(i % 2 === 0 ? { AddressLine2: `Unit ${rng.between(1, 40)}`, AddressLine3: 'Rear entrance' } : {}),
      City: place.city,
      Region: place.state,
      PostalCode: postalCode(rng, place),
      Country: place.country,
    };
  }

  #seed(): void {
    const rng = createRng(hashString(`xero-seed:${this.key}`));
    const { seed } = this.#settings;
    const at = (i: number, n: number) => EPOCH + Math.floor((i / Math.max(1, n)) * 300 * DAY) + rng.int(DAY);
    const names = new Set<string>();
    for (let i = 0; i < seed.contacts; i++) {
      const person = personName(rng);
      const place = rng.pick(PLACES);
      const business = i % 3 !== 0;
      let name = business ? `${person.last} ${rng.pick(['Ltd', 'Holdings', 'Traders', 'Supplies', 'Partners'])}` : `${person.first} ${person.last}`;
      for (let k = 2; names.has(name.toLowerCase()); k++) name = `${name.replace(/ \d+$/, '')} ${k}`;
      names.add(name.toLowerCase());
      const when = at(i, seed.contacts);
      const record: Rec = {
        ContactID: this.#id('contact'),
        ContactNumber: `C${1000 + i}`,
        ContactStatus: i % 23 === 22 ? 'ARCHIVED' : 'ACTIVE',
        Name: name,
        ...(business ? {} : { FirstName: person.first, LastName: person.last }),
        EmailAddress: `${slugify(person.first)}.${slugify(person.last)}${i}@example.com`.toLowerCase(),
        Addresses: [
          {
            AddressType: 'POBOX',
            AddressLine1: streetAddress(rng),
            City: place.city,
            Region: place.state,
            PostalCode: postalCode(rng, place),
            Country: place.country,
          },
          // A street address for one contact in three (from its own generator: the seed's sequence is unchanged);
          // Xero answers the others' as a placeholder: the type alone, or blanks.
          i % 3 === 1
            ? this.#streetAddress(i)
            : i % 3 === 2
              ? { AddressType: 'STREET', AddressLine1: '', City: '', Region: '', PostalCode: '', Country: '' }
              : { AddressType: 'STREET' },
        ],
        Phones: [
          { PhoneType: 'DEFAULT', PhoneNumber: phoneNumber(rng, place) },
          { PhoneType: 'DDI' },
          { PhoneType: 'FAX' },
          ...(i % 4 === 0 ? [{ PhoneType: 'MOBILE', PhoneNumber: phoneNumber(rng, place) }] : [{ PhoneType: 'MOBILE' }]),
        ],
        ContactPersons: business
          ? [
              {
                FirstName: person.first,
                LastName: person.last,
                EmailAddress: `${slugify(person.first)}${i}@example.com`.toLowerCase(),
                IncludeInEmails: i % 2 === 0,
              },
            ]
          : [],
        IsSupplier: i % 5 === 4,
        IsCustomer: false,
        DefaultCurrency: 'NZD',
        Balances: { AccountsReceivable: { Outstanding: 0, Overdue: 0 }, AccountsPayable: { Outstanding: 0, Overdue: 0 } },
        HasAttachments: false,
      };
      this.#stamp(record, when);
      this.table('Contacts').set(record['ContactID'] as string, record);
    }
    for (let i = 0; i < seed.items; i++) {
      const price = rng.between(5, 400) * 100 + rng.pick([0, 50, 95]);
      const record: Rec = {
        ItemID: this.#id('item'),
        Code: `ITEM-${100 + i}`,
        Name: `${rng.pick(['Consulting', 'Design', 'Widget', 'Gadget', 'Support', 'Cable', 'Licence', 'Training'])} ${i + 1}`,
        Description: `Sold as item ${i + 1}`,
        PurchaseDescription: `Bought as item ${i + 1}`,
        IsSold: true,
        IsPurchased: i % 3 !== 0,
        IsTrackedAsInventory: false,
        SalesDetails: { UnitPrice: amount(price), AccountCode: '200', TaxType: 'OUTPUT2' },
        PurchaseDetails: i % 3 !== 0 ? { UnitPrice: amount(Math.round(price * 0.6)), AccountCode: '300', TaxType: 'INPUT2' } : {},
      };
      this.#stamp(record, at(i, seed.items));
      this.table('Items').set(record['ItemID'] as string, record);
    }
    const contacts = [...this.table('Contacts').values()].filter((c) => c['ContactStatus'] === 'ACTIVE');
    const suppliers = contacts.filter((c) => c['IsSupplier'] === true);
    const items = [...this.table('Items').values()];
    const line = () => {
      const item = rng.pick(items);
      return { ItemCode: item['Code'], Quantity: rng.between(1, 10) };
    };
    for (let i = 0; contacts.length > 0 && items.length > 0 && i < seed.invoices; i++) {
      const when = at(i, seed.invoices);
      const contact = rng.pick(contacts);
      const status = i % 29 === 28 ? 'VOIDED' : i % 13 === 12 ? 'DRAFT' : 'AUTHORISED';
      const invoice: Rec = {
        InvoiceID: this.#id('invoice'),
        Type: 'ACCREC',
        InvoiceNumber: `INV-${str(i + 1).padStart(4, '0')}`,
        Reference: i % 3 === 0 ? `PO ${4000 + i}` : '',
        Contact: { ContactID: contact['ContactID'], Name: contact['Name'] },
        Status: status,
        LineAmountTypes: 'Exclusive',
        CurrencyCode: 'NZD',
        CurrencyRate: 1,
        Date: dayDate(when),
        DateString: new Date(Math.floor(when / DAY) * DAY).toISOString().slice(0, 19),
        DueDate: dayDate(when + 30 * DAY),
        DueDateString: new Date(Math.floor((when + 30 * DAY) / DAY) * DAY).toISOString().slice(0, 19),
        AmountPaid: 0,
        AmountCredited: 0,
        Payments: [],
        HasAttachments: false,
      };
      this.#priced(invoice, Array.from({ length: rng.between(1, 3) }, line));
      invoice['AmountDue'] = status === 'VOIDED' ? 0 : invoice['Total'];
      contact['IsCustomer'] = true;
      this.#stamp(invoice, when);
      this.table('Invoices').set(invoice['InvoiceID'] as string, invoice);
      if (status !== 'AUTHORISED') continue;
      // Most approved invoices are paid, in full or in part, a few days later.
      const share = rng.weighted([
        [1, 5],
        [0.5, 2],
        [0, 3],
      ] as const);
      const paid = Math.round(cents(invoice['Total']) * share);
      if (paid <= 0) continue;
      const on = when + rng.between(1, 20) * DAY;
      const payment: Rec = {
        PaymentID: this.#id('payment'),
        Date: dayDate(on),
        Amount: amount(paid),
        BankAmount: amount(paid),
        CurrencyRate: 1,
        Reference: `Payment ${i + 1}`,
        IsReconciled: share === 1,
        Status: 'AUTHORISED',
        PaymentType: 'ACCRECPAYMENT',
        Account: { AccountID: guid('account:090'), Code: '090' },
        Invoice: {
          Type: 'ACCREC',
          InvoiceID: invoice['InvoiceID'],
          InvoiceNumber: invoice['InvoiceNumber'],
          CurrencyCode: 'NZD',
          Contact: invoice['Contact'],
        },
        HasAccount: true,
        HasValidationErrors: false,
      };
      this.#stamp(payment, on);
      this.table('Payments').set(payment['PaymentID'] as string, payment);
      this.#applied(invoice['InvoiceID'] as string, on);
    }
    for (let i = 0; suppliers.length > 0 && items.length > 0 && i < seed.purchaseOrders; i++) {
      const when = at(i, seed.purchaseOrders);
      const supplier = rng.pick(suppliers);
      const po: Rec = {
        PurchaseOrderID: this.#id('po'),
        PurchaseOrderNumber: `PO-${str(i + 1).padStart(4, '0')}`,
        Reference: '',
        Contact: { ContactID: supplier['ContactID'], Name: supplier['Name'] },
        Status: rng.pick(['DRAFT', 'AUTHORISED', 'AUTHORISED', 'BILLED']),
        LineAmountTypes: 'Exclusive',
        CurrencyCode: 'NZD',
        CurrencyRate: 1,
        Date: dayDate(when),
        DeliveryDate: dayDate(when + 14 * DAY),
        DeliveryAddress: '23 Taranaki Street\nWellington 6011',
        HasAttachments: false,
      };
      this.#priced(
        po,
        Array.from({ length: rng.between(1, 3) }, () => ({ ...line(), TaxType: 'INPUT2' })),
      );
      this.#stamp(po, when);
      this.table('PurchaseOrders').set(po['PurchaseOrderID'] as string, po);
    }
  }
}
