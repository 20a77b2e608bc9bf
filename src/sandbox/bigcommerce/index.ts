/**
 * A faithful local fake of BigCommerce's REST Management API: stores, each with a store hash and an API account's
 * access token, seeded lazily with customers, categories, products with their variants, and orders; `X-Auth-Token`
 * checked against the store of the path (`/stores/{store_hash}/v2|v3/…`); v3 lists with `meta.pagination`, v2 order
 * lists as bare arrays (204 past the end); BigCommerce's quota headers on every answer (`X-Rate-Limit-Requests-Left`,
 * `X-Rate-Limit-Time-Reset-Ms`, …) and 429 when the window's quota is spent (when enforced); v3 `{status, title,
 * type, errors}` and v2 `[{status, message}]` errors. Served at `${publicUrl}/bigcommerce`. See ../README.md
 * ("BigCommerce").
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
import { BIGCOMMERCE_ENDPOINTS } from './endpoints.js';
import { BcError, NOT_FOUND, UNAUTHORIZED } from './errors.js';
import { registerApiRoutes } from './routes.js';
import type { Json, SeedCounts } from './seed.js';
import { BcStore, type Resource, RESOURCES, type StoreSettings } from './store.js';

export { BIGCOMMERCE_ENDPOINTS } from './endpoints.js';

export interface BigCommerceSandboxOptions extends Omit<FakeOptions<Record<string, never>>, 'clients'> {
  /** Seed records of every store. @defaultValue `{ customers: 120, products: 45, orders: 80 }` */
  seed?: Partial<SeedCounts>;
  /**
   * Requests per store in each window, as BigCommerce's quota (Standard and Plus plans: 150 per 30 s). null (the
   * default): an Enterprise plan's quota (7,000,000 per 30 s) said in the headers, never refused.
   */
  rateLimit?: { max: number; windowMs: number } | null;
}

/** A store's in-process handle, for tests (API account tokens: none to expire or mint). */
export interface BigCommerceStoreHandle extends AccountControls<never> {
  readonly name: string;
  readonly storeHash: string;
  readonly accessToken: string;
  /** The records of a resource as the API answers them (customers with their addresses, archived orders too). */
  all(resource: Resource): Json[];
  find(resource: Resource, id: number | string): Json | undefined;
  /** An order's lines and shipping addresses. */
  orderProducts(id: number | string): Json[];
  shippingAddresses(id: number | string): Json[];
  /** Changes a record behind Weft's back (a merchant's edit in the control panel): fields merged, modified now. */
  edit(resource: Resource, id: number | string, fields: Json): Json;
  /** Archives an order, or deletes any other record for good. */
  remove(resource: Resource, id: number | string): boolean;
  listQueries(): Array<{ path: string; query: Record<string, string> }>;
}

export interface BigCommerceSandbox {
  store(name: string): BigCommerceStoreHandle;
  unattributedCounters(): CounterSnapshot;
  readonly baseUrl: string;
}

export interface BigCommerceSandboxInstance {
  plugin: FastifyPluginAsync;
  bigcommerce: BigCommerceSandbox;
}

const P = 'BigCommerce';

type BcSettings = StoreSettings & Pick<FakeSettings<never>, 'maxAccounts' | 'latencyMs'>;
type BcService = ApiKeyFakeService<BcSettings, BcStore>;

function handleOf(store: BcStore): BigCommerceStoreHandle {
  const find = (resource: Resource, id: number | string) => store.find(resource, Number(id));
  return {
    ...apiKeyAccountControls(store, () => store.reset(), 'BigCommerce stores use API account access tokens here, not OAuth'),
    name: store.name,
    storeHash: store.storeHash,
    accessToken: store.accessToken,
    all: (resource) => [...store.records(resource)],
    find,
    orderProducts: (id) => store.seed().orderProducts.get(Number(id)) ?? [],
    shippingAddresses: (id) => store.seed().shippingAddresses.get(Number(id)) ?? [],
    edit(resource, id, fields) {
      const current = find(resource, id);
      if (!current) throw new Error(`No ${resource} ${id} in store ${store.name}`);
      const at = store.now();
      const stamp = resource === 'orders' ? new Date(at).toUTCString().replace('GMT', '+0000') : new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const next = { ...current, ...fields, ...('date_modified' in current ? { date_modified: stamp } : {}) };
      store.replace(resource, next);
      return next;
    },
    remove(resource, id) {
      const current = find(resource, id);
      if (!current) return false;
      if (resource === 'orders') this.edit(resource, id, { is_deleted: true });
      else store.remove(resource, Number(id));
      return true;
    },
    listQueries: () => [...store.listQueries],
    resetCounters: () => {
      store.counters.reset();
      store.listQueries.length = 0;
    },
  };
}

/** A BigCommerce sandbox whose root URL is read lazily (a server may know its port only after listen). */
export function createBigCommerceSandboxWithUrl(
  opts: Omit<BigCommerceSandboxOptions, 'publicUrl'>,
  publicUrl: () => string,
): BigCommerceSandboxInstance {
  const common = fakeSettings(P, BIGCOMMERCE_ENDPOINTS.mount, opts, publicUrl, {});
  // Without a limit the store stands for an Enterprise plan's (millions of requests per 30 s): said, never refused.
  const window = opts.rateLimit ? windowOption(P, opts.rateLimit, 'rateLimit') : { max: 7_000_000, windowMs: 30_000 };
  // The stores are not kept in the stored state (no journal).
  const settings: BcSettings = {
    seed: seedSizesOption(P, opts.seed, { customers: 120, products: 45, orders: 80 }),
    rateLimit: { max: window.max, windowMs: window.windowMs, enforce: !!opts.rateLimit },
    now: common.now,
    maxWrites: common.maxWritesPerAccount ?? null,
    baseUrl: common.baseUrl,
    maxAccounts: common.maxAccounts ?? null,
    latencyMs: common.latencyMs,
  };
  const service = new ApiKeyFakeService(
    settings,
    (name) => new BcStore(name, settings),
    (store) => store.accessToken,
  );
  const handle = (name: string): BigCommerceStoreHandle => handleOf(service.accounts.get(name));
  return {
    plugin: bcPlugin(service, handle, opts.controlToken ?? null),
    bigcommerce: {
      store: handle,
      unattributedCounters: () => service.unattributed.snapshot(),
      get baseUrl() {
        return service.baseUrl();
      },
    },
  };
}

/** The API version of a request's path (`/stores/{hash}/v2/…`), and the store hash it names. */
function pathOf(request: FastifyRequest): { hash: string | undefined; version: 'v2' | 'v3' } {
  const m = /\/stores\/([^/?]+)\/(v2|v3)(?:[/?]|$)/.exec(request.url);
  return { hash: m?.[1], version: m?.[2] === 'v2' ? 'v2' : 'v3' };
}

function bcPlugin(service: BcService, handle: (name: string) => BigCommerceStoreHandle, controlToken: string | null): FastifyPluginAsync {
  const { stateOf, accountOf } = requestStates<BcStore>(P);
  const limit = service.settings.rateLimit;
  const quotaHeaders = (store: BcStore) => {
    const q = store.quota();
    return {
      'x-rate-limit-time-window-ms': String(limit.windowMs),
      'x-rate-limit-time-reset-ms': String(q.resetMs),
      'x-rate-limit-requests-quota': String(limit.max),
      'x-rate-limit-requests-left': String(q.left),
    };
  };
  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (service.settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, service.settings.latencyMs));
    const { hash, version } = pathOf(request);
    const token = request.headers['x-auth-token'];
    const store = typeof token === 'string' ? service.byApiKey(token.trim()) : undefined;
    // A token of another store is refused as an unknown one.
    if (!store || store.storeHash !== hash) return reply.code(401).send(UNAUTHORIZED().body(version));
    const state = stateOf(request);
    state.account = store;
    if (limit.enforce && store.quota().left === 0) {
      state.outcome = 'rate-limited';
      const headers = quotaHeaders(store);
      return reply
        .code(429)
        .headers({ ...headers, 'x-retry-after': String(Math.ceil(Number(headers['x-rate-limit-time-reset-ms']) / 1000)) })
        .send(new BcError(429, 'Too many requests. The store has spent its request quota for this window.').body(version));
    }
    store.take();
    reply.headers(quotaHeaders(store));
    return serveFault(
      request,
      reply,
      store.faults.take(request),
      (status) => new BcError(status, status >= 500 ? 'Internal Server Error' : 'The request failed.').body(version),
      () => (state.outcome = 'faulted'),
    );
  };
  return async (fastify) => {
    ensureFormParser(fastify);
    securePages(fastify);
    await fastify.register(async (pages) => {
      registerApiTokenPage(pages, {
        provider: P,
        path: BIGCOMMERCE_ENDPOINTS.keyPagePath,
        intro:
          "Every sandbox store has one store-level API account, as under Settings → Store-level API accounts → Create API account (modify scopes for Customers, Orders and Products). Type the store's name to see its access token and store hash.",
        header: 'X-Auth-Token: <access token>',
        apiBase: () => `${service.baseUrl()}/stores/<store hash>`,
        accounts: service.accounts,
        show: (store) => ({ token: store.accessToken, detail: { label: 'store hash', value: store.storeHash } }),
      });
    });
    await registerApiScope(fastify, {
      stateOf,
      unattributed: service.unattributed,
      guard,
      routes: (api) => {
        lenientJsonParser(api, () => new BcError(400, 'The request body is not valid JSON.'));
        registerClientErrorHandler(api, {
          isOwn: (error) => error instanceof BcError,
          send: (reply, request, error) => reply.code(error.status).send(error.body(pathOf(request).version)),
          clientError: (status, message) => new BcError(status, message),
        });
        registerApiRoutes(api, accountOf);
        throwingCatchAll(api, '/stores/*', NOT_FOUND);
      },
    });
    await registerControlScope(fastify, controlToken, (control) =>
      registerControlApi<BigCommerceStoreHandle>(control, {
        provider: P,
        accountLabel: 'store',
        bases: ['/_sandbox/accounts'],
        info: () => ({
          provider: 'bigcommerce',
          baseUrl: service.baseUrl(),
          accounts: service.accounts.keys(),
          seed: service.settings.seed,
          rateLimit: limit,
        }),
        handle,
        summary: (h) => ({
          name: h.name,
          storeHash: h.storeHash,
          accessToken: h.accessToken,
          ...Object.fromEntries(RESOURCES.map((r) => [r, h.all(r).length])),
          pendingFaults: h.pendingFaults(),
        }),
        apiError: (error) =>
          error instanceof BcError ? { statusCode: error.status, body: { error: error.message, bigcommerce: error.body('v3') } } : undefined,
        records: typedControlRecords(RESOURCES, 'Create BigCommerce records through the API'),
      }),
    );
    emptyNotFound(fastify);
  };
}
