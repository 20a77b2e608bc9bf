/**
 * BigCommerce end to end through Weft's API against the BigCommerce fake: connected on the session page with a store
 * hash and an API account's access token (X-Auth-Token), every type pulled with exact mapped bodies and associations
 * (orders → customer, products and variants; products → categories; variants → product), the money exactly as
 * BigCommerce sends it, filters pushed down to BigCommerce's list parameters (seen at the fake), customers,
 * categories, products and orders created and updated, an upsert by internal_id, sync pulls that see a deleted
 * customer and an archived order as DELETED, a resumed pull after a fault, and the quota kept with the fake's limits
 * on (0 × 429).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const TYPES = ['ecommerce-customer', 'ecommerce-product', 'ecommerce-order', 'ecommerce-product_variant', 'ecommerce-product_category'];
const SCHEMAS = { schema: TYPES.map((t) => ({ endgrate_type: t })) };
const PUSHABLE = { schema: TYPES.filter((t) => t !== 'ecommerce-product_variant').map((t) => ({ endgrate_type: t })) };

/** v2's four-decimal money as the connector keeps it, and v3's numbers as their decimal text with two decimals at least. */
const v3Money = (n: number) => {
  const [whole, fraction = ''] = String(n).split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
};

describeEachDialect('BigCommerce', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_RATE_LIMIT: 'off' } });
  });
  afterAll(async () => h?.close());

  async function connected(store: string, options: { sync?: boolean; pull?: boolean; upsert?: string } = {}): Promise<string> {
    const body = {
      ...(options.pull ? SCHEMAS : PUSHABLE),
      provider: 'bigcommerce',
      ...(options.sync ? { sync: true } : {}),
      ...(options.upsert ? { default_upsert_setting: options.upsert } : {}),
    };
    const path = options.pull ? '/api/pull/initiate' : '/api/session/initiate';
    const sid = (await h.api('POST', path, { body })).body.session_id as string;
    const fake = h.sandbox.bigcommerce.store(store);
    const res = await h.connectWithApiKey(sid, 'bigcommerce', fake.accessToken, { store_hash: fake.storeHash });
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

  it('refuses a wrong token and a store hash that is not one', async () => {
    const sid = (await h.api('POST', '/api/session/initiate', { body: { ...PUSHABLE, provider: 'bigcommerce' } })).body.session_id as string;
    const fake = h.sandbox.bigcommerce.store('e2e refusals');
    const wrong = await h.connectWithApiKey(sid, 'bigcommerce', 'x'.repeat(31), { store_hash: fake.storeHash });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('BigCommerce refused this Access token');
    for (const hash of ['../etc', 'ABC', 'a.b.c', 'abc']) {
      const res = await h.connectWithApiKey(sid, 'bigcommerce', fake.accessToken, { store_hash: hash });
      expect(res.status, hash).toBe(400);
      expect(res.text).toContain('This is not a valid “Store hash”');
    }
  });

  it('pulls every type with its associations, the money exactly as BigCommerce sends it', async () => {
    const sid = await connected('e2e pulls', { pull: true });
    const fake = h.sandbox.bigcommerce.store('e2e pulls');
    const customers = await pulled(sid, 'ecommerce-customer');
    expect(customers.items.map((c) => c.id)).toEqual(fake.all('customers').map((c) => String(c['id'])));
    const withAddress = customers.items.find((c) => c.data.shipping_address !== null);
    const raw = fake.find('customers', withAddress.id) as any;
    expect(withAddress.data).toMatchObject({
      first_name: raw.first_name,
      last_name: raw.last_name,
      email_address: raw.email,
      phone_number: raw.phone,
      shipping_address: {
        shipping_city: raw.addresses[0].city,
        shipping_street_1: raw.addresses[0].address1,
        shipping_country: raw.addresses[0].country_code,
      },
      billing_address: null,
      created_at: raw.date_created.replace('Z', '.000Z'),
    });
    const categories = await pulled(sid, 'ecommerce-product_category');
    expect(categories.items.map((c) => c.id)).toEqual(fake.all('categories').map((c) => String(c['id'])));
    expect(categories.items.find((c) => c.data.name === 'Shirts').data).toMatchObject({
      parent_id: categories.items.find((c) => c.data.name === 'Clothing').id,
      slug: 'shirts',
    });
    const products = await pulled(sid, 'ecommerce-product', { associations: { 'ecommerce-product_category': true } });
    expect(products.items).toHaveLength(fake.all('products').length);
    const rawProduct = fake.all('products')[0] as any;
    const product = products.items.find((p) => p.id === String(rawProduct.id));
    expect(product.data).toMatchObject({
      name: rawProduct.name,
      sku: rawProduct.sku,
      price: v3Money(rawProduct.price),
      currency: 'USD',
      status: rawProduct.is_visible ? 'ACTIVE' : 'DRAFT',
      category_ids: rawProduct.categories.map(String),
    });
    expect(product.associations['ecommerce-product_category']).toEqual(rawProduct.categories.map(String));
    const variants = await pulled(sid, 'ecommerce-product_variant', { associations: { 'ecommerce-product': true } });
    expect(variants.items.map((v) => v.id)).toEqual(fake.all('variants').map((v) => String(v['id'])));
    const optioned = variants.items.find((v) => v.data.options.length === 2 && v.data.name.endsWith('/ M'));
    const rawVariant = fake.find('variants', optioned.id) as any;
    expect(optioned.data).toMatchObject({
      product_id: String(rawVariant.product_id),
      options: [{ name: 'Colour' }, { name: 'Size', value: 'M' }],
      price: v3Money(rawVariant.price),
      weight_unit: 'LB',
    });
    expect(optioned.associations['ecommerce-product']).toEqual([String(rawVariant.product_id)]);
    const orders = await pulled(sid, 'ecommerce-order', { associations: { 'ecommerce-customer': true, 'ecommerce-product_variant': true } });
    expect(orders.items.map((o) => o.id)).toEqual(fake.all('orders').map((o) => String(o['id'])));
    const withVariant = orders.items.find((o) => o.data.customer_id !== null && o.data.line_items.some((l: any) => l.variant_id !== null));
    const rawOrder = fake.find('orders', withVariant.id) as any;
    const lines = fake.orderProducts(withVariant.id) as any[];
    expect(withVariant.data).toMatchObject({
      order_number: String(rawOrder.id),
      customer_id: String(rawOrder.customer_id),
      currency: 'USD',
      subtotal: rawOrder.subtotal_ex_tax,
      total: rawOrder.total_inc_tax,
      total_tax: rawOrder.total_tax,
      total_shipping: rawOrder.shipping_cost_ex_tax,
      total_discount: '0.0000',
      billing_address: { billing_city: rawOrder.billing_address.city, billing_postal_code: rawOrder.billing_address.zip },
      shipping_method: fake.shippingAddresses(withVariant.id)[0]?.['shipping_method'],
      ordered_at: new Date(Date.parse(rawOrder.date_created)).toISOString(),
      line_items: lines.map((l) => ({
        id: String(l.id),
        product_id: String(l.product_id),
        variant_id: l.variant_id ? String(l.variant_id) : null,
        name: l.name,
        sku: l.sku,
        quantity: l.quantity,
        unit_price: l.price_ex_tax,
        total_discount: '0.00',
        total_tax: l.total_tax,
        total: l.total_ex_tax,
      })),
    });
    expect(withVariant.associations['ecommerce-customer']).toEqual([String(rawOrder.customer_id)]);
    expect(withVariant.associations['ecommerce-product_variant']).toEqual([
      ...new Set(lines.filter((l) => l.variant_id > 0).map((l) => String(l.variant_id))),
    ]);
    const statuses = new Map(orders.items.map((o) => [fake.find('orders', o.id)?.['status_id'], o.data.status]));
    expect(statuses.get(10)).toBe('COMPLETED');
    expect(statuses.get(11)).toBe('OPEN');
  });

  it('pulls an order of 260 lines whole: its products read on past the first page of 250', async () => {
    const sid = await connected('e2e long order', { pull: true });
    const fake = h.sandbox.bigcommerce.store('e2e long order');
    const order = fake.all('orders')[0] as any;
    const lines = fake.orderProducts(order.id) as any[];
    const first = lines[0];
    // The fake's own list of the order's lines, grown in place to 260 (each a copy of the first with its own id).
    lines.push(...Array.from({ length: 260 - lines.length }, (_, i) => ({ ...first, id: 900_000 + i })));
    const orders = await pulled(sid, 'ecommerce-order');
    const mine = orders.items.find((o) => o.id === String(order.id));
    expect(mine.data.line_items).toHaveLength(260);
    expect(mine.data.line_items.map((l: any) => l.id)).toEqual(lines.map((l) => String(l.id)));
  });

  it('pushes filters down to BigCommerce: a customer by e-mail, orders by customer, products changed since', async () => {
    const sid = await connected('e2e filters', { pull: true });
    const fake = h.sandbox.bigcommerce.store('e2e filters');
    const someone = fake.all('customers')[3] as any;
    fake.resetCounters();
    const byEmail = await pulled(sid, 'ecommerce-customer', { params: { email_address: someone.email } });
    expect(byEmail.items.map((i) => i.id)).toEqual([String(someone.id)]);
    expect(fake.listQueries()).toEqual([
      { path: '/v3/customers', query: expect.objectContaining({ 'email:in': someone.email, limit: '250', page: '1', include: 'addresses' }) },
    ]);
    const buyer = fake.all('orders').find((o) => (o['customer_id'] as number) > 0)?.['customer_id'] as number;
    fake.resetCounters();
    const theirs = await pulled(sid, 'ecommerce-order', { params: { customer_id: String(buyer), status: 'COMPLETED' } });
    const expected = fake.all('orders').filter((o) => o['customer_id'] === buyer && [2, 10].includes(o['status_id'] as number));
    expect(theirs.items.map((i) => i.id).sort()).toEqual(expected.map((o) => String(o['id'])).sort());
    expect(fake.listQueries()[0]).toMatchObject({ path: '/v2/orders', query: { customer_id: String(buyer), sort: 'id:asc' } });
    const times = fake
      .all('products')
      .map((p) => String(p['date_modified']))
      .sort();
    const since = times[20] as string;
    fake.resetCounters();
    const changed = await pulled(sid, 'ecommerce-product', { params: { updated_at__range: [since, null] } });
    expect(changed.items.length).toBe(fake.all('products').filter((p) => String(p['date_modified']) >= since).length);
    expect(fake.listQueries()[0]?.query).toMatchObject({ 'date_modified:min': since });
    expect(fake.counters().byKind).toMatchObject({ 'list:products': 1 });
  });

  it('creates and updates customers, categories, products and orders', async () => {
    const sid = await connected('e2e pushes');
    const fake = h.sandbox.bigcommerce.store('e2e pushes');
    fake.resetCounters();
    const customers = await pushed(sid, 'ecommerce-customer', [
      {
        data: {
          first_name: 'Ada',
          last_name: 'Lovelace',
          email_address: 'ada@example.org',
          shipping_address: { shipping_city: 'London', shipping_country: 'GB', shipping_street_1: '1 Lane' },
          tags: ['vip'],
        },
      },
      { data: { first_name: 'Dup', last_name: 'Licate', email_address: String(fake.all('customers')[0]?.['email']) } },
      { data: { first_name: 'Grace', last_name: 'Hopper', email_address: 'grace@example.org' } },
    ]);
    expect(customers[0]).toMatchObject({ success: true, warnings: ['BigCommerce customers have no tags; it was not written'] });
    expect(customers[1]).toMatchObject({ success: false, errors: [expect.stringContaining('already in use')] });
    expect(customers[2]).toMatchObject({ success: true });
    // The batch of three refused whole (422), then each written alone.
    expect(fake.counters().byKind).toMatchObject({ 'batch:customers': 4 });
    expect(fake.find('customers', customers[0].id)).toMatchObject({
      first_name: 'Ada',
      email: 'ada@example.org',
      addresses: [{ city: 'London', country_code: 'GB', address1: '1 Lane' }],
    });
    const [renamed] = await pushed(sid, 'ecommerce-customer', [{ id: customers[2].id, data: { last_name: 'Murray', note: 'Admiral' } }]);
    expect(renamed).toMatchObject({ success: true, id: customers[2].id });
    expect(fake.find('customers', customers[2].id)).toMatchObject({ last_name: 'Murray', notes: 'Admiral' });
    const [category] = await pushed(sid, 'ecommerce-product_category', [
      { data: { name: 'Gadgets', parent_id: String(fake.all('categories')[0]?.['id']) } },
    ]);
    expect(fake.find('categories', category.id)).toMatchObject({ name: 'Gadgets', parent_id: fake.all('categories')[0]?.['id'] });
    const [product, bad] = await pushed(sid, 'ecommerce-product', [
      { data: { name: 'Widget', sku: 'W-1', price: '19.90', status: 'DRAFT', category_ids: [category.id] } },
      { data: { name: 'Bad', price: '1.00005' } },
    ]);
    expect(fake.find('products', product.id)).toMatchObject({
      name: 'Widget',
      sku: 'W-1',
      price: 19.9,
      is_visible: false,
      type: 'physical',
      categories: [Number(category.id)],
    });
    expect(bad).toMatchObject({ success: false, errors: [expect.stringMatching(/at most four decimals/)] });
    const [repriced] = await pushed(sid, 'ecommerce-product', [{ id: product.id, data: { price: '24.00', status: 'ACTIVE' } }]);
    expect(repriced).toMatchObject({ success: true, id: product.id });
    expect(fake.find('products', product.id)).toMatchObject({ name: 'Widget', price: 24, is_visible: true });
    const [order] = await pushed(sid, 'ecommerce-order', [
      {
        data: {
          customer_id: customers[0].id,
          payment_status: 'PAID',
          email_address: 'ada@example.org',
          billing_address: { billing_city: 'London', billing_country: 'GB' },
          line_items: [{ product_id: product.id, quantity: 2 }],
          shipping_method: 'Courier',
          total_shipping: '5.00',
        },
      },
    ]);
    expect(order).toMatchObject({ success: true });
    expect(fake.find('orders', order.id)).toMatchObject({
      status_id: 11,
      customer_id: Number(customers[0].id),
      subtotal_ex_tax: '48.0000',
      total_tax: '4.8000',
      shipping_cost_ex_tax: '5.0000',
      total_inc_tax: '57.8000',
      billing_address: { city: 'London', country_iso2: 'GB', email: 'ada@example.org' },
    });
    expect(fake.orderProducts(order.id)).toMatchObject([{ product_id: Number(product.id), quantity: 2, total_ex_tax: '48.0000' }]);
    const [done] = await pushed(sid, 'ecommerce-order', [{ id: order.id, data: { status: 'COMPLETED', note: 'Shipped' } }]);
    expect(done).toMatchObject({ success: true });
    expect(fake.find('orders', order.id)).toMatchObject({ status_id: 10, customer_message: 'Shipped' });
  });

  it('upserts by internal_id, reading the customer first to set only what it lacks (SET_IF_NOT_SET)', async () => {
    const sid = await connected('e2e upserts', { upsert: 'SET_IF_NOT_SET' });
    const fake = h.sandbox.bigcommerce.store('e2e upserts');
    const [first] = await pushed(sid, 'ecommerce-customer', [
      { internal_id: 'user-17', data: { email_address: 'grace@example.org', first_name: 'Grace', last_name: '' } },
    ]);
    expect(first).toMatchObject({ success: true, internal_id: 'user-17' });
    fake.resetCounters();
    const [second] = await pushed(sid, 'ecommerce-customer', [{ internal_id: 'user-17', data: { first_name: 'Ada', last_name: 'Hopper' } }]);
    expect(second).toMatchObject({ success: true, id: first.id });
    expect(fake.find('customers', first.id)).toMatchObject({ email: 'grace@example.org', first_name: 'Grace' });
    // The current record read by id (`id:in`), then one update.
    expect(fake.listQueries()).toEqual([{ path: '/v3/customers', query: expect.objectContaining({ 'id:in': first.id }) }]);
    expect(fake.counters().byKind).toMatchObject({ 'list:customers': 1, 'batch:customers': 1 });
  });

  it('syncs: everything added, nothing, then an added customer, an edited one, a deleted one and an archived order', async () => {
    const sid = await connected('e2e sync', { sync: true });
    const fake = h.sandbox.bigcommerce.store('e2e sync');
    const first = (await pulled(sid, 'ecommerce-customer')).items;
    expect(new Set(first.map((i) => i.sync_status))).toEqual(new Set(['ADDED']));
    expect((await pulled(sid, 'ecommerce-customer')).items).toEqual([]);
    const [created] = await pushed(sid, 'ecommerce-customer', [{ data: { email_address: 'new@example.org', first_name: 'New', last_name: 'One' } }]);
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
    expect(fake.find('orders', orders[0].id)?.['is_deleted']).toBe(true);
    expect((await pulled(sid, 'ecommerce-order')).items.map((i) => [i.id, i.sync_status])).toEqual([[orders[0].id, 'DELETED']]);
  });

  it('goes on from the page BigCommerce failed, not from the start: page 1 read once, page 2 again', async () => {
    const fake = h.sandbox.bigcommerce.store('e2e resume');
    // Past 250 customers, so that there are two pages.
    const more = Array.from({ length: 140 }, (_, i) => ({
      data: { email_address: `more${i}@example.org`, first_name: 'More', last_name: String(i) },
    }));
    const writer = await connected('e2e resume');
    expect((await pushed(writer, 'ecommerce-customer', more)).every((r) => r.success)).toBe(true);
    const sid = await connected('e2e resume', { pull: true });
    fake.resetCounters();
    fake.injectFault({ status: 503, after: 1, count: 1 });
    const { items } = await pulled(sid, 'ecommerce-customer', {});
    expect(items.map((i) => i.id)).toEqual(fake.all('customers').map((c) => String(c['id'])));
    expect(fake.counters().byStatus['503']).toBe(1);
    expect(fake.listQueries().map((q) => q.query['page'])).toEqual(['1', '2']);
  });
});

describeEachDialect('BigCommerce quota', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    // The sandbox's limits on: the fake's quota is 20 requests per 2-second window per store, said in its headers.
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_RATE_LIMIT: '100/10000' } });
  });
  afterAll(async () => h?.close());

  it('keeps to the quota the headers say through a pull of every order with its lines and addresses: 0 × 429', async () => {
    const fake = h.sandbox.bigcommerce.store('e2e quota');
    const sid = (await h.api('POST', '/api/pull/initiate', { body: { schema: [{ endgrate_type: 'ecommerce-order' }] } })).body.session_id as string;
    expect((await h.connectWithApiKey(sid, 'bigcommerce', fake.accessToken, { store_hash: fake.storeHash })).status).toBe(200);
    fake.resetCounters();
    const started = Date.now();
    const res = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'ecommerce-order', synchronous: true } });
    expect(res.body).toMatchObject({ success: true });
    const counters = fake.counters();
    const requests = Object.values(counters.byKind).reduce((s: number, n) => s + (n as number), 0);
    expect(requests).toBeGreaterThan(100);
    expect(counters.rateLimited).toBe(0);
    expect(counters.byStatus['429']).toBeUndefined();
    // 20 per 2 s: the pull could not have been faster.
    expect(Date.now() - started).toBeGreaterThanOrEqual(Math.floor((requests - 20) / 20) * 2000 - 500);
  });
});
