/**
 * Shopify end to end through Weft against its fake: a connection made with the shop's domain typed before the consent
 * (the callback's HMAC and shop checked), every type pulled with its associations and exact money, filters pushed
 * down in Shopify's search syntax (seen at the fake), customers and products created and updated (a userErrors
 * answer failing its record alone; a lost answer settled by a read), a sync concluding deletions from a full pull, a
 * fault retried, a pull resumed from its checkpoint, and the cost bucket honoured over thousands of records without a
 * single THROTTLED answer.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { signQuery } from '../../src/sandbox/shopify/index.js';
import { cookieJar, describeEachDialect, eventually, type Harness, startHarness } from '../helpers/harness.js';

// The category: each type offered in the directions Shopify serves (variants, collections and orders pulled only).
const SCHEMAS = { category: 'Ecommerce' };

const cents = (s: string) => {
  const [whole, frac = ''] = s.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
};

function helpers(h: () => Harness) {
  async function connected(shop: string, sync = false): Promise<string> {
    const body = { ...SCHEMAS, ...(sync ? { sync: true } : {}) };
    const sid = (await h().api('POST', '/api/session/initiate', { body })).body.session_id as string;
    await h().connect(sid, shop, 'shopify', { fields: { shop } });
    return sid;
  }
  async function pulled(sid: string, type: string, extra: object = {}): Promise<any[]> {
    const t = await h().api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: type, synchronous: true, ...extra } });
    expect(t.body, JSON.stringify(t.body)).toMatchObject({ success: true });
    const items: any[] = [];
    for (let offset = 0; ; offset += 250) {
      const page = await h().api('GET', `/api/pull/data?endgrate_type=${type}&transfer_id=${t.body.transfer_id}&offset=${offset}`);
      items.push(...page.body.transfer_data);
      if (!page.body.meta.next) return items;
    }
  }
  async function pushed(sid: string, type: string, items: unknown[]): Promise<any[]> {
    const res = await h().api('POST', '/api/push/transfer', {
      body: { session_id: sid, endgrate_type: type, synchronous: true, transfer_data: items },
    });
    expect(res.body, JSON.stringify(res.body)).toMatchObject({ success: true });
    return (await h().api('GET', `/api/push/data?endgrate_type=${type}&transfer_id=${res.body.transfer_id}`)).body.transfer_data;
  }
  return { connected, pulled, pushed };
}

describeEachDialect('Shopify', (dialect) => {
  let h: Harness;
  const { connected, pulled, pushed } = helpers(() => h);
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_RATE_LIMIT: 'off', WEFT_SANDBOX_CONTACTS: '300', WEFT_SANDBOX_COMPANIES: '40' } });
  });
  afterAll(async () => h?.close());

  it('refuses a domain that is not a myshopify.com shop before the consent', async () => {
    const sid = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id as string;
    for (const shop of ['evil.example.com', 'weft.myshopify.com.evil.example', 'https://weft.myshopify.com', '127.0.0.1']) {
      await expect(h.connect(sid, shop, 'shopify', { fields: { shop } })).rejects.toThrow(/fields form answered 400/);
    }
  });

  it('refuses a callback whose signature does not hold or that names another shop, before exchanging its code', async () => {
    const sid = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id as string;
    const shop = 'e2e-callback.myshopify.com';
    const form = (body: Record<string, string>) => ({
      method: 'POST',
      redirect: 'manual' as const,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body),
    });
    const consent = async () => {
      await fetch(`${h.url}/session/connect`, form({ session_id: sid, provider: 'shopify', method: 'oauth2' }));
      const fields = await fetch(`${h.url}/session/oauth-fields`, form({ session_id: sid, provider: 'shopify', shop }));
      expect(fields.status).toBe(303);
      const authorize = new URL(fields.headers.get('location') ?? '');
      expect(authorize.pathname).toBe(`/sandbox/shopify/store/${shop}/admin/oauth/authorize`);
      expect(authorize.searchParams.get('scope')).toBe('read_customers,write_customers,read_orders,write_orders,read_products,write_products');
      const granted = await fetch(
        authorize.origin + authorize.pathname,
        form({ ...Object.fromEntries(authorize.searchParams), decision: 'authorize' }),
      );
      return { callback: new URL(granted.headers.get('location') ?? ''), jar: cookieJar(fields) };
    };
    const tampered = await consent();
    tampered.callback.searchParams.set('timestamp', '1');
    const refused = await fetch(tampered.callback, { headers: { cookie: tampered.jar } });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/signature does not match/);
    // Signed with the app's secret, but for another shop than the one typed.
    const other = await consent();
    const params = Object.fromEntries(other.callback.searchParams);
    const rest = Object.fromEntries(Object.entries({ ...params, shop: 'someone-else.myshopify.com' }).filter(([k]) => k !== 'hmac'));
    other.callback.searchParams.set('shop', 'someone-else.myshopify.com');
    other.callback.searchParams.set('hmac', signQuery(rest, h.sandbox.shopify.clientSecret));
    const elsewhere = await fetch(other.callback, { headers: { cookie: other.jar } });
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toMatch(/names another shop/);
    // Nothing was connected.
    expect(JSON.stringify((await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body)).toMatch(/not yet configured/);
  });

  it('pulls customers as the shop holds them, ids as the GID numbers', async () => {
    const sid = await connected('e2e-pulls.myshopify.com');
    const shop = h.sandbox.shopify.shop('e2e-pulls.myshopify.com');
    const customers = await pulled(sid, 'ecommerce-customer');
    expect(customers).toHaveLength(shop.customers.size);
    const held = [...shop.customers.values()].find((c) => c.address && c.phone);
    if (!held?.address) throw new Error('seed');
    const mine = customers.find((c) => c.id === String(held.id));
    const orders = [...shop.orders.values()].filter((o) => o.customerId === held.id && o.cancelledAt === null);
    expect(mine.data).toEqual({
      first_name: held.firstName,
      last_name: held.lastName,
      email_address: held.email,
      phone_number: held.phone,
      company_name: held.address.company,
      accepts_marketing: held.marketing === 'SUBSCRIBED',
      orders_count: orders.length,
      total_spent: expect.stringMatching(/^\d+\.\d{2}$/),
      currency: 'USD',
      note: held.note,
      tags: held.tags,
      shipping_address: {
        shipping_street_1: held.address.address1,
        shipping_street_2: held.address.address2,
        shipping_city: held.address.city,
        shipping_state: held.address.province,
        shipping_postal_code: held.address.zip,
        shipping_country: held.address.country,
      },
      billing_address: null,
      created_at: new Date(held.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      updated_at: new Date(held.updatedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
  });

  it('pulls orders with their customer, products and variants, totals adding up to the cent', async () => {
    const sid = await connected('e2e-pulls.myshopify.com');
    const shop = h.sandbox.shopify.shop('e2e-pulls.myshopify.com');
    const orders = await pulled(sid, 'ecommerce-order', {
      associations: { 'ecommerce-customer': true, 'ecommerce-product': true, 'ecommerce-product_variant': true },
    });
    expect(orders).toHaveLength(shop.orders.size);
    for (const o of orders) {
      const d = o.data;
      expect(cents(d.subtotal) - cents(d.total_discount) + cents(d.total_shipping) + cents(d.total_tax)).toBe(cents(d.total));
      const lines = d.line_items as any[];
      expect(lines.reduce((s, l) => s + cents(l.unit_price) * l.quantity - cents(l.total_discount), 0)).toBe(
        cents(d.subtotal) - cents(d.total_discount),
      );
      for (const l of lines) expect(cents(l.total)).toBe(cents(l.unit_price) * l.quantity - cents(l.total_discount));
    }
    const held = [...shop.orders.values()].find((o) => o.customerId !== null && o.lines.length > 1 && o.taxBps > 0);
    if (!held) throw new Error('seed');
    const mine = orders.find((o) => o.id === String(held.id));
    const line = held.lines[0];
    expect(mine.data).toMatchObject({
      order_number: String(held.number),
      customer_id: String(held.customerId),
      currency: 'USD',
      shipping_method: held.shippingTitle,
      total_shipping: (held.shippingCents / 100).toFixed(2),
      line_items: expect.arrayContaining([
        expect.objectContaining({
          product_id: String(line?.productId),
          variant_id: String(line?.variantId),
          quantity: line?.quantity,
          sku: line?.sku,
        }),
      ]),
    });
    expect(mine.associations['ecommerce-customer']).toEqual([String(held.customerId)]);
    expect(mine.associations['ecommerce-product_variant'].sort()).toEqual([...new Set(held.lines.map((l) => String(l.variantId)))].sort());
  });

  it('pulls products with their collections, variants with their product, and collections', async () => {
    const sid = await connected('e2e-pulls.myshopify.com');
    const shop = h.sandbox.shopify.shop('e2e-pulls.myshopify.com');
    const products = await pulled(sid, 'ecommerce-product', { associations: { 'ecommerce-product_collection': true } });
    expect(products).toHaveLength(shop.products.size);
    const inHome = products.find((p) => p.data.collection_ids.length > 0);
    expect(inHome.associations['ecommerce-product_collection']).toEqual(inHome.data.collection_ids);
    const variants = await pulled(sid, 'ecommerce-product_variant', { associations: { 'ecommerce-product': true } });
    expect(variants).toHaveLength(shop.variants.size);
    const v = variants[0];
    const heldVariant = shop.variants.get(Number(v.id));
    expect(v.data).toMatchObject({
      product_id: String(heldVariant?.productId),
      sku: heldVariant?.sku,
      price: ((heldVariant?.priceCents ?? 0) / 100).toFixed(2),
      weight_unit: 'G',
    });
    expect(v.associations['ecommerce-product']).toEqual([String(heldVariant?.productId)]);
    const collections = await pulled(sid, 'ecommerce-product_collection');
    expect(collections).toHaveLength(shop.collections.size);
    expect(new Set(collections.map((c) => c.data.collection_type))).toEqual(new Set(['MANUAL', 'AUTOMATED']));
  });

  it('pulls an order of 45 lines and a product in 35 collections whole, reading on past the first page of each', async () => {
    const domain = 'e2e-long.myshopify.com';
    const sid = await connected(domain);
    const shop = h.sandbox.shopify.shop(domain);
    // An order of 45 lines (each a copy of its first line with its own id) and a product in 35 new collections.
    const order = [...shop.orders.values()][0]!;
    const first = order.lines[0]!;
    order.lines = Array.from({ length: 45 }, (_, i) => ({ ...first, id: shop.newId(), name: `${first.name} #${i + 1}`, quantity: 1 + (i % 3) }));
    const product = [...shop.products.values()][0]!;
    const added = Array.from({ length: 35 }, (_, i) => {
      const id = shop.newId();
      shop.collections.set(id, {
        id,
        title: `Long ${i}`,
        descriptionHtml: '',
        handle: `long-${i}`,
        manual: true,
        productIds: [product.id],
        updatedAt: Date.now(),
      });
      return String(id);
    });
    const orders = await pulled(sid, 'ecommerce-order', { associations: { 'ecommerce-product_variant': true } });
    const mine = orders.find((o) => o.id === String(order.id));
    expect(mine.data.line_items.map((l: any) => l.id)).toEqual(order.lines.map((l) => String(l.id)));
    const d = mine.data;
    expect(cents(d.subtotal) - cents(d.total_discount) + cents(d.total_shipping) + cents(d.total_tax)).toBe(cents(d.total));
    expect(cents(d.subtotal)).toBe(order.lines.reduce((s, l) => s + l.unitCents * l.quantity, 0));
    const products = await pulled(sid, 'ecommerce-product', { associations: { 'ecommerce-product_collection': true } });
    const held = products.find((p) => p.id === String(product.id));
    expect(held.data.collection_ids).toEqual(expect.arrayContaining(added));
    expect(held.data.collection_ids).toHaveLength([...shop.collections.values()].filter((c) => c.productIds.includes(product.id)).length);
    expect(held.associations['ecommerce-product_collection']).toEqual(held.data.collection_ids);
  });

  it("pushes filters down in Shopify's search syntax", async () => {
    const sid = await connected('e2e-filters.myshopify.com');
    const shop = h.sandbox.shopify.shop('e2e-filters.myshopify.com');
    const times = [...shop.customers.values()].map((c) => c.updatedAt).sort((a, b) => a - b);
    const since = new Date(Math.ceil((times[200] as number) / 1000) * 1000).toISOString();
    shop.searches.length = 0;
    const recent = await pulled(sid, 'ecommerce-customer', { params: { updated_at__range: [since, null] } });
    expect(recent.length).toBe(times.filter((t) => t >= Date.parse(since)).length);
    expect(shop.searches).toEqual([`customers: updated_at:>='${since.replace(/\.\d{3}Z$/, 'Z')}'`]);
    const someone = [...shop.customers.values()][3];
    shop.searches.length = 0;
    const one = await pulled(sid, 'ecommerce-customer', { params: { email_address: someone?.email } });
    expect(one.map((c) => c.id)).toEqual([String(someone?.id)]);
    expect(shop.searches).toEqual([`customers: email:'${someone?.email}'`]);
  });

  it('creates and updates customers, products and variants; a taken e-mail fails its record alone', async () => {
    const sid = await connected('e2e-writes.myshopify.com');
    const shop = h.sandbox.shopify.shop('e2e-writes.myshopify.com');
    const taken = [...shop.customers.values()][0]?.email;
    const made = await pushed(sid, 'ecommerce-customer', [
      {
        data: {
          first_name: 'Wendy',
          last_name: 'Weft',
          email_address: 'wendy@weft.example',
          tags: ['weft'],
          shipping_address: { shipping_city: 'Ottawa' },
        },
      },
      { data: { first_name: 'Twin', email_address: taken } },
    ]);
    expect(made[0]).toMatchObject({ success: true });
    expect(made[1]).toMatchObject({ success: false });
    expect(JSON.stringify(made[1])).toMatch(/email: Email has already been taken/);
    const created = shop.customers.get(Number(made[0].id));
    expect(created).toMatchObject({ firstName: 'Wendy', lastName: 'Weft', email: 'wendy@weft.example', tags: ['weft'], address: { city: 'Ottawa' } });
    const updated = await pushed(sid, 'ecommerce-customer', [{ id: made[0].id, data: { last_name: 'Warp' } }]);
    expect(updated[0]).toMatchObject({ success: true, id: made[0].id });
    expect(shop.customers.get(Number(made[0].id))?.lastName).toBe('Warp');

    const product = await pushed(sid, 'ecommerce-product', [{ data: { name: 'Weft Loom', status: 'DRAFT', vendor: 'Weft', tags: ['new'] } }]);
    expect(product[0]).toMatchObject({ success: true });
    expect(shop.products.get(Number(product[0].id))).toMatchObject({ title: 'Weft Loom', status: 'DRAFT', vendor: 'Weft', tags: ['new'] });
    const renamed = await pushed(sid, 'ecommerce-product', [{ id: product[0].id, data: { name: 'Weft Loom II', status: 'ACTIVE' } }]);
    expect(renamed[0]).toMatchObject({ success: true });
    expect(shop.products.get(Number(product[0].id))).toMatchObject({ title: 'Weft Loom II', status: 'ACTIVE' });
    const blank = await pushed(sid, 'ecommerce-product', [{ id: product[0].id, data: { name: '' } }]);
    expect(JSON.stringify(blank[0])).toMatch(/title: Title can't be blank/);

    // Variants: created on the product, updated without naming it (read from the variant), a bad price refused.
    const [variant] = await pushed(sid, 'ecommerce-product_variant', [
      {
        data: {
          product_id: product[0].id,
          sku: 'LOOM-L',
          price: '149.5',
          weight: '2.5',
          weight_unit: 'KG',
          options: [{ name: 'Size', value: 'Large' }],
        },
      },
    ]);
    expect(variant, JSON.stringify(variant)).toMatchObject({ success: true });
    expect(shop.variants.get(Number(variant.id))).toMatchObject({
      productId: Number(product[0].id),
      sku: 'LOOM-L',
      priceCents: 14950,
      grams: 2500,
      title: 'Large',
    });
    const [repriced] = await pushed(sid, 'ecommerce-product_variant', [
      { id: variant.id, data: { price: '139.00', compare_at_price: '149.50', inventory_quantity: 3 } },
    ]);
    expect(repriced, JSON.stringify(repriced)).toMatchObject({
      success: true,
      id: variant.id,
      warnings: [expect.stringContaining('inventory_quantity was not written')],
    });
    expect(shop.variants.get(Number(variant.id))).toMatchObject({ priceCents: 13900, compareAtCents: 14950 });
    const [bad] = await pushed(sid, 'ecommerce-product_variant', [{ id: variant.id, data: { price: 'cheap' } }]);
    // Refused by the schema before it reaches Shopify.
    expect(bad, JSON.stringify(bad)).toMatchObject({ success: false, errors: [expect.stringContaining('price')] });
    const [orphan] = await pushed(sid, 'ecommerce-product_variant', [{ data: { sku: 'NOWHERE' } }]);
    expect(orphan).toMatchObject({ success: false, errors: ['product_id (a Shopify product id) is required to create a variant'] });
    const [gone] = await pushed(sid, 'ecommerce-product_variant', [{ id: '1', data: { price: '1.00' } }]);
    expect(gone).toMatchObject({ success: false, errors: ['No Shopify variant has the id 1'] });
  });

  it('finds a customer whose create answer was lost by reading the customers changed since (updated_at)', async () => {
    const sid = await connected('e2e-writes.myshopify.com');
    const shop = h.sandbox.shopify.shop('e2e-writes.myshopify.com');
    shop.faults.enqueue({ status: 504, afterWork: true });
    const [lost] = await pushed(sid, 'ecommerce-customer', [
      { data: { first_name: 'Lost', last_name: 'Answer', email_address: 'lost.answer@weft.example' } },
    ]);
    expect(lost, JSON.stringify(lost)).toMatchObject({ success: true, warnings: [expect.stringContaining('found the record written')] });
    expect(shop.customers.get(Number(lost.id))).toMatchObject({ firstName: 'Lost', lastName: 'Answer', email: 'lost.answer@weft.example' });
    // An update whose answer is lost is confirmed by reading the customer (nodes by GID).
    shop.faults.enqueue({ status: 504, afterWork: true });
    const [confirmed] = await pushed(sid, 'ecommerce-customer', [{ id: lost.id, data: { last_name: 'Found' } }]);
    expect(confirmed, JSON.stringify(confirmed)).toMatchObject({ success: true, id: lost.id });
    expect(shop.customers.get(Number(lost.id))?.lastName).toBe('Found');
  });

  it('syncs: everything added, then nothing, then the customer created and the one deleted behind Weft', async () => {
    const sid = await connected('e2e-sync.myshopify.com', true);
    const shop = h.sandbox.shopify.shop('e2e-sync.myshopify.com');
    const first = await pulled(sid, 'ecommerce-customer');
    expect(first).toHaveLength(shop.customers.size);
    expect(new Set(first.map((i) => i.sync_status))).toEqual(new Set(['ADDED']));
    expect(await pulled(sid, 'ecommerce-customer')).toEqual([]);
    const removed = first[7].id as string;
    expect(shop.customers.delete(Number(removed))).toBe(true);
    const made = await pushed(sid, 'ecommerce-customer', [{ data: { first_name: 'Late', email_address: 'late@weft.example' } }]);
    // A fault on the way is retried (a read is safe to ask again).
    shop.faults.enqueue({ status: 503 });
    const third = await pulled(sid, 'ecommerce-customer');
    expect(third.map((i) => [i.id, i.sync_status]).sort()).toEqual(
      [
        [made[0].id, 'ADDED'],
        [removed, 'DELETED'],
      ].sort(),
    );
    expect(shop.counters.snapshot().faulted).toBe(1);
  });
});

describeEachDialect('Shopify cost limit', (dialect) => {
  let h: Harness;
  const { connected, pulled } = helpers(() => h);
  beforeAll(async () => {
    // The sandbox's limits on: each shop's cost bucket.
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_RATE_LIMIT: '100/10000', WEFT_SANDBOX_CONTACTS: '2400', WEFT_SANDBOX_COMPANIES: '20' } });
  });
  afterAll(async () => h?.close());

  it('paces a pull of thousands of customers to the bucket: no THROTTLED answer', async () => {
    const sid = await connected('e2e-limits.myshopify.com');
    const shop = h.sandbox.shopify.shop('e2e-limits.myshopify.com');
    // A bucket of 1,000 points refilled at 1,000 a second (Shopify Plus' rate, to keep the test short): 12 pages of
    // 802 points each drain it after the first.
    shop.setBucket({ maximumAvailable: 1000, restoreRate: 1000 });
    const before = shop.counters.snapshot();
    const customers = await pulled(sid, 'ecommerce-customer');
    expect(customers).toHaveLength(2400);
    const after = shop.counters.snapshot();
    expect(after.rateLimited - before.rateLimited).toBe(0);
    expect((after.byKind['query'] ?? 0) - (before.byKind['query'] ?? 0)).toBe(12);
  });

  it('resumes a pull from its checkpoint after the provider failed a page six times: no page read twice', async () => {
    const sid = await connected('e2e-resume.myshopify.com');
    const shop = h.sandbox.shopify.shop('e2e-resume.myshopify.com');
    shop.setBucket({ maximumAvailable: 1000, restoreRate: 1000 });
    // Three pages served, then six 503s: more than the client's attempts, so the job gives up and is retried later.
    shop.faults.enqueue({ after: 3, status: 503, count: 6 });
    const { body } = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'ecommerce-customer' } });
    const row = () => h.services.database.db.selectFrom('transfers').selectAll().where('id', '=', body.transfer_id).executeTakeFirstOrThrow();
    const done = await eventually(
      async () => {
        const t = await row();
        return t.status === 'completed' || t.status === 'failed' ? t : undefined;
      },
      120_000,
      'the pull to finish',
    );
    expect(done.status).toBe('completed');
    expect(done.item_count).toBe(2400);
    const counters = shop.counters.snapshot();
    expect(counters.faulted).toBe(6);
    // Twelve pages of 200, each read once: the retried job started from page four.
    expect(counters.byKind['query']).toBe(12);
    expect(counters.rateLimited).toBe(0);
  });
});
