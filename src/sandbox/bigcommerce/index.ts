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
import { BIGCOMMERCE_ENDPOINTS } from './endpoints.js';
import { BcError, NOT_FOUND, UNAUTHORIZED } from './errors.js';
import { registerApiRoutes } from './routes.js';
import type { Json, SeedCounts } from './seed.js';
import { BcStore, type Resource, RESOURCES } from './store.js';

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

/** A store's in-process handle, for tests. */
export interface BigCommerceStoreHandle {
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
  counters(): CounterSnapshot;
  resetCounters(): void;
  injectFault(spec: FaultSpec): void;
  clearFaults(): void;
  pendingFaults(): number;
  reset(): void;
  expireAccessTokens(): number;
  issueTokens(): unknown;
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

function handleOf(store: BcStore): BigCommerceStoreHandle {
  const find = (resource: Resource, id: number | string) => store.find(resource, Number(id));
  return {
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
    counters: () => store.counters.snapshot(),
    resetCounters: () => {
      store.counters.reset();
      store.listQueries.length = 0;
    },
    injectFault: (spec) => store.faults.enqueue(spec),
    clearFaults: () => store.faults.clear(),
    pendingFaults: () => store.faults.pending(),
    reset: () => store.reset(),
    expireAccessTokens: () => 0,
    issueTokens: () => {
      throw new ControlError(400, 'BigCommerce stores use API account access tokens here, not OAuth');
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
  const settings = {
    seed: seedSizesOption(P, opts.seed, { customers: 120, products: 45, orders: 80 }),
    rateLimit: { max: window.max, windowMs: window.windowMs, enforce: !!opts.rateLimit },
    now: common.now,
    maxWrites: common.maxWritesPerAccount ?? null,
    baseUrl: common.baseUrl,
  };
  const byToken = new Map<string, BcStore>();
  const unattributed = new RequestCounters();
  const accounts: AccountRegistry<BcStore> = new AccountRegistry(
    (key) => {
      const store = new BcStore(key, settings);
      byToken.set(store.accessToken, store);
      return store;
    },
    undefined,
    common.maxAccounts ?? null,
  );
  const handle = (name: string): BigCommerceStoreHandle => handleOf(accounts.get(name));
  return {
    plugin: bcPlugin(
      { storeByToken: (t) => byToken.get(t), accounts, handle, unattributed, settings, baseUrl: common.baseUrl, latencyMs: common.latencyMs },
      opts.controlToken ?? null,
    ),
    bigcommerce: {
      store: handle,
      unattributedCounters: () => unattributed.snapshot(),
      get baseUrl() {
        return common.baseUrl();
      },
    },
  };
}

interface PluginDeps {
  storeByToken: (token: string) => BcStore | undefined;
  accounts: AccountRegistry<BcStore>;
  handle: (name: string) => BigCommerceStoreHandle;
  unattributed: RequestCounters;
  settings: { rateLimit: { max: number; windowMs: number; enforce: boolean }; seed: SeedCounts; now: () => number };
  baseUrl: () => string;
  latencyMs: number;
}

/** The API version of a request's path (`/stores/{hash}/v2/…`), and the store hash it names. */
function pathOf(request: FastifyRequest): { hash: string | undefined; version: 'v2' | 'v3' } {
  const m = /\/stores\/([^/?]+)\/(v2|v3)(?:[/?]|$)/.exec(request.url);
  return { hash: m?.[1], version: m?.[2] === 'v2' ? 'v2' : 'v3' };
}

function bcPlugin(deps: PluginDeps, controlToken: string | null): FastifyPluginAsync {
  const { stateOf, accountOf } = requestStates<BcStore>(P);
  const limit = deps.settings.rateLimit;
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
    if (deps.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, deps.latencyMs));
    const { hash, version } = pathOf(request);
    const token = request.headers['x-auth-token'];
    const store = typeof token === 'string' ? deps.storeByToken(token.trim()) : undefined;
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
      store.faults.take(),
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
        apiBase: () => `${deps.baseUrl()}/stores/<store hash>`,
        open: (name) => {
          const store = deps.accounts.open(name);
          if (store === undefined) return { error: deps.accounts.limitMessage };
          return { token: store.accessToken, detail: { label: 'store hash', value: store.storeHash } };
        },
      });
    });
    await fastify.register(async (api) => {
      lenientJsonParser(api, () => new BcError(400, 'The request body is not valid JSON.'));
      registerGuardHooks(api, guard, (request) => {
        const state = stateOf(request);
        return { counters: state.account?.counters ?? deps.unattributed, kind: state.kind, outcome: state.outcome };
      });
      api.setErrorHandler(async (error, request, reply) => {
        const { version } = pathOf(request);
        if (error instanceof BcError) return reply.code(error.status).send(error.body(version));
        const status = (error as { statusCode?: number }).statusCode;
        if (typeof status === 'number' && status >= 400 && status < 500) {
          return reply.code(status).send(new BcError(status, (error as Error).message).body(version));
        }
        throw error;
      });
      registerApiRoutes(api, accountOf);
      api.route({
        method: ANY_METHOD,
        url: '/stores/*',
        exposeHeadRoute: false,
        handler: async () => {
          throw NOT_FOUND();
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
            provider: 'bigcommerce',
            baseUrl: deps.baseUrl(),
            accounts: deps.accounts.keys(),
            seed: deps.settings.seed,
            rateLimit: limit,
          }),
          handle: deps.handle,
          summary: (h) => ({
            name: h.name,
            storeHash: h.storeHash,
            accessToken: h.accessToken,
            ...Object.fromEntries(RESOURCES.map((r) => [r, h.all(r).length])),
            pendingFaults: h.pendingFaults(),
          }),
          apiError: (error) =>
            error instanceof BcError ? { statusCode: error.status, body: { error: error.message, bigcommerce: error.body('v3') } } : undefined,
          records: {
            list: (h, type) => h.all(resourceOf(type)),
            create: () => {
              throw new ControlError(400, 'Create BigCommerce records through the API');
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
  const r = RESOURCES.find((x) => x === type);
  if (!r) throw new ControlError(404, `Unknown record type ${type} (use ${RESOURCES.join(', ')})`);
  return r;
}
