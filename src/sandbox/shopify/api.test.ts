/**
 * The Shopify fake refereed by Shopify's own Node library (@shopify/shopify-api 13.1): its GraphQL client runs real
 * queries (paging with cursors, search syntax, nodes by GID), a mutation answered with userErrors, an unknown field
 * refused as Shopify refuses it, and a THROTTLED answer; its HMAC validation accepts the fake's OAuth callback; and
 * the seed's orders add up (total = lines − discounts + tax + shipping, in cents).
 */
import '@shopify/shopify-api/adapters/node';

import { ApiVersion, LogSeverity, Session, shopifyApi } from '@shopify/shopify-api';
import { setAbstractFetchFunc } from '@shopify/shopify-api/runtime';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createShopifySandboxWithUrl, orderTotals, type ShopifySandbox, signQuery } from './index.js';

let app: FastifyInstance;
let fake: ShopifySandbox;
let base = '';
let now = Date.UTC(2026, 4, 1, 12);
const SHOP = 'referee.myshopify.com';
const CONTROL = 'control-token-of-the-test';

const shopify = () =>
  shopifyApi({
    apiKey: fake.clientId,
    apiSecretKey: fake.clientSecret,
    scopes: ['read_customers', 'write_customers'],
    hostName: 'weft.example',
    apiVersion: ApiVersion.January25,
    isEmbeddedApp: false,
    logger: { level: LogSeverity.Error },
  });

beforeAll(async () => {
  const instance = createShopifySandboxWithUrl(
    { seed: { customers: 520, products: 30, orders: 60, collections: 5 }, now: () => now, controlToken: CONTROL },
    () => base,
  );
  fake = instance.shopify;
  app = Fastify();
  await app.register(instance.plugin, { prefix: '/sandbox/shopify' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  base = `http://127.0.0.1:${address.port}/sandbox`;
  // The library calls https://<shop>/admin/api/…: sent to the fake's folder of that shop instead.
  const real = globalThis.fetch;
  setAbstractFetchFunc(async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    return real(`${base}/shopify/store/${url.host}${url.pathname}${url.search}`, init);
  });
});
afterAll(async () => app?.close());

function client() {
  const session = new Session({ id: 'offline_referee', shop: SHOP, state: 's', isOnline: false, accessToken: fake.issueToken(SHOP) });
  const api = shopify();
  return new api.clients.Graphql({ session });
}

describe('Shopify fake, refereed by @shopify/shopify-api', () => {
  it('pages every customer with cursors, 250 at most a page, and reports the cost of each query', async () => {
    const gql = client();
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res: any = await gql.request(
        'query ($after: String) { customers(first: 250, after: $after) { nodes { id email amountSpent { amount currencyCode } } pageInfo { hasNextPage endCursor } } }',
        { variables: { after } },
      );
      pages++;
      seen.push(...res.data.customers.nodes.map((n: { id: string }) => n.id));
      expect(res.extensions.cost).toMatchObject({ requestedQueryCost: 2 + 250 * 2, throttleStatus: { maximumAvailable: 1000, restoreRate: 50 } });
      if (!res.data.customers.pageInfo.hasNextPage) break;
      after = res.data.customers.pageInfo.endCursor;
      now += 20_000; // the bucket refills between pages
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(520);
    expect(seen[0]).toMatch(/^gid:\/\/shopify\/Customer\/\d+$/);
    await expect(gql.request('{ customers(first: 251) { nodes { id } } }')).rejects.toThrow(/cannot exceed 250/);
  });

  it('filters with the search syntax and reads nodes by GID', async () => {
    const gql = client();
    const shop = fake.shop(SHOP);
    const target = [...shop.customers.values()][7];
    if (!target?.email) throw new Error('seed');
    const found: any = await gql.request(`{ customers(first: 5, query: "email:'${target.email}'") { nodes { id email } } }`);
    expect(found.data.customers.nodes).toEqual([{ id: `gid://shopify/Customer/${target.id}`, email: target.email }]);
    const cutoff = new Date(target.updatedAt).toISOString();
    const later: any = await gql.request(`{ customers(first: 250, query: "updated_at:>'${cutoff}'") { nodes { updatedAt } } }`);
    expect(later.data.customers.nodes.every((n: { updatedAt: string }) => Date.parse(n.updatedAt) > target.updatedAt - 1000)).toBe(true);
    const node: any = await gql.request('query ($id: ID!) { node(id: $id) { id ... on Customer { firstName } } }', {
      variables: { id: `gid://shopify/Customer/${target.id}` },
    });
    expect(node.data.node).toEqual({ id: `gid://shopify/Customer/${target.id}`, firstName: target.firstName });
  });

  it('refuses an unknown field as Shopify does', async () => {
    await expect(client().request('{ customers(first: 1) { nodes { id favouriteColour } } }')).rejects.toThrow(/favouriteColour/);
    const res = await fetch(`${base}/shopify/admin/api/2025-01/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': fake.issueToken(SHOP) },
      body: JSON.stringify({ query: '{ customers(first: 1) { nodes { id favouriteColour } } }' }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).errors[0]).toMatchObject({
      message: "Field 'favouriteColour' doesn't exist on type 'Customer'",
      extensions: { code: 'undefinedField', typeName: 'Customer', fieldName: 'favouriteColour' },
    });
  });

  it('creates and updates a customer and a variant, and answers userErrors for a taken e-mail and unknown ids', async () => {
    now += 30_000;
    const gql = client();
    const create =
      'mutation ($input: CustomerInput!) { customerCreate(input: $input) { customer { id email firstName } userErrors { field message } } }';
    const made: any = await gql.request(create, { variables: { input: { firstName: 'Referee', email: 'referee@example.com' } } });
    expect(made.data.customerCreate.userErrors).toEqual([]);
    expect(made.extensions.cost.requestedQueryCost).toBe(10);
    const id = made.data.customerCreate.customer.id as string;
    const again: any = await gql.request(create, { variables: { input: { firstName: 'Twin', email: 'referee@example.com' } } });
    expect(again.data.customerCreate).toEqual({ customer: null, userErrors: [{ field: ['email'], message: 'Email has already been taken' }] });
    const update = 'mutation ($input: CustomerInput!) { customerUpdate(input: $input) { customer { id lastName } userErrors { field message } } }';
    const updated: any = await gql.request(update, { variables: { input: { id, lastName: 'Whistle' } } });
    expect(updated.data.customerUpdate).toEqual({ customer: { id, lastName: 'Whistle' }, userErrors: [] });
    const missing: any = await gql.request(update, { variables: { input: { id: 'gid://shopify/Customer/1', lastName: 'X' } } });
    expect(missing.data.customerUpdate.userErrors).toEqual([{ field: ['id'], message: 'Customer does not exist' }]);
    // A variant's price and SKU, in bulk on its product (all or nothing).
    const shop = fake.shop(SHOP);
    const variant = [...shop.variants.values()][0];
    if (!variant) throw new Error('seed');
    const bulk =
      'mutation ($productId: ID!, $variants: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $productId, variants: $variants) { productVariants { id price sku } userErrors { field message } } }';
    const repriced: any = await gql.request(bulk, {
      variables: {
        productId: `gid://shopify/Product/${variant.productId}`,
        variants: [{ id: `gid://shopify/ProductVariant/${variant.id}`, price: '12.34', inventoryItem: { sku: 'REF-1' } }],
      },
    });
    expect(repriced.data.productVariantsBulkUpdate).toEqual({
      productVariants: [{ id: `gid://shopify/ProductVariant/${variant.id}`, price: '12.34', sku: 'REF-1' }],
      userErrors: [],
    });
    const wrong: any = await gql.request(bulk, {
      variables: { productId: `gid://shopify/Product/${variant.productId}`, variants: [{ id: 'gid://shopify/ProductVariant/1', price: '1.00' }] },
    });
    expect(wrong.data.productVariantsBulkUpdate).toEqual({
      productVariants: null,
      userErrors: [{ field: ['variants', '0', 'id'], message: 'Product variant does not exist' }],
    });
  });

  it('answers THROTTLED (HTTP 200) when the bucket lacks the requested cost, and refills at the restore rate', async () => {
    const gql = client();
    const shop = fake.shop(SHOP);
    shop.setBucket({ maximumAvailable: 1000, restoreRate: 50 });
    const query = '{ customers(first: 249) { nodes { id defaultAddress { city } amountSpent { amount } } } }';
    const first: any = await gql.request(query);
    expect(first.extensions.cost.requestedQueryCost).toBe(2 + 249 * 3);
    await expect(gql.request(query)).rejects.toThrow(/Throttled/);
    const raw = await fetch(`${base}/shopify/admin/api/2025-01/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': fake.issueToken(SHOP) },
      body: JSON.stringify({ query }),
    });
    expect(raw.status).toBe(200);
    const body = (await raw.json()) as any;
    expect(body.errors).toEqual([
      { message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } },
    ]);
    expect(body.extensions.cost).toMatchObject({
      requestedQueryCost: 749,
      actualQueryCost: null,
      throttleStatus: { maximumAvailable: 1000, restoreRate: 50 },
    });
    expect(body.extensions.cost.throttleStatus.currentlyAvailable).toBeLessThan(749);
    now += 15_000; // 750 points restored
    const later: any = await gql.request(query);
    expect(later.data.customers.nodes.length).toBe(249);
  });

  it('signs its OAuth callback as the library validates it, and exchanges the code for an offline token', async () => {
    now = Date.now(); // the library holds the callback's timestamp to its own clock
    const redirect = 'https://weft.example/session/oauth/callback';
    const form = new URLSearchParams({
      client_id: fake.clientId,
      redirect_uri: redirect,
      scope: 'read_customers',
      state: 'st4te',
      account: SHOP,
      decision: 'authorize',
    });
    const granted = await fetch(`${base}/shopify/store/${SHOP}/admin/oauth/authorize`, { method: 'POST', body: form, redirect: 'manual' });
    expect(granted.status).toBe(302);
    const callback = new URL(granted.headers.get('location') ?? '');
    const query = Object.fromEntries(callback.searchParams);
    expect(Object.keys(query).sort()).toEqual(['code', 'hmac', 'host', 'shop', 'state', 'timestamp']);
    expect(query['shop']).toBe(SHOP);
    expect(await shopify().utils.validateHmac(query)).toBe(true);
    expect(await shopify().utils.validateHmac({ ...query, shop: 'other.myshopify.com' })).toBe(false);
    const { hmac: _drop, ...rest } = query;
    expect(signQuery(rest, fake.clientSecret)).toBe(query['hmac']);
    const token = await fetch(`${base}/shopify/store/${SHOP}/admin/oauth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: fake.clientId, client_secret: fake.clientSecret, code: query['code'] }),
    });
    const tokenBody = (await token.json()) as Record<string, unknown>;
    expect(tokenBody).toEqual({ access_token: expect.stringMatching(/^shpat_/), scope: 'read_customers' });
    const reused = await fetch(`${base}/shopify/store/${SHOP}/admin/oauth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: fake.clientId, client_secret: fake.clientSecret, code: query['code'] }),
    });
    expect(reused.status).toBe(400);
  });

  it('seeds orders whose totals hold together, in cents', async () => {
    const shop = fake.shop('ledger.myshopify.com');
    expect(shop.orders.size).toBe(60);
    for (const order of shop.orders.values()) {
      const t = orderTotals(order);
      const lines = order.lines.reduce((s, l) => s + l.unitCents * l.quantity - l.discountCents, 0);
      const tax = order.lines.reduce((s, l) => s + l.taxCents, 0);
      expect(t.total).toBe(lines + tax + order.shippingCents);
      expect(Number.isInteger(t.total)).toBe(true);
    }
    const gql = client();
    const res: any = await gql.request(
      `{ orders(first: 3) { nodes { totalPriceSet { shopMoney { amount } } subtotalPriceSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } } totalShippingPriceSet { shopMoney { amount } } } } }`,
    );
    for (const o of res.data.orders.nodes) {
      const cents = (bag: any) => Math.round(Number(bag.shopMoney.amount) * 100);
      expect(cents(o.totalPriceSet)).toBe(cents(o.subtotalPriceSet) + cents(o.totalTaxSet) + cents(o.totalShippingPriceSet));
    }
  });

  it('has a control API: faults (also after the work), deletions behind the API, revoked tokens, reset', async () => {
    const control = (method: string, path: string, body?: unknown) =>
      fetch(`${base}/shopify/_sandbox/shops/control.myshopify.com${path}`, {
        method,
        headers: { authorization: `Bearer ${CONTROL}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    expect((await fetch(`${base}/shopify/_sandbox/shops/control.myshopify.com`)).status).toBe(401);
    const issued = (await (await control('POST', '/tokens', {})).json()) as { access_token: string };
    const ask = (query: string) =>
      fetch(`${base}/shopify/admin/api/2025-01/graphql.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': issued.access_token },
        body: JSON.stringify({ query }),
      });
    expect((await control('POST', '/faults', { status: 503, count: 1 })).status).toBeLessThan(300);
    const failed = await ask('{ customers(first: 1) { nodes { id } } }');
    expect(failed.status).toBe(503);
    expect(await failed.json()).toEqual({ errors: 'Service Unavailable' });
    // Lost after the work: the customer exists though the answer was a 504.
    await control('POST', '/faults', { status: 504, afterWork: true });
    const lost = await ask('mutation { customerCreate(input: { email: "lost@example.com" }) { customer { id } userErrors { message } } }');
    expect(lost.status).toBe(504);
    const shop = fake.shop('control.myshopify.com');
    const made = [...shop.customers.values()].find((c) => c.email === 'lost@example.com');
    expect(made).toBeDefined();
    expect((await control('DELETE', `/customers/${made?.id}`)).status).toBe(204);
    expect(shop.customers.has(made?.id ?? 0)).toBe(false);
    expect(((await (await control('GET', '/counters')).json()) as { faulted: number }).faulted).toBe(2);
    expect((await (await control('POST', '/expire-tokens', {})).json()) as unknown).toEqual({ expired: 1 });
    expect((await ask('{ customers(first: 1) { nodes { id } } }')).status).toBe(401);
    await control('POST', '/reset', {});
    expect(shop.customers.size).toBe(520);
  });
});
