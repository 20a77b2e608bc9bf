/**
 * What the WooCommerce fake does with a create or an update body, per resource, checked as WooCommerce's schemas check
 * them (strings where WooCommerce wants strings, prices as decimal strings, known statuses, e-mails unique among
 * customers, SKUs unique among products and variations, orders' lines on products that exist).
 */
import { asText } from '../../lib/text.js';
import { invalidParams, missingParams, WooError } from './errors.js';
import { centsOf, emptyAddress, type Json, money, orderBody, wooTimes } from './seed.js';
import type { Resource, WooStore } from './store.js';

const PRODUCT_STATUSES = ['draft', 'pending', 'private', 'publish', 'future'];
export const ORDER_STATUSES = ['pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'checkout-draft'];
/** The fake's one coupon: 10% off every line. */
const COUPONS: Record<string, number> = { save10: 10 };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function text(body: Json, field: string): string | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalidParams({ [field]: `${field} is not of type string.` });
  return v;
}

function price(body: Json, field: string): string | undefined {
  const v = text(body, field);
  if (v === undefined || v === '') return v;
  const cents = centsOf(v);
  if (cents === undefined || cents < 0) throw invalidParams({ [field]: `${field} is not a valid price.` });
  return money(cents);
}

function addressOf(current: Json | undefined, given: unknown, withEmail: boolean, field: string): Json {
  if (given === undefined) return current ?? emptyAddress(withEmail);
  if (typeof given !== 'object' || given === null || Array.isArray(given)) throw invalidParams({ [field]: `${field} is not of type object.` });
  const out = { ...(current ?? emptyAddress(withEmail)) };
  for (const [k, v] of Object.entries(given as Json)) {
    if (!(k in out)) continue;
    if (typeof v !== 'string') throw invalidParams({ [field]: `${field}[${k}] is not of type string.` });
    out[k] = v;
  }
  return out;
}

function touched(store: WooStore, record: Json): Json {
  return { ...record, ...wooTimes('date_modified', store.now()) };
}

export function writeCustomer(store: WooStore, body: Json, current: Json | undefined): Json {
  const email = text(body, 'email');
  if (current === undefined && email === undefined) throw missingParams(['email']);
  if (email !== undefined && !EMAIL.test(email)) throw invalidParams({ email: 'Invalid email address.' });
  if (email !== undefined && email.toLowerCase() !== asText(current?.['email']).toLowerCase()) {
    const taken = store
      .records('customers')
      .all()
      .some((c) => String(c['email']).toLowerCase() === email.toLowerCase());
    if (taken) {
      throw new WooError(
        400,
        'registration-error-email-exists',
        'An account is already registered with your email address. <a href="#" class="showlogin">Please log in.</a>',
      );
    }
  }
  const id = current ? (current['id'] as number) : store.nextId('customers');
  const base: Json = current ?? {
    id,
    ...wooTimes('date_created', store.now()),
    email: '',
    first_name: '',
    last_name: '',
    role: 'customer',
    username: (email ?? '').split('@')[0] ?? '',
    is_paying_customer: false,
    avatar_url: `https://secure.gravatar.com/avatar/${id}?s=96&d=mm&r=g`,
    meta_data: [],
  };
  return touched(store, {
    ...base,
    ...(email !== undefined ? { email } : {}),
    ...(text(body, 'first_name') !== undefined ? { first_name: body['first_name'] } : {}),
    ...(text(body, 'last_name') !== undefined ? { last_name: body['last_name'] } : {}),
    billing: addressOf(base['billing'] as Json | undefined, body['billing'], true, 'billing'),
    shipping: addressOf(base['shipping'] as Json | undefined, body['shipping'], false, 'shipping'),
  });
}

export function writeCategory(store: WooStore, body: Json, current: Json | undefined): Json {
  const name = text(body, 'name');
  if (current === undefined && !name) throw missingParams(['name']);
  const parent = body['parent'];
  if (parent !== undefined && (typeof parent !== 'number' || !Number.isInteger(parent)))
    throw invalidParams({ parent: 'parent is not of type integer.' });
  if (typeof parent === 'number' && parent !== 0 && !store.records('categories').byId.has(parent)) {
    throw new WooError(400, 'woocommerce_rest_term_invalid', 'Parent resource does not exist.');
  }
  const id = current ? (current['id'] as number) : store.nextId('categories');
  // WordPress refuses a second term of one name under one parent (wp_insert_term), naming the one that exists.
  const under = typeof parent === 'number' ? parent : ((current?.['parent'] as number | undefined) ?? 0);
  const same =
    name === undefined
      ? undefined
      : store
          .records('categories')
          .all()
          .find((c) => c['name'] === name && c['parent'] === under && c['id'] !== id);
  if (same)
    throw new WooError(400, 'term_exists', 'A term with the name provided already exists with this parent.', undefined, { resource_id: same['id'] });
  const given = text(body, 'slug') ?? (current ? undefined : (name ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '-'));
  const slug = given === undefined ? undefined : uniqueSlug(store, 'categories', given, id);
  const base: Json = current ?? { id, name: '', slug: '', parent: 0, description: '', display: 'default', image: null, menu_order: 0, count: 0 };
  const image = body['image'] as { src?: unknown } | null | undefined;
  return {
    ...base,
    ...(name !== undefined ? { name } : {}),
    ...(slug !== undefined ? { slug } : {}),
    ...(parent !== undefined ? { parent } : {}),
    ...(text(body, 'description') !== undefined ? { description: body['description'] } : {}),
    ...(typeof body['menu_order'] === 'number' ? { menu_order: body['menu_order'] } : {}),
    ...(image !== undefined ? { image: image && typeof image.src === 'string' ? { id: id + 20_000, src: image.src, name: '', alt: '' } : null } : {}),
  };
}

/** A slug no other record of the resource has: WordPress adds -2, -3… to one taken (wp_unique_post_slug, wp_unique_term_slug). */
function uniqueSlug(store: WooStore, resource: 'products' | 'categories', slug: string, self: number): string {
  const taken = new Set(
    store
      .records(resource)
      .all()
      .flatMap((r) => (r['id'] === self ? [] : [r['slug']])),
  );
  if (!taken.has(slug)) return slug;
  let n = 2;
  while (taken.has(`${slug}-${n}`)) n++;
  return `${slug}-${n}`;
}

function skuFree(store: WooStore, sku: string, self: number | undefined): boolean {
  if (sku === '') return true;
  return ![...store.records('products').all(), ...store.records('variations').all()].some((r) => r['sku'] === sku && r['id'] !== self);
}

export function writeProduct(store: WooStore, body: Json, current: Json | undefined): Json {
  const status = text(body, 'status');
  if (status !== undefined && !PRODUCT_STATUSES.includes(status))
    throw invalidParams({ status: `status is not one of ${PRODUCT_STATUSES.join(', ')}.` });
  const type = text(body, 'type');
  if (type !== undefined && !['simple', 'variable', 'grouped', 'external'].includes(type)) {
    throw invalidParams({ type: 'type is not one of simple, grouped, external, variable.' });
  }
  const regular = price(body, 'regular_price');
  const sale = price(body, 'sale_price');
  const sku = text(body, 'sku');
  const id = current ? (current['id'] as number) : store.nextId('products');
  if (sku !== undefined && !skuFree(store, sku, id)) throw new WooError(400, 'product_invalid_sku', 'Invalid or duplicated SKU.');
  const name = text(body, 'name');
  const base: Json = current ?? {
    id,
    name: '',
    slug: '',
    permalink: '',
    ...wooTimes('date_created', store.now()),
    type: 'simple',
    status: 'publish',
    featured: false,
    catalog_visibility: 'visible',
    description: '',
    short_description: '',
    sku: '',
    price: '',
    regular_price: '',
    sale_price: '',
    on_sale: false,
    purchasable: false,
    total_sales: 0,
    manage_stock: false,
    stock_quantity: null,
    stock_status: 'instock',
    weight: '',
    dimensions: { length: '', width: '', height: '' },
    categories: [],
    tags: [],
    images: [],
    attributes: [],
    variations: [],
    menu_order: 0,
    meta_data: [],
  };
  const out: Json = { ...base };
  if (name !== undefined) out['name'] = name;
  if (type !== undefined) out['type'] = type;
  if (status !== undefined) out['status'] = status;
  for (const f of ['description', 'short_description', 'weight']) if (text(body, f) !== undefined) out[f] = body[f];
  if (sku !== undefined) out['sku'] = sku;
  if (regular !== undefined) out['regular_price'] = regular;
  if (sale !== undefined) out['sale_price'] = sale;
  const slug =
    text(body, 'slug') ??
    (current
      ? undefined
      : String(out['name'])
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-'));
  if (slug !== undefined) out['slug'] = uniqueSlug(store, 'products', slug, id);
  out['permalink'] = `https://store.example/product/${String(out['slug'])}/`;
  if (body['categories'] !== undefined) {
    if (!Array.isArray(body['categories'])) throw invalidParams({ categories: 'categories is not of type array.' });
    out['categories'] = (body['categories'] as Json[]).map((c) => {
      const cat = store.records('categories').byId.get(Number(c?.['id']));
      if (!cat) throw new WooError(400, 'woocommerce_rest_term_invalid', 'Resource does not exist.');
      return { id: cat['id'], name: cat['name'], slug: cat['slug'] };
    });
  }
  if (body['tags'] !== undefined && Array.isArray(body['tags'])) {
    out['tags'] = (body['tags'] as Json[]).map((t, i) => ({
      id: 200 + i,
      name: asText(t?.['name']),
      slug: asText(t?.['name']).toLowerCase(),
    }));
  }
  if (body['images'] !== undefined && Array.isArray(body['images'])) {
    out['images'] = (body['images'] as Json[]).map((im, i) => ({ id: id * 10 + i, src: asText(im?.['src']), name: '', alt: '' }));
  }
  if (out['type'] !== 'variable') {
    out['price'] = out['sale_price'] !== '' ? out['sale_price'] : out['regular_price'];
    out['on_sale'] = out['sale_price'] !== '';
  }
  out['purchasable'] = out['price'] !== '';
  return touched(store, out);
}

export function writeVariation(store: WooStore, body: Json, current: Json | undefined, productId: number): Json {
  const regular = price(body, 'regular_price');
  const sale = price(body, 'sale_price');
  const sku = text(body, 'sku');
  const id = current ? (current['id'] as number) : store.nextId('variations');
  if (sku !== undefined && !skuFree(store, sku, id)) throw new WooError(400, 'product_invalid_sku', 'Invalid or duplicated SKU.');
  const base: Json = current ?? {
    id,
    ...wooTimes('date_created', store.now()),
    description: '',
    permalink: '',
    sku: '',
    price: '',
    regular_price: '',
    sale_price: '',
    on_sale: false,
    status: 'publish',
    purchasable: false,
    manage_stock: false,
    stock_quantity: null,
    stock_status: 'instock',
    weight: '',
    dimensions: { length: '', width: '', height: '' },
    image: null,
    attributes: [],
    menu_order: store.variationsOf(productId).length,
    meta_data: [],
  };
  const out: Json = { ...base };
  if (sku !== undefined) out['sku'] = sku;
  if (regular !== undefined) out['regular_price'] = regular;
  if (sale !== undefined) out['sale_price'] = sale;
  if (text(body, 'weight') !== undefined) out['weight'] = body['weight'];
  if (typeof body['stock_quantity'] === 'number') out['stock_quantity'] = body['stock_quantity'];
  if (Array.isArray(body['attributes'])) {
    out['attributes'] = (body['attributes'] as Json[]).map((a, i) => ({
      id: Number(a?.['id'] ?? i + 1),
      name: asText(a?.['name']),
      option: asText(a?.['option']),
    }));
  }
  out['price'] = out['sale_price'] !== '' ? out['sale_price'] : out['regular_price'];
  out['on_sale'] = out['sale_price'] !== '';
  out['purchasable'] = out['price'] !== '';
  return touched(store, out);
}

interface LineInput {
  product_id: number;
  variation_id: number;
  quantity: number;
}

function lineOf(store: WooStore, raw: unknown): LineInput & { name: string; sku: string; unitCents: number } {
  const l = (raw ?? {}) as Json;
  const productId = Number(l['product_id'] ?? 0);
  const variationId = Number(l['variation_id'] ?? 0);
  const quantity = l['quantity'] === undefined ? 1 : l['quantity'];
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1)
    throw invalidParams({ line_items: 'line_items[quantity] is not of type integer.' });
  const product = store.records('products').byId.get(productId);
  if (!product || product['status'] === 'trash') throw new WooError(400, 'woocommerce_rest_invalid_product_id', 'Product ID provided is invalid.');
  const variation = variationId ? store.records('variations').byId.get(variationId) : undefined;
  if (variationId && (!variation || store.parentOf(variationId) !== productId)) {
    throw new WooError(400, 'woocommerce_rest_invalid_variation_id', 'Variation ID provided is invalid.');
  }
  const priced = variation ?? product;
  return {
    product_id: productId,
    variation_id: variationId,
    quantity,
    name: String(product['name']),
    sku: String(priced['sku']),
    unitCents: centsOf(priced['price']) ?? 0,
  };
}

export function writeOrder(store: WooStore, body: Json, current: Json | undefined): Json {
  const status = text(body, 'status');
  if (status !== undefined && !ORDER_STATUSES.includes(status)) throw invalidParams({ status: `status is not one of ${ORDER_STATUSES.join(', ')}.` });
  const customerId = body['customer_id'];
  if (customerId !== undefined) {
    if (typeof customerId !== 'number' || !Number.isInteger(customerId)) throw invalidParams({ customer_id: 'customer_id is not of type integer.' });
    if (customerId !== 0 && !store.records('customers').byId.has(customerId))
      throw new WooError(400, 'woocommerce_rest_invalid_customer_id', 'Customer ID is invalid.');
  }
  const currency = text(body, 'currency');
  if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) throw invalidParams({ currency: 'currency is not a valid currency.' });
  if (current === undefined) {
    const lines = Array.isArray(body['line_items']) ? (body['line_items'] as unknown[]).map((l) => lineOf(store, l)) : [];
    const shippingCents = Array.isArray(body['shipping_lines'])
      ? (body['shipping_lines'] as Json[]).reduce((s, l) => {
          const c = centsOf(l?.['total'] ?? '0');
          if (c === undefined || c < 0) throw invalidParams({ shipping_lines: 'shipping_lines[total] is not a valid price.' });
          return s + c;
        }, 0)
      : 0;
    const codes = Array.isArray(body['coupon_lines']) ? (body['coupon_lines'] as Json[]).map((c) => asText(c?.['code']).toLowerCase()) : [];
    for (const code of codes) if (!(code in COUPONS)) throw new WooError(400, 'woocommerce_rest_invalid_coupon', `Coupon "${code}" does not exist!`);
    const id = store.nextId('orders');
    const billing = addressOf(undefined, body['billing'], true, 'billing');
    const order = orderBody(
      id,
      {
        status: status ?? (body['set_paid'] === true ? 'processing' : 'pending'),
        customer_id: typeof customerId === 'number' ? customerId : 0,
        billing,
        shipping: addressOf(undefined, body['shipping'], false, 'shipping'),
        coupon: codes[0] ? { code: codes[0], percent: COUPONS[codes[0]] as number } : null,
        shippingCents,
        // The fake's store charges no tax on orders created through the API (its tax settings are off).
        taxPercent: 0,
        lines,
        created: store.now(),
        changed: store.now(),
        note: text(body, 'customer_note') ?? '',
        ...(currency ? { currency } : {}),
        ...(text(body, 'payment_method') ? { paymentMethod: body['payment_method'] as string } : {}),
      },
      id,
    );
    const shippingLine = (order['shipping_lines'] as Json[])[0];
    const given = Array.isArray(body['shipping_lines']) ? (body['shipping_lines'] as Json[])[0] : undefined;
    if (shippingLine && given) {
      shippingLine['method_id'] = asText(given['method_id'], 'flat_rate');
      shippingLine['method_title'] = asText(given['method_title'], 'Flat rate');
    }
    return order;
  }
  const out: Json = { ...current };
  if (status !== undefined) {
    out['status'] = status;
    if (status === 'completed') Object.assign(out, wooTimes('date_completed', store.now()));
    if (['processing', 'completed'].includes(status) && out['date_paid'] === null) Object.assign(out, wooTimes('date_paid', store.now()));
  }
  if (customerId !== undefined) out['customer_id'] = customerId;
  if (text(body, 'customer_note') !== undefined) out['customer_note'] = body['customer_note'];
  out['billing'] = addressOf(current['billing'] as Json, body['billing'], true, 'billing');
  out['shipping'] = addressOf(current['shipping'] as Json, body['shipping'], false, 'shipping');
  return touched(store, out);
}

/** The writer of each top-level resource. */
export const WRITERS: Record<Exclude<Resource, 'variations'>, (store: WooStore, body: Json, current: Json | undefined) => Json> = {
  customers: writeCustomer,
  categories: writeCategory,
  products: writeProduct,
  orders: writeOrder,
};
