/**
 * Weft's provider sandbox: faithful local fakes of CRM APIs that the
 * connectors, tests and benchmarks talk to over real HTTP: HubSpot at
 * `${publicUrl}/hubspot`, Salesforce at `${publicUrl}/salesforce`, Freshsales at `${publicUrl}/freshsales`, Freshdesk at `${publicUrl}/freshdesk`, Pipedrive at
 * `${publicUrl}/pipedrive`. See README.md.
 */
import Fastify, { type FastifyPluginAsync } from 'fastify';

import { ASANA_ENDPOINTS, type AsanaSandbox, type AsanaSandboxOptions, createAsanaSandboxWithUrl } from './asana/index.js';
import { ATTIO_ENDPOINTS, type AttioSandbox, type AttioSandboxOptions, createAttioSandboxWithUrl } from './attio/index.js';
import {
  BIGCOMMERCE_ENDPOINTS,
  type BigCommerceSandbox,
  type BigCommerceSandboxOptions,
  createBigCommerceSandboxWithUrl,
} from './bigcommerce/index.js';
import { CLOSE_ENDPOINTS, type CloseSandbox, type CloseSandboxOptions, createCloseSandboxWithUrl } from './close/index.js';
import { COPPER_ENDPOINTS, type CopperSandbox, type CopperSandboxOptions, createCopperSandboxWithUrl } from './copper/index.js';
import { createDynamicsSandboxWithUrl, DYNAMICS_ENDPOINTS, type DynamicsSandbox, type DynamicsSandboxOptions } from './dynamics/index.js';
import { createFreshdeskSandboxWithUrl, FRESHDESK_ENDPOINTS, type FreshdeskSandbox, type FreshdeskSandboxOptions } from './freshdesk/index.js';
import { createFreshsalesSandboxWithUrl, FRESHSALES_ENDPOINTS, type FreshsalesSandbox, type FreshsalesSandboxOptions } from './freshsales/index.js';
import { DEFAULT_SEED_DEALS } from './hubspot/account.js';
import { type HubSpotSandbox, sandboxHandle } from './hubspot/handles.js';
import { hubspotPlugin } from './hubspot/plugin.js';
import {
  DEFAULT_HUBSPOT_CLIENT,
  DEFAULT_RATE_LIMIT,
  DEFAULT_SEARCH_RATE_LIMIT,
  HUBSPOT_ENDPOINTS,
  type HubSpotClientConfig,
  HubSpotService,
} from './hubspot/service.js';
import { createMailchimpSandboxWithUrl, MAILCHIMP_ENDPOINTS, type MailchimpSandbox, type MailchimpSandboxOptions } from './mailchimp/index.js';
import { createPipedriveSandboxWithUrl, type PipedriveSandbox, type PipedriveSandboxOptions } from './pipedrive/index.js';
import { PIPEDRIVE_ENDPOINTS } from './pipedrive/oauth-store.js';
import { createQuickBooksSandboxWithUrl, QUICKBOOKS_ENDPOINTS, type QuickBooksSandbox, type QuickBooksSandboxOptions } from './quickbooks/index.js';
import { buildSalesforceSandbox, type SalesforceSandbox, type SalesforceSandboxOptions } from './salesforce/index.js';
import { SALESFORCE_ENDPOINTS } from './salesforce/oauth-store.js';
import { SandboxFile } from './shared/persistence.js';
import { MAX_SEED_VEHICLES } from './shared/vehicles.js';
import { capOption, DEFAULT_MAX_ACCOUNTS, DEFAULT_MAX_WRITES_PER_ACCOUNT } from './shared/write-budget.js';
import { createShopifySandboxWithUrl, SHOPIFY_ENDPOINTS, type ShopifySandbox, type ShopifySandboxOptions } from './shopify/index.js';
import { createSlackSandboxWithUrl, SLACK_ENDPOINTS, type SlackSandbox, type SlackSandboxOptions } from './slack/index.js';
import { createTodoistSandboxWithUrl, TODOIST_ENDPOINTS, type TodoistSandbox, type TodoistSandboxOptions } from './todoist/index.js';
import { createTypeformSandboxWithUrl, TYPEFORM_ENDPOINTS, type TypeformSandbox, type TypeformSandboxOptions } from './typeform/index.js';
import {
  createWooCommerceSandboxWithUrl,
  WOOCOMMERCE_ENDPOINTS,
  type WooCommerceSandbox,
  type WooCommerceSandboxOptions,
} from './woocommerce/index.js';
import { createXeroSandboxWithUrl, XERO_ENDPOINTS, type XeroSandbox, type XeroSandboxOptions } from './xero/index.js';
import { createZendeskSandboxWithUrl, ZENDESK_ENDPOINTS, type ZendeskSandbox, type ZendeskSandboxOptions } from './zendesk/index.js';
import { createZohoSandboxWithUrl, ZOHO_ENDPOINTS, type ZohoSandbox, type ZohoSandboxOptions } from './zoho/index.js';

export type { AsanaAccountHandle, AsanaRecords, AsanaSandbox } from './asana/index.js';
export type { AttioSandbox, AttioWorkspaceHandle } from './attio/index.js';
export type { BigCommerceSandbox, BigCommerceStoreHandle } from './bigcommerce/index.js';
export type { CloseAccountHandle, CloseRecords, CloseSandbox } from './close/index.js';
export type { CopperAccountHandle, CopperEntity, CopperRow, CopperSandbox } from './copper/index.js';
export type { DynamicsOrgHandle, DynamicsSandbox } from './dynamics/index.js';
export { sandboxEndpoints } from './endpoints.js';
export type { FreshdeskAccountHandle, FreshdeskSandbox } from './freshdesk/index.js';
export type { FreshsalesAccountHandle, FreshsalesSandbox } from './freshsales/index.js';
export { HubSpotApiError } from './hubspot/errors.js';
export type { HubSpotAccountHandle, HubSpotObjectsHandle, HubSpotRecord, HubSpotSandbox, PropertyInput, RateLimitState } from './hubspot/handles.js';
export type { HubSpotClientConfig, TokenGrant } from './hubspot/service.js';
export { DEFAULT_HUBSPOT_CLIENT } from './hubspot/service.js';
export type { MailchimpAccountHandle, MailchimpRecords, MailchimpSandbox } from './mailchimp/index.js';
export type { PipedriveCompanyHandle, PipedriveDealRecord, PipedriveRecord, PipedriveSandbox } from './pipedrive/index.js';
export type { QuickBooksCompanyHandle, QuickBooksSandbox } from './quickbooks/index.js';
export type { SalesforceOrgHandle, SalesforceRecord, SalesforceSandbox } from './salesforce/index.js';
export type { CounterSnapshot } from './shared/counters.js';
export type { FaultRequest, FaultSpec } from './shared/faults.js';
export type { ShopifySandbox, Shop as ShopifyShop } from './shopify/index.js';
export type { SlackAccountHandle, SlackRecords, SlackSandbox } from './slack/index.js';
export type { TodoistAccountHandle, TodoistRecords, TodoistSandbox } from './todoist/index.js';
export type { TypeformAccountHandle, TypeformRecords, TypeformSandbox } from './typeform/index.js';
export type { WooCommerceSandbox, WooCommerceStoreHandle } from './woocommerce/index.js';
export type { XeroOrganisationHandle, XeroSandbox } from './xero/index.js';
export type { ZendeskAccountHandle, ZendeskRecords, ZendeskSandbox } from './zendesk/index.js';
export type { ZohoSandbox } from './zoho/index.js';

/** Options of {@link createSandbox}. */
export interface SandboxOptions {
  /** Absolute URL at which the sandbox plugin is mounted, e.g. "http://127.0.0.1:3000/sandbox" (no trailing slash). HubSpot lives under `${publicUrl}/hubspot`. */
  publicUrl: string;
  /**
   * Deterministic seed size of every sandbox account. `customObjects` sizes the object each fake serves beyond
   * contacts and companies (for passthrough schemas): HubSpot's custom object `cars`, Salesforce's `Vehicle__c`
   * and Pipedrive's deals. `deals` sizes the deals of the fakes that serve them as `crm-deal` (Salesforce's
   * opportunities, Pipedrive's deals, which `customObjects` sizes when `deals` is not given; HubSpot's deals, tickets
   * and activities of each kind). @defaultValue `{ contacts: 1000, companies: 200, customObjects: 120, deals: 200 }`
   */
  seed?: { contacts?: number; companies?: number; customObjects?: number; deals?: number };
  /** Per-account HubSpot rolling-window limit; null disables enforcement (headers are still sent). @defaultValue `{ max: 100, intervalMs: 10_000 }` (HubSpot's limit for OAuth apps) */
  hubspotRateLimit?: { max: number; intervalMs: number } | null;
  /** Per-account limit of the HubSpot search endpoints; null disables it. @defaultValue `{ max: 5, intervalMs: 1_000 }` (HubSpot: 5 search requests per second) */
  hubspotSearchRateLimit?: { max: number; intervalMs: number } | null;
  /** Access-token lifetime in seconds. @defaultValue 1800, like HubSpot */
  tokenLifetimeSeconds?: number;
  /** Added latency per API request in ms (not for the OAuth pages). @defaultValue 0 */
  latencyMs?: number;
  /** OAuth clients the fake accepts. @defaultValue one client `{ clientId: 'weft-sandbox-hubspot', clientSecret: 'weft-sandbox-hubspot-secret' }` */
  hubspotClients?: HubSpotClientConfig[];
  /** Clock in epoch milliseconds, for tests. @defaultValue Date.now */
  now?: () => number;
  /**
   * Whether the fakes enforce their provider's rate limits (HubSpot's window is `hubspotRateLimit`). With false,
   * no fake refuses for rate; headers are still sent. @defaultValue true
   */
  rateLimits?: boolean;
  /**
   * The control API's bearer token (`/_sandbox` of every fake needs `authorization: Bearer <token>`); without one (the
   * default) the control API is off: its paths answer 404 like any unknown path. @defaultValue null
   */
  controlToken?: string | null;
  /** Most records one account may gain by writes (seed records do not count); null: no cap. @defaultValue 10000 */
  maxWritesPerAccount?: number | null;
  /** Most accounts the sandbox's pages create for names typed there; null: no cap. @defaultValue 1000 */
  maxAccounts?: number | null;
  /** Pipedrive options beyond the shared ones (seed, latency and rate limits come from above unless given here). */
  pipedrive?: Partial<Omit<PipedriveSandboxOptions, 'publicUrl'>>;
  /** Attio options beyond the shared ones (seed, latency and rate limits come from above unless given here). */
  attio?: Partial<Omit<AttioSandboxOptions, 'publicUrl'>>;
  /** Copper options beyond the shared ones (seed, latency and the rate limit come from above unless given here). */
  copper?: Partial<Omit<CopperSandboxOptions, 'publicUrl'>>;
  /** Salesforce options beyond the shared ones (seed, latency and the daily limit come from above unless given here). */
  salesforce?: Partial<Omit<SalesforceSandboxOptions, 'publicUrl'>>;
  /** Freshsales options beyond the shared ones (seed, latency and the hourly limit come from above unless given here). */
  freshsales?: Partial<Omit<FreshsalesSandboxOptions, 'publicUrl'>>;
  /** Freshdesk options beyond the shared ones (seed, latency and the per-minute limit come from above unless given here). */
  freshdesk?: Partial<Omit<FreshdeskSandboxOptions, 'publicUrl'>>;
  /** Zoho CRM options beyond the shared ones (seed, latency and the credit limits come from above unless given here). */
  zoho?: Partial<Omit<ZohoSandboxOptions, 'publicUrl'>>;
  /** Close options beyond the shared ones (seed, latency and the per-key limit come from above unless given here). */
  close?: Partial<Omit<CloseSandboxOptions, 'publicUrl'>>;
  /** Dataverse options beyond the shared ones (seed, latency and the service protection limits come from above unless given here). */
  dynamics?: Partial<Omit<DynamicsSandboxOptions, 'publicUrl'>>;
  shopify?: ShopifySandboxOptions;
  /** QuickBooks Online options beyond the shared ones (customers, vendors and invoices from `seed` unless given here). */
  quickbooks?: Partial<Omit<QuickBooksSandboxOptions, 'publicUrl'>>;
  /** WooCommerce options beyond the shared ones (latency comes from above unless given here; seeds are its own). */
  woocommerce?: Partial<Omit<WooCommerceSandboxOptions, 'publicUrl'>>;
  /** BigCommerce options beyond the shared ones (latency comes from above unless given here; seeds are its own). */
  bigcommerce?: Partial<Omit<BigCommerceSandboxOptions, 'publicUrl'>>;
  /** Xero options beyond the shared ones (contacts and invoices from `seed` unless given here). */
  xero?: Partial<Omit<XeroSandboxOptions, 'publicUrl'>>;
  /** Zendesk options beyond the shared ones (end users, organizations and tickets from `seed` unless given here). */
  zendesk?: Partial<Omit<ZendeskSandboxOptions, 'publicUrl'>>;
  /** Asana options beyond the shared ones (tasks from `seed.deals` unless given here). */
  asana?: Partial<Omit<AsanaSandboxOptions, 'publicUrl'>>;
  /** Todoist options beyond the shared ones (its seed sizes are its own). */
  todoist?: Partial<Omit<TodoistSandboxOptions, 'publicUrl'>>;
  /** Typeform options beyond the shared ones (responses from `seed.contacts` unless given here). */
  typeform?: Partial<Omit<TypeformSandboxOptions, 'publicUrl'>>;
  /** Slack options beyond the shared ones (its seed sizes are its own). */
  slack?: Partial<Omit<SlackSandboxOptions, 'publicUrl'>>;
  /** Mailchimp options beyond the shared ones (its seed sizes are its own). */
  mailchimp?: Partial<Omit<MailchimpSandboxOptions, 'publicUrl'>>;
  /**
   * SQLite file that keeps the sandbox's state across restarts (accounts, tokens, every record write; created with
   * mode 0600). Without it the state lives in memory only. A file must be reopened with the same seed sizes.
   */
  dataFile?: string;
}

/** A sandbox: a Fastify plugin plus in-process access to its state. */
export interface Sandbox {
  /** Fastify plugin; the app registers it with `{ prefix: '/sandbox' }` (it works under any prefix). */
  plugin: FastifyPluginAsync;
  /** In-process access for tests: accounts, records, counters, faults, tokens. */
  hubspot: HubSpotSandbox;
  /** The Pipedrive fake, at `${publicUrl}/pipedrive`. */
  pipedrive: PipedriveSandbox;
  /** The Salesforce fake (login host and instance), at `${publicUrl}/salesforce`. */
  salesforce: SalesforceSandbox;
  /** The Attio fake, at `${publicUrl}/attio`. */
  attio: AttioSandbox;
  /** The Freshsales fake (API-key accounts), at `${publicUrl}/freshsales`. */
  freshsales: FreshsalesSandbox;
  /** The Freshdesk fake (API-key help desks), at `${publicUrl}/freshdesk`. */
  freshdesk: FreshdeskSandbox;
  /** The Copper fake, at `${publicUrl}/copper`. */
  copper: CopperSandbox;
  /** The Zoho CRM fake (accounts servers and API domains of its data centres), at `${publicUrl}/zoho`. */
  zoho: ZohoSandbox;
  /** The Close fake (API-key organizations), at `${publicUrl}/close`. */
  closeCrm: CloseSandbox;
  /** The Dataverse fake (Microsoft identity platform OAuth and the Web API), at `${publicUrl}/dynamics`. */
  dynamics: DynamicsSandbox;
  /** The Shopify fake (OAuth per shop and the GraphQL Admin API), at `${publicUrl}/shopify`. */
  shopify: ShopifySandbox;
  /** The QuickBooks Online fake (Intuit OAuth and each company's Accounting API), at `${publicUrl}/quickbooks`. */
  quickbooks: QuickBooksSandbox;
  /** The WooCommerce fake (stores with consumer keys), at `${publicUrl}/woocommerce`. */
  woocommerce: WooCommerceSandbox;
  /** The BigCommerce fake (stores with API account tokens), at `${publicUrl}/bigcommerce`. */
  bigcommerce: BigCommerceSandbox;
  /** The Xero fake (Xero OAuth, connections and each organisation's Accounting API), at `${publicUrl}/xero`. */
  xero: XeroSandbox;
  /** The Zendesk Support fake (OAuth clients and API tokens), at `${publicUrl}/zendesk`. */
  zendesk: ZendeskSandbox;
  /** The Asana fake (OAuth apps and personal access tokens), at `${publicUrl}/asana`. */
  asana: AsanaSandbox;
  /** The Todoist fake (OAuth apps and personal API tokens), at `${publicUrl}/todoist`. */
  todoist: TodoistSandbox;
  /** The Typeform fake (OAuth apps and personal access tokens), at `${publicUrl}/typeform`. */
  typeform: TypeformSandbox;
  /** The Slack fake (an app's OAuth v2 install and bot tokens), at `${publicUrl}/slack`. */
  slack: SlackSandbox;
  /** The Mailchimp fake (OAuth apps and API keys), at `${publicUrl}/mailchimp`. */
  mailchimp: MailchimpSandbox;
  /** Closes the state file (`dataFile`), if any; call it after the server stopped. Idempotent. */
  close(): void;
}

/** Seed records of each fake's extra object (HubSpot cars, Salesforce Vehicle__c, Pipedrive deals) by default. */
export const DEFAULT_SEED_CUSTOM_OBJECTS = 120;

function nonNegativeInteger(value: number | undefined, fallback: number, name: string): number {
  const result = value ?? fallback;
  if (!Number.isInteger(result) || result < 0) throw new Error(`Sandbox option ${name} must be a non-negative integer`);
  return result;
}

/** Custom-object seed records: at most {@link MAX_SEED_VEHICLES} (seed VINs carry the index in their serial). */
function seedVehicles(value: number | undefined, name: string): number {
  const count = nonNegativeInteger(value, DEFAULT_SEED_CUSTOM_OBJECTS, name);
  if (count > MAX_SEED_VEHICLES) throw new Error(`Sandbox option ${name} must be at most ${MAX_SEED_VEHICLES}`);
  return count;
}

function rateLimitOption(
  value: { max: number; intervalMs: number } | null | undefined,
  fallback: { max: number; intervalMs: number },
  name: string,
): { max: number; intervalMs: number } | null {
  if (value === null) return null;
  const limit = value ?? fallback;
  if (!(limit.max >= 1) || !(limit.intervalMs >= 1)) throw new Error(`Sandbox option ${name} needs max >= 1 and intervalMs >= 1`);
  return { max: limit.max, intervalMs: limit.intervalMs };
}

/** Builds a sandbox whose public URL is read lazily (it may be known only after listen). */
function buildSandbox(opts: Omit<SandboxOptions, 'publicUrl'>, publicUrl: () => string): Sandbox {
  const clients = (opts.hubspotClients ?? [DEFAULT_HUBSPOT_CLIENT]).map((client) => ({ ...client }));
  if (clients.length === 0) throw new Error('Sandbox option hubspotClients must not be empty');
  const file = opts.dataFile === undefined ? undefined : new SandboxFile(opts.dataFile);
  try {
    return buildWith(opts, publicUrl, clients, file);
  } catch (error) {
    file?.close();
    throw error;
  }
}

function buildWith(
  opts: Omit<SandboxOptions, 'publicUrl'>,
  publicUrl: () => string,
  clients: HubSpotClientConfig[],
  file: SandboxFile | undefined,
): Sandbox {
  const service = new HubSpotService({
    baseUrl: () => `${publicUrl().replace(/\/+$/, '')}/${HUBSPOT_ENDPOINTS.mount}`,
    seed: {
      contacts: nonNegativeInteger(opts.seed?.contacts, 1000, 'seed.contacts'),
      companies: nonNegativeInteger(opts.seed?.companies, 200, 'seed.companies'),
      cars: seedVehicles(opts.seed?.customObjects, 'seed.customObjects'),
      deals: nonNegativeInteger(opts.seed?.deals, DEFAULT_SEED_DEALS, 'seed.deals'),
    },
    // `rateLimits: false` turns the providers' default limits off; a limit given explicitly still applies.
    rateLimit:
      opts.rateLimits === false && opts.hubspotRateLimit === undefined
        ? null
        : rateLimitOption(opts.hubspotRateLimit, DEFAULT_RATE_LIMIT, 'hubspotRateLimit'),
    searchRateLimit:
      opts.rateLimits === false && opts.hubspotSearchRateLimit === undefined
        ? null
        : rateLimitOption(opts.hubspotSearchRateLimit, DEFAULT_SEARCH_RATE_LIMIT, 'hubspotSearchRateLimit'),
    tokenLifetimeSeconds: nonNegativeInteger(opts.tokenLifetimeSeconds, 1800, 'tokenLifetimeSeconds'),
    latencyMs: nonNegativeInteger(opts.latencyMs, 0, 'latencyMs'),
    clients,
    maxWritesPerAccount: capOption(opts.maxWritesPerAccount, DEFAULT_MAX_WRITES_PER_ACCOUNT, 'maxWritesPerAccount'),
    maxAccounts: capOption(opts.maxAccounts, DEFAULT_MAX_ACCOUNTS, 'maxAccounts'),
    now: opts.now ?? Date.now,
    ...(file ? { journal: file.provider('hubspot') } : {}),
  });
  const controlToken = opts.controlToken ?? null;
  const hubspot = hubspotPlugin(service, controlToken);
  const limits = opts.rateLimits !== false;
  const pipedrive = createPipedriveSandboxWithUrl(
    {
      seed: {
        persons: opts.seed?.contacts ?? 1000,
        organizations: opts.seed?.companies ?? 200,
        ...((opts.seed?.deals ?? opts.seed?.customObjects) === undefined ? {} : { deals: opts.seed?.deals ?? opts.seed?.customObjects }),
      },
      ...(limits ? {} : { burstLimit: null }),
      ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      ...(file ? { journal: file.provider('pipedrive') } : {}),
      controlToken,
      ...(opts.maxWritesPerAccount !== undefined ? { maxWritesPerAccount: opts.maxWritesPerAccount } : {}),
      ...(opts.maxAccounts !== undefined ? { maxAccounts: opts.maxAccounts } : {}),
      ...opts.pipedrive,
    },
    publicUrl,
  );
  const salesforce = buildSalesforceSandbox(
    {
      seed: {
        contacts: opts.seed?.contacts ?? 1000,
        accounts: opts.seed?.companies ?? 200,
        ...(opts.seed?.customObjects === undefined ? {} : { vehicles: opts.seed.customObjects }),
        ...(opts.seed?.deals === undefined ? {} : { opportunities: opts.seed.deals }),
      },
      ...(limits ? {} : { dailyApiLimit: null }),
      ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      ...(file ? { journal: file.provider('salesforce') } : {}),
      controlToken,
      ...(opts.maxWritesPerAccount !== undefined ? { maxWritesPerAccount: opts.maxWritesPerAccount } : {}),
      ...(opts.maxAccounts !== undefined ? { maxAccounts: opts.maxAccounts } : {}),
      ...opts.salesforce,
    },
    publicUrl,
  );
  const zoho = createZohoSandboxWithUrl(
    {
      seed: {
        contacts: opts.seed?.contacts ?? 1000,
        companies: opts.seed?.companies ?? 200,
        ...(opts.seed?.deals === undefined ? {} : { deals: opts.seed.deals }),
      },
      ...(limits ? {} : { credits: null, concurrency: null }),
      ...(file ? { journal: file.provider('zoho') } : {}),
      ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.maxAccounts !== undefined ? { maxAccounts: opts.maxAccounts } : {}),
      controlToken,
      ...opts.zoho,
    },
    publicUrl,
  );
  const attio = createAttioSandboxWithUrl(
    {
      seed: {
        people: opts.seed?.contacts ?? 1000,
        companies: opts.seed?.companies ?? 200,
        ...((opts.seed?.deals ?? opts.seed?.customObjects) === undefined ? {} : { deals: opts.seed?.deals ?? opts.seed?.customObjects }),
        ...(opts.seed?.customObjects === undefined ? {} : { vehicles: opts.seed.customObjects }),
      },
      ...(limits ? {} : { rateLimits: null }),
      ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      ...(file ? { journal: file.provider('attio') } : {}),
      controlToken,
      ...(opts.maxWritesPerAccount !== undefined ? { maxWritesPerAccount: opts.maxWritesPerAccount } : {}),
      ...(opts.maxAccounts !== undefined ? { maxAccounts: opts.maxAccounts } : {}),
      ...opts.attio,
    },
    publicUrl,
  );
  const freshsales = createFreshsalesSandboxWithUrl(
    {
      ...(limits ? {} : { hourlyLimit: null }),
      ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      ...(file ? { journal: file.provider('freshsales') } : {}),
      controlToken,
      ...(opts.maxWritesPerAccount !== undefined ? { maxWritesPerAccount: opts.maxWritesPerAccount } : {}),
      ...(opts.maxAccounts !== undefined ? { maxAccounts: opts.maxAccounts } : {}),
      ...opts.freshsales,
      // The shared sizes, with Freshsales' own over them.
      seed: {
        contacts: opts.seed?.contacts ?? 1000,
        sales_accounts: opts.seed?.companies ?? 200,
        ...(opts.seed?.deals === undefined ? {} : { deals: opts.seed.deals }),
        ...opts.freshsales?.seed,
      },
    },
    publicUrl,
  );
  const freshdesk = createFreshdeskSandboxWithUrl(
    {
      ...(limits ? {} : { minuteLimit: null }),
      ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      ...(file ? { journal: file.provider('freshdesk') } : {}),
      controlToken,
      ...(opts.maxWritesPerAccount !== undefined ? { maxWritesPerAccount: opts.maxWritesPerAccount } : {}),
      ...(opts.maxAccounts !== undefined ? { maxAccounts: opts.maxAccounts } : {}),
      ...opts.freshdesk,
      // The shared sizes, with Freshdesk's own over them.
      seed: {
        contacts: opts.seed?.contacts ?? 1000,
        companies: opts.seed?.companies ?? 200,
        ...opts.freshdesk?.seed,
      },
    },
    publicUrl,
  );
  const copper = createCopperSandboxWithUrl(
    {
      seed: {
        people: opts.seed?.contacts ?? 1000,
        companies: opts.seed?.companies ?? 200,
        ...((opts.seed?.deals ?? opts.seed?.customObjects) === undefined ? {} : { opportunities: opts.seed?.deals ?? opts.seed?.customObjects }),
      },
      ...(limits ? {} : { rateLimit: null }),
      ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      ...(file ? { journal: file.provider('copper') } : {}),
      controlToken,
      ...(opts.maxWritesPerAccount !== undefined ? { maxWritesPerAccount: opts.maxWritesPerAccount } : {}),
      ...(opts.maxAccounts !== undefined ? { maxAccounts: opts.maxAccounts } : {}),
      ...opts.copper,
    },
    publicUrl,
  );
  const dynamics = createDynamicsSandboxWithUrl(
    {
      seed: {
        contacts: opts.seed?.contacts ?? 1000,
        accounts: opts.seed?.companies ?? 200,
        ...(opts.seed?.deals === undefined ? {} : { opportunities: opts.seed.deals }),
      },
      ...(limits ? {} : { requests: null, concurrency: null }),
      ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.maxAccounts !== undefined ? { maxAccounts: opts.maxAccounts } : {}),
      controlToken,
      ...opts.dynamics,
    },
    publicUrl,
  );
  const shopify = createShopifySandboxWithUrl(
    {
      ...(limits ? {} : { bucket: null }),
      controlToken,
      ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      ...opts.shopify,
      // The shared sizes: customers as contacts, products as companies; Shopify's own over them.
      seed: {
        customers: opts.seed?.contacts ?? 1000,
        products: opts.seed?.companies ?? 200,
        orders: opts.seed?.deals ?? opts.seed?.companies ?? 200,
        ...opts.shopify?.seed,
      },
    },
    publicUrl,
  );
  const closeCrm = createCloseSandboxWithUrl(
    {
      ...(limits ? {} : { rateLimit: null }),
      ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      ...(file ? { journal: file.provider('close') } : {}),
      controlToken,
      ...(opts.maxWritesPerAccount !== undefined ? { maxWritesPerAccount: opts.maxWritesPerAccount } : {}),
      ...(opts.maxAccounts !== undefined ? { maxAccounts: opts.maxAccounts } : {}),
      ...opts.close,
      // The shared sizes, with Close's own over them.
      seed: {
        contacts: opts.seed?.contacts ?? 1000,
        leads: opts.seed?.companies ?? 200,
        ...(opts.seed?.deals === undefined ? {} : { opportunities: opts.seed.deals }),
        ...opts.close?.seed,
      },
    },
    publicUrl,
  );
  const quickbooks = createQuickBooksSandboxWithUrl(
    {
      ...(limits ? {} : { perMinute: null, concurrency: null }),
      ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.maxAccounts !== undefined ? { maxAccounts: opts.maxAccounts } : {}),
      controlToken,
      ...opts.quickbooks,
      seed: {
        customers: opts.seed?.contacts ?? 1000,
        vendors: opts.seed?.companies ?? 200,
        ...(opts.seed?.deals === undefined ? {} : { invoices: opts.seed.deals }),
        ...opts.quickbooks?.seed,
      },
    },
    publicUrl,
  );
  const woocommerce = createWooCommerceSandboxWithUrl(
    {
      // WooCommerce sets no limit; with the sandbox's limits on, the fake stands for a host's limiter (10 a second).
      rateLimit: limits ? { max: 10, windowMs: 1000 } : null,
      ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      controlToken,
      ...(opts.maxWritesPerAccount !== undefined ? { maxWritesPerAccount: opts.maxWritesPerAccount } : {}),
      ...(opts.maxAccounts !== undefined ? { maxAccounts: opts.maxAccounts } : {}),
      ...opts.woocommerce,
    },
    publicUrl,
  );
  const bigcommerce = createBigCommerceSandboxWithUrl(
    {
      // With the sandbox's limits on, BigCommerce's quota scaled down (20 per 2 s instead of 150 per 30 s), so that the
      // tests see Weft keep to what the headers say within seconds.
      rateLimit: limits ? { max: 20, windowMs: 2000 } : null,
      ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      controlToken,
      ...(opts.maxWritesPerAccount !== undefined ? { maxWritesPerAccount: opts.maxWritesPerAccount } : {}),
      ...(opts.maxAccounts !== undefined ? { maxAccounts: opts.maxAccounts } : {}),
      ...opts.bigcommerce,
    },
    publicUrl,
  );
  const xero = createXeroSandboxWithUrl(
    {
      ...(limits ? {} : { perMinute: null, concurrency: null, perDay: null }),
      ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.maxAccounts !== undefined ? { maxAccounts: opts.maxAccounts } : {}),
      controlToken,
      ...opts.xero,
      seed: {
        contacts: opts.seed?.contacts ?? 500,
        ...(opts.seed?.deals === undefined ? {} : { invoices: opts.seed.deals }),
        ...opts.xero?.seed,
      },
    },
    publicUrl,
  );
  const zendesk = createZendeskSandboxWithUrl(
    {
      ...(limits ? {} : { rateLimit: null }),
      ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      ...(file ? { journal: file.provider('zendesk') } : {}),
      controlToken,
      ...(opts.maxWritesPerAccount !== undefined ? { maxWritesPerAccount: opts.maxWritesPerAccount } : {}),
      ...(opts.maxAccounts !== undefined ? { maxAccounts: opts.maxAccounts } : {}),
      ...opts.zendesk,
      // The shared sizes: contacts as end users, companies as organizations, deals as tickets; Zendesk's own over them.
      seed: {
        ...(opts.seed?.contacts === undefined ? {} : { users: opts.seed.contacts }),
        ...(opts.seed?.companies === undefined ? {} : { organizations: opts.seed.companies }),
        ...(opts.seed?.deals === undefined ? {} : { tickets: opts.seed.deals }),
        ...opts.zendesk?.seed,
      },
    },
    publicUrl,
  );
  const asana = createAsanaSandboxWithUrl(
    {
      ...(limits ? {} : { rateLimit: null }),
      ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      ...(file ? { journal: file.provider('asana') } : {}),
      controlToken,
      ...(opts.maxWritesPerAccount !== undefined ? { maxWritesPerAccount: opts.maxWritesPerAccount } : {}),
      ...(opts.maxAccounts !== undefined ? { maxAccounts: opts.maxAccounts } : {}),
      ...opts.asana,
      // The shared sizes: deals as tasks; Asana's own over them.
      seed: { ...(opts.seed?.deals === undefined ? {} : { tasks: opts.seed.deals }), ...opts.asana?.seed },
    },
    publicUrl,
  );
  const todoist = createTodoistSandboxWithUrl(
    {
      ...(limits ? {} : { rateLimit: null }),
      ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      ...(file ? { journal: file.provider('todoist') } : {}),
      controlToken,
      ...(opts.maxWritesPerAccount !== undefined ? { maxWritesPerAccount: opts.maxWritesPerAccount } : {}),
      ...(opts.maxAccounts !== undefined ? { maxAccounts: opts.maxAccounts } : {}),
      // Todoist's own seed sizes (a person's projects, collaborators and tasks are few, whatever the shared sizes).
      ...opts.todoist,
    },
    publicUrl,
  );
  const typeform = createTypeformSandboxWithUrl(
    {
      ...(limits ? {} : { rateLimit: null }),
      ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      ...(file ? { journal: file.provider('typeform') } : {}),
      controlToken,
      ...(opts.maxWritesPerAccount !== undefined ? { maxWritesPerAccount: opts.maxWritesPerAccount } : {}),
      ...(opts.maxAccounts !== undefined ? { maxAccounts: opts.maxAccounts } : {}),
      ...opts.typeform,
      // The shared sizes: contacts as responses; Typeform's own over them.
      seed: { ...(opts.seed?.contacts === undefined ? {} : { responses: opts.seed.contacts }), ...opts.typeform?.seed },
    },
    publicUrl,
  );
  const slack = createSlackSandboxWithUrl(
    {
      ...(limits ? {} : { rateLimit: null }),
      ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      ...(file ? { journal: file.provider('slack') } : {}),
      controlToken,
      ...(opts.maxWritesPerAccount !== undefined ? { maxWritesPerAccount: opts.maxWritesPerAccount } : {}),
      ...(opts.maxAccounts !== undefined ? { maxAccounts: opts.maxAccounts } : {}),
      // Slack's own seed sizes (a workspace's people, channels and messages).
      ...opts.slack,
    },
    publicUrl,
  );
  const mailchimp = createMailchimpSandboxWithUrl(
    {
      ...(limits ? {} : { concurrency: null }),
      ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      ...(file ? { journal: file.provider('mailchimp') } : {}),
      controlToken,
      ...(opts.maxWritesPerAccount !== undefined ? { maxWritesPerAccount: opts.maxWritesPerAccount } : {}),
      ...(opts.maxAccounts !== undefined ? { maxAccounts: opts.maxAccounts } : {}),
      // Mailchimp's own seed sizes (a few audiences and their members).
      ...opts.mailchimp,
    },
    publicUrl,
  );
  const plugin: FastifyPluginAsync = async (fastify) => {
    await fastify.register(hubspot, { prefix: `/${HUBSPOT_ENDPOINTS.mount}` });
    await fastify.register(pipedrive.plugin, { prefix: `/${PIPEDRIVE_ENDPOINTS.mount}` });
    await fastify.register(salesforce.plugin, { prefix: `/${SALESFORCE_ENDPOINTS.mount}` });
    await fastify.register(attio.plugin, { prefix: `/${ATTIO_ENDPOINTS.mount}` });
    await fastify.register(freshsales.plugin, { prefix: `/${FRESHSALES_ENDPOINTS.mount}` });
    await fastify.register(freshdesk.plugin, { prefix: `/${FRESHDESK_ENDPOINTS.mount}` });
    await fastify.register(copper.plugin, { prefix: `/${COPPER_ENDPOINTS.mount}` });
    await fastify.register(zoho.plugin, { prefix: `/${ZOHO_ENDPOINTS.mount}` });
    await fastify.register(closeCrm.plugin, { prefix: `/${CLOSE_ENDPOINTS.mount}` });
    await fastify.register(dynamics.plugin, { prefix: `/${DYNAMICS_ENDPOINTS.mount}` });
    await fastify.register(shopify.plugin, { prefix: `/${SHOPIFY_ENDPOINTS.mount}` });
    await fastify.register(quickbooks.plugin, { prefix: `/${QUICKBOOKS_ENDPOINTS.mount}` });
    await fastify.register(woocommerce.plugin, { prefix: `/${WOOCOMMERCE_ENDPOINTS.mount}` });
    await fastify.register(bigcommerce.plugin, { prefix: `/${BIGCOMMERCE_ENDPOINTS.mount}` });
    await fastify.register(xero.plugin, { prefix: `/${XERO_ENDPOINTS.mount}` });
    await fastify.register(zendesk.plugin, { prefix: `/${ZENDESK_ENDPOINTS.mount}` });
    await fastify.register(asana.plugin, { prefix: `/${ASANA_ENDPOINTS.mount}` });
    await fastify.register(todoist.plugin, { prefix: `/${TODOIST_ENDPOINTS.mount}` });
    await fastify.register(typeform.plugin, { prefix: `/${TYPEFORM_ENDPOINTS.mount}` });
    await fastify.register(slack.plugin, { prefix: `/${SLACK_ENDPOINTS.mount}` });
    await fastify.register(mailchimp.plugin, { prefix: `/${MAILCHIMP_ENDPOINTS.mount}` });
  };
  return {
    plugin,
    hubspot: sandboxHandle(service),
    pipedrive: pipedrive.pipedrive,
    salesforce: salesforce.salesforce,
    attio: attio.attio,
    freshsales: freshsales.freshsales,
    freshdesk: freshdesk.freshdesk,
    copper: copper.copper,
    zoho: zoho.zoho,
    closeCrm: closeCrm.close,
    dynamics: dynamics.dynamics,
    shopify: shopify.shopify,
    quickbooks: quickbooks.quickbooks,
    woocommerce: woocommerce.woocommerce,
    bigcommerce: bigcommerce.bigcommerce,
    xero: xero.xero,
    zendesk: zendesk.zendesk,
    asana: asana.asana,
    todoist: todoist.todoist,
    typeform: typeform.typeform,
    slack: slack.slack,
    mailchimp: mailchimp.mailchimp,
    close: () => file?.close(),
  };
}

/**
 * Creates a sandbox. Nothing is generated up front: accounts appear on first use
 * and their seed records are computed on demand.
 * @throws Error for invalid options
 */
export function createSandbox(opts: SandboxOptions): Sandbox {
  let publicUrl: string;
  try {
    publicUrl = new URL(opts.publicUrl).href.replace(/\/+$/, '');
  } catch (error) {
    throw new Error(`Sandbox option publicUrl must be an absolute URL: ${String(opts.publicUrl)}`, { cause: error });
  }
  const { publicUrl: _ignored, ...rest } = opts;
  return buildSandbox(rest, () => publicUrl);
}

/** Options of {@link startSandboxServer}. */
export type SandboxServerOptions = Omit<SandboxOptions, 'publicUrl'> & {
  /** Port to listen on; 0 picks a free one. @defaultValue 0 */
  port?: number;
  /** Interface to listen on. @defaultValue "127.0.0.1" */
  host?: string;
};

/** A running stand-alone sandbox server. */
export interface SandboxServer {
  /** Base URL of the sandbox, e.g. "http://127.0.0.1:40123/sandbox"; HubSpot is at `${url}/hubspot`. */
  url: string;
  sandbox: Sandbox;
  close(): Promise<void>;
}

/**
 * Runs a sandbox on its own Fastify server, mounted at `/sandbox` (for
 * benchmarks and tests in other processes).
 */
export async function startSandboxServer(opts: SandboxServerOptions = {}): Promise<SandboxServer> {
  const { port = 0, host = '127.0.0.1', ...sandboxOptions } = opts;
  let url = '';
  const sandbox = buildSandbox(sandboxOptions, () => url);
  const app = Fastify({ logger: false });
  try {
    await app.register(sandbox.plugin, { prefix: '/sandbox' });
    await app.listen({ host, port });
  } catch (error) {
    sandbox.close();
    throw error;
  }
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) {
    await app.close();
    sandbox.close();
    throw new Error('The sandbox server did not report a TCP address');
  }
  const shownHost = host.includes(':') ? `[${host}]` : host;
  url = `http://${shownHost}:${address.port}/sandbox`;
  return {
    url,
    sandbox,
    close: async () => {
      await app.close();
      sandbox.close();
    },
  };
}
