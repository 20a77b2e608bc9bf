/**
 * What the conformance suite needs from each provider's sandbox, behind one interface: the records of an account,
 * fault injection, token expiry and request counters, and how a session connects.
 */
import type { FaultSpec } from '../../src/sandbox/index.js';
import type { Harness } from '../helpers/harness.js';

export interface StoredContact {
  email: string | null;
  company: string | null;
  firstName: string | null;
  lastName: string | null;
}

/** The provider object each sandbox offers as a passthrough schema (a custom object, or Pipedrive's deals). */
export interface PassthroughObject {
  name: string;
  /** Every live record, with its raw fields as the provider stores them (flattened). */
  records(h: Harness, account: string): Array<{ id: string; fields: Record<string, unknown> }>;
  /** Data to create one record with, another to change one with, and a read-only field. */
  sample: Record<string, unknown>;
  change: Record<string, unknown>;
  readOnly: string;
  /** A number field (for a range filter). */
  numberField: string;
}

/** The CRMs the semantic suites run on. */
export type Provider = 'hubspot' | 'salesforce' | 'pipedrive' | 'freshsales' | 'copper' | 'zoho' | 'attio' | 'dynamics' | 'close';

/**
 * What a provider genuinely lacks, each with the reason: a suite skips the one case that needs it for that provider,
 * the reason in the case's name.
 */
export interface Lacks {
  /** No object of the provider's own is shared as a passthrough schema (no custom objects Weft reaches). */
  passthroughObjects?: string;
  /** Companies hold no number of employees (filters on number ranges of companies have nothing to select). */
  employeeCounts?: string;
}

/** A case's name, with the reason it is skipped for a provider that lacks what it needs. */
export const named = (title: string, lacking: string | undefined) => (lacking ? `${title} (skipped: ${lacking})` : title);

export interface ProviderAdapter {
  /** The object shared as a passthrough schema; absent exactly when `lacks.passthroughObjects` says why. */
  object?: PassthroughObject;
  lacks?: Lacks;
  /** Every object an account shares as a passthrough schema, in the provider's order, when more than `object`. */
  sharedObjects?: string[];
  provider: Provider;
  /** Largest page Weft asks the provider for. */
  pageSize: number;
  /** Connects a session to an account of the provider's sandbox (OAuth, so that tokens can expire). */
  connect(h: Harness, sessionId: string, account: string): Promise<void>;
  contactIds(h: Harness, account: string): string[];
  companyIds(h: Harness, account: string): string[];
  /** A contact as the provider stores it, in a few comparable fields. */
  contact(h: Harness, account: string, id: string): StoredContact | undefined;
  /** A company's name as the provider stores it. */
  companyName(h: Harness, account: string, id: string): string | null | undefined;
  /** A contact's raw field values as the provider stores them (custom fields by their API name), flattened. */
  rawContact(h: Harness, account: string, id: string): Record<string, unknown> | undefined;
  injectFault(h: Harness, account: string, fault: FaultSpec): void;
  clearFaults(h: Harness, account: string): void;
  /** Expires every access token of the account; absent where nothing expires (API keys, Attio's tokens). */
  expireTokens?: (h: Harness, account: string) => number;
  /**
   * Whether the provider's lists say nothing of more pages, so that a list ends with a short page: a list of a whole
   * number of pages then costs one more, empty, read (Attio's queries).
   */
  listEndsShort?: boolean;
  /** Requests a pull makes before its first page (Freshsales: the view lookup), which injected faults count too. */
  requestsBeforePages?: number;
  /**
   * Contacts for pulls of many pages (five or more) where the provider serves pages too slowly for the thousands the
   * sync and filter suites use in a test's time (Copper: 180 requests a minute, and a search sorts every record).
   */
  manyContacts?: number;
  /** Page reads and token requests the account has served. */
  counters(h: Harness, account: string): { pages: number; tokens: number };
  resetCounters(h: Harness, account: string): void;
  /** A contact the provider refuses though it passes Weft's validation, and why. */
  refusedContact(h: Harness, account: string): { data: Record<string, unknown>; error: RegExp };
  /** What a pushed contact looks like when pulled back: only what the provider can hold survives. */
  roundTrip(pushed: Record<string, unknown>): Record<string, unknown>;
  /** Changes the account's contacts behind Weft's back: adds, changes (the job title) and deletes. */
  mutate(
    h: Harness,
    account: string,
    counts: { add: number; change: number; remove: number },
  ): { added: string[]; changed: string[]; removed: string[] };
}

function pick<T>(list: T[], n: number, from: number): T[] {
  return list.slice(from, from + n);
}

const sum = (byKind: Record<string, number>, kinds: string[]) => kinds.reduce((n, k) => n + (byKind[k] ?? 0), 0);

export const hubspot: ProviderAdapter = {
  object: {
    name: 'cars',
    records: (h, a) =>
      h.sandbox.hubspot
        .account(a)
        .cars.list({ limit: 100_000 })
        .results.map((r) => ({ id: r.id, fields: r.properties })),
    sample: { make: 'Tesla', model: 'Model 3', year: 2024, price: 41990 },
    change: { price: 39990 },
    readOnly: 'hs_object_id',
    numberField: 'year',
  },
  mutate(h, a, n) {
    const account = h.sandbox.hubspot.account(a);
    const ids = this.contactIds(h, a);
    const added = Array.from(
      { length: n.add },
      (_, i) => account.contacts.create({ firstname: 'New', lastname: `Sync${i}`, email: `sync.${i}.${Date.now()}@example.com` }).id,
    );
    const changed = pick(ids, n.change, 10);
    for (const id of changed) account.contacts.update(id, { jobtitle: `Changed ${Date.now()}` });
    const removed = pick(ids, n.remove, 20);
    for (const id of removed) account.contacts.archive(id);
    return { added, changed, removed };
  },
  sharedObjects: ['cars', 'line_items'],
  provider: 'hubspot',
  pageSize: 100,
  connect: (h, sid, account) => h.connect(sid, account, 'hubspot'),
  contactIds: (h, a) =>
    h.sandbox.hubspot
      .account(a)
      .contacts.list({ limit: 100_000 })
      .results.map((r) => r.id),
  companyIds: (h, a) =>
    h.sandbox.hubspot
      .account(a)
      .companies.list({ limit: 100_000 })
      .results.map((r) => r.id),
  contact(h, a, id) {
    const c = h.sandbox.hubspot.account(a).contacts.get(id);
    return (
      c && {
        email: c.properties['email'] ?? null,
        company: c.associations.find((x) => x.primary)?.id ?? null,
        firstName: c.properties['firstname'] || null,
        lastName: c.properties['lastname'] || null,
      }
    );
  },
  companyName: (h, a, id) => h.sandbox.hubspot.account(a).companies.get(id)?.properties['name'],
  rawContact: (h, a, id) => h.sandbox.hubspot.account(a).contacts.get(id)?.properties,
  injectFault: (h, a, f) => h.sandbox.hubspot.account(a).injectFault(f),
  clearFaults: (h, a) => h.sandbox.hubspot.account(a).clearFaults(),
  expireTokens: (h, a) => h.sandbox.hubspot.account(a).expireAccessTokens(),
  counters(h, a) {
    const c = h.sandbox.hubspot.account(a).counters();
    return { pages: sum(c.byKind, ['list']), tokens: sum(c.byKind, ['token']) };
  },
  resetCounters: (h, a) => h.sandbox.hubspot.account(a).resetCounters(),
  refusedContact(h, a) {
    const taken = h.sandbox.hubspot.account(a).contacts.list({ limit: 1 }).results[0]!.properties['email']!;
    return { data: { last_name: 'Twin', email_addresses: [{ email_address: taken }] }, error: /already exists/ };
  },
  roundTrip(p) {
    const emails = p['email_addresses'] as Array<Record<string, unknown>>;
    const addresses = p['addresses'] as Array<Record<string, unknown>>;
    return {
      ...p,
      // One email (HubSpot's additional emails cannot be written), one address without a second street line.
      email_addresses: emails.slice(0, 1).map((e) => ({ ...e, email_address_type: 'WORK' })),
      addresses: addresses.slice(0, 1).map((x) => ({ ...x, address_type: 'PRIMARY', street_2: null })),
    };
  },
};

export const salesforce: ProviderAdapter = {
  // Standard objects no common type covers are shared too.
  sharedObjects: ['Vehicle__c', 'OpportunityStage', 'OpportunityContactRole', 'Pricebook2', 'PricebookEntry'],
  object: {
    name: 'Vehicle__c',
    records: (h, a) =>
      h.sandbox.salesforce
        .org(a)
        .vehicles.list({ limit: 100_000 })
        .records.map((r) => ({ id: r.Id, fields: r })),
    sample: { Name: 'Fleet car', Make__c: 'Tesla', Model__c: 'Model 3', Year__c: 2024, Price__c: 41990 },
    change: { Price__c: 39990 },
    readOnly: 'CreatedDate',
    numberField: 'Year__c',
  },
  mutate(h, a, n) {
    const org = h.sandbox.salesforce.org(a);
    const ids = org.contacts.list({ limit: 100_000 }).records.map((r) => r.Id);
    const added = Array.from(
      { length: n.add },
      (_, i) => org.contacts.create({ FirstName: 'New', LastName: `Sync${i}`, Email: `sync.${i}.${Date.now()}@example.com` }).Id,
    );
    const changed = pick(ids, n.change, 10);
    for (const id of changed) org.contacts.update(id, { Title: `Changed ${Date.now()}` });
    const removed = pick(ids, n.remove, 20);
    for (const id of removed) org.contacts.delete(id);
    return { added, changed, removed };
  },
  provider: 'salesforce',
  pageSize: 2000,
  connect: (h, sid, account) => h.connect(sid, account, 'salesforce'),
  contactIds: (h, a) =>
    h.sandbox.salesforce
      .org(a)
      .contacts.list({ limit: 100_000 })
      .records.map((r) => r.Id),
  companyIds: (h, a) =>
    h.sandbox.salesforce
      .org(a)
      .accounts.list({ limit: 100_000 })
      .records.map((r) => r.Id),
  contact(h, a, id) {
    const c = h.sandbox.salesforce.org(a).contacts.get(id);
    return (
      c && {
        email: (c['Email'] as string | null) ?? null,
        company: (c['AccountId'] as string | null) ?? null,
        firstName: (c['FirstName'] as string | null) ?? null,
        lastName: (c['LastName'] as string | null) ?? null,
      }
    );
  },
  companyName: (h, a, id) => h.sandbox.salesforce.org(a).accounts.get(id)?.['Name'] as string | null | undefined,
  rawContact: (h, a, id) => h.sandbox.salesforce.org(a).contacts.get(id),
  injectFault: (h, a, f) => h.sandbox.salesforce.org(a).injectFault(f),
  clearFaults: (h, a) => h.sandbox.salesforce.org(a).clearFaults(),
  expireTokens: (h, a) => h.sandbox.salesforce.org(a).expireAccessTokens(),
  counters(h, a) {
    const c = h.sandbox.salesforce.org(a).counters();
    return { pages: sum(c.byKind, ['query', 'query-more']), tokens: sum(c.byKind, ['token']) };
  },
  resetCounters: (h, a) => h.sandbox.salesforce.org(a).resetCounters(),
  refusedContact: () => ({
    data: { first_name: 'Nameless', email_addresses: [{ email_address: 'nameless@example.com' }] },
    error: /REQUIRED_FIELD_MISSING/,
  }),
  roundTrip(p) {
    const emails = p['email_addresses'] as Array<Record<string, unknown>>;
    const addresses = p['addresses'] as Array<Record<string, unknown>>;
    return {
      ...p,
      email_addresses: emails.slice(0, 1).map((e) => ({ ...e, email_address_type: 'WORK' })),
      addresses: addresses.slice(0, 1).map((x) => ({ ...x, address_type: 'PRIMARY' })),
      lifecycle_stage: null,
    };
  },
};

export const pipedrive: ProviderAdapter = {
  object: {
    name: 'deals',
    records(h, a) {
      const deals = h.sandbox.pipedrive.company(a).deals;
      const out: Array<{ id: string; fields: Record<string, unknown> }> = [];
      for (let cursor: string | undefined; ;) {
        const page = deals.list({ limit: 500, ...(cursor ? { cursor } : {}) });
        for (const d of page.data) {
          const raw = d as Record<string, unknown> & { custom_fields?: Record<string, unknown> };
          out.push({ id: String(d.id), fields: { ...raw, ...(raw.custom_fields ?? {}) } });
        }
        if (!page.nextCursor) return out;
        cursor = page.nextCursor;
      }
    },
    sample: { title: 'Fleet renewal', value: 41990, currency: 'USD' },
    change: { value: 39990 },
    readOnly: 'add_time',
    numberField: 'value',
  },
  mutate(h, a, n) {
    const company = h.sandbox.pipedrive.company(a);
    const ids = this.contactIds(h, a);
    const added = Array.from({ length: n.add }, (_, i) =>
      String(
        company.persons.create({ name: `New Sync${i}`, emails: [{ value: `sync.${i}.${Date.now()}@example.com`, primary: true, label: 'work' }] }).id,
      ),
    );
    const changed = pick(ids, n.change, 10);
    for (const id of changed) company.persons.update(Number(id), { name: `Changed Person ${id}` });
    const removed = pick(ids, n.remove, 20);
    for (const id of removed) company.persons.delete(Number(id));
    return { added, changed, removed };
  },
  provider: 'pipedrive',
  pageSize: 500,
  connect: (h, sid, account) => h.connect(sid, account, 'pipedrive', { method: 'oauth2' }),
  contactIds: (h, a) => collect((cursor) => h.sandbox.pipedrive.company(a).persons.list({ limit: 500, ...(cursor ? { cursor } : {}) })),
  companyIds: (h, a) => collect((cursor) => h.sandbox.pipedrive.company(a).organizations.list({ limit: 500, ...(cursor ? { cursor } : {}) })),
  contact(h, a, id) {
    const p = h.sandbox.pipedrive.company(a).persons.get(Number(id));
    if (!p) return undefined;
    const emails = (p['emails'] as Array<{ value: string; primary: boolean }>) ?? [];
    return {
      email: emails.find((e) => e.primary)?.value ?? null,
      company: p['org_id'] === null ? null : String(p['org_id']),
      firstName: (p['first_name'] as string | null) || null,
      lastName: (p['last_name'] as string | null) || null,
    };
  },
  companyName: (h, a, id) => h.sandbox.pipedrive.company(a).organizations.get(Number(id))?.['name'] as string | null | undefined,
  rawContact(h, a, id) {
    const p = h.sandbox.pipedrive.company(a).persons.get(Number(id)) as
      (Record<string, unknown> & { custom_fields?: Record<string, unknown> }) | undefined;
    return p && { ...p, ...(p.custom_fields ?? {}) };
  },
  injectFault: (h, a, f) => h.sandbox.pipedrive.company(a).injectFault(f),
  clearFaults: (h, a) => h.sandbox.pipedrive.company(a).clearFaults(),
  expireTokens: (h, a) => h.sandbox.pipedrive.company(a).expireAccessTokens(),
  counters(h, a) {
    const c = h.sandbox.pipedrive.company(a).counters();
    return { pages: sum(c.byKind, ['list']), tokens: sum(c.byKind, ['token']) };
  },
  resetCounters: (h, a) => h.sandbox.pipedrive.company(a).resetCounters(),
  refusedContact: () => ({ data: { first_name: 'Ownerless', owner_id: '999999999' }, error: /owner_id/ }),
  roundTrip(p) {
    const phones = p['phone_numbers'] as Array<Record<string, unknown>>;
    return {
      ...p,
      // Pipedrive keeps one name (split back into first and last), no title without contact sync, no addresses,
      // no lifecycle stage, and has no fax label.
      title: null,
      addresses: [],
      lifecycle_stage: null,
      phone_numbers: phones.map((x) => ({ ...x, phone_number_type: x['phone_number_type'] === 'FAX' ? 'OTHER' : x['phone_number_type'] })),
    };
  },
};

function collect(page: (cursor: string | null) => { data: Array<{ id: number }>; nextCursor: string | null }): string[] {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const p = page(cursor);
    ids.push(...p.data.map((r) => String(r.id)));
    cursor = p.nextCursor;
  } while (cursor);
  return ids;
}

export const ADAPTERS: ProviderAdapter[] = [hubspot, salesforce, pipedrive];

/** What the suite of the types beyond contacts and companies (types.test.ts) needs of a provider. */
export type TypesAdapter = Pick<ProviderAdapter, 'connect' | 'injectFault'> & {
  provider: string;
  /** Common fields the provider holds unique, by type: a copy of a record gets its own value of each (as a user would type). */
  unique?: Record<string, string[]>;
  /** Fields a copy of a record leaves out, by type, where copying them would be refused (a payment applied again to an invoice it paid). */
  notCopied?: Record<string, string[]>;
  /**
   * Types whose pulled records cannot be written again as new records, by type, with the reason (Xero's payments pay
   * what is still due on their invoice and are never changed): the write cases skip them, the reason in their names.
   */
  uncopyable?: Readonly<Record<string, string>>;
  /**
   * Types whose records the provider never lets be changed once written, by type, with the reason (a Zendesk ticket
   * comment): a second push by the same internal_id must be refused with the record's id, and make no second record.
   * The other write cases still run.
   */
  unchangeable?: Readonly<Record<string, string>>;
};

/**
 * Attio in the types suite. It is not in ADAPTERS yet: the contact suites built on them assume access tokens that
 * expire (Attio's never do) and lists that say when they end (Attio's queries end with a short page), and their
 * passthrough and sync helpers are not written for Attio.
 */
export const attio: TypesAdapter = {
  provider: 'attio',
  connect: (h, sid, account) => h.connect(sid, account, 'attio', { method: 'oauth2' }),
  injectFault: (h, a, f) => h.sandbox.attio.workspace(a).injectFault(f),
};

/** Freshsales in the types suite (API keys: connected on the session page's key form with the account's domain). */
export const freshsales: TypesAdapter = {
  provider: 'freshsales',
  async connect(h, sid, account) {
    const fake = h.sandbox.freshsales.account(account);
    const res = await h.connectWithApiKey(sid, 'freshsales', fake.apiKey, { domain: fake.domain });
    // 303: on to the schema selection page, as after an OAuth callback.
    if (res.status !== 200 && res.status !== 303) throw new Error(`Freshsales' key form answered ${res.status}`);
  },
  injectFault: (h, a, f) => h.sandbox.freshsales.account(a).injectFault(f),
};

/** Copper in the types suite (an API key and the user's e-mail, on the key form). */
export const copper: TypesAdapter = {
  provider: 'copper',
  async connect(h, sid, account) {
    const fake = h.sandbox.copper.account(account);
    const res = await h.connectWithApiKey(sid, 'copper', fake.apiKey, { email: fake.email });
    // 303: on to the schema selection page, as after an OAuth callback.
    if (res.status !== 200 && res.status !== 303) throw new Error(`Copper's key form answered ${res.status}`);
  },
  injectFault: (h, a, f) => h.sandbox.copper.account(a).enqueueFault(f),
};

/** Zoho CRM in the types suite (OAuth through the account's data centre). */
export const zoho: TypesAdapter = {
  provider: 'zoho',
  connect: (h, sid, account) => h.connect(sid, account, 'zoho', { method: 'oauth2' }),
  injectFault: (h, a, f) => h.sandbox.zoho.injectFault(a, f),
};

/** The environment a Dynamics 365 connection names before the consent (from the account name). */
const environmentOf = (account: string) => `${account.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}.crm.dynamics.com`;

/** Microsoft Dynamics 365 in the types suite (OAuth, the environment typed before the consent). */
export const dynamics: TypesAdapter = {
  provider: 'dynamics',
  connect: (h, sid, account) => h.connect(sid, account, 'dynamics', { method: 'oauth2', fields: { environment: environmentOf(account) } }),
  injectFault: (h, a, f) => h.sandbox.dynamics.org(a).injectFault(f),
};

/** Close in the types suite (an API key on the key form, sent as HTTP Basic). */
export const close: TypesAdapter = {
  provider: 'close',
  async connect(h, sid, account) {
    const res = await h.connectWithApiKey(sid, 'close', h.sandbox.closeCrm.account(account).apiKey, {});
    // 303: on to the schema selection page, as after an OAuth callback.
    if (res.status !== 200 && res.status !== 303) throw new Error(`Close's key form answered ${res.status}`);
  },
  injectFault: (h, a, f) => h.sandbox.closeCrm.account(a).injectFault(f),
};

/** QuickBooks Online in the types suite (Intuit OAuth; the company's realmId comes back on the redirect). */
export const quickbooks: TypesAdapter = {
  provider: 'quickbooks',
  connect: (h, sid, account) => h.connect(sid, account, 'quickbooks'),
  // A display name is unique among a company's customers, vendors and employees, an item's name among its items.
  unique: { 'accounting-contact': ['name'], 'accounting-customer': ['customer_name'], 'accounting-product': ['name'] },
  // A payment's copy applied to the same invoice would exceed its open balance (Fault 6000): written unapplied.
  notCopied: { 'accounting-payment': ['invoice_ids', 'allocations'] },
  injectFault: (h, a, f) => h.sandbox.quickbooks.company(a).injectFault(f),
};

/** The shop a Shopify account of the suite is (Shopify names a shop by its myshopify.com domain). */
export const shopDomainOf = (account: string) => `${account.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}.myshopify.com`;

/** Shopify in the types suite (the shop's domain typed before the consent, a signed callback). */
export const shopify: TypesAdapter = {
  provider: 'shopify',
  // A shop's customers have their own e-mail addresses and phone numbers.
  unique: { 'ecommerce-customer': ['email_address', 'phone_number'] },
  connect: (h, sid, account) => h.connect(sid, shopDomainOf(account), 'shopify', { fields: { shop: shopDomainOf(account) } }),
  injectFault: (h, a, f) => h.sandbox.shopify.shop(shopDomainOf(a)).faults.enqueue(f),
};

/** WooCommerce in the types suite (the store's address, consumer key and secret on the key form). */
export const woocommerce: TypesAdapter = {
  provider: 'woocommerce',
  // A WordPress user's e-mail address is unique, a product's SKU in a store, a category's name under its parent; a
  // taken slug gets -2 from WordPress, so a user types a new one.
  unique: { 'ecommerce-customer': ['email_address'], 'ecommerce-product': ['sku', 'slug'], 'ecommerce-product_category': ['name', 'slug'] },
  async connect(h, sid, account) {
    const store = h.sandbox.woocommerce.store(account);
    const res = await h.connectWithApiKey(sid, 'woocommerce', store.consumerKey, { store: store.storeUrl, consumer_secret: store.consumerSecret });
    if (res.status !== 200) throw new Error(`WooCommerce's key form answered ${res.status}`);
  },
  injectFault: (h, a, f) => h.sandbox.woocommerce.store(a).injectFault(f),
};

/** BigCommerce in the types suite (an API account's access token and the store hash, on the key form). */
export const bigcommerce: TypesAdapter = {
  provider: 'bigcommerce',
  // A customer's e-mail address is unique in a store, a product's name and SKU, a category's name under its parent.
  unique: { 'ecommerce-customer': ['email_address'], 'ecommerce-product': ['name', 'sku'], 'ecommerce-product_category': ['name'] },
  async connect(h, sid, account) {
    const store = h.sandbox.bigcommerce.store(account);
    const res = await h.connectWithApiKey(sid, 'bigcommerce', store.accessToken, { store_hash: store.storeHash });
    if (res.status !== 200) throw new Error(`BigCommerce's key form answered ${res.status}`);
  },
  injectFault: (h, a, f) => h.sandbox.bigcommerce.store(a).injectFault(f),
};

/** Xero in the types suite (OAuth, the tenant from GET /connections). */
export const xero: TypesAdapter = {
  provider: 'xero',
  connect: (h, sid, account) => h.connect(sid, account, 'xero'),
  injectFault: (h, a, f) => h.sandbox.xero.organisation(a).injectFault(f),
  // A contact's name is unique in an organisation, an item's code and name, an invoice's and a purchase order's number.
  unique: {
    'accounting-contact': ['name'],
    'accounting-product': ['code', 'name'],
    'accounting-invoice': ['number'],
    'accounting-purchase_order': ['number'],
  },
  uncopyable: {
    'accounting-payment': 'a Xero payment pays what is still due on its invoice, and is only ever voided afterwards',
  },
};

/** The subdomain a Zendesk account of the suite is (from the account name). */
const subdomainOf = (account: string) => account.toLowerCase().replace(/[^a-z0-9-]+/g, '-');

/** Zendesk in the types suite (an API token on the key form, with the subdomain and the owner's e-mail beside it). */
export const zendesk: TypesAdapter = {
  provider: 'zendesk',
  async connect(h, sid, account) {
    const fake = h.sandbox.zendesk.account(account);
    const res = await h.connectWithApiKey(sid, 'zendesk', fake.apiToken, { subdomain: subdomainOf(account), email: fake.ownerEmail });
    // 303: on to the schema selection page, as after an OAuth callback.
    if (res.status !== 200 && res.status !== 303) throw new Error(`Zendesk's key form answered ${res.status}`);
  },
  injectFault: (h, a, f) => h.sandbox.zendesk.account(a).injectFault(f),
  // A user's e-mail address is unique in an account, an organization's name.
  unique: { 'helpdesk-contact': ['email_addresses'], 'helpdesk-company': ['name'] },
  unchangeable: {
    'helpdesk-note': 'a Zendesk ticket comment is never changed once added; an agent can only redact its text',
  },
};

/** Tickets a help desk of the types suite keeps (see `freshdesk.connect`). */
const FRESHDESK_TICKETS = 25;

/** Freshdesk in the types suite (an agent's API key on the key form, with the help desk's domain). */
export const freshdesk: TypesAdapter = {
  provider: 'freshdesk',
  async connect(h, sid, account) {
    const fake = h.sandbox.freshdesk.account(account);
    // Conversations are read a ticket a request, and a help desk serves 200 requests a minute (Growth; Weft keeps to
    // the limit its answers say): the seed's 100 tickets make a pull of conversations 105 requests, and a case's
    // two or three pulls would wait out the minute. The suite's help desks keep their first 25 tickets.
    for (const ticket of fake.tickets.list({ limit: 1000 }).data.slice(FRESHDESK_TICKETS)) fake.tickets.delete(ticket['id'] as number);
    const res = await h.connectWithApiKey(sid, 'freshdesk', fake.apiKey, { domain: fake.domain });
    // 303: on to the schema selection page, as after an OAuth callback.
    if (res.status !== 200 && res.status !== 303) throw new Error(`Freshdesk's key form answered ${res.status}`);
  },
  injectFault: (h, a, f) => h.sandbox.freshdesk.account(a).injectFault(f),
  // A contact's primary e-mail address is unique in a help desk, a company's name.
  unique: { 'helpdesk-contact': ['email_addresses'], 'helpdesk-company': ['name'] },
  // A copy is written as a private note: a public one is written as a reply, and Freshdesk edits only notes (PUT
  // /api/v2/conversations/{id}: "only public and private notes can be edited"), so a reply's copy could not be updated.
  notCopied: { 'helpdesk-note': ['is_public'] },
};

/** Asana in the types suite (OAuth; the connection's workspace is the first of the token's user's). */
export const asana: TypesAdapter = {
  provider: 'asana',
  connect: (h, sid, account) => h.connect(sid, account, 'asana', { method: 'oauth2' }),
  injectFault: (h, a, f) => h.sandbox.asana.account(a).injectFault(f),
};

/** Todoist in the types suite (OAuth: a long-lived access token, no refresh token). */
export const todoist: TypesAdapter = {
  provider: 'todoist',
  connect: (h, sid, account) => h.connect(sid, account, 'todoist', { method: 'oauth2' }),
  injectFault: (h, a, f) => h.sandbox.todoist.account(a).injectFault(f),
};

/** Typeform in the types suite (OAuth, refreshed; both its types read only, so only the pull cases apply). */
export const typeform: TypesAdapter = {
  provider: 'typeform',
  connect: (h, sid, account) => h.connect(sid, account, 'typeform', { method: 'oauth2' }),
  injectFault: (h, a, f) => h.sandbox.typeform.account(a).injectFault(f),
};

/**
 * Slack in the types suite (OAuth v2: a bot token). A copy of a message is posted as a new one in its channel, not in
 * its thread (a reply would change its parent's reply count, which a sync then reports); a message is never edited
 * through Weft.
 */
export const slack: TypesAdapter = {
  provider: 'slack',
  connect: (h, sid, account) => h.connect(sid, account, 'slack', { method: 'oauth2' }),
  injectFault: (h, a, f) => h.sandbox.slack.account(a).injectFault(f),
  notCopied: { 'communication-message_history': ['thread_parent_id'] },
  unchangeable: { 'communication-message_history': 'Slack messages are posted, not edited, through Weft' },
};

/** Mailchimp in the types suite (OAuth: a token that never expires; a copied contact gets its own address). */
export const mailchimp: TypesAdapter = {
  provider: 'mailchimp',
  connect: (h, sid, account) => h.connect(sid, account, 'mailchimp', { method: 'oauth2' }),
  injectFault: (h, a, f) => h.sandbox.mailchimp.account(a).injectFault(f),
  unique: { 'marketing-contact': ['email_address'] },
};

export const TYPES_ADAPTERS: TypesAdapter[] = [
  ...ADAPTERS,
  freshsales,
  copper,
  zoho,
  attio,
  dynamics,
  close,
  quickbooks,
  shopify,
  woocommerce,
  bigcommerce,
  xero,
  zendesk,
  freshdesk,
  asana,
  todoist,
  typeform,
  slack,
  mailchimp,
];

/** What the contacts-and-companies suite (conformance.test.ts) needs of a provider. */
export type ContactsAdapter = {
  provider: string;
  /** Expires every access token of the account; absent where nothing expires (API keys, Attio's tokens). */
  expireTokens?: (h: Harness, account: string) => number;
  /**
   * Whether the provider's lists say nothing of more pages, so that a list ends with a short page: a list of a whole
   * number of pages then costs one more, empty, read (Attio's queries).
   */
  listEndsShort?: boolean;
  /** Whether the provider's contacts have no owner (Attio's people, Close's contacts). */
  ownerless?: boolean;
  /** Whether the provider gives a contact created without a company one of its own (Close makes it a lead). */
  companyGiven?: boolean;
  /**
   * Whether the provider cannot list the contacts changed since a time (Close's contact list takes no date filter), so
   * that a large account's lost create cannot be found by a bounded read.
   */
  changesUnlisted?: boolean;
} & Pick<
  ProviderAdapter,
  'pageSize' | 'connect' | 'contactIds' | 'companyIds' | 'contact' | 'injectFault' | 'counters' | 'resetCounters' | 'refusedContact' | 'roundTrip'
>;

type ZohoRow = Record<string, unknown> & { id: string };
const zohoRows = (h: Harness, a: string, module: 'Contacts' | 'Accounts'): ZohoRow[] =>
  [...h.sandbox.zoho.org(a).records(module).values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)) as ZohoRow[];
const lookupId = (v: unknown) => (v && typeof v === 'object' && 'id' in v ? String((v as { id: unknown }).id) : null);

/** Zoho CRM in the contacts-and-companies suite (OAuth through the account's data centre; 200 records a page). */
export const zohoContacts: ContactsAdapter = {
  provider: 'zoho',
  pageSize: 200,
  connect: (h, sid, account) => h.connect(sid, account, 'zoho', { method: 'oauth2' }),
  contactIds: (h, a) => zohoRows(h, a, 'Contacts').map((r) => r.id),
  companyIds: (h, a) => zohoRows(h, a, 'Accounts').map((r) => r.id),
  contact(h, a, id) {
    const r = h.sandbox.zoho.org(a).records('Contacts').get(id);
    if (!r) return undefined;
    return {
      email: (r['Email'] as string | null) ?? null,
      company: lookupId(r['Account_Name']),
      firstName: (r['First_Name'] as string | null) || null,
      lastName: (r['Last_Name'] as string | null) || null,
    };
  },
  injectFault: (h, a, f) => h.sandbox.zoho.injectFault(a, f),
  expireTokens: (h, a) => h.sandbox.zoho.expireTokens(a),
  counters(h, a) {
    const c = h.sandbox.zoho.counters(a);
    return { pages: sum(c.byKind, ['list']), tokens: sum(c.byKind, ['token']) };
  },
  resetCounters: (h, a) => h.sandbox.zoho.resetCounters(a),
  // Zoho refuses what Weft's model allows: a contact without a last name (Last_Name is mandatory).
  refusedContact: () => ({ data: { first_name: 'Nameless' }, error: /Last_Name/ }),
  roundTrip(p) {
    const emails = p['email_addresses'] as Array<Record<string, unknown>>;
    const addresses = p['addresses'] as Array<Record<string, unknown>>;
    return {
      ...p,
      // One e-mail in Email (a second in Secondary_Email), one number of each kind, one mailing address without a
      // second street line, no lifecycle stage.
      email_addresses: emails.slice(0, 1),
      addresses: addresses.slice(0, 1).map((a) => ({ ...a, street_2: null })),
      lifecycle_stage: null,
    };
  },
};

/** Freshsales in the contacts-and-companies suite (API keys: nothing expires; 100 records a view page). */
export const freshsalesContacts: ContactsAdapter = {
  provider: 'freshsales',
  pageSize: 100,
  connect: freshsales.connect,
  contactIds: (h, a) =>
    h.sandbox.freshsales
      .account(a)
      .contacts.all()
      .map((r) => String(r['id'])),
  companyIds: (h, a) =>
    h.sandbox.freshsales
      .account(a)
      .salesAccounts.all()
      .map((r) => String(r['id'])),
  contact(h, a, id) {
    const r = h.sandbox.freshsales.account(a).contacts.get(id);
    if (!r || r['deleted'] === true) return undefined;
    return {
      email: (r['email'] as string | null) ?? null,
      company: r['sales_account_id'] === null || r['sales_account_id'] === undefined ? null : String(r['sales_account_id'] as number),
      firstName: (r['first_name'] as string | null) || null,
      lastName: (r['last_name'] as string | null) || null,
    };
  },
  injectFault: freshsales.injectFault,
  counters(h, a) {
    const c = h.sandbox.freshsales.account(a).counters();
    return { pages: sum(c.byKind, ['list']), tokens: 0 };
  },
  resetCounters: (h, a) => h.sandbox.freshsales.account(a).resetCounters(),
  // Freshsales refuses an owner that is not a user of the account.
  refusedContact: () => ({ data: { first_name: 'Ownerless', owner_id: '999999999' }, error: /Owner does not exist/ }),
  roundTrip(p) {
    const phones = p['phone_numbers'] as Array<Record<string, unknown>>;
    const addresses = p['addresses'] as Array<Record<string, unknown>>;
    return {
      ...p,
      // One address with one street line; a work and a mobile number (no fax).
      addresses: addresses.slice(0, 1).map((a) => ({ ...a, street_2: null })),
      phone_numbers: phones.filter((x) => x['phone_number_type'] !== 'FAX'),
    };
  },
};

/** Copper in the contacts-and-companies suite (an API key and the user's e-mail: nothing expires; 200 a search page). */
export const copperContacts: ContactsAdapter = {
  provider: 'copper',
  pageSize: 200,
  connect: copper.connect,
  contactIds: (h, a) =>
    h.sandbox.copper
      .account(a)
      .all('people')
      .map((r) => String(r['id'])),
  companyIds: (h, a) =>
    h.sandbox.copper
      .account(a)
      .all('companies')
      .map((r) => String(r['id'])),
  contact(h, a, id) {
    const r = h.sandbox.copper.account(a).get('people', Number(id));
    if (!r) return undefined;
    const emails = (r['emails'] as Array<{ email: string }> | undefined) ?? [];
    return {
      email: emails[0]?.email ?? null,
      company: r['company_id'] === null || r['company_id'] === undefined ? null : String(r['company_id'] as number),
      firstName: (r['first_name'] as string | null) || null,
      lastName: (r['last_name'] as string | null) || null,
    };
  },
  injectFault: copper.injectFault,
  counters(h, a) {
    const c = h.sandbox.copper.account(a).counters();
    // Counted by route (under the fake's mount): the people searches are the contact pull's pages.
    return {
      pages: sum(
        c.byKind,
        Object.keys(c.byKind).filter((k) => k.endsWith('/people/search')),
      ),
      tokens: 0,
    };
  },
  resetCounters: (h, a) => h.sandbox.copper.account(a).resetCounters(),
  // Copper refuses an assignee that is not a user of the account.
  refusedContact: () => ({ data: { first_name: 'Ownerless', owner_id: '999999999' }, error: /not a valid user id/ }),
  roundTrip(p) {
    const phones = p['phone_numbers'] as Array<Record<string, unknown>>;
    const addresses = p['addresses'] as Array<Record<string, unknown>>;
    return {
      ...p,
      // One address whose one street holds both lines; a fax is an "other" number.
      addresses: addresses.slice(0, 1).map((a) => ({ ...a, street_1: [a['street_1'], a['street_2']].filter(Boolean).join(', '), street_2: null })),
      phone_numbers: phones.map((x) => ({ ...x, phone_number_type: x['phone_number_type'] === 'FAX' ? 'OTHER' : x['phone_number_type'] })),
    };
  },
};

type AttioValue = Record<string, unknown>;
const attioFirst = (r: { values: Record<string, AttioValue[]> }, slug: string): AttioValue | undefined =>
  (r.values[slug] ?? []).find((v) => v['active_until'] === null);

/** Attio in the contacts-and-companies suite (tokens that never expire; 500 records a query, ended by a short page). */
export const attioContacts: ContactsAdapter = {
  provider: 'attio',
  pageSize: 500,
  listEndsShort: true,
  ownerless: true,
  connect: attio.connect,
  contactIds: (h, a) =>
    (h.sandbox.attio.workspace(a).records('people') as unknown as Array<{ id: { record_id: string } }>).map((r) => r.id.record_id),
  companyIds: (h, a) =>
    (h.sandbox.attio.workspace(a).records('companies') as unknown as Array<{ id: { record_id: string } }>).map((r) => r.id.record_id),
  contact(h, a, id) {
    const r = h.sandbox.attio.workspace(a).record('people', id) as unknown as { values: Record<string, AttioValue[]> } | undefined;
    if (!r) return undefined;
    const name = attioFirst(r, 'name');
    return {
      email: (attioFirst(r, 'email_addresses')?.['email_address'] as string | undefined) ?? null,
      company: (attioFirst(r, 'company')?.['target_record_id'] as string | undefined) ?? null,
      firstName: (name?.['first_name'] as string | undefined) || null,
      lastName: (name?.['last_name'] as string | undefined) || null,
    };
  },
  injectFault: attio.injectFault,
  counters(h, a) {
    const c = h.sandbox.attio.workspace(a).counters() as { byKind: Record<string, number> };
    return {
      pages: sum(
        c.byKind,
        Object.keys(c.byKind).filter((k) => k.startsWith('POST') && k.endsWith('/records/query')),
      ),
      tokens: 0,
    };
  },
  resetCounters: (h, a) => h.sandbox.attio.workspace(a).resetCounters(),
  // Attio refuses a reference to a company record that does not exist.
  refusedContact: () => ({ data: { first_name: 'Orphan', company_id: '00000000-0000-4000-8000-000000000000' }, error: /not_found|not found/i }),
  roundTrip(p) {
    const emails = p['email_addresses'] as Array<Record<string, unknown>>;
    const phones = p['phone_numbers'] as Array<Record<string, unknown>>;
    const addresses = p['addresses'] as Array<Record<string, unknown>>;
    return {
      ...p,
      // Attio's e-mail and phone values have no kind (read as WORK and OTHER); one location, whose country is an ISO
      // code (a country's name is not one); people have no owner.
      email_addresses: emails.map((e) => ({ ...e, email_address_type: 'WORK' })),
      phone_numbers: phones.map((x) => ({ ...x, phone_number_type: 'OTHER' })),
      addresses: addresses.slice(0, 1).map((a) => ({ ...a, country: null })),
      owner_id: null,
    };
  },
};

/** Dynamics 365 in the contacts-and-companies suite (tokens that expire; pages of 1,000 rows). */
export const dynamicsContacts: ContactsAdapter = {
  provider: 'dynamics',
  pageSize: 1000,
  connect: dynamics.connect,
  contactIds: (h, a) =>
    h.sandbox.dynamics
      .org(a)
      .rows('contacts')
      .map((r) => r['contactid'] as string),
  companyIds: (h, a) =>
    h.sandbox.dynamics
      .org(a)
      .rows('accounts')
      .map((r) => r['accountid'] as string),
  contact(h, a, id) {
    const r = h.sandbox.dynamics.org(a).row('contacts', id);
    if (!r) return undefined;
    return {
      email: (r['emailaddress1'] as string | null) ?? null,
      company: (r['_parentcustomerid_value'] as string | null) ?? null,
      firstName: (r['firstname'] as string | null) || null,
      lastName: (r['lastname'] as string | null) || null,
    };
  },
  injectFault: dynamics.injectFault,
  expireTokens: (h, a) => h.sandbox.dynamics.org(a).expireAccessTokens(),
  counters(h, a) {
    const c = h.sandbox.dynamics.org(a).counters();
    return { pages: sum(c.byKind, ['list']), tokens: sum(c.byKind, ['token']) };
  },
  resetCounters: (h, a) => h.sandbox.dynamics.org(a).resetCounters(),
  // Dataverse refuses a bind to an account that does not exist (404, 0x80040217).
  refusedContact: () => ({ data: { first_name: 'Orphan', company_id: '00000000-0000-0000-0000-0000000000ff' }, error: /0x80040217/ }),
  roundTrip(p) {
    const emails = p['email_addresses'] as Array<Record<string, unknown>>;
    const addresses = p['addresses'] as Array<Record<string, unknown>>;
    return {
      ...p,
      // Three e-mails, the first read as WORK and the others as OTHER; one address (address1); no lifecycle stage.
      email_addresses: emails.slice(0, 3).map((e, i) => ({ ...e, email_address_type: i === 0 ? 'WORK' : 'OTHER' })),
      addresses: addresses.slice(0, 1),
      lifecycle_stage: null,
    };
  },
};

/** Close in the contacts-and-companies suite (an API key: nothing expires; 100 records a page; contacts have no owner). */
export const closeContacts: ContactsAdapter = {
  provider: 'close',
  pageSize: 100,
  ownerless: true,
  companyGiven: true,
  changesUnlisted: true,
  connect: close.connect,
  contactIds: (h, a) =>
    h.sandbox.closeCrm
      .account(a)
      .contacts.all()
      .map((r) => String(r['id'])),
  companyIds: (h, a) =>
    h.sandbox.closeCrm
      .account(a)
      .leads.all()
      .map((r) => String(r['id'])),
  contact(h, a, id) {
    const r = h.sandbox.closeCrm.account(a).contacts.find(id);
    if (!r) return undefined;
    // One name: the first name is all but its last word.
    const words = String(r['name']).split(' ').filter(Boolean);
    return {
      email: (r['emails'] as Array<{ email: string }>)[0]?.email ?? null,
      company: (r['lead_id'] as string | null) ?? null,
      firstName: words.slice(0, -1).join(' ') || null,
      lastName: words.length > 1 ? (words[words.length - 1] as string) : (words[0] ?? null),
    };
  },
  injectFault: close.injectFault,
  counters(h, a) {
    const c = h.sandbox.closeCrm.account(a).counters();
    return { pages: sum(c.byKind, ['list:contacts']), tokens: 0 };
  },
  resetCounters: (h, a) => h.sandbox.closeCrm.account(a).resetCounters(),
  // Close refuses a lead that does not exist.
  refusedContact: () => ({ data: { first_name: 'Orphan', company_id: 'lead_0000000000000000000zzz' }, error: /Object does not exist/ }),
  roundTrip(p) {
    // Addresses are the lead's, and contacts have no owner.
    return { ...p, addresses: [], owner_id: null };
  },
};

export const CONTACTS_ADAPTERS: ContactsAdapter[] = [
  ...ADAPTERS,
  zohoContacts,
  freshsalesContacts,
  copperContacts,
  attioContacts,
  dynamicsContacts,
  closeContacts,
];

/* The semantic suites (test/semantics, test/webhooks) on the four newer CRMs: each contacts adapter above, plus what
 * those suites need (raw records, changes behind Weft's back, the passthrough object or why there is none). */

/** Freshsales: custom fields in `custom_field` (read as `cf_…`); deals shared as a passthrough schema. */
export const freshsalesSemantics: ProviderAdapter = {
  ...freshsalesContacts,
  provider: 'freshsales',
  requestsBeforePages: 1,
  object: {
    name: 'deals',
    records: (h, a) =>
      h.sandbox.freshsales
        .account(a)
        .deals.all()
        .map((r) => ({ id: String(r['id']), fields: flatCustom(r, 'custom_field') })),
    sample: { name: 'Fleet renewal', amount: 41990 },
    change: { amount: 39990 },
    readOnly: 'created_at',
    numberField: 'amount',
  },
  mutate(h, a, n) {
    const contacts = h.sandbox.freshsales.account(a).contacts;
    const ids = this.contactIds(h, a);
    const added = Array.from({ length: n.add }, (_, i) =>
      String(contacts.create({ first_name: 'New', last_name: `Sync${i}`, email: `sync.${i}.${Date.now()}@example.com` })['id']),
    );
    const changed = pick(ids, n.change, 10);
    for (const id of changed) contacts.update(Number(id), { job_title: `Changed ${Date.now()}` });
    const removed = pick(ids, n.remove, 20);
    for (const id of removed) contacts.delete(Number(id));
    return { added, changed, removed };
  },
  companyName: (h, a, id) => h.sandbox.freshsales.account(a).salesAccounts.get(id)?.['name'] as string | null | undefined,
  rawContact(h, a, id) {
    const r = h.sandbox.freshsales.account(a).contacts.get(id);
    return r && flatCustom(r, 'custom_field');
  },
  clearFaults: (h, a) => h.sandbox.freshsales.account(a).clearFaults(),
};

/** A record with its custom fields (an object of them under `key`) beside the others. */
function flatCustom(r: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: custom, ...rest } = r;
  return { ...rest, ...(custom as Record<string, unknown> | undefined) };
}

/** Copper: custom fields in `custom_fields` by definition id (read as `cf_<id>`); no object of its own is shared. */
export const copperSemantics: ProviderAdapter = {
  ...copperContacts,
  provider: 'copper',
  manyContacts: 1500,
  lacks: {
    passthroughObjects: "Copper's API v1 has no custom objects, and the connector shares none of its other objects as they are",
    employeeCounts: 'Copper companies have no headcount field: number_of_employees is always null',
  },
  mutate(h, a, n) {
    const account = h.sandbox.copper.account(a);
    const ids = this.contactIds(h, a);
    const added = Array.from({ length: n.add }, (_, i) =>
      String(
        account.create('people', {
          first_name: 'New',
          last_name: `Sync${i}`,
          emails: [{ email: `sync.${i}.${Date.now()}@example.com`, category: 'work' }],
        }).id,
      ),
    );
    const changed = pick(ids, n.change, 10);
    for (const id of changed) account.update('people', Number(id), { title: `Changed ${Date.now()}` });
    const removed = pick(ids, n.remove, 20);
    for (const id of removed) account.remove('people', Number(id));
    return { added, changed, removed };
  },
  companyName: (h, a, id) => h.sandbox.copper.account(a).get('companies', Number(id))?.['name'] as string | null | undefined,
  rawContact(h, a, id) {
    const r = h.sandbox.copper.account(a).get('people', Number(id));
    if (!r) return undefined;
    const custom = (r['custom_fields'] ?? []) as Array<{ custom_field_definition_id: number; value: unknown }>;
    return { ...r, ...Object.fromEntries(custom.map((c) => [`cf_${c.custom_field_definition_id}`, c.value])) };
  },
  clearFaults: (h, a) => h.sandbox.copper.account(a).clearFaults(),
};

/** Zoho CRM: fields by API name; the connector shares no module beyond those mapped to common types. */
export const zohoSemantics: ProviderAdapter = {
  ...zohoContacts,
  provider: 'zoho',
  lacks: { passthroughObjects: 'the Zoho connector shares no module (custom modules included) beyond those mapped to common types' },
  mutate(h, a, n) {
    const zoho = h.sandbox.zoho;
    const ids = this.contactIds(h, a);
    const written = (answer: { status: string; details: Record<string, unknown> }) => {
      if (answer.status !== 'success') throw new Error(`Zoho refused a write: ${JSON.stringify(answer)}`);
      return String(answer.details['id']);
    };
    const added = Array.from({ length: n.add }, (_, i) =>
      written(zoho.write(a, 'Contacts', { First_Name: 'New', Last_Name: `Sync${i}`, Email: `sync.${i}.${Date.now()}@example.com` })),
    );
    const changed = pick(ids, n.change, 10);
    for (const id of changed) written(zoho.write(a, 'Contacts', { Title: `Changed ${Date.now()}` }, id));
    const removed = pick(ids, n.remove, 20);
    for (const id of removed) if (!zoho.remove(a, 'Contacts', id)) throw new Error(`No Zoho contact ${id}`);
    return { added, changed, removed };
  },
  companyName: (h, a, id) => h.sandbox.zoho.org(a).records('Accounts').get(id)?.['Account_Name'] as string | null | undefined,
  rawContact: (h, a, id) => h.sandbox.zoho.org(a).records('Contacts').get(id),
  clearFaults: (h, a) => h.sandbox.zoho.clearFaults(a),
};

type AttioRecord = { id: { record_id: string }; values: Record<string, AttioValue[]> };

/** An Attio record's attributes, each as one plain value (several as a list), as Attio documents its value types. */
function attioPlain(r: AttioRecord): Record<string, unknown> {
  const plain = (v: AttioValue): unknown => {
    switch (v['attribute_type']) {
      case 'currency':
        return v['currency_value'];
      case 'email-address':
        return v['email_address'];
      case 'domain':
        return v['domain'];
      case 'phone-number':
        return v['original_phone_number'];
      case 'personal-name':
        return v['full_name'];
      case 'status':
        return (v['status'] as AttioValue)['title'];
      case 'select':
        return (v['option'] as AttioValue)['title'];
      case 'record-reference':
        return v['target_record_id'];
      case 'actor-reference':
        return v['referenced_actor_id'];
      default: {
        // Simple types hold a `value`; the others (a location) are the value object without its bookkeeping.
        if ('value' in v) return v['value'];
        const { active_from: _f, active_until: _u, created_by_actor: _b, attribute_type: _t, ...rest } = v;
        return rest;
      }
    }
  };
  return Object.fromEntries(
    Object.entries(r.values).map(([slug, values]) => {
      const live = values.filter((v) => v['active_until'] === null).map(plain);
      return [slug, live.length === 0 ? null : live.length === 1 ? live[0] : live];
    }),
  );
}

/** Attio: attributes by slug; its custom object (vehicles) shared as a passthrough schema. */
export const attioSemantics: ProviderAdapter = {
  ...attioContacts,
  provider: 'attio',
  lacks: {
    employeeCounts: "Attio keeps a company's size as an employee range (a select such as '51-250'): number_of_employees is always null",
  },
  object: {
    name: 'vehicles',
    records: (h, a) =>
      (h.sandbox.attio.workspace(a).records('vehicles') as unknown as AttioRecord[]).map((r) => ({ id: r.id.record_id, fields: attioPlain(r) })),
    sample: { vin: '5YJ3E1EA7PF000001', make: 'Tesla', model: 'Model 3', year: 2024, price: 41990 },
    change: { price: 39990 },
    readOnly: 'created_at',
    numberField: 'year',
  },
  mutate(h, a, n) {
    const workspace = h.sandbox.attio.workspace(a);
    const ids = this.contactIds(h, a);
    const added = Array.from({ length: n.add }, (_, i) => {
      const values = {
        name: [{ first_name: 'New', last_name: `Sync${i}`, full_name: `New Sync${i}` }],
        email_addresses: [`sync.${i}.${Date.now()}@example.com`],
      };
      return (workspace.create('people', values) as unknown as AttioRecord).id.record_id;
    });
    const changed = pick(ids, n.change, 10);
    for (const id of changed) workspace.update('people', id, { job_title: `Changed ${Date.now()}` });
    const removed = pick(ids, n.remove, 20);
    for (const id of removed) workspace.remove('people', id);
    return { added, changed, removed };
  },
  companyName(h, a, id) {
    const r = h.sandbox.attio.workspace(a).record('companies', id) as unknown as AttioRecord | undefined;
    return r && ((attioFirst(r, 'name')?.['value'] as string | undefined) ?? null);
  },
  rawContact(h, a, id) {
    const r = h.sandbox.attio.workspace(a).record('people', id) as unknown as AttioRecord | undefined;
    return r && attioPlain(r);
  },
  clearFaults: (h, a) => h.sandbox.attio.workspace(a).clearFaults(),
};

/**
 * Microsoft Dynamics 365 (Dataverse): custom columns by logical name with their publisher's prefix (`new_…`,
 * `cr3f1_…`); the org's custom table (`new_vehicle`) shared as a passthrough schema.
 */
export const dynamicsSemantics: ProviderAdapter = {
  ...dynamicsContacts,
  provider: 'dynamics',
  object: {
    name: 'new_vehicle',
    records: (h, a) =>
      h.sandbox.dynamics
        .org(a)
        .rows('new_vehicles')
        .map((r) => ({ id: r['new_vehicleid'] as string, fields: r })),
    sample: { new_name: '2024 Tesla Model 3', new_make: 'Tesla', new_model: 'Model 3', new_year: 2024, new_price: 41990 },
    change: { new_price: 39990 },
    readOnly: 'createdon',
    numberField: 'new_year',
  },
  mutate(h, a, n) {
    const org = h.sandbox.dynamics.org(a);
    const ids = this.contactIds(h, a);
    const added = Array.from(
      { length: n.add },
      (_, i) =>
        org.create('contacts', { firstname: 'New', lastname: `Sync${i}`, emailaddress1: `sync.${i}.${Date.now()}@example.com` })[
          'contactid'
        ] as string,
    );
    const changed = pick(ids, n.change, 10);
    for (const id of changed) org.update('contacts', id, { jobtitle: `Changed ${Date.now()}` });
    const removed = pick(ids, n.remove, 20);
    for (const id of removed) if (!org.remove('contacts', id)) throw new Error(`No Dataverse contact ${id}`);
    return { added, changed, removed };
  },
  companyName: (h, a, id) => h.sandbox.dynamics.org(a).row('accounts', id)?.['name'] as string | null | undefined,
  rawContact: (h, a, id) => h.sandbox.dynamics.org(a).row('contacts', id),
  clearFaults: (h, a) => h.sandbox.dynamics.org(a).clearFaults(),
};

/**
 * Close: custom fields as `custom.cf_…` keys on the record (contacts and opportunities); its opportunities shared as a
 * passthrough schema (with their custom fields).
 */
export const closeSemantics: ProviderAdapter = {
  ...closeContacts,
  provider: 'close',
  // Pages of 100 at most (Close's maximum `_limit`): 4,500 contacts are 45 pages a pull, and the filter suite's forty
  // pulls of them outlast a test; 2,000 are still twenty pages.
  manyContacts: 2000,
  lacks: { employeeCounts: 'Close leads have no headcount field: number_of_employees is always null' },
  object: {
    name: 'opportunities',
    records: (h, a) =>
      h.sandbox.closeCrm
        .account(a)
        .opportunities.all()
        .map((r) => ({ id: String(r['id']), fields: r })),
    // Cents, as Close keeps them; a new opportunity without a lead gets a lead of its own.
    sample: { note: 'Fleet renewal', value: 4199000, value_currency: 'USD' },
    change: { value: 3999000 },
    readOnly: 'date_created',
    numberField: 'value',
  },
  mutate(h, a, n) {
    const contacts = h.sandbox.closeCrm.account(a).contacts;
    const ids = this.contactIds(h, a);
    const added = Array.from({ length: n.add }, (_, i) =>
      String(contacts.create({ name: `New Sync${i}`, emails: [{ email: `sync.${i}.${Date.now()}@example.com`, type: 'office' }] })['id']),
    );
    const changed = pick(ids, n.change, 10);
    for (const id of changed) contacts.put(id, { title: `Changed ${Date.now()}` });
    const removed = pick(ids, n.remove, 20);
    for (const id of removed) if (!contacts.remove(id)) throw new Error(`No Close contact ${id}`);
    return { added, changed, removed };
  },
  companyName: (h, a, id) => h.sandbox.closeCrm.account(a).leads.find(id)?.['name'] as string | null | undefined,
  rawContact: (h, a, id) => h.sandbox.closeCrm.account(a).contacts.find(id),
  clearFaults: (h, a) => h.sandbox.closeCrm.account(a).clearFaults(),
};

/** Every CRM, for the semantic suites: the three first, then the newer ones. */
export const SEMANTIC_ADAPTERS: ProviderAdapter[] = [
  ...ADAPTERS,
  freshsalesSemantics,
  copperSemantics,
  zohoSemantics,
  attioSemantics,
  dynamicsSemantics,
  closeSemantics,
];
