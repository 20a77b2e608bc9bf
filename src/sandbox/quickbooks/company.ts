/**
 * One QuickBooks Online company (realm) of the sandbox: its entities as the API serialises them (amounts as JSON
 * numbers, kept as integer cents here), seeded deterministically from the account name as a ledger that balances
 * (an invoice's TotalAmt is its lines plus tax, its Balance what its payments leave, a payment never more than the
 * invoices it pays); the query language; the writes with their rules (SyncToken, sparse updates, deletes of
 * transactions, inactive names); the deletions Change Data Capture reports; and the company's throttles.
 */
import { RequestCounters } from '../shared/counters.js';
import { FaultQueue } from '../shared/faults.js';
import { companyIdentity, personName, phoneNumber, PLACES, postalCode, streetAddress } from '../shared/names.js';
import { createRng, hashString, type Rng } from '../shared/prng.js';
import { RollingWindowLimiter } from '../shared/rate-limit.js';

export type Rec = Record<string, unknown>;
export const ENTITIES = ['Customer', 'Vendor', 'Item', 'Invoice', 'Payment', 'PurchaseOrder', 'CompanyInfo'] as const;
export type Entity = (typeof ENTITIES)[number];
export const NAME_LISTS: readonly Entity[] = ['Customer', 'Vendor', 'Item'];
const TRANSACTIONS: readonly Entity[] = ['Invoice', 'Payment', 'PurchaseOrder'];

/** The entity a path segment or query names (`invoice`, `Invoice`, `purchaseorder`). */
export function entityNamed(name: string): Entity | undefined {
  return ENTITIES.find((e) => e.toLowerCase() === name.toLowerCase());
}

/** An API error: a Fault with one error, and its HTTP status. */
export class QboFault extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly detail: string,
    readonly type = 'ValidationFault',
    readonly element = '',
  ) {
    super(message);
    this.name = 'QboFault';
  }

  body(now: number): Rec {
    return {
      Fault: { Error: [{ Message: this.message, Detail: this.detail, code: this.code, element: this.element }], type: this.type },
      time: qboTime(now, true),
    };
  }
}

const missing = (what: string, element = '') =>
  new QboFault(
    400,
    '2020',
    'Required param missing, need to supply the required value for the API',
    `Required parameter ${what} is missing in the request`,
    'ValidationFault',
    element,
  );
const notFound = () =>
  new QboFault(
    400,
    '610',
    'Object Not Found',
    "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts.",
  );
const badRef = (what: string, id: string) =>
  new QboFault(400, '2500', 'Invalid Reference Id', `Invalid Reference Id : ${what} element id ${id} not found`);
const business = (detail: string) =>
  new QboFault(400, '6000', 'A business validation error has occurred while processing your request', `Business Validation Error: ${detail}`);

/** An instant as QuickBooks writes it: the company's local time (Pacific, -08:00 here) with its offset. */
export function qboTime(ms: number, millis = false): string {
  const local = new Date(ms - 8 * 3_600_000).toISOString();
  return `${millis ? local.slice(0, 23) : local.slice(0, 19)}-08:00`;
}

const cents = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 100) : Number.NaN);
const amount = (c: number): number => c / 100;
const TAX_RATE_BP = 825; // 8.25 %, in basis points
const DAY = 86_400_000;
const EPOCH = Date.UTC(2024, 0, 2);

export interface CompanySettings {
  seed: { customers: number; vendors: number; items: number; invoices: number; purchaseOrders: number };
  /** Requests per minute; null: not enforced (still counted). */
  perMinute: number | null;
  /** Requests at once; null: not enforced. */
  concurrency: number | null;
  now: () => number;
}

export class Company {
  readonly key: string;
  readonly realmId: string;
  readonly counters = new RequestCounters();
  readonly faults = new FaultQueue();
  readonly limiter: RollingWindowLimiter;
  readonly #settings: CompanySettings;
  #tables = new Map<Entity, Map<string, Rec>>();
  #next = new Map<Entity, number>();
  /** The next Id of a PhysicalAddress: QuickBooks numbers the addresses of a company in one sequence of their own. */
  #nextAddress = 1;
  #deleted: Array<{ entity: Entity; id: string; at: number }> = [];
  #inFlight = 0;
  /** The most requests in flight at once since the counters were reset. */
  peakInFlight = 0;
  /** The query texts the company answered, newest last (the last 200), for tests. */
  readonly queries: string[] = [];

  constructor(key: string, settings: CompanySettings) {
    this.key = key;
    this.#settings = settings;
    const seed = hashString(`quickbooks:${key}`);
    this.realmId = `4620816365${String(seed % 1_000_000_000).padStart(9, '0')}`;
    this.limiter = new RollingWindowLimiter({ max: settings.perMinute ?? 500, intervalMs: 60_000 }, settings.now, settings.perMinute !== null);
    this.#seed();
  }

  get concurrency(): number | null {
    return this.#settings.concurrency;
  }

  /** Takes a slot of the requests at once; false when the company is at its limit. */
  enter(): boolean {
    if (this.#settings.concurrency !== null && this.#inFlight >= this.#settings.concurrency) return false;
    this.#inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.#inFlight);
    return true;
  }

  leave(): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
  }

  table(entity: Entity): Map<string, Rec> {
    let t = this.#tables.get(entity);
    if (!t) this.#tables.set(entity, (t = new Map<string, Rec>()));
    return t;
  }

  get(entity: Entity, id: string): Rec | undefined {
    return this.table(entity).get(id);
  }

  /** Back to the seed: drops every change, deletion, counter, fault and the throttle window. */
  reset(): void {
    this.#tables.clear();
    this.#next.clear();
    this.#nextAddress = 1;
    this.#deleted = [];
    this.queries.length = 0;
    this.counters.reset();
    this.faults.clear();
    this.limiter.reset();
    this.#seed();
  }

  #id(entity: Entity): string {
    const n = this.#next.get(entity) ?? 1;
    this.#next.set(entity, n + 1);
    return String(n);
  }

  #put(entity: Entity, record: Rec, at: number): Rec {
    const id = this.#id(entity);
    const stamp = qboTime(at);
    const full = { Id: id, SyncToken: '0', domain: 'QBO', sparse: false, ...record, MetaData: { CreateTime: stamp, LastUpdatedTime: stamp } };
    this.table(entity).set(id, full);
    return full;
  }

  /** An address as QuickBooks keeps it: with its own `Id`, first. */
  #address(fields: Rec): Rec {
    return { Id: String(this.#nextAddress++), ...fields };
  }

  /**
   * The addresses of a write given their Ids: an address written without one keeps the Id of the address it replaces
   * in the same field, or gets a new one.
   */
  #addressIds(record: Rec, current: Rec | undefined): Rec {
    const out = { ...record };
    for (const field of ADDRESS_FIELDS) {
      const a = out[field];
      if (a === null || typeof a !== 'object' || Array.isArray(a) || refId({ value: (a as Rec)['Id'] }) !== undefined) continue;
      const before = refId({ value: ((current?.[field] ?? {}) as Rec)['Id'] });
      out[field] = before === undefined ? this.#address(a as Rec) : { Id: before, ...(a as Rec) };
    }
    return out;
  }

  #touch(record: Rec): void {
    record['SyncToken'] = String(Number(record['SyncToken']) + 1);
    (record['MetaData'] as Rec)['LastUpdatedTime'] = qboTime(this.#settings.now());
  }

  // --- Seed: a ledger that balances ---

  #seed(): void {
    const rng = createRng(hashString(`quickbooks-seed:${this.key}`));
    const { seed } = this.#settings;
    const at = (i: number, n: number) => EPOCH + Math.floor((i / Math.max(1, n)) * 300 * DAY) + rng.int(DAY);
    const names = new Set<string>();
    const unique = (name: string) => {
      let n = name;
      for (let k = 2; names.has(n.toLowerCase()); k++) n = `${name} ${k}`;
      names.add(n.toLowerCase());
      return n;
    };
    for (let i = 0; i < seed.customers; i++) this.#put('Customer', { ...this.#party(rng, unique, 'Customer'), Balance: 0 }, at(i, seed.customers));
    for (let i = 0; i < seed.vendors; i++) this.#put('Vendor', { ...this.#party(rng, unique, 'Vendor'), Balance: 0 }, at(i, seed.vendors));
    const kinds = ['Service', 'NonInventory', 'Inventory'] as const;
    for (let i = 0; i < seed.items; i++) {
      const type = kinds[i % 3] as string;
      const price = rng.between(5, 400) * 100 + rng.pick([0, 50, 99]);
      this.#put(
        'Item',
        {
          Name: unique(`${rng.pick(['Consulting', 'Design', 'Widget', 'Gadget', 'Support', 'Cable', 'Licence', 'Training'])} ${i + 1}`),
          Sku: `SKU-${String(1000 + i)}`,
          Type: type,
          Description: `${type} item ${i + 1}`,
          PurchaseDesc: `Bought as item ${i + 1}`,
          UnitPrice: amount(price),
          PurchaseCost: amount(Math.round(price * 0.6)),
          ...(type === 'Inventory' ? { QtyOnHand: rng.between(0, 500), TrackQtyOnHand: true } : { TrackQtyOnHand: false }),
          Taxable: i % 4 !== 0,
          Active: i % 17 !== 16,
          IncomeAccountRef: { value: '79', name: 'Sales of Product Income' },
          ExpenseAccountRef: { value: '80', name: 'Cost of Goods Sold' },
        },
        at(i, seed.items),
      );
    }
    const customers = [...this.table('Customer').keys()];
    const items = [...this.table('Item').values()];
    for (let i = 0; seed.customers > 0 && items.length > 0 && i < seed.invoices; i++) {
      const when = at(i, seed.invoices);
      const customer = rng.pick(customers);
      const lines = Array.from({ length: rng.between(1, 3) }, () => {
        const item = rng.pick(items);
        return { item, qty: rng.between(1, 10), taxable: item['Taxable'] === true };
      });
      const invoice = this.#put(
        'Invoice',
        this.#priced(
          {
            DocNumber: String(1001 + i),
            TxnDate: new Date(when).toISOString().slice(0, 10),
            DueDate: new Date(when + 30 * DAY).toISOString().slice(0, 10),
            CustomerRef: { value: customer, name: this.get('Customer', customer)?.['DisplayName'] },
            CurrencyRef: { value: 'USD', name: 'United States Dollar' },
            GlobalTaxCalculation: 'TaxExcluded',
            CustomerMemo: { value: 'Thank you for your business.' },
            Line: lines.map((l, n) => ({
              Id: String(n + 1),
              LineNum: n + 1,
              Description: l.item['Description'],
              Amount: amount(cents(l.item['UnitPrice']) * l.qty),
              DetailType: 'SalesItemLineDetail',
              SalesItemLineDetail: {
                ItemRef: { value: l.item['Id'], name: l.item['Name'] },
                Qty: l.qty,
                UnitPrice: l.item['UnitPrice'],
                TaxCodeRef: { value: l.taxable ? 'TAX' : 'NON' },
              },
            })),
          },
          0,
        ),
        when,
      );
      // Most invoices are paid in full or in part, by a payment a few days later.
      const total = cents(invoice['TotalAmt']);
      const share = rng.weighted([
        [1, 5],
        [0.5, 2],
        [0, 3],
      ] as const);
      const paid = Math.round(total * share);
      if (paid > 0) {
        this.#put(
          'Payment',
          {
            TxnDate: new Date(when + rng.between(1, 20) * DAY).toISOString().slice(0, 10),
            CustomerRef: invoice['CustomerRef'],
            CurrencyRef: { value: 'USD', name: 'United States Dollar' },
            TotalAmt: amount(paid),
            UnappliedAmt: 0,
            PaymentRefNum: String(5000 + i),
            DepositToAccountRef: { value: '35' },
            PaymentMethodRef: { value: '1', name: 'Check' },
            ProcessPayment: false,
            Line: [{ Amount: amount(paid), LinkedTxn: [{ TxnId: invoice['Id'], TxnType: 'Invoice' }] }],
          },
          when + DAY,
        );
        invoice['Balance'] = amount(total - paid);
      }
    }
    const vendors = [...this.table('Vendor').keys()];
    for (let i = 0; vendors.length > 0 && items.length > 0 && i < seed.purchaseOrders; i++) {
      const when = at(i, seed.purchaseOrders);
      const lines = Array.from({ length: rng.between(1, 3) }, (_, n) => {
        const item = rng.pick(items);
        const qty = rng.between(1, 50);
        return {
          Id: String(n + 1),
          LineNum: n + 1,
          Amount: amount(cents(item['PurchaseCost']) * qty),
          DetailType: 'ItemBasedExpenseLineDetail',
          ItemBasedExpenseLineDetail: {
            ItemRef: { value: item['Id'], name: item['Name'] },
            Qty: qty,
            UnitPrice: item['PurchaseCost'],
            TaxCodeRef: { value: 'NON' },
          },
        };
      });
      const vendor = rng.pick(vendors);
      this.#put(
        'PurchaseOrder',
        {
          DocNumber: String(2001 + i),
          TxnDate: new Date(when).toISOString().slice(0, 10),
          DueDate: new Date(when + 14 * DAY).toISOString().slice(0, 10),
          VendorRef: { value: vendor, name: this.get('Vendor', vendor)?.['DisplayName'] },
          CurrencyRef: { value: 'USD', name: 'United States Dollar' },
          POStatus: i % 3 === 0 ? 'Closed' : 'Open',
          GlobalTaxCalculation: 'NotApplicable',
          TotalAmt: amount(lines.reduce((s, l) => s + cents(l.Amount), 0)),
          Memo: `Order ${2001 + i}`,
          Line: lines,
        },
        when,
      );
    }
    const place = PLACES[0] as (typeof PLACES)[number];
    const title = this.key.replace(/\b\w/g, (c) => c.toUpperCase());
    const companyAddr = {
      Line1: streetAddress(rng),
      City: place.city,
      CountrySubDivisionCode: place.state,
      PostalCode: postalCode(rng, place),
      Country: 'US',
    };
    const info = this.#put(
      'CompanyInfo',
      {
        CompanyName: title,
        LegalName: `${title} LLC`,
        CompanyAddr: this.#address(companyAddr),
        LegalAddr: this.#address({
          Line1: streetAddress(rng),
          Line2: 'Attn: Legal Department',
          Line3: 'Floor 3',
          City: place.city,
          CountrySubDivisionCode: place.state,
          PostalCode: postalCode(rng, place),
          Country: 'US',
        }),
        // The address customers see on forms: the company's unless set apart (here, a post office box).
        CustomerCommunicationAddr: this.#address({
          Line1: `PO Box ${1000 + (hashString(this.key) % 9000)}`,
          City: place.city,
          CountrySubDivisionCode: place.state,
          PostalCode: companyAddr.PostalCode,
          Country: 'US',
        }),
        Country: 'US',
        FiscalYearStartMonth: 'January',
        Email: { Address: `books@${this.key.replace(/[^a-z0-9]+/g, '') || 'company'}.example.com` },
        PrimaryPhone: { FreeFormNumber: phoneNumber(rng, place) },
        WebAddr: { URI: `https://${this.key.replace(/[^a-z0-9]+/g, '') || 'company'}.example.com` },
        SupportedLanguages: 'en',
      },
      EPOCH,
    );
    // The one CompanyInfo is the company's own id.
    this.table('CompanyInfo').delete(info['Id'] as string);
    info['Id'] = this.realmId;
    this.table('CompanyInfo').set(this.realmId, info);
    // Balances of the customers: what their invoices leave.
    for (const inv of this.table('Invoice').values()) {
      const c = this.get('Customer', (inv['CustomerRef'] as Rec)['value'] as string);
      if (c) c['Balance'] = amount(cents(c['Balance']) + cents(inv['Balance']));
    }
  }

  #party(rng: Rng, unique: (n: string) => string, kind: 'Customer' | 'Vendor'): Rec {
    const person = personName(rng);
    const company = companyIdentity(rng, rng.int(5000));
    const place = rng.pick(PLACES);
    const business = kind === 'Vendor' || rng.chance(0.6);
    const address = {
      Line1: streetAddress(rng),
      City: place.city,
      CountrySubDivisionCode: place.state,
      PostalCode: postalCode(rng, place),
      Country: place.country,
    };
    const bill = this.#address(address);
    return {
      DisplayName: unique(business ? company.name : `${person.first} ${person.last}`),
      ...(business ? { CompanyName: company.name } : {}),
      GivenName: person.first,
      FamilyName: person.last,
      PrimaryEmailAddr: { Address: `${person.first}.${person.last}@${company.domain}`.toLowerCase() },
      PrimaryPhone: { FreeFormNumber: phoneNumber(rng, place) },
      ...(rng.chance(0.3) ? { Mobile: { FreeFormNumber: phoneNumber(rng, place) } } : {}),
      BillAddr: bill,
      // Shipped to the billing address: the same address, its Id too (as Intuit's example customer shows).
      ...(kind === 'Customer' && rng.chance(0.5) ? { ShipAddr: { ...bill } } : {}),
      WebAddr: { URI: `https://www.${company.domain}` },
      CurrencyRef: { value: 'USD', name: 'United States Dollar' },
      Active: rng.int(25) !== 0,
      ...(kind === 'Customer' ? { Notes: rng.chance(0.3) ? 'Prefers e-mail.' : '' } : { TaxIdentifier: `XX-XXX${rng.between(1000, 9999)}` }),
    };
  }

  /**
   * An invoice (or any sales transaction) with its totals made from its lines: the SubTotalLine, the tax on the
   * taxable lines at the company's one rate, TotalAmt, and the Balance that `applied` cents of payments leave.
   */
  #priced(record: Rec, applied: number): Rec {
    const lines = ((record['Line'] ?? []) as Rec[]).filter((l) => l['DetailType'] === 'SalesItemLineDetail');
    let subtotal = 0;
    let taxable = 0;
    for (const l of lines) {
      const c = cents(l['Amount']);
      subtotal += c;
      if ((((l['SalesItemLineDetail'] ?? {}) as Rec)['TaxCodeRef'] as Rec | undefined)?.['value'] === 'TAX') taxable += c;
    }
    const tax = Math.round((taxable * TAX_RATE_BP) / 10_000);
    const total = subtotal + tax;
    if (total < applied) throw business('The total cannot be less than the payments applied to the invoice');
    return {
      ...record,
      Line: [...lines, { Amount: amount(subtotal), DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} }],
      TxnTaxDetail: {
        TotalTax: amount(tax),
        TaxLine: tax
          ? [
              {
                Amount: amount(tax),
                DetailType: 'TaxLineDetail',
                TaxLineDetail: {
                  TaxRateRef: { value: '3', name: 'California' },
                  PercentBased: true,
                  TaxPercent: TAX_RATE_BP / 100,
                  NetAmountTaxable: amount(taxable),
                },
              },
            ]
          : [],
      },
      TotalAmt: amount(total),
      Balance: amount(total - applied),
    };
  }

  // --- Writes ---

  /** `POST /<entity>`: a create (no Id), an update (Id, SyncToken; sparse or full) or, with `operation=delete`, a delete. */
  write(entity: Entity, body: Rec, operation: string | undefined): Rec {
    if (entity === 'CompanyInfo')
      throw new QboFault(400, '500', 'Unsupported Operation', 'Operation is not supported for CompanyInfo through this sandbox.');
    if (operation === 'delete') return this.#delete(entity, body);
    if (operation !== undefined && operation !== 'update' && operation !== 'create')
      throw new QboFault(400, '500', 'Unsupported Operation', `Operation ${operation} is not supported.`);
    const id = body['Id'];
    return id === undefined || id === null || id === '' ? this.#create(entity, body) : this.#update(entity, body);
  }

  #current(entity: Entity, body: Rec): Rec {
    const id = String(body['Id']);
    const current = this.get(entity, id);
    if (!current) throw notFound();
    if (body['SyncToken'] === undefined) throw missing('SyncToken', 'SyncToken');
    const given = body['SyncToken'];
    if ((typeof given === 'string' || typeof given === 'number' ? String(given) : '') !== current['SyncToken']) {
      throw new QboFault(
        400,
        '5010',
        'Stale Object Error',
        'Stale Object Error : You and root were working on this at the same time. root finished before you did, so your work was not saved.',
      );
    }
    return current;
  }

  #delete(entity: Entity, body: Rec): Rec {
    if (!TRANSACTIONS.includes(entity)) throw new QboFault(400, '500', 'Unsupported Operation', 'Operation Delete is not supported.');
    if (body['Id'] === undefined) throw missing('Id', 'Id');
    const current = this.#current(entity, body);
    if (entity === 'Invoice' && cents(current['Balance']) !== cents(current['TotalAmt'])) {
      throw business('This transaction has payments applied; delete or change them first');
    }
    if (entity === 'Payment') this.#apply(current, -1);
    this.remove(entity, current['Id'] as string);
    return { [entity]: { status: 'Deleted', domain: 'QBO', Id: current['Id'] } };
  }

  /** Deletes a record as a user would in QuickBooks (Change Data Capture reports it). */
  remove(entity: Entity, id: string): boolean {
    if (!this.table(entity).delete(id)) return false;
    this.#deleted.push({ entity, id, at: this.#settings.now() });
    return true;
  }

  #create(entity: Entity, body: Rec): Rec {
    const clean = writable(body);
    const now = this.#settings.now();
    const record = this.#addressIds(this.#checked(entity, clean, undefined), undefined);
    const created = this.#put(entity, record, now);
    if (entity === 'Payment') this.#apply(created, 1);
    return { [entity]: created };
  }

  #update(entity: Entity, body: Rec): Rec {
    const current = this.#current(entity, body);
    const clean = writable(body);
    const merged: Rec =
      body['sparse'] === true
        ? { ...current, ...clean }
        : {
            Id: current['Id'],
            SyncToken: current['SyncToken'],
            domain: 'QBO',
            MetaData: current['MetaData'],
            ...clean,
            ...(NAME_LISTS.includes(entity) ? { Balance: current['Balance'] } : {}),
          };
    if (entity === 'Payment') this.#apply(current, -1);
    let record: Rec;
    try {
      record = this.#addressIds(this.#checked(entity, merged, current), current);
    } catch (e) {
      if (entity === 'Payment') this.#apply(current, 1);
      throw e;
    }
    const updated = { ...record, Id: current['Id'], SyncToken: current['SyncToken'], MetaData: { ...(current['MetaData'] as Rec) }, sparse: false };
    this.#touch(updated);
    this.table(entity).set(current['Id'] as string, updated);
    if (entity === 'Payment') this.#apply(updated, 1);
    return { [entity]: updated };
  }

  /** A record as the entity's rules make it (names unique, references that exist, totals computed). */
  #checked(entity: Entity, record: Rec, current: Rec | undefined): Rec {
    switch (entity) {
      case 'Customer':
      case 'Vendor': {
        const name =
          textOf(record['DisplayName']) ??
          ([textOf(record['GivenName']), textOf(record['FamilyName'])].filter((x) => x).join(' ') || textOf(record['CompanyName']));
        if (!name) throw missing('Name', 'DisplayName');
        this.#uniqueName(name, entity, current);
        return { Active: true, Balance: 0, CurrencyRef: { value: 'USD', name: 'United States Dollar' }, ...record, DisplayName: name };
      }
      case 'Item': {
        const name = textOf(record['Name']);
        if (!name) throw missing('Name', 'Name');
        this.#uniqueName(name, entity, current);
        return { Active: true, Type: 'NonInventory', IncomeAccountRef: { value: '79', name: 'Sales of Product Income' }, ...record, Name: name };
      }
      case 'Invoice': {
        const customer = refId(record['CustomerRef']);
        if (customer === undefined) throw missing('CustomerRef', 'CustomerRef');
        if (!this.get('Customer', customer)) throw badRef('Names', customer);
        const lines = (record['Line'] ?? []) as Rec[];
        if (!Array.isArray(lines) || !lines.some((l) => l['DetailType'] === 'SalesItemLineDetail')) throw missing('Line', 'Line');
        for (const l of lines.filter((x) => x['DetailType'] === 'SalesItemLineDetail')) this.#checkLine(l);
        const applied = current ? cents(current['TotalAmt']) - cents(current['Balance']) : 0;
        const today = new Date(this.#settings.now()).toISOString().slice(0, 10);
        const docNumber = record['DocNumber'] ?? String(1001 + this.table('Invoice').size + this.#deleted.length);
        return this.#priced(
          {
            TxnDate: today,
            DueDate: today,
            CurrencyRef: { value: 'USD', name: 'United States Dollar' },
            GlobalTaxCalculation: 'TaxExcluded',
            ...record,
            DocNumber: docNumber,
          },
          applied,
        );
      }
      case 'Payment': {
        const customer = refId(record['CustomerRef']);
        if (customer === undefined) throw missing('CustomerRef', 'CustomerRef');
        if (!this.get('Customer', customer)) throw badRef('Names', customer);
        const total = cents(record['TotalAmt']);
        if (Number.isNaN(total)) throw missing('TotalAmt', 'TotalAmt');
        let applied = 0;
        for (const line of (record['Line'] ?? []) as Rec[]) {
          const c = cents(line['Amount']);
          if (Number.isNaN(c) || c < 0) throw missing('Amount', 'Line.Amount');
          for (const link of (line['LinkedTxn'] ?? []) as Rec[]) {
            if (link['TxnType'] !== 'Invoice') continue;
            const invoice = this.get('Invoice', String(link['TxnId']));
            if (!invoice) throw badRef('Invoice', String(link['TxnId']));
            if (refId(invoice['CustomerRef']) !== customer) throw business('The invoice belongs to another customer');
            if (c > cents(invoice['Balance'])) throw business('The amount applied to an invoice cannot be more than its open balance');
          }
          applied += c;
        }
        if (applied > total) throw business('The amounts applied to invoices cannot be more than the payment');
        const today = new Date(this.#settings.now()).toISOString().slice(0, 10);
        return {
          TxnDate: today,
          CurrencyRef: { value: 'USD', name: 'United States Dollar' },
          ProcessPayment: false,
          ...record,
          UnappliedAmt: amount(total - applied),
        };
      }
      case 'PurchaseOrder': {
        const vendor = refId(record['VendorRef']);
        if (vendor === undefined) throw missing('VendorRef', 'VendorRef');
        if (!this.get('Vendor', vendor)) throw badRef('Names', vendor);
        const lines = (record['Line'] ?? []) as Rec[];
        if (!Array.isArray(lines) || !lines.some((l) => l['DetailType'] === 'ItemBasedExpenseLineDetail')) throw missing('Line', 'Line');
        for (const l of lines) {
          const item = refId(((l['ItemBasedExpenseLineDetail'] ?? {}) as Rec)['ItemRef']);
          if (Number.isNaN(cents(l['Amount']))) throw missing('Amount', 'Line.Amount');
          if (item !== undefined && !this.get('Item', item)) throw badRef('Item', item);
        }
        return { POStatus: 'Open', ...record, TotalAmt: amount(lines.reduce((s, l) => s + cents(l['Amount']), 0)) };
      }
      default:
        return record;
    }
  }

  #checkLine(line: Rec): void {
    const detail = (line['SalesItemLineDetail'] ?? {}) as Rec;
    const total = cents(line['Amount']);
    if (Number.isNaN(total)) throw missing('Amount', 'Line.Amount');
    const item = refId(detail['ItemRef']);
    if (item !== undefined && !this.get('Item', item)) throw badRef('Item', item);
    const qty = detail['Qty'];
    const price = detail['UnitPrice'];
    if (typeof qty === 'number' && typeof price === 'number' && Math.round(qty * price * 100) !== total) {
      throw new QboFault(
        400,
        '6070',
        'Amount calculation incorrect in the request.',
        `Amount is not equal to UnitPrice * Qty. Supplied value:${amount(total)}`,
      );
    }
  }

  #uniqueName(name: string, entity: Entity, current: Rec | undefined): void {
    const lists: Entity[] = entity === 'Item' ? ['Item'] : ['Customer', 'Vendor'];
    for (const list of lists) {
      for (const r of this.table(list).values()) {
        const other = textOf(r[list === 'Item' ? 'Name' : 'DisplayName']);
        if (other?.toLowerCase() === name.toLowerCase() && !(list === entity && r['Id'] === current?.['Id'])) {
          throw new QboFault(400, '6240', 'Duplicate Name Exists Error', `The name supplied already exists. : Id=${String(r['Id'])}`);
        }
      }
    }
  }

  /** Applies a payment's linked amounts to its invoices (sign 1) or takes them back (-1), and to its customer. */
  #apply(payment: Rec, sign: 1 | -1): void {
    let applied = 0;
    for (const line of (payment['Line'] ?? []) as Rec[]) {
      for (const link of (line['LinkedTxn'] ?? []) as Rec[]) {
        const invoice = link['TxnType'] === 'Invoice' ? this.get('Invoice', String(link['TxnId'])) : undefined;
        if (!invoice) continue;
        invoice['Balance'] = amount(cents(invoice['Balance']) - sign * cents(line['Amount']));
        this.#touch(invoice);
        applied += cents(line['Amount']);
      }
    }
    const customer = this.get('Customer', refId(payment['CustomerRef']) ?? '');
    if (customer) customer['Balance'] = amount(cents(customer['Balance']) - sign * applied);
  }

  // --- Change Data Capture ---

  /** What changed since `since` (epoch ms): the entities' records changed since, and those deleted since. */
  changes(entities: Entity[], since: number): Array<{ entity: Entity; records: Rec[] }> {
    return entities.map((entity) => ({
      entity,
      records: [
        ...[...this.table(entity).values()].filter((r) => Date.parse(String((r['MetaData'] as Rec)['LastUpdatedTime'])) >= since),
        ...this.#deleted
          .filter((d) => d.entity === entity && d.at >= since)
          .map((d) => ({ domain: 'QBO', status: 'Deleted', Id: d.id, MetaData: { LastUpdatedTime: qboTime(d.at) } })),
      ],
    }));
  }
}

const textOf = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** A reference's id (`{value: '58'}`), if it has one. */
export function refId(ref: unknown): string | undefined {
  const v = ref !== null && typeof ref === 'object' ? (ref as Rec)['value'] : undefined;
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** The fields of an entity holding a PhysicalAddress, each with an `Id` of its own. */
const ADDRESS_FIELDS = ['BillAddr', 'ShipAddr', 'CompanyAddr', 'LegalAddr', 'CustomerCommunicationAddr'];

/** What QuickBooks keeps itself: a write's values for these are ignored (an invoice's TotalAmt is computed too). */
const READ_ONLY = ['Id', 'SyncToken', 'sparse', 'MetaData', 'domain', 'Balance', 'TxnTaxDetail', 'UnappliedAmt'];

/** What a write may set. */
function writable(body: Rec): Rec {
  return Object.fromEntries(Object.entries(body).filter(([k]) => !READ_ONLY.includes(k)));
}
