/**
 * A faithful local fake of WooCommerce's REST API v3 (`/wp-json/wc/v3`): stores, each with a consumer key and secret,
 * seeded lazily with customers, product categories, simple and variable products with their variations, and orders;
 * HTTP Basic or OAuth 1.0a one-legged signatures; `page`/`per_page` paging with WooCommerce's headers; batches; the
 * trash; an optional request window (WooCommerce sets none; a host may); served at `${publicUrl}/woocommerce`. See
 * ../README.md ("WooCommerce").
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

import { type AccountControls, apiKeyAccountControls } from '../shared/account-controls.js';
import { ApiKeyFakeService } from '../shared/api-key-accounts.js';
import { registerApiTokenPage } from '../shared/api-token-page.js';
import { ensureFormParser, lenientJsonParser } from '../shared/body-parsers.js';
import { emptyNotFound, throwingCatchAll } from '../shared/catch-all-routes.js';
import { registerControlApi } from '../shared/control-routes.js';
import type { CounterSnapshot } from '../shared/counters.js';
import { registerClientErrorHandler } from '../shared/error-handler.js';
import { type FakeOptions, type FakeSettings, fakeSettings } from '../shared/fake-options.js';
import { registerApiScope, registerControlScope } from '../shared/fake-scopes.js';
import { securePages } from '../shared/page-headers.js';
import { typedControlRecords } from '../shared/records-control.js';
import { requestStates } from '../shared/request-state.js';
import { seedSizesOption, windowOption } from '../shared/sandbox-options.js';
import { serveFault } from '../shared/serve-fault.js';
import { authenticate } from './auth.js';
import { WOOCOMMERCE_ENDPOINTS } from './endpoints.js';
import { NO_ROUTE, WooError } from './errors.js';
import { API, registerApiRoutes } from './routes.js';
import type { Json, SeedCounts } from './seed.js';
import { type Resource, type StoreSettings, WooStore } from './store.js';

export { WOOCOMMERCE_ENDPOINTS } from './endpoints.js';

export interface WooCommerceSandboxOptions extends Omit<FakeOptions<Record<string, never>>, 'clients'> {
  /** Seed records of every store. @defaultValue `{ customers: 200, products: 60, orders: 150 }` */
  seed?: Partial<SeedCounts>;
  /**
   * Requests per consumer key in any trailing window. WooCommerce itself sets no limit (a host or a security plugin
   * may); null (the default): counted, never refused.
   */
  rateLimit?: { max: number; windowMs: number } | null;
}

/** A store's in-process handle, for tests (consumer keys: no tokens to expire or mint). */
export interface WooCommerceStoreHandle extends AccountControls<never> {
  readonly name: string;
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly storeUrl: string;
  /** The records of a resource as the API answers them (trashed ones included). */
  all(resource: Resource): Json[];
  find(resource: Resource, id: number | string): Json | undefined;
  variationsOf(productId: number | string): Json[];
  /** Changes a record behind Weft's back (a merchant's edit in wp-admin): fields merged, modified now. */
  edit(resource: Resource, id: number | string, fields: Json): Json;
  /** Trashes an order or product, or deletes a customer or category for good. */
  remove(resource: Resource, id: number | string): boolean;
  listQueries(): Array<{ path: string; query: Record<string, string> }>;
}

export interface WooCommerceSandbox {
  store(name: string): WooCommerceStoreHandle;
  unattributedCounters(): CounterSnapshot;
  readonly baseUrl: string;
}

export interface WooCommerceSandboxInstance {
  plugin: FastifyPluginAsync;
  woocommerce: WooCommerceSandbox;
}

const P = 'WooCommerce';
const RESOURCES: readonly Resource[] = ['customers', 'products', 'orders', 'categories', 'variations'];

type WooSettings = StoreSettings & Pick<FakeSettings<never>, 'baseUrl' | 'maxAccounts' | 'latencyMs'>;
type WooService = ApiKeyFakeService<WooSettings, WooStore>;

function handleOf(store: WooStore): WooCommerceStoreHandle {
  const find = (resource: Resource, id: number | string) => store.records(resource).byId.get(Number(id));
  return {
    ...apiKeyAccountControls(store, () => store.reset(), 'WooCommerce stores use consumer keys, not OAuth tokens'),
    name: store.name,
    consumerKey: store.consumerKey,
    consumerSecret: store.consumerSecret,
    storeUrl: store.storeUrl,
    all: (resource) => store.records(resource).all(),
    find,
    variationsOf: (id) => store.variationsOf(Number(id)),
    edit(resource, id, fields) {
      const current = find(resource, id);
      if (!current) throw new Error(`No ${resource} ${id} in store ${store.name}`);
      const later = new Date(store.now()).toISOString().slice(0, 19);
      const next = { ...current, ...fields, date_modified: later, date_modified_gmt: later };
      store.records(resource).byId.set(Number(id), next);
      store.records(resource).touch(Number(id), store.now());
      return next;
    },
    remove(resource, id) {
      const current = find(resource, id);
      if (!current) return false;
      if (resource === 'orders' || resource === 'products') {
        this.edit(resource, id, { status: 'trash' });
      } else {
        store.records(resource).byId.delete(Number(id));
      }
      return true;
    },
    listQueries: () => [...store.listQueries],
    resetCounters: () => {
      store.counters.reset();
      store.listQueries.length = 0;
    },
  };
}

/** A WooCommerce sandbox whose root URL is read lazily (a server may know its port only after listen). */
export function createWooCommerceSandboxWithUrl(
  opts: Omit<WooCommerceSandboxOptions, 'publicUrl'>,
  publicUrl: () => string,
): WooCommerceSandboxInstance {
  const common = fakeSettings(P, WOOCOMMERCE_ENDPOINTS.mount, opts, publicUrl, {});
  const window = opts.rateLimit ? windowOption(P, opts.rateLimit, 'rateLimit') : { max: 25, windowMs: 1000 };
  // The stores are not kept in the stored state (no journal).
  const settings: WooSettings = {
    seed: seedSizesOption(P, opts.seed, { customers: 200, products: 60, orders: 150 }),
    rateLimit: { max: window.max, windowMs: window.windowMs, enforce: !!opts.rateLimit },
    now: common.now,
    maxWrites: common.maxWritesPerAccount ?? null,
    baseUrl: common.baseUrl,
    maxAccounts: common.maxAccounts ?? null,
    latencyMs: common.latencyMs,
  };
  const service = new ApiKeyFakeService(
    settings,
    (name) => new WooStore(name, settings),
    (store) => store.consumerKey,
  );
  const handle = (name: string): WooCommerceStoreHandle => handleOf(service.accounts.get(name));
  return {
    plugin: wooPlugin(service, handle, opts.controlToken ?? null),
    woocommerce: {
      store: handle,
      unattributedCounters: () => service.unattributed.snapshot(),
      get baseUrl() {
        return service.baseUrl();
      },
    },
  };
}

function wooPlugin(service: WooService, handle: (name: string) => WooCommerceStoreHandle, controlToken: string | null): FastifyPluginAsync {
  const { stateOf, accountOf } = requestStates<WooStore>(P);
  const limit = service.settings.rateLimit;
  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (service.settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, service.settings.latencyMs));
    const found = authenticate(request, service.byApiKey, service.settings.now());
    if (!(found instanceof WooStore)) return reply.code(401).send(found);
    const state = stateOf(request);
    state.account = found;
    if (limit.enforce && found.usage.used() >= limit.max) {
      state.outcome = 'rate-limited';
      // What a host's limiter in front of WordPress answers: 429 with Retry-After.
      return reply
        .code(429)
        .headers({ 'retry-after': String(Math.ceil(limit.windowMs / 1000)) })
        .send({ code: 'rest_too_many_requests', message: 'Too many requests.', data: { status: 429 } });
    }
    found.usage.add();
    return serveFault(
      request,
      reply,
      found.faults.take(request),
      (status) => ({
        code: status >= 500 ? 'internal_server_error' : 'rest_error',
        message: 'There has been a critical error on this website.',
        data: { status },
      }),
      () => (state.outcome = 'faulted'),
    );
  };
  return async (fastify) => {
    ensureFormParser(fastify);
    securePages(fastify);
    await fastify.register(async (pages) => {
      registerApiTokenPage(pages, {
        provider: P,
        path: WOOCOMMERCE_ENDPOINTS.keyPagePath,
        intro:
          "Every sandbox store has one REST API key, as under WooCommerce → Settings → Advanced → REST API → Add key (Read/Write). Type the store's name to see its consumer key and secret; on the session page any https address names the store (the sandbox serves every store at one address).",
        header: 'Authorization: Basic base64(<consumer key>:<consumer secret>)',
        apiBase: () => `${service.baseUrl()}${API}`,
        accounts: service.accounts,
        show: (store) => ({ token: store.consumerKey, detail: { label: 'consumer secret', value: store.consumerSecret } }),
      });
    });
    await registerApiScope(fastify, {
      stateOf,
      unattributed: service.unattributed,
      guard,
      routes: (api) => {
        lenientJsonParser(api, () => new WooError(400, 'rest_invalid_json', 'Invalid JSON body passed.'));
        registerClientErrorHandler(api, {
          isOwn: (error) => error instanceof WooError,
          send: (reply, _request, error) => reply.code(error.status).send(error.body()),
          clientError: (status, message) => new WooError(status, 'rest_invalid_request', message),
        });
        registerApiRoutes(api, accountOf);
        throwingCatchAll(api, '/wp-json/*', () => NO_ROUTE);
      },
    });
    await registerControlScope(fastify, controlToken, (control) =>
      registerControlApi<WooCommerceStoreHandle>(control, {
        provider: P,
        accountLabel: 'store',
        bases: ['/_sandbox/accounts'],
        info: () => ({
          provider: 'woocommerce',
          baseUrl: service.baseUrl(),
          accounts: service.accounts.keys(),
          seed: service.settings.seed,
          rateLimit: limit,
        }),
        handle,
        summary: (h) => ({
          name: h.name,
          consumerKey: h.consumerKey,
          consumerSecret: h.consumerSecret,
          ...Object.fromEntries(RESOURCES.map((r) => [r, h.all(r).length])),
          pendingFaults: h.pendingFaults(),
        }),
        apiError: (error) =>
          error instanceof WooError ? { statusCode: error.status, body: { error: error.message, woocommerce: error.body() } } : undefined,
        records: typedControlRecords(RESOURCES, 'Create WooCommerce records through the REST API'),
      }),
    );
    emptyNotFound(fastify);
  };
}
