/**
 * WooCommerce end to end through Weft's API against the WooCommerce fake: connected on the session page with a store
 * address, a consumer key and its secret (sent as HTTP Basic), every type pulled with exact mapped bodies and
 * associations (orders → customer, products and variations; products → categories; variations → product), filters
 * pushed down to WooCommerce's list parameters (seen at the fake), customers, categories, products and orders created
 * and updated through batches, sync pulls that see a trashed order and a deleted customer as DELETED, a resumed pull
 * after a fault, and the pace kept under a host's limiter (0 × 429).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const TYPES = ['ecommerce-customer', 'ecommerce-product', 'ecommerce-order', 'ecommerce-product_variant', 'ecommerce-product_category'];
const SCHEMAS = { schema: TYPES.map((t) => ({ endgrate_type: t })) };
const PUSHABLE = { schema: TYPES.filter((t) => t !== 'ecommerce-product_variant').map((t) => ({ endgrate_type: t })) };

describeEachDialect('WooCommerce', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_RATE_LIMIT: 'off' } });
  });
  afterAll(async () => h?.close());

  const fields = (store: string) => {
    const fake = h.sandbox.woocommerce.store(store);
    return { store: fake.storeUrl, consumer_secret: fake.consumerSecret };
  };

  async function connected(store: string, options: { sync?: boolean; pull?: boolean } = {}): Promise<string> {
    const body = { ...(options.pull ? SCHEMAS : PUSHABLE), provider: 'woocommerce', ...(options.sync ? { sync: true } : {}) };
    const path = options.pull ? '/api/pull/initiate' : '/api/session/initiate';
    const sid = (await h.api('POST', path, { body })).body.session_id as string;
    const res = await h.connectWithApiKey(sid, 'woocommerce', h.sandbox.woocommerce.store(store).consumerKey, fields(store));
    expect(res.status, res.text.slice(0, 500)).toBe(200);
    return sid;
  }

  async function pulled(sid: string, type: string, extra: object = {}): Promise<{ items: any[]; transfer: string }> {
    const t = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: type, synchronous: true, ...extra } });
    expect(t.body, JSON.stringify(t.body)).toMatchObject({ success: true });
    const items: any[] = [];
    for (let offset = 0; ; offset += 250) {
      const page = await h.api('GET', `/api/pull/data?endgrate_type=${type}&transfer_id=${t.body.transfer_id}&offset=${offset}`);
      items.push(...page.body.transfer_data);
      if (!page.body.meta.next) return { items, transfer: t.body.transfer_id };
    }
  }

  async function pushed(sid: string, type: string, items: unknown[]): Promise<any[]> {
    const res = await h.api('POST', '/api/push/transfer', {
      body: { session_id: sid, endgrate_type: type, synchronous: true, transfer_data: items },
    });
    expect(res.body).toMatchObject({ success: true });
    return (await h.api('GET', `/api/push/data?endgrate_type=${type}&transfer_id=${res.body.transfer_id}`)).body.transfer_data;
  }

  it('refuses a wrong secret, an http store and a store on an address', async () => {
    const sid = (await h.api('POST', '/api/session/initiate', { body: { ...PUSHABLE, provider: 'woocommerce' } })).body.session_id as string;
    const fake = h.sandbox.woocommerce.store('e2e refusals');
    const key = fake.consumerKey;
    const wrong = await h.connectWithApiKey(sid, 'woocommerce', key, { store: fake.storeUrl, consumer_secret: `cs_${'0'.repeat(40)}` });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('WooCommerce refused this Consumer key');
    for (const store of ['http://shop.example.com', 'https://10.0.0.7', 'https://user:pw@shop.example.com', 'https://localhost']) {
      const res = await h.connectWithApiKey(sid, 'woocommerce', key, { store, consumer_secret: fake.consumerSecret });
      expect(res.status, store).toBe(400);
      expect(res.text).toContain('This is not a valid “Store address”');
    }
  });

  it('pulls every type with its associations, the money exactly as WooCommerce sends it', async () => {
    const sid = await connected('e2e pulls', { pull: true });
    const fake = h.sandbox.woocommerce.store('e2e pulls');
    const customers = await pulled(sid, 'ecommerce-customer');
    expect(customers.items).toHaveLength(fake.all('customers').length);
    const raw = fake.find('customers', customers.items[0].id) as any;
    expect(customers.items[0].data).toMatchObject({
      first_name: raw.first_name,
      last_name: raw.last_name,
      email_address: raw.email,
      phone_number: raw.billing.phone,
      billing_address: {
        billing_city: raw.billing.city,
        billing_street_1: raw.billing.address_1,
        billing_postal_code: raw.billing.postcode,
        billing_country: raw.billing.country,
      },
      created_at: `${raw.date_created_gmt}.000Z`,
    });
    const categories = await pulled(sid, 'ecommerce-product_category');
    expect(categories.items.map((c) => c.id)).toEqual(fake.all('categories').map((c) => String(c['id'])));
    expect(categories.items.find((c) => c.data.name === 'T-shirts').data.parent_id).toBe(categories.items.find((c) => c.data.name === 'Clothing').id);
    const products = await pulled(sid, 'ecommerce-product', { associations: { 'ecommerce-product_category': true } });
    const live = fake.all('products').filter((p) => p['status'] !== 'trash');
    expect(products.items).toHaveLength(live.length);
    const simple = products.items.find((p) => p.data.product_type === 'simple');
    const rawSimple = fake.find('products', simple.id) as any;
    expect(simple.data).toMatchObject({
      name: rawSimple.name,
      sku: rawSimple.sku,
      price: rawSimple.price,
      currency: 'USD',
      category_ids: [String(rawSimple.categories[0].id)],
    });
    expect(simple.associations['ecommerce-product_category']).toEqual([String(rawSimple.categories[0].id)]);
    const variants = await pulled(sid, 'ecommerce-product_variant', { associations: { 'ecommerce-product': true } });
    const variable = live.filter((p) => p['type'] === 'variable');
    expect(variants.items.map((v) => v.id)).toEqual(variable.flatMap((p) => fake.variationsOf(p['id'] as number).map((v) => String(v['id']))));
    const v = variants.items[0];
    expect(v.data).toMatchObject({
      product_id: String(variable[0]?.['id']),
      options: [{ name: 'Size' }, { name: 'Colour' }],
      currency: 'USD',
      weight_unit: 'KG',
    });
    expect(v.associations['ecommerce-product']).toEqual([String(variable[0]?.['id'])]);
    const orders = await pulled(sid, 'ecommerce-order', { associations: { 'ecommerce-customer': true, 'ecommerce-product_variant': true } });
    expect(orders.items).toHaveLength(fake.all('orders').length);
    const withVariant = orders.items.find((o) => o.data.customer_id !== null && o.data.line_items.some((l: any) => l.variant_id !== null));
    const rawOrder = fake.find('orders', withVariant.id) as any;
    expect(withVariant.data).toMatchObject({
      order_number: rawOrder.number,
      customer_id: String(rawOrder.customer_id),
      currency: 'USD',
      total: rawOrder.total,
      total_tax: rawOrder.total_tax,
      total_shipping: rawOrder.shipping_total,
      total_discount: rawOrder.discount_total,
      ordered_at: `${rawOrder.date_created_gmt}.000Z`,
    });
    expect(withVariant.associations['ecommerce-customer']).toEqual([String(rawOrder.customer_id)]);
    expect(withVariant.associations['ecommerce-product_variant']).toEqual([
      ...new Set(rawOrder.line_items.filter((l: any) => l.variation_id > 0).map((l: any) => String(l.variation_id))),
    ]);
    const statuses = new Map(orders.items.map((o) => [fake.find('orders', o.id)?.['status'], o.data.status]));
    expect(statuses.get('completed')).toBe('COMPLETED');
    expect(statuses.get('processing')).toBe('OPEN');
  });

  it('pushes filters down to WooCommerce: a customer by e-mail, orders by customer and status, products changed since', async () => {
    const sid = await connected('e2e filters', { pull: true });
    const fake = h.sandbox.woocommerce.store('e2e filters');
    const someone = fake.all('customers')[3] as any;
    fake.resetCounters();
    const byEmail = await pulled(sid, 'ecommerce-customer', { params: { email_address: someone.email } });
    expect(byEmail.items.map((i) => i.id)).toEqual([String(someone.id)]);
    expect(fake.listQueries()).toEqual([
      { path: '/customers', query: expect.objectContaining({ email: someone.email, per_page: '100', page: '1' }) },
    ]);
    const buyer = fake.all('orders').find((o) => (o['customer_id'] as number) > 0)?.['customer_id'] as number;
    fake.resetCounters();
    const theirs = await pulled(sid, 'ecommerce-order', { params: { customer_id: String(buyer), status: 'COMPLETED' } });
    const expected = fake.all('orders').filter((o) => o['customer_id'] === buyer && o['status'] === 'completed');
    expect(theirs.items.map((i) => i.id).sort()).toEqual(expected.map((o) => String(o['id'])).sort());
    expect(fake.listQueries()[0]?.query).toMatchObject({ customer: String(buyer), status: 'completed' });
    const times = fake
      .all('products')
      .map((p) => String(p['date_modified_gmt']))
      .sort();
    const since = `${times[20]}.000Z`;
    fake.resetCounters();
    const changed = await pulled(sid, 'ecommerce-product', { params: { updated_at__range: [since, null] } });
    expect(changed.items.length).toBe(
      fake.all('products').filter((p) => `${String(p['date_modified_gmt'])}.000Z` >= since && p['status'] !== 'trash').length,
    );
    expect(fake.listQueries()[0]?.query).toMatchObject({ modified_after: expect.any(String), dates_are_gmt: 'true' });
    expect(fake.counters().byKind).toMatchObject({ 'list:products': 1 });
  });

  it('creates and updates customers, categories, products and orders in batches', async () => {
    const sid = await connected('e2e pushes');
    const fake = h.sandbox.woocommerce.store('e2e pushes');
    fake.resetCounters();
    const customers = await pushed(sid, 'ecommerce-customer', [
      {
        data: {
          first_name: 'Ada',
          last_name: 'Lovelace',
          email_address: 'ada@example.org',
          billing_address: { billing_city: 'London', billing_country: 'GB' },
          note: 'VIP',
        },
      },
      { data: { first_name: 'Dup', email_address: String(fake.all('customers')[0]?.['email']) } },
    ]);
    expect(customers[0]).toMatchObject({ success: true, warnings: ['WooCommerce customers have no note; it was not written'] });
    expect(customers[1]).toMatchObject({
      success: false,
      errors: [expect.stringContaining('registration-error-email-exists: An account is already registered')],
    });
    expect(fake.counters().byKind).toMatchObject({ 'batch:customers': 1 });
    expect(fake.find('customers', customers[0].id)).toMatchObject({
      first_name: 'Ada',
      email: 'ada@example.org',
      billing: { city: 'London', country: 'GB' },
    });
    const [category] = await pushed(sid, 'ecommerce-product_category', [{ data: { name: 'Gadgets', parent_id: '10' } }]);
    expect(fake.find('categories', category.id)).toMatchObject({ name: 'Gadgets', parent: 10 });
    const [product, cents] = await pushed(sid, 'ecommerce-product', [
      { data: { name: 'Widget', sku: 'W-1', price: '19.90', status: 'DRAFT', category_ids: [category.id] } },
      { data: { name: 'Bad', price: '1.005' } },
    ]);
    expect(fake.find('products', product.id)).toMatchObject({
      name: 'Widget',
      sku: 'W-1',
      regular_price: '19.90',
      price: '19.90',
      status: 'draft',
      categories: [{ id: Number(category.id) }],
    });
    expect(cents).toMatchObject({ success: false, errors: [expect.stringMatching(/at most two decimals/)] });
    const [renamed] = await pushed(sid, 'ecommerce-product', [{ id: product.id, data: { price: '24.00', status: 'ACTIVE' } }]);
    expect(renamed).toMatchObject({ success: true, id: product.id });
    expect(fake.find('products', product.id)).toMatchObject({ name: 'Widget', regular_price: '24.00', status: 'publish' });
    const [order] = await pushed(sid, 'ecommerce-order', [
      {
        data: {
          customer_id: customers[0].id,
          payment_status: 'PAID',
          line_items: [{ product_id: product.id, quantity: 2 }],
          shipping_method: 'Courier',
          total_shipping: '5.00',
          discount_codes: ['save10'],
        },
      },
    ]);
    expect(order).toMatchObject({ success: true });
    expect(fake.find('orders', order.id)).toMatchObject({
      status: 'processing',
      customer_id: Number(customers[0].id),
      total: '48.20',
      discount_total: '4.80',
      shipping_lines: [{ method_title: 'Courier', total: '5.00' }],
      line_items: [{ product_id: Number(product.id), quantity: 2, subtotal: '48.00', total: '43.20' }],
    });
    const [done] = await pushed(sid, 'ecommerce-order', [{ id: order.id, data: { status: 'COMPLETED', note: 'Shipped' } }]);
    expect(done).toMatchObject({ success: true });
    expect(fake.find('orders', order.id)).toMatchObject({ status: 'completed', customer_note: 'Shipped' });
  });

  it('upserts by internal_id, reading the customer first to set only what it lacks (SET_IF_NOT_SET)', async () => {
    const body = { ...PUSHABLE, provider: 'woocommerce', default_upsert_setting: 'SET_IF_NOT_SET' };
    const sid = (await h.api('POST', '/api/session/initiate', { body })).body.session_id as string;
    const fake = h.sandbox.woocommerce.store('e2e upserts');
    expect((await h.connectWithApiKey(sid, 'woocommerce', fake.consumerKey, fields('e2e upserts'))).status).toBe(200);
    const [first] = await pushed(sid, 'ecommerce-customer', [
      { internal_id: 'user-17', data: { email_address: 'grace@example.org', first_name: 'Grace' } },
    ]);
    expect(first).toMatchObject({ success: true, internal_id: 'user-17' });
    fake.resetCounters();
    const [second] = await pushed(sid, 'ecommerce-customer', [{ internal_id: 'user-17', data: { first_name: 'Ada', last_name: 'Hopper' } }]);
    expect(second).toMatchObject({ success: true, id: first.id });
    expect(fake.find('customers', first.id)).toMatchObject({ email: 'grace@example.org', first_name: 'Grace', last_name: 'Hopper' });
    // The current record read by id in one list request (`include`), then one batch update.
    expect(fake.listQueries()).toEqual([{ path: '/customers', query: expect.objectContaining({ include: first.id, role: 'all' }) }]);
    expect(fake.counters().byKind).toMatchObject({ 'list:customers': 1, 'batch:customers': 1 });
  });

  it('syncs: everything added, nothing, then an added customer, an edited one, a deleted one and a trashed order', async () => {
    const sid = await connected('e2e sync', { sync: true });
    const fake = h.sandbox.woocommerce.store('e2e sync');
    const first = (await pulled(sid, 'ecommerce-customer')).items;
    expect(new Set(first.map((i) => i.sync_status))).toEqual(new Set(['ADDED']));
    expect((await pulled(sid, 'ecommerce-customer')).items).toEqual([]);
    const [created] = await pushed(sid, 'ecommerce-customer', [{ data: { email_address: 'new@example.org', first_name: 'New' } }]);
    fake.edit('customers', first[1].id, { first_name: 'Renamed' });
    expect(fake.remove('customers', first[2].id)).toBe(true);
    const third = (await pulled(sid, 'ecommerce-customer')).items;
    expect(third.map((i) => [i.id, i.sync_status]).sort()).toEqual(
      [
        [created.id, 'ADDED'],
        [first[1].id, 'UPDATED'],
        [first[2].id, 'DELETED'],
      ].sort(),
    );
    const orders = (await pulled(sid, 'ecommerce-order')).items;
    expect(fake.remove('orders', orders[0].id)).toBe(true);
    expect(fake.find('orders', orders[0].id)?.['status']).toBe('trash');
    expect((await pulled(sid, 'ecommerce-order')).items.map((i) => [i.id, i.sync_status])).toEqual([[orders[0].id, 'DELETED']]);
    // A trashed product likewise; restored from the trash, it is back.
    const products = (await pulled(sid, 'ecommerce-product')).items;
    expect(fake.remove('products', products[1].id)).toBe(true);
    expect((await pulled(sid, 'ecommerce-product')).items.map((i) => [i.id, i.sync_status])).toEqual([[products[1].id, 'DELETED']]);
    fake.edit('products', products[1].id, { status: 'publish' });
    expect((await pulled(sid, 'ecommerce-product')).items.map((i) => [i.id, i.sync_status])).toEqual([[products[1].id, 'ADDED']]);
  });

  it('goes on from the page WooCommerce failed, not from the start: page 1 read once, page 2 again', async () => {
    const sid = await connected('e2e resume', { pull: true });
    const fake = h.sandbox.woocommerce.store('e2e resume');
    fake.resetCounters();
    fake.injectFault({ status: 503, after: 1, count: 1 });
    const { items } = await pulled(sid, 'ecommerce-customer');
    expect(items.map((i) => i.id)).toEqual(fake.all('customers').map((c) => String(c['id'])));
    expect(fake.counters().byStatus['503']).toBe(1);
    expect(fake.listQueries().map((q) => q.query['page'])).toEqual(['1', '2', '3']);
  });
});

describeEachDialect('WooCommerce pace', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    // The sandbox's limits on: the fake stands for a host's limiter of 10 requests a second per key.
    h = await startHarness(dialect, { env: {} });
  });
  afterAll(async () => h?.close());

  it('keeps to a modest pace: one request at a time through a pull of every variation, 0 × 429', async () => {
    const fake = h.sandbox.woocommerce.store('e2e pace');
    const sid = (await h.api('POST', '/api/pull/initiate', { body: { schema: [{ endgrate_type: 'ecommerce-product_variant' }] } })).body
      .session_id as string;
    expect(
      (await h.connectWithApiKey(sid, 'woocommerce', fake.consumerKey, { store: fake.storeUrl, consumer_secret: fake.consumerSecret })).status,
    ).toBe(200);
    fake.resetCounters();
    const started = Date.now();
    const res = await h.api('POST', '/api/pull/transfer', {
      body: { session_id: sid, endgrate_type: 'ecommerce-product_variant', synchronous: true },
    });
    expect(res.body).toMatchObject({ success: true });
    const counters = fake.counters();
    const requests = Object.values(counters.byKind).reduce((s: number, n) => s + (n as number), 0);
    expect(requests).toBeGreaterThan(30);
    expect(counters.rateLimited).toBe(0);
    expect(counters.byStatus['429']).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(((requests - 10) / 10) * 1000 - 500);
  });
});
