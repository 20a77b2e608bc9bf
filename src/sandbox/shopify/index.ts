/**
 * A faithful local fake of Shopify's GraphQL Admin API (2025-01) and its OAuth authorization code grant, served at
 * `${publicUrl}/shopify`. Each shop lives under `/store/<shop>.myshopify.com` (the host of a real shop): its
 * `/admin/oauth/authorize` consent page, `/admin/oauth/access_token` and `/admin/api/<version>/graphql.json`; the API
 * also answers at `/admin/api/<version>/graphql.json` for the shop whose offline token is sent in
 * `X-Shopify-Access-Token`. The callback carries `code`, `hmac`, `host`, `shop`, `state` and `timestamp`, signed with
 * the app's secret; tokens never expire (offline access). Cost-based throttling per shop: Shopify's standard plan's
 * bucket (1,000 points, 50 restored a second) unless set otherwise. See ../README.md ("Shopify API served").
 */
import { createHmac, randomBytes } from 'node:crypto';

import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

import { lazy } from '../../lib/lazy.js';
import { renderAuthorizePage, renderErrorPage } from '../shared/authorize-page.js';
import { ensureFormParser } from '../shared/body-parsers.js';
import { requireControlToken } from '../shared/control-auth.js';
import { type ControlAccountHandle, ControlError, registerControlApi } from '../shared/control-routes.js';
import { type CounterSnapshot, RequestCounters } from '../shared/counters.js';
import { sendPage } from '../shared/http.js';
import { securePages } from '../shared/page-headers.js';
import { DEFAULT_SHOPIFY_CLIENT, SHOPIFY_ENDPOINTS } from './endpoints.js';
import { type BucketSettings, type SeedSizes, Shop, STANDARD_PLAN } from './shop.js';

export { DEFAULT_SHOPIFY_CLIENT, SHOPIFY_ENDPOINTS } from './endpoints.js';
export { orderTotals } from './shop.js';

// graphql-js (about 130 modules) is loaded at the first GraphQL request, not when a server with the sandbox starts.
const graphqlApi = lazy(() => import('./api.js'));
export type { Shop };

export const SHOPIFY_SCOPES = ['read_customers', 'write_customers', 'read_orders', 'write_orders', 'read_products', 'write_products'];

/** A shop's domain as Shopify names them. */
export const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]{0,62}\.myshopify\.com$/;

export interface ShopifySandboxOptions {
  seed?: Partial<SeedSizes>;
  /** The cost bucket of each shop; null: costs reported, never throttled. @defaultValue Shopify's standard plan */
  bucket?: BucketSettings | null;
  now?: () => number;
  latencyMs?: number;
  /** The control API's bearer token; none: no control API. */
  controlToken?: string | null;
}

interface ShopHandle extends ControlAccountHandle {
  shop: Shop;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export interface ShopifySandbox {
  readonly clientId: string;
  readonly clientSecret: string;
  baseUrl(): string;
  /** A shop (created with its seed on first use): `acme` or `acme.myshopify.com`. */
  shop(name: string): Shop;
  shops(): string[];
  /** An offline access token of the shop, as if the app had been installed (for tests of the API alone). */
  issueToken(shop: string): string;
  counters(shop: string): CounterSnapshot;
}

interface Grant {
  shop: string;
  clientId: string;
  scope: string;
  expiresAt: number;
}

const normalise = (name: string) => (name.includes('.') ? name.toLowerCase() : `${name.toLowerCase()}.myshopify.com`);

/** Shopify's callback signature: hex HMAC-SHA256 of the sorted, form-encoded parameters, keyed with the app's secret. */
export function signQuery(params: Record<string, string>, secret: string): string {
  const sorted = Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHmac('sha256', secret).update(new URLSearchParams(sorted).toString()).digest('hex');
}

export function createShopifySandboxWithUrl(
  opts: ShopifySandboxOptions,
  publicUrl: () => string,
): { plugin: FastifyPluginAsync; shopify: ShopifySandbox } {
  const now = opts.now ?? Date.now;
  const seed: SeedSizes = { customers: 1000, products: 200, orders: 200, collections: 12, ...opts.seed };
  const bucket = opts.bucket === null ? null : (opts.bucket ?? STANDARD_PLAN);
  const shops = new Map<string, Shop>();
  const codes = new Map<string, Grant>();
  const tokens = new Map<string, string>();
  const client = DEFAULT_SHOPIFY_CLIENT;
  const baseUrl = () => `${publicUrl().replace(/\/+$/, '')}/${SHOPIFY_ENDPOINTS.mount}`;

  const shopOf = (name: string): Shop => {
    const domain = normalise(name);
    if (!SHOP_DOMAIN.test(domain)) throw new Error(`Not a shop's domain: ${name}`);
    let shop = shops.get(domain);
    if (!shop) {
      shop = new Shop(domain, seed, bucket ?? STANDARD_PLAN, now);
      shops.set(domain, shop);
    }
    return shop;
  };
  const issueToken = (name: string) => {
    const token = `shpat_${randomBytes(16).toString('hex')}`;
    tokens.set(token, shopOf(name).domain);
    return token;
  };

  function consent(
    request: FastifyRequest<{ Params: { shop: string }; Querystring: Record<string, string | undefined> }>,
    reply: FastifyReply,
    q: Record<string, string | undefined>,
  ) {
    const domain = request.params.shop.toLowerCase();
    if (!SHOP_DOMAIN.test(domain))
      return sendPage(reply, 404, renderErrorPage('Shopify', 'There’s no page at this address', 'Check the URL and try again.'));
    if (q['client_id'] !== client.clientId)
      return sendPage(reply, 400, renderErrorPage('Shopify', 'Oauth error invalid_request', 'The client_id is invalid or missing.'));
    const redirect = q['redirect_uri'] ?? '';
    if (!/^https?:\/\//.test(redirect))
      return sendPage(reply, 400, renderErrorPage('Shopify', 'Oauth error invalid_request', 'The redirect_uri is missing or not whitelisted.'));
    return { domain, redirect };
  }

  const plugin: FastifyPluginAsync = async (fastify) => {
    ensureFormParser(fastify);
    securePages(fastify);
    type Req = FastifyRequest<{
      Params: { shop: string };
      Querystring: Record<string, string | undefined>;
      Body: Record<string, string | undefined>;
    }>;
    fastify.get('/store/:shop/admin/oauth/authorize', async (request: Req, reply) => {
      const ok = consent(request, reply, request.query);
      if (!('domain' in ok)) return ok;
      return sendPage(
        reply,
        200,
        renderAuthorizePage({
          providerName: 'Shopify',
          formAction: 'authorize',
          hidden: { client_id: request.query['client_id'], redirect_uri: ok.redirect, scope: request.query['scope'], state: request.query['state'] },
          clientId: client.clientId,
          redirectUri: ok.redirect,
          scopes: (request.query['scope'] ?? '').split(',').filter(Boolean),
          accountName: ok.domain,
        }),
      );
    });
    fastify.post('/store/:shop/admin/oauth/authorize', async (request: Req, reply) => {
      const body = request.body ?? {};
      const ok = consent(request, reply, body);
      if (!('domain' in ok)) return ok;
      const target = new URL(ok.redirect);
      if (body['decision'] !== 'authorize') {
        target.searchParams.set('error', 'access_denied');
        if (body['state']) target.searchParams.set('state', body['state']);
        return reply.redirect(target.toString(), 302);
      }
      shopOf(ok.domain);
      const code = randomBytes(16).toString('hex');
      codes.set(code, { shop: ok.domain, clientId: client.clientId, scope: body['scope'] ?? '', expiresAt: now() + 60_000 });
      const params: Record<string, string> = {
        code,
        host: Buffer.from(`admin.shopify.com/store/${ok.domain.split('.')[0] ?? ''}`).toString('base64url'),
        shop: ok.domain,
        ...(body['state'] ? { state: body['state'] } : {}),
        timestamp: String(Math.floor(now() / 1000)),
      };
      for (const [k, v] of Object.entries({ ...params, hmac: signQuery(params, client.clientSecret) })) target.searchParams.set(k, v);
      return reply.redirect(target.toString(), 302);
    });
    fastify.post('/store/:shop/admin/oauth/access_token', async (request: Req, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const grant = typeof body['code'] === 'string' ? codes.get(body['code']) : undefined;
      if (body['client_id'] !== client.clientId || body['client_secret'] !== client.clientSecret) {
        return reply.code(400).send({ error: 'invalid_client', error_description: 'Client credentials are invalid' });
      }
      if (!grant || grant.expiresAt < now() || grant.shop !== request.params.shop.toLowerCase()) {
        return reply.code(400).send({ error: 'invalid_request', error_description: 'The authorization code was not found or was already used' });
      }
      codes.delete(body['code'] as string);
      const token = issueToken(grant.shop);
      return reply.send({ access_token: token, scope: grant.scope || SHOPIFY_SCOPES.join(',') });
    });

    async function graphql(request: FastifyRequest<{ Params: { shop?: string; version: string } }>, reply: FastifyReply) {
      if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
      const token = request.headers['x-shopify-access-token'];
      const domain = typeof token === 'string' ? tokens.get(token) : undefined;
      if (!domain || (request.params.shop !== undefined && request.params.shop.toLowerCase() !== domain)) {
        return reply.code(401).send({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
      }
      if (!/^(\d{4}-(01|04|07|10)|unstable)$/.test(request.params.version)) return reply.code(404).send({ errors: 'Not Found' });
      const { runGraphql } = await graphqlApi();
      const shop = shopOf(domain);
      const fault = shop.faults.take(request);
      if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      // A fault after the work: the request is served (its writes happen) and only its answer is lost.
      const result = fault?.status === undefined || fault.afterWork ? runGraphql(shop, request.body, bucket !== null) : undefined;
      if (fault?.status !== undefined) {
        shop.counters.record(result?.kind ?? 'fault', fault.status, 'faulted');
        if (fault.retryAfterSeconds !== undefined) reply.header('retry-after', String(fault.retryAfterSeconds));
        return reply.code(fault.status).send(fault.body ?? { errors: STATUS_TEXT[fault.status] ?? 'Internal Server Error' });
      }
      if (!result) throw new Error('unreachable: no fault and no result');
      shop.counters.record(result.kind, 200, result.throttled ? 'rate-limited' : 'served');
      return reply.header('x-request-id', randomBytes(8).toString('hex')).send(result.body);
    }
    fastify.post('/admin/api/:version/graphql.json', graphql);
    fastify.post('/store/:shop/admin/api/:version/graphql.json', graphql);
    if (opts.controlToken) {
      const token = opts.controlToken;
      await fastify.register(async (control) => {
        requireControlToken(control, token);
        registerControl(control);
      });
    }
    fastify.all('/*', async (_request, reply) => reply.code(404).send({ errors: 'Not Found' }));
  };

  /** The kit's control API over each shop (`/_sandbox/shops/{shop}`); records by type, deletions behind the API's back. */
  function registerControl(scope: FastifyInstance): void {
    const KINDS = ['customers', 'products', 'variants', 'collections', 'orders'] as const;
    const mapOf = (shop: Shop, type: string): Map<number, { id: number }> => {
      const kind = KINDS.find((k) => k === type);
      if (!kind) throw new ControlError(404, `Unknown record type ${type} (use ${KINDS.join(', ')})`);
      return shop[kind];
    };
    registerControlApi<ShopHandle>(scope, {
      provider: 'Shopify',
      accountLabel: 'shop',
      bases: ['/_sandbox/shops', '/_sandbox/accounts'],
      info: () => ({ provider: 'shopify', baseUrl: baseUrl(), shops: [...shops.keys()], seed, bucket }),
      handle: (name) => {
        if (!SHOP_DOMAIN.test(normalise(name))) throw new ControlError(404, `Not a shop's domain: ${name}`);
        return handleOf(shopOf(name));
      },
      summary: (h) => ({ shop: h.shop.domain, customers: h.shop.customers.size, products: h.shop.products.size, orders: h.shop.orders.size }),
      apiError: () => undefined,
      records: {
        list: (h, type, query) => {
          const limit = Number(query['limit'] ?? 100);
          return { records: [...mapOf(h.shop, type).values()].slice(0, Number.isInteger(limit) && limit > 0 ? limit : 100) };
        },
        get: (h, type, id) => {
          const found = mapOf(h.shop, type).get(Number(id));
          if (!found) throw new ControlError(404, `No ${type} ${id}`);
          return found;
        },
        create: () => {
          throw new ControlError(405, 'Create records through the GraphQL Admin API (customerCreate, productCreate)');
        },
        update: () => {
          throw new ControlError(405, 'Update records through the GraphQL Admin API (customerUpdate, productUpdate)');
        },
        remove: (h, type, id) => {
          if (!mapOf(h.shop, type).delete(Number(id))) throw new ControlError(404, `No ${type} ${id}`);
        },
      },
    });
  }

  function handleOf(shop: Shop): ShopHandle {
    return {
      shop,
      reset: () => shop.reset(),
      counters: () => shop.counters.snapshot(),
      resetCounters: () => void (shop.counters = new RequestCounters()),
      injectFault: (spec) => shop.faults.enqueue(spec),
      clearFaults: () => shop.faults.clear(),
      pendingFaults: () => shop.faults.pending(),
      // Offline tokens do not expire at Shopify: they end when the app is uninstalled (here: revoked).
      expireAccessTokens: () => {
        let n = 0;
        for (const [token, domain] of tokens) if (domain === shop.domain && tokens.delete(token)) n++;
        return n;
      },
      issueTokens: () => ({ access_token: issueToken(shop.domain), scope: SHOPIFY_SCOPES.join(',') }),
    };
  }

  const shopify: ShopifySandbox = {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    baseUrl,
    shop: shopOf,
    shops: () => [...shops.keys()],
    issueToken,
    counters: (name) => shopOf(name).counters.snapshot(),
  };
  return { plugin, shopify };
}
