/**
 * The BigCommerce fake over HTTPS with BigCommerce's Node client as the referee (`node-bigcommerce` 4.1, which always
 * calls https://api.bigcommerce.com/stores/{store_hash}/{v2|v3}: an agent of the test takes its connections to the
 * fake, served with a throwaway self-signed certificate): v3 lists with `meta.pagination` and their filters, reads,
 * batch writes of customers, products created and updated, categories, v2 orders listed (204 past the end), read with
 * their lines, created, updated and archived; the seed's orders balancing; errors; the quota headers and a 429.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

import Fastify, { type FastifyInstance } from 'fastify';
import BigCommerce from 'node-bigcommerce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type BigCommerceSandboxInstance, createBigCommerceSandboxWithUrl } from './index.js';
import { centsOf } from './seed.js';

interface Client {
  get(path: string): Promise<any>;
  post(path: string, data: unknown): Promise<any>;
  put(path: string, data: unknown): Promise<any>;
  delete(path: string): Promise<any>;
}
type ClientClass = new (config: Record<string, unknown>) => Client;

let app: FastifyInstance;
let limited: FastifyInstance;
let sandbox: BigCommerceSandboxInstance;
let tight: BigCommerceSandboxInstance;
let port = 0;
let tightPort = 0;
let dir: string;

/** An agent that takes the client's connections to api.bigcommerce.com:443 to the fake on 127.0.0.1. */
function agentTo(to: () => number): https.Agent {
  const agent = new https.Agent({ keepAlive: false });
  (agent as unknown as { createConnection: (o: tls.ConnectionOptions, cb: () => void) => tls.TLSSocket }).createConnection = (options, cb) =>
    tls.connect({ ...options, host: '127.0.0.1', port: to(), servername: 'api.bigcommerce.com', rejectUnauthorized: false }, cb);
  return agent;
}

async function serve(instance: BigCommerceSandboxInstance, key: Buffer, cert: Buffer): Promise<{ server: FastifyInstance; port: number }> {
  const server = Fastify({ https: { key, cert } });
  await server.register(instance.plugin);
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return { server, port: address.port };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'weft-bc-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=api.bigcommerce.com',
    ],
    { stdio: 'ignore' },
  );
  const key = readFileSync(path.join(dir, 'key.pem'));
  const cert = readFileSync(path.join(dir, 'cert.pem'));
  sandbox = createBigCommerceSandboxWithUrl({ seed: { customers: 23, products: 12, orders: 30 } }, () => 'https://api.bigcommerce.com');
  tight = createBigCommerceSandboxWithUrl(
    { seed: { customers: 3, products: 3, orders: 2 }, rateLimit: { max: 3, windowMs: 60_000 } },
    () => 'https://api.bigcommerce.com',
  );
  ({ server: app, port } = await serve(sandbox, key, cert));
  ({ server: limited, port: tightPort } = await serve(tight, key, cert));
});
afterAll(async () => {
  await app?.close();
  await limited?.close();
  rmSync(dir, { recursive: true, force: true });
});

const Bc = BigCommerce as unknown as ClientClass;

function client(name: string, version: 'v2' | 'v3', options: Record<string, unknown> = {}): Client {
  const store = sandbox.bigcommerce.store(name);
  return new Bc({
    accessToken: store.accessToken,
    storeHash: store.storeHash,
    clientId: 'weft-test',
    responseType: 'json',
    apiVersion: version,
    agent: agentTo(() => port),
    ...options,
  });
}

/** The client's error: its status and the body it carries as text. */
async function failure(p: Promise<unknown>): Promise<{ status: number; body: any }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code?: number; responseBody?: string };
    if (typeof err.code === 'number') return { status: err.code, body: err.responseBody ? JSON.parse(err.responseBody) : null };
    throw e;
  }
  throw new Error('the request succeeded');
}

describe('BigCommerce fake, with node-bigcommerce over https', () => {
  it('lists v3 customers a page at a time with meta.pagination, their addresses on request, filtered by id:in and email:in', async () => {
    const api = client('referee lists', 'v3');
    const first = await api.get('/customers?page=1&limit=10&include=addresses');
    expect(first.data.map((c: any) => c.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(first.meta.pagination).toMatchObject({
      total: 23,
      count: 10,
      per_page: 10,
      current_page: 1,
      total_pages: 3,
      links: { next: '?page=2&limit=10' },
    });
    expect(first.data[0]).toMatchObject({ email: expect.stringContaining('@example.com'), date_modified: expect.stringMatching(/Z$/) });
    expect(first.data.some((c: any) => Array.isArray(c.addresses) && c.addresses.length === 1)).toBe(true);
    const last = await api.get('/customers?page=3&limit=10');
    expect(last.data.map((c: any) => c.id)).toEqual([21, 22, 23]);
    expect(last.data[0].addresses).toBeUndefined();
    const some = await api.get(`/customers?id:in=2,5&email:in=${encodeURIComponent(first.data[4].email)}`);
    expect(some.data.map((c: any) => c.id)).toEqual([5]);
  });

  it('lists products and variants with money as numbers; a product by id with its variants', async () => {
    const api = client('referee lists', 'v3');
    const products = await api.get('/catalog/products?limit=250&sort=id&direction=asc');
    expect(products.data).toHaveLength(12);
    const p = products.data[1];
    expect(typeof p.price).toBe('number');
    const one = await api.get(`/catalog/products/${p.id}?include=variants`);
    expect(one.data.variants.length).toBe(4);
    expect(one.data.variants[0].option_values.map((o: any) => o.option_display_name)).toEqual(['Colour', 'Size']);
    const variants = await api.get(`/catalog/variants?product_id:in=${p.id}`);
    expect(variants.data.map((v: any) => v.id)).toEqual(one.data.variants.map((v: any) => v.id));
    const categories = await api.get('/catalog/categories');
    expect(categories.data.find((c: any) => c.name === 'Shirts').parent_id).toBe(categories.data.find((c: any) => c.name === 'Clothing').id);
  });

  it('creates customers ten at a time, all or none: a taken e-mail refuses the batch with 422 and its errors', async () => {
    const api = client('referee writes', 'v3');
    const created = await api.post('/customers', [
      {
        email: 'ann@example.org',
        first_name: 'Ann',
        last_name: 'Lee',
        addresses: [{ address1: '1 Rue', city: 'Paris', postal_code: '75001', country_code: 'FR', state_or_province: '' }],
      },
      { email: 'bob@example.org', first_name: 'Bob', last_name: 'Ray' },
    ]);
    expect(created.data.map((c: any) => c.email)).toEqual(['ann@example.org', 'bob@example.org']);
    const updated = await api.put('/customers', [{ id: created.data[0].id, last_name: 'Lin' }]);
    expect(updated.data[0]).toMatchObject({ id: created.data[0].id, first_name: 'Ann', last_name: 'Lin' });
    const dup = await failure(
      api.post('/customers', [
        { email: 'cy@example.org', first_name: 'Cy', last_name: 'X' },
        { email: 'ann@example.org', first_name: 'A', last_name: 'B' },
      ]),
    );
    expect(dup.status).toBe(422);
    expect(dup.body).toMatchObject({
      status: 422,
      title: 'Unable to create customers',
      type: expect.any(String),
      errors: { '.customer_create': expect.stringContaining('already in use') },
    });
    expect(
      sandbox.bigcommerce
        .store('referee writes')
        .all('customers')
        .some((c) => c['email'] === 'cy@example.org'),
    ).toBe(false);
    const tooMany = await failure(
      api.post(
        '/customers',
        Array.from({ length: 11 }, (_, i) => ({ email: `x${i}@example.org`, first_name: 'X', last_name: 'Y' })),
      ),
    );
    expect(tooMany.status).toBe(413);
  });

  it('creates a product, updates products in an array, refuses a duplicate name with 409; categories one at a time', async () => {
    const api = client('referee writes', 'v3');
    const category = await api.post('/catalog/categories', { name: 'Gadgets', parent_id: 0 });
    const product = await api.post('/catalog/products', { name: 'Widget', type: 'physical', weight: 1, price: 19.9, categories: [category.data.id] });
    expect(product.data).toMatchObject({ name: 'Widget', price: 19.9, categories: [category.data.id] });
    const updated = await api.put('/catalog/products', [{ id: product.data.id, price: 24.95, is_visible: false }]);
    expect(updated.data[0]).toMatchObject({ id: product.data.id, price: 24.95, is_visible: false });
    const dup = await failure(api.post('/catalog/products', { name: 'Widget', type: 'physical', weight: 1, price: 1 }));
    expect(dup.status).toBe(409);
    const missing = await failure(api.post('/catalog/products', { name: 'No price' }));
    expect(missing).toMatchObject({
      status: 422,
      body: { errors: { type: 'type is required', weight: 'weight is required', price: 'price is required' } },
    });
    expect((await failure(api.get('/catalog/products/999999'))).body).toMatchObject({ status: 404, title: 'The requested resource was not found.' });
  });

  it("lists v2 orders as bare arrays with four-decimal money strings, 204 past the end; an order's lines balance", async () => {
    const api = client('referee orders', 'v2');
    const orders = await api.get('/orders?limit=250&sort=id:asc');
    expect(orders).toHaveLength(30);
    expect(orders[0]).toMatchObject({
      id: 100,
      subtotal_ex_tax: expect.stringMatching(/^\d+\.\d{4}$/),
      date_created: expect.stringMatching(/\+0000$/),
    });
    // Past the end: 204 No Content, which the client answers as an empty body.
    expect(await api.get('/orders?page=2&limit=250')).toBe('');
    const store = sandbox.bigcommerce.store('referee orders');
    for (const o of orders) {
      const lines = await api.get(`/orders/${o.id}/products`);
      const sum = lines.reduce((s: number, l: any) => s + (centsOf(l.total_ex_tax) ?? NaN), 0);
      const tax = lines.reduce((s: number, l: any) => s + (centsOf(l.total_tax) ?? NaN), 0);
      expect(centsOf(o.subtotal_ex_tax)).toBe(sum);
      expect(centsOf(o.total_tax)).toBe(tax);
      expect(centsOf(o.total_inc_tax)).toBe(sum + tax + (centsOf(o.shipping_cost_ex_tax) as number) - (centsOf(o.discount_amount) as number));
      expect(store.orderProducts(o.id)).toHaveLength(lines.length);
    }
    const customer = orders.find((o: any) => o.customer_id > 0).customer_id;
    const theirs = await api.get(`/orders?customer_id=${customer}`);
    expect(theirs.every((o: any) => o.customer_id === customer)).toBe(true);
  });

  it('creates an order priced from the catalog, updates its status and archives it', async () => {
    const api = client('referee orders', 'v2');
    const v3 = client('referee orders', 'v3');
    const simple = (await v3.get('/catalog/products?limit=250')).data[0];
    const created = await api.post('/orders', {
      customer_id: 0,
      status_id: 11,
      billing_address: {
        first_name: 'Ann',
        last_name: 'Lee',
        street_1: '1 Main',
        city: 'Austin',
        state: 'Texas',
        zip: '78701',
        country_iso2: 'US',
        email: 'ann@example.org',
      },
      products: [{ product_id: simple.id, quantity: 2 }],
      shipping_cost_ex_tax: '5.0000',
    });
    const unit = Math.round(simple.price * 100);
    const tax = Math.round((unit * 2) / 10);
    expect(created).toMatchObject({
      status_id: 11,
      status: 'Awaiting Fulfillment',
      subtotal_ex_tax: `${(unit * 2) / 100}`.replace(/^(\d+)$/, '$1.00').replace(/\.(\d)$/, '.$10') + '00',
    });
    expect(centsOf(created.total_inc_tax)).toBe(unit * 2 + tax + 500);
    const updated = await api.put(`/orders/${created.id}`, { status_id: 10, customer_message: 'Thanks' });
    expect(updated).toMatchObject({ status_id: 10, status: 'Completed', customer_message: 'Thanks' });
    expect(await api.delete(`/orders/${created.id}`)).toBe('');
    const archived = await api.get('/orders?is_deleted=true');
    expect(archived.map((o: any) => o.id)).toEqual([created.id]);
    const bad = await failure(api.post('/orders', { billing_address: {}, products: [{ product_id: 999999, quantity: 1 }] }));
    expect(bad).toMatchObject({ status: 400, body: [{ status: 400, message: 'The field product_id is invalid.' }] });
  });

  it('refuses a wrong token and a token of another store with 401', async () => {
    const wrong = await failure(client('referee lists', 'v3', { accessToken: 'x'.repeat(31) }).get('/customers'));
    expect(wrong).toMatchObject({ status: 401, body: { status: 401, title: expect.stringContaining('not authorized') } });
    const other = sandbox.bigcommerce.store('referee other');
    const crossed = await failure(client('referee lists', 'v2', { accessToken: other.accessToken }).get('/orders'));
    expect(crossed).toMatchObject({ status: 401, body: [{ status: 401 }] });
  });

  it("says what is left of the store's quota, and answers 429 with it spent (X-Rate-Limit-Time-Reset-Ms, X-Retry-After)", async () => {
    const store = tight.bigcommerce.store('referee quota');
    const raw = () =>
      new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
        https
          .get(
            {
              host: '127.0.0.1',
              port: tightPort,
              path: `/stores/${store.storeHash}/v3/customers`,
              headers: { 'x-auth-token': store.accessToken },
              rejectUnauthorized: false,
            },
            (res) => {
              res.resume();
              res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
            },
          )
          .on('error', reject);
      });
    const first = await raw();
    expect(first.headers).toMatchObject({
      'x-rate-limit-requests-quota': '3',
      'x-rate-limit-requests-left': '2',
      'x-rate-limit-time-window-ms': '60000',
      'x-rate-limit-time-reset-ms': expect.stringMatching(/^\d+$/),
    });
    const api = new Bc({
      accessToken: store.accessToken,
      storeHash: store.storeHash,
      clientId: 'weft-test',
      apiVersion: 'v3',
      failOnLimitReached: true,
      agent: agentTo(() => tightPort),
    });
    for (let i = 0; i < 2; i++) await api.get('/customers');
    const refused = await api.get('/customers').then(
      () => null,
      (e: { retryAfter?: number; message: string }) => e,
    );
    expect(refused?.message).toMatch(/rate limit/);
    expect(refused?.retryAfter).toBeGreaterThan(0);
    const spent = await raw();
    expect(spent.status).toBe(429);
    expect(Number(spent.headers['x-rate-limit-time-reset-ms'])).toBeGreaterThan(0);
    expect(spent.headers['x-rate-limit-requests-left']).toBe('0');
    expect(store.counters().byStatus['429']).toBe(2);
  });
});
