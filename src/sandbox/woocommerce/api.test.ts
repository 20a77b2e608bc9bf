/**
 * The WooCommerce fake over HTTP with WooCommerce's own Node client as the referee (`@woocommerce/woocommerce-rest-api`,
 * which signs every request with OAuth 1.0a HMAC-SHA256 over a plain-HTTP URL): lists with WooCommerce's paging
 * headers, reads, creates, updates, deletes (the trash, and for good), batches answered item by item, the error bodies;
 * and HTTP Basic as WooCommerce takes it over HTTPS.
 */
import * as WooCommerce from '@woocommerce/woocommerce-rest-api';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { baseString, sign } from './auth.js';
import { createWooCommerceSandboxWithUrl, type WooCommerceSandboxInstance } from './index.js';
import { centsOf } from './seed.js';

/** The client's class: the package is CommonJS with its class as `exports.default` (Node may wrap it once more). */
type Call = (endpoint: string, ...args: any[]) => Promise<{ status: number; data: any; headers: Record<string, string> }>;
type Client = new (options: {
  url: string;
  consumerKey: string;
  consumerSecret: string;
  version: 'wc/v3';
}) => Record<'get' | 'post' | 'put' | 'delete', Call>;
const loaded = WooCommerce as unknown as { default: Client | { default: Client } };
const WooCommerceRestApi: Client = 'default' in loaded.default ? loaded.default.default : loaded.default;

let app: FastifyInstance;
let sandbox: WooCommerceSandboxInstance;
let root: string;

beforeAll(async () => {
  sandbox = createWooCommerceSandboxWithUrl({ seed: { customers: 23, products: 12, orders: 40 } }, () => `${root}/sandbox`);
  app = Fastify();
  await app.register(sandbox.plugin, { prefix: '/sandbox/woocommerce' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  root = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => app.close());

function client(name: string, secret?: string) {
  const store = sandbox.woocommerce.store(name);
  return new WooCommerceRestApi({
    url: `${root}/sandbox/woocommerce`,
    consumerKey: store.consumerKey,
    consumerSecret: secret ?? store.consumerSecret,
    version: 'wc/v3',
  });
}

/** The client's axios error's answer. */
async function failure(p: Promise<unknown>): Promise<{ status: number; data: any }> {
  try {
    await p;
  } catch (e) {
    const res = (e as { response?: { status: number; data: unknown } }).response;
    if (res) return { status: res.status, data: res.data };
    throw e;
  }
  throw new Error('the request succeeded');
}

describe('WooCommerce fake, with the WooCommerce REST API client (OAuth 1.0a over http)', () => {
  it('lists customers a page at a time with X-WP-Total, X-WP-TotalPages and Link', async () => {
    const api = client('referee lists');
    const first = await api.get('customers', { per_page: 10, orderby: 'id', order: 'asc' });
    expect(first.status).toBe(200);
    expect(first.headers['x-wp-total']).toBe('23');
    expect(first.headers['x-wp-totalpages']).toBe('3');
    expect(first.headers['link']).toMatch(/page=2[^>]*>; rel="next"/);
    expect(first.data.map((c: any) => c.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const last = await api.get('customers', { per_page: 10, page: 3, orderby: 'id', order: 'asc' });
    expect(last.data.map((c: any) => c.id)).toEqual([21, 22, 23]);
    expect(last.headers['link']).toMatch(/rel="prev"/);
    expect(last.headers['link']).not.toMatch(/rel="next"/);
    const c = first.data[0];
    expect(c).toMatchObject({
      role: 'customer',
      billing: { email: c.email },
      date_created_gmt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
    });
    const byEmail = await api.get('customers', { email: c.email });
    expect(byEmail.data.map((x: any) => x.id)).toEqual([c.id]);
  });

  it('refuses per_page above 100 with rest_invalid_param and its params', async () => {
    const res = await failure(client('referee lists').get('orders', { per_page: 101 }));
    expect(res).toEqual({
      status: 400,
      data: {
        code: 'rest_invalid_param',
        message: 'Invalid parameter(s): per_page',
        data: { status: 400, params: { per_page: 'per_page must be between 1 (inclusive) and 100 (inclusive)' } },
      },
    });
  });

  it('refuses a wrong secret: the signature does not match', async () => {
    const res = await failure(client('referee lists', 'cs_wrong').get('customers'));
    expect(res).toEqual({
      status: 401,
      data: {
        code: 'woocommerce_rest_authentication_error',
        message: 'Invalid signature - provided signature does not match.',
        data: { status: 401 },
      },
    });
  });

  it('reads, creates, updates and deletes a customer; a missing one is woocommerce_rest_invalid_id', async () => {
    const api = client('referee crud');
    const created = await api.post('customers', { email: 'ann@example.org', first_name: 'Ann', billing: { city: 'Paris', country: 'FR' } });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ email: 'ann@example.org', first_name: 'Ann', billing: { city: 'Paris', country: 'FR', address_1: '' } });
    const id = created.data.id as number;
    const updated = await api.put(`customers/${id}`, { last_name: 'Lee' });
    expect(updated.data).toMatchObject({ id, first_name: 'Ann', last_name: 'Lee' });
    expect((await api.get(`customers/${id}`)).data.last_name).toBe('Lee');
    const dup = await failure(api.post('customers', { email: 'ann@example.org' }));
    expect(dup.status).toBe(400);
    expect(dup.data.code).toBe('registration-error-email-exists');
    expect((await failure(api.delete(`customers/${id}`))).data.code).toBe('woocommerce_rest_trash_not_supported');
    expect((await api.delete(`customers/${id}`, { force: true })).data.id).toBe(id);
    expect(await failure(api.get(`customers/${id}`))).toEqual({
      status: 404,
      data: { code: 'woocommerce_rest_invalid_id', message: 'Invalid resource ID.', data: { status: 404 } },
    });
  });

  it('trashes an order (listed with status=trash only), deletes it for good with force', async () => {
    const api = client('referee trash');
    const orders = (await api.get('orders', { per_page: 100 })).data as any[];
    expect(orders).toHaveLength(40);
    const id = orders[0].id as number;
    expect((await api.delete(`orders/${id}`)).data.status).toBe('trash');
    expect(((await api.get('orders', { per_page: 100 })).data as any[]).map((o) => o.id)).not.toContain(id);
    expect(((await api.get('orders', { status: 'trash' })).data as any[]).map((o) => o.id)).toEqual([id]);
    await api.delete(`orders/${id}`, { force: true });
    expect(await failure(api.get(`orders/${id}`))).toEqual({
      status: 404,
      data: { code: 'woocommerce_rest_shop_order_invalid_id', message: 'Invalid ID.', data: { status: 404 } },
    });
  });

  it('creates an order on a variable product: totals in cents, as strings', async () => {
    const api = client('referee orders');
    const variable = ((await api.get('products', { type: 'variable' })).data as any[])[0];
    const variations = (await api.get(`products/${variable.id}/variations`)).data as any[];
    expect(variations.length).toBeGreaterThan(1);
    const customer = ((await api.get('customers')).data as any[])[0];
    const order = await api.post('orders', {
      customer_id: customer.id,
      set_paid: true,
      line_items: [{ product_id: variable.id, variation_id: variations[0].id, quantity: 3 }],
      shipping_lines: [{ method_id: 'flat_rate', method_title: 'Flat rate', total: '4.99' }],
      coupon_lines: [{ code: 'save10' }],
    });
    expect(order.status).toBe(201);
    const unit = centsOf(variations[0].price) as number;
    const discount = Math.round((unit * 3) / 10);
    expect(order.data).toMatchObject({
      status: 'processing',
      customer_id: customer.id,
      discount_total: (discount / 100).toFixed(2),
      shipping_total: '4.99',
      total: ((unit * 3 - discount + 499) / 100).toFixed(2),
      line_items: [{ product_id: variable.id, variation_id: variations[0].id, quantity: 3, subtotal: ((unit * 3) / 100).toFixed(2) }],
    });
    const bad = await failure(api.post('orders', { line_items: [{ product_id: 999999, quantity: 1 }] }));
    expect(bad.data).toEqual({ code: 'woocommerce_rest_invalid_product_id', message: 'Product ID provided is invalid.', data: { status: 400 } });
  });

  it('writes a batch of categories, answering each item (an error in its place)', async () => {
    const api = client('referee batch');
    const res = await api.post('products/categories/batch', {
      create: [{ name: 'Shoes' }, { name: 'Boots', parent: 123456 }],
      update: [{ id: 10, description: 'All the clothes' }],
    });
    expect(res.data.create[0]).toMatchObject({ name: 'Shoes', slug: 'shoes', parent: 0 });
    expect(res.data.create[1]).toEqual({
      id: 0,
      error: { code: 'woocommerce_rest_term_invalid', message: 'Parent resource does not exist.', data: { status: 400 } },
    });
    expect(res.data.update[0]).toMatchObject({ id: 10, description: 'All the clothes' });
    const tooMany = await failure(api.post('customers/batch', { create: Array.from({ length: 101 }, (_, i) => ({ email: `x${i}@example.org` })) }));
    expect(tooMany.status).toBe(413);
    expect(tooMany.data.code).toBe('rest_request_entity_too_large');
  });

  it('refuses a second category of one name under one parent (term_exists), and gives a taken slug -2 as WordPress does', async () => {
    const api = client('referee slugs');
    const shoes = (await api.post('products/categories', { name: 'Sandals' })).data;
    const again = await failure(api.post('products/categories', { name: 'Sandals' }));
    expect(again).toEqual({
      status: 400,
      data: {
        code: 'term_exists',
        message: 'A term with the name provided already exists with this parent.',
        data: { status: 400, resource_id: shoes.id },
      },
    });
    expect((await api.post('products/categories', { name: 'Sandals', parent: shoes.id })).data).toMatchObject({ slug: 'sandals-2' });
    const first = (await api.post('products', { name: 'Flip Flop', sku: 'FF-1' })).data;
    const second = (await api.post('products', { name: 'Flip Flop', sku: 'FF-2' })).data;
    const third = (await api.post('products', { name: 'Other', slug: 'flip-flop', sku: 'FF-3' })).data;
    expect([first.slug, second.slug, third.slug]).toEqual(['flip-flop', 'flip-flop-2', 'flip-flop-3']);
    expect((await api.put(`products/${first.id}`, { slug: 'flip-flop' })).data.slug).toBe('flip-flop');
  });

  it('takes HTTP Basic with the key and secret (as WooCommerce does over HTTPS) and filters by modified_after', async () => {
    const store = sandbox.woocommerce.store('referee basic');
    const auth = `Basic ${Buffer.from(`${store.consumerKey}:${store.consumerSecret}`).toString('base64')}`;
    const all = store.all('products').filter((p) => p['status'] !== 'trash');
    const times = all.map((p) => String(p['date_modified_gmt'])).sort();
    const since = times[5] as string;
    const res = await fetch(
      `${root}/sandbox/woocommerce/wp-json/wc/v3/products?per_page=100&modified_after=${since}&dates_are_gmt=true&orderby=id&order=asc`,
      { headers: { authorization: auth } },
    );
    expect(res.status).toBe(200);
    const items = (await res.json()) as any[];
    expect(items.map((p) => p.id)).toEqual(
      all
        .filter((p) => String(p['date_modified_gmt']) > since)
        .map((p) => p['id'])
        .sort((a: any, b: any) => a - b),
    );
    const wrong = await fetch(`${root}/sandbox/woocommerce/wp-json/wc/v3/products`, {
      headers: { authorization: `Basic ${Buffer.from('ck_nope:cs_nope').toString('base64')}` },
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ code: 'woocommerce_rest_authentication_error', message: 'Consumer key is invalid.', data: { status: 401 } });
  });

  it('takes HMAC-SHA1 signatures too, refuses a nonce used twice and a stale timestamp', async () => {
    const store = sandbox.woocommerce.store('referee sha1');
    const url = `${root}/sandbox/woocommerce/wp-json/wc/v3/products/categories`;
    const signed = (nonce: string, timestamp: number) => {
      const params: Array<[string, string]> = [
        ['per_page', '5'],
        ['oauth_consumer_key', store.consumerKey],
        ['oauth_nonce', nonce],
        ['oauth_signature_method', 'HMAC-SHA1'],
        ['oauth_timestamp', String(timestamp)],
      ];
      const signature = sign('HMAC-SHA1', store.consumerSecret, baseString('GET', url, params));
      return `${url}?${new URLSearchParams([...params, ['oauth_signature', signature]]).toString()}`;
    };
    const now = Math.floor(Date.now() / 1000);
    const first = await fetch(signed('n-1', now));
    expect(first.status).toBe(200);
    expect(((await first.json()) as unknown[]).length).toBe(5);
    const again = await fetch(signed('n-1', now));
    expect(await again.json()).toEqual({
      code: 'woocommerce_rest_authentication_error',
      message: 'Invalid nonce - nonce has already been used.',
      data: { status: 401 },
    });
    expect(await (await fetch(signed('n-2', now - 3600))).json()).toMatchObject({ message: 'Invalid timestamp.' });
  });

  it("answers a host limiter's 429 with Retry-After when a window is set, and a queued fault as WordPress's error body", async () => {
    const limited = createWooCommerceSandboxWithUrl(
      { seed: { customers: 3, products: 2, orders: 2 }, rateLimit: { max: 2, windowMs: 60_000 } },
      () => `${root}/x`,
    );
    const server = Fastify();
    await server.register(limited.plugin, { prefix: '/w' });
    const store = limited.woocommerce.store('limited');
    const auth = { authorization: `Basic ${Buffer.from(`${store.consumerKey}:${store.consumerSecret}`).toString('base64')}` };
    store.injectFault({ status: 503 });
    const faulted = await server.inject({ method: 'GET', url: '/w/wp-json/wc/v3/customers', headers: auth });
    expect(faulted.statusCode).toBe(503);
    expect(faulted.json()).toMatchObject({ code: 'internal_server_error', data: { status: 503 } });
    expect((await server.inject({ method: 'GET', url: '/w/wp-json/wc/v3/customers', headers: auth })).statusCode).toBe(200);
    const refused = await server.inject({ method: 'GET', url: '/w/wp-json/wc/v3/customers', headers: auth });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('60');
    expect(refused.json()).toEqual({ code: 'rest_too_many_requests', message: 'Too many requests.', data: { status: 429 } });
    expect(store.counters()).toMatchObject({ rateLimited: 1, faulted: 1 });
    await server.close();
  });

  it('seeds orders whose totals hold together: lines + shipping + tax, each line its subtotal less its discount', () => {
    const store = sandbox.woocommerce.store('referee ledgers');
    const orders = store.all('orders');
    expect(orders.length).toBe(40);
    let taxed = 0;
    let discounted = 0;
    for (const o of orders) {
      const lines = o['line_items'] as Array<Record<string, string>>;
      const c = (v: unknown) => centsOf(v) as number;
      const lineTotals = lines.reduce((s, l) => s + c(l['total']), 0);
      const lineSubtotals = lines.reduce((s, l) => s + c(l['subtotal']), 0);
      const lineTax = lines.reduce((s, l) => s + c(l['total_tax']), 0);
      expect(c(o['total'])).toBe(lineTotals + c(o['shipping_total']) + c(o['total_tax']));
      expect(c(o['total'])).toBe(lineSubtotals - c(o['discount_total']) + c(o['shipping_total']) + c(o['total_tax']));
      expect(c(o['total_tax'])).toBe(lineTax + c(o['shipping_tax']));
      expect(c(o['cart_tax'])).toBe(lineTax);
      if (c(o['total_tax']) > 0) taxed++;
      if (c(o['discount_total']) > 0) discounted++;
    }
    expect(taxed).toBeGreaterThan(0);
    expect(discounted).toBeGreaterThan(0);
  });
});
