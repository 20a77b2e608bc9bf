/**
 * A faithful local fake of WooCommerce's REST API v3 (`/wp-json/wc/v3`): stores, each with a consumer key and secret,
 * seeded lazily with customers, product categories, simple and variable products with their variations, and orders;
 * HTTP Basic or OAuth 1.0a one-legged signatures; `page`/`per_page` paging with WooCommerce's headers; batches; the
 * trash; an optional request window (WooCommerce sets none; a host may); served at `${publicUrl}/woocommerce`. See
 * ../README.md ("WooCommerce").
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

import { AccountRegistry } from '../shared/account-registry.js';
import { registerApiTokenPage } from '../shared/api-token-page.js';
import { ensureFormParser, lenientJsonParser } from '../shared/body-parsers.js';
import { requireControlToken } from '../shared/control-auth.js';
import { ControlError, registerControlApi } from '../shared/control-routes.js';
import type { CounterSnapshot } from '../shared/counters.js';
import { RequestCounters } from '../shared/counters.js';
import { type FakeOptions, fakeSettings } from '../shared/fake-options.js';
import { type FaultSpec, registerGuardHooks } from '../shared/faults.js';
import { securePages } from '../shared/page-headers.js';
import { requestStates } from '../shared/request-state.js';
import { seedSizesOption, windowOption } from '../shared/sandbox-options.js';
import { serveFault } from '../shared/serve-fault.js';
import { ANY_METHOD } from '../shared/unknown-routes.js';
import { authenticate } from './auth.js';
import { WOOCOMMERCE_ENDPOINTS } from './endpoints.js';
import { NO_ROUTE, WooError } from './errors.js';
import { API, registerApiRoutes } from './routes.js';
import type { Json, SeedCounts } from './seed.js';
import { type Resource, WooStore } from './store.js';

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

/** A store's in-process handle, for tests. */
export interface WooCommerceStoreHandle {
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
  counters(): CounterSnapshot;
  resetCounters(): void;
  injectFault(spec: FaultSpec): void;
  clearFaults(): void;
  pendingFaults(): number;
  reset(): void;
  expireAccessTokens(): number;
  issueTokens(): unknown;
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

function handleOf(store: WooStore, reset: () => void): WooCommerceStoreHandle {
  const find = (resource: Resource, id: number | string) => store.records(resource).byId.get(Number(id));
  return {
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
    counters: () => store.counters.snapshot(),
    resetCounters: () => {
      store.counters.reset();
      store.listQueries.length = 0;
    },
    injectFault: (spec) => store.faults.enqueue(spec),
    clearFaults: () => store.faults.clear(),
    pendingFaults: () => store.faults.pending(),
    reset,
    expireAccessTokens: () => 0,
    issueTokens: () => {
      throw new ControlError(400, 'WooCommerce stores use consumer keys, not OAuth tokens');
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
  const settings = {
    seed: seedSizesOption(P, opts.seed, { customers: 200, products: 60, orders: 150 }),
    rateLimit: { max: window.max, windowMs: window.windowMs, enforce: !!opts.rateLimit },
    now: common.now,
    maxWrites: common.maxWritesPerAccount ?? null,
  };
  const byKey = new Map<string, WooStore>();
  const unattributed = new RequestCounters();
  const accounts: AccountRegistry<WooStore> = new AccountRegistry(
    (key) => {
      const store = new WooStore(key, settings);
      byKey.set(store.consumerKey, store);
      return store;
    },
    undefined,
    common.maxAccounts ?? null,
  );
  const handle = (name: string): WooCommerceStoreHandle => {
    const store = accounts.get(name);
    return handleOf(store, () => store.reset());
  };
  const storeByKey = (key: string) => byKey.get(key);
  return {
    plugin: wooPlugin(
      { storeByKey, accounts, handle, unattributed, settings, baseUrl: common.baseUrl, latencyMs: common.latencyMs },
      opts.controlToken ?? null,
    ),
    woocommerce: {
      store: handle,
      unattributedCounters: () => unattributed.snapshot(),
      get baseUrl() {
        return common.baseUrl();
      },
    },
  };
}

interface PluginDeps {
  storeByKey: (key: string) => WooStore | undefined;
  accounts: AccountRegistry<WooStore>;
  handle: (name: string) => WooCommerceStoreHandle;
  unattributed: RequestCounters;
  settings: { rateLimit: { max: number; windowMs: number; enforce: boolean }; seed: SeedCounts; now: () => number };
  baseUrl: () => string;
  latencyMs: number;
}

const asWooError = (e: unknown) => (e instanceof WooError ? e : undefined);

function wooPlugin(deps: PluginDeps, controlToken: string | null): FastifyPluginAsync {
  const { stateOf, accountOf } = requestStates<WooStore>(P);
  const limit = deps.settings.rateLimit;
  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (deps.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, deps.latencyMs));
    const found = authenticate(request, deps.storeByKey, deps.settings.now());
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
      found.faults.take(),
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
        apiBase: () => `${deps.baseUrl()}${API}`,
        open: (name) => {
          const store = deps.accounts.open(name);
          if (store === undefined) return { error: deps.accounts.limitMessage };
          return { token: store.consumerKey, detail: { label: 'consumer secret', value: store.consumerSecret } };
        },
      });
    });
    await fastify.register(async (api) => {
      lenientJsonParser(api, () => new WooError(400, 'rest_invalid_json', 'Invalid JSON body passed.'));
      registerGuardHooks(api, guard, (request) => {
        const state = stateOf(request);
        return { counters: state.account?.counters ?? deps.unattributed, kind: state.kind, outcome: state.outcome };
      });
      api.setErrorHandler(async (error, _request, reply) => {
        const woo = asWooError(error);
        if (woo) return reply.code(woo.status).send(woo.body());
        const status = (error as { statusCode?: number }).statusCode;
        if (typeof status === 'number' && status >= 400 && status < 500) {
          return reply.code(status).send({ code: 'rest_invalid_request', message: (error as Error).message, data: { status } });
        }
        throw error;
      });
      registerApiRoutes(api, accountOf);
      api.route({
        method: ANY_METHOD,
        url: '/wp-json/*',
        exposeHeadRoute: false,
        handler: async () => {
          throw NO_ROUTE;
        },
      });
    });
    if (controlToken !== null) {
      await fastify.register(async (control) => {
        requireControlToken(control, controlToken);
        registerControlApi(control, {
          provider: P,
          accountLabel: 'store',
          bases: ['/_sandbox/accounts'],
          info: () => ({
            provider: 'woocommerce',
            baseUrl: deps.baseUrl(),
            accounts: deps.accounts.keys(),
            seed: deps.settings.seed,
            rateLimit: limit,
          }),
          handle: deps.handle,
          summary: (h) => ({
            name: h.name,
            consumerKey: h.consumerKey,
            consumerSecret: h.consumerSecret,
            ...Object.fromEntries((['customers', 'products', 'orders', 'categories', 'variations'] as const).map((r) => [r, h.all(r).length])),
            pendingFaults: h.pendingFaults(),
          }),
          apiError: (error) => {
            const woo = asWooError(error);
            return woo ? { statusCode: woo.status, body: { error: woo.message, woocommerce: woo.body() } } : undefined;
          },
          records: {
            list: (h, type) => h.all(resourceOf(type)),
            create: () => {
              throw new ControlError(400, 'Create WooCommerce records through the REST API');
            },
            get: (h, type, id) => {
              const found = h.find(resourceOf(type), id);
              if (!found) throw new ControlError(404, `No ${type} ${id}`);
              return found;
            },
            update: (h, type, id, body) => h.edit(resourceOf(type), id, body()),
            remove: (h, type, id) => {
              if (!h.remove(resourceOf(type), id)) throw new ControlError(404, `No ${type} ${id}`);
            },
          },
        });
      });
    }
    fastify.route({ method: ANY_METHOD, url: '/*', exposeHeadRoute: false, handler: async (_request, reply) => reply.code(404).send() });
  };
}

function resourceOf(type: string): Resource {
  const r = (['customers', 'products', 'orders', 'categories', 'variations'] as const).find((x) => x === type);
  if (!r) throw new ControlError(404, `Unknown record type ${type} (use customers, products, orders, categories, variations)`);
  return r;
}
