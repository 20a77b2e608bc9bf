/**
 * Shopify's GraphQL Admin API nodes in Weft's ecommerce model, and back (pure functions). Ids are the numeric tails
 * of Shopify's GIDs (`gid://shopify/Customer/123` is `"123"`), in records and associations alike; the connector builds
 * the GID of the type back. Money is Shopify's shop currency (MoneyBag `shopMoney`): its decimal strings (`"30.0"`)
 * are written with two decimals (`"30.00"`), and sums are made in integer cents.
 */
import { fromMinorUnits, toMinorUnits } from '../../model/money.js';
import type { EcommerceCustomer } from '../../model/schemas/ecommerce-customer.js';
import type { EcommerceOrder, EcommerceOrderLineItem } from '../../model/schemas/ecommerce-order.js';
import { type EcommerceProduct, PRODUCT_STATUSES } from '../../model/schemas/ecommerce-product.js';
import type { EcommerceProductCollection } from '../../model/schemas/ecommerce-product_collection.js';
import type { EcommerceProductVariant } from '../../model/schemas/ecommerce-product_variant.js';

export type Node = Readonly<Record<string, unknown>>;

/** The value at a path of property names in an answer's JSON (undefined where the path breaks). */
export function at(value: unknown, ...path: string[]): unknown {
  let v = value;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** The nodes of a connection at a path (none where there is no list). */
export function nodesAt(value: unknown, ...path: string[]): Node[] {
  const v = at(value, ...path, 'nodes');
  return Array.isArray(v) ? v.filter((x): x is Node => x !== null && typeof x === 'object') : [];
}
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);

export const KINDS: Readonly<Record<string, string>> = {
  'ecommerce-customer': 'Customer',
  'ecommerce-product': 'Product',
  'ecommerce-product_variant': 'ProductVariant',
  'ecommerce-product_collection': 'Collection',
  'ecommerce-order': 'Order',
};

/** The numeric tail of a GID (null for none). */
export function idOf(value: unknown): string | null {
  const m = typeof value === 'string' ? /^gid:\/\/shopify\/[A-Za-z]+\/(\d+)$/.exec(value) : null;
  return m ? (m[1] as string) : null;
}
export const gidOf = (kind: string, id: string) => `gid://shopify/${kind}/${id}`;

/** A Shopify decimal (`"12.5"`) as integer cents; null for anything else (more than two decimals included). */
export const centsOf = (value: unknown): bigint | null => toMinorUnits(value);
export const fromCents = (cents: bigint): string => fromMinorUnits(cents);
/** A money string with two decimals (`"30.0"` → `"30.00"`); null when there is none. */
export const money = (value: unknown): string | null => {
  const c = centsOf(value);
  return c === null ? null : fromCents(c);
};
const shopMoney = (bag: unknown): string | null => money(at(bag, 'shopMoney', 'amount'));
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function shipping(a: unknown) {
  if (!a || typeof a !== 'object') return null;
  return {
    shipping_street_1: text(at(a, 'address1')),
    shipping_street_2: text(at(a, 'address2')),
    shipping_city: text(at(a, 'city')),
    shipping_state: text(at(a, 'province')),
    shipping_postal_code: text(at(a, 'zip')),
    shipping_country: text(at(a, 'country')),
  };
}
function billing(a: unknown) {
  if (!a || typeof a !== 'object') return null;
  return {
    billing_street_1: text(at(a, 'address1')),
    billing_street_2: text(at(a, 'address2')),
    billing_city: text(at(a, 'city')),
    billing_state: text(at(a, 'province')),
    billing_postal_code: text(at(a, 'zip')),
    billing_country: text(at(a, 'country')),
  };
}

/** A customer: Shopify keeps one default address, read as the shipping address (customers have no billing one). */
export function customerToCommon(n: Node): EcommerceCustomer {
  return {
    first_name: text(at(n, 'firstName')),
    last_name: text(at(n, 'lastName')),
    email_address: text(at(n, 'email')),
    phone_number: text(at(n, 'phone')),
    company_name: text(at(n, 'defaultAddress', 'company')),
    accepts_marketing: at(n, 'emailMarketingConsent') ? at(n, 'emailMarketingConsent', 'marketingState') === 'SUBSCRIBED' : null,
    orders_count: at(n, 'numberOfOrders') === undefined || at(n, 'numberOfOrders') === null ? null : Number(at(n, 'numberOfOrders')),
    total_spent: money(at(n, 'amountSpent', 'amount')),
    currency: text(at(n, 'amountSpent', 'currencyCode')),
    note: text(at(n, 'note')),
    tags: Array.isArray(at(n, 'tags')) ? (at(n, 'tags') as string[]) : null,
    shipping_address: shipping(at(n, 'defaultAddress')),
    billing_address: null,
    created_at: text(at(n, 'createdAt')),
    updated_at: text(at(n, 'updatedAt')),
  };
}

export interface Written {
  input: Record<string, unknown>;
  warnings: string[];
  /** What cannot be written at all (the record is refused). */
  errors?: string[];
}

const has = (d: Record<string, unknown>, k: string) => Object.hasOwn(d, k) && d[k] !== undefined;

/** A CustomerInput from common data (what is absent is left as it is; read-only totals are not written). */
export function customerInput(d: EcommerceCustomer & Record<string, unknown>): Written {
  const input: Record<string, unknown> = {};
  const warnings: string[] = [];
  if (has(d, 'first_name')) input['firstName'] = d.first_name;
  if (has(d, 'last_name')) input['lastName'] = d.last_name;
  if (has(d, 'email_address')) input['email'] = d.email_address;
  if (has(d, 'phone_number')) input['phone'] = d.phone_number;
  if (has(d, 'note')) input['note'] = d.note;
  if (has(d, 'tags')) input['tags'] = d.tags ?? [];
  if (has(d, 'accepts_marketing') && d.accepts_marketing !== null) {
    input['emailMarketingConsent'] = { marketingState: d.accepts_marketing ? 'SUBSCRIBED' : 'UNSUBSCRIBED' };
  }
  const a = d.shipping_address;
  if (has(d, 'shipping_address') || has(d, 'company_name')) {
    input['addresses'] = [
      {
        address1: a?.shipping_street_1 ?? null,
        address2: a?.shipping_street_2 ?? null,
        city: a?.shipping_city ?? null,
        province: a?.shipping_state ?? null,
        zip: a?.shipping_postal_code ?? null,
        country: a?.shipping_country ?? null,
        company: d.company_name ?? null,
      },
    ];
  }
  if (has(d, 'billing_address') && d.billing_address) warnings.push('Shopify customers keep no billing address; billing_address was not written');
  return { input, warnings };
}

export function productToCommon(n: Node): EcommerceProduct {
  const first = nodesAt(n, 'variants')[0];
  return {
    name: text(at(n, 'title')),
    description: text(at(n, 'descriptionHtml')),
    slug: text(at(n, 'handle')),
    status: PRODUCT_STATUSES.find((st) => st === at(n, 'status')) ?? null,
    product_type: text(at(n, 'productType')),
    vendor: text(at(n, 'vendor')),
    sku: text(at(first, 'sku')),
    price: money(at(first, 'price')),
    currency: null,
    tags: Array.isArray(at(n, 'tags')) ? (at(n, 'tags') as string[]) : null,
    image_urls: null,
    category_ids: null,
    collection_ids: nodesAt(n, 'collections')
      .map((c) => idOf(at(c, 'id')))
      .filter((x): x is string => x !== null),
    created_at: text(at(n, 'createdAt')),
    updated_at: text(at(n, 'updatedAt')),
  };
}

/** A ProductCreateInput / ProductUpdateInput from common data (price and SKU live on variants: not written here). */
export function productInput(d: EcommerceProduct & Record<string, unknown>): Written {
  const input: Record<string, unknown> = {};
  const warnings: string[] = [];
  if (has(d, 'name')) input['title'] = d.name;
  if (has(d, 'description')) input['descriptionHtml'] = d.description ?? '';
  if (has(d, 'slug') && d.slug) input['handle'] = d.slug;
  if (has(d, 'status') && d.status) input['status'] = d.status;
  if (has(d, 'product_type')) input['productType'] = d.product_type ?? '';
  if (has(d, 'vendor')) input['vendor'] = d.vendor ?? '';
  if (has(d, 'tags')) input['tags'] = d.tags ?? [];
  for (const k of ['price', 'sku'] as const) if (has(d, k)) warnings.push(`Shopify keeps ${k} on the product's variants; ${k} was not written`);
  if (has(d, 'collection_ids') && d.collection_ids?.length) warnings.push('collection_ids are not written (collections are pulled only)');
  return { input, warnings };
}

const UNITS: Readonly<Record<string, 'G' | 'KG' | 'OZ' | 'LB'>> = { GRAMS: 'G', KILOGRAMS: 'KG', OUNCES: 'OZ', POUNDS: 'LB' };

export function variantToCommon(n: Node): EcommerceProductVariant {
  const weightValue = num(at(n, 'inventoryItem', 'measurement', 'weight', 'value'));
  const unit = at(n, 'inventoryItem', 'measurement', 'weight', 'unit');
  return {
    product_id: idOf(at(n, 'product', 'id')),
    name: text(at(n, 'title')),
    sku: text(at(n, 'sku')),
    barcode: text(at(n, 'barcode')),
    price: money(at(n, 'price')),
    compare_at_price: money(at(n, 'compareAtPrice')),
    currency: null,
    inventory_quantity: num(at(n, 'inventoryQuantity')),
    // A Float at Shopify (grams, kilograms…): its shortest decimal text, never summed.
    weight: weightValue === null ? null : String(weightValue),
    weight_unit: typeof unit === 'string' && Object.hasOwn(UNITS, unit) ? (UNITS[unit] ?? null) : null,
    options: Array.isArray(at(n, 'selectedOptions'))
      ? (at(n, 'selectedOptions') as Array<{ name: string; value: string }>).map((o) => ({ name: o.name, value: o.value }))
      : null,
    position: num(at(n, 'position')),
    image_url: null,
    created_at: text(at(n, 'createdAt')),
    updated_at: text(at(n, 'updatedAt')),
  };
}

export function collectionToCommon(n: Node): EcommerceProductCollection {
  return {
    name: text(at(n, 'title')),
    description: text(at(n, 'descriptionHtml')),
    slug: text(at(n, 'handle')),
    collection_type: at(n, 'ruleSet') ? 'AUTOMATED' : 'MANUAL',
    image_url: null,
    product_count: num(at(n, 'productsCount', 'count')),
    published_at: null,
    created_at: null,
    updated_at: text(at(n, 'updatedAt')),
  };
}

const PAYMENT: Readonly<Record<string, EcommerceOrder['payment_status']>> = {
  PENDING: 'PENDING',
  AUTHORIZED: 'AUTHORIZED',
  PARTIALLY_PAID: 'PARTIALLY_PAID',
  PAID: 'PAID',
  PARTIALLY_REFUNDED: 'PARTIALLY_REFUNDED',
  REFUNDED: 'REFUNDED',
  VOIDED: 'VOIDED',
  EXPIRED: 'FAILED',
};
const FULFILMENT: Readonly<Record<string, EcommerceOrder['fulfillment_status']>> = {
  FULFILLED: 'FULFILLED',
  PARTIALLY_FULFILLED: 'PARTIALLY_FULFILLED',
  RESTOCKED: 'RESTOCKED',
};

/**
 * An order: totals from its MoneyBags' shop money; `subtotal` is the lines before discounts (Shopify's
 * `subtotalPriceSet` is after them), so subtotal − total_discount + total_shipping + total_tax = total.
 */
export function orderToCommon(n: Node): EcommerceOrder {
  const lines = nodesAt(n, 'lineItems').map((l): EcommerceOrderLineItem => {
    const unit = centsOf(at(l, 'originalUnitPriceSet', 'shopMoney', 'amount'));
    const tax = ((at(l, 'taxLines') as Node[] | undefined) ?? []).reduce((s, t) => s + (centsOf(at(t, 'priceSet', 'shopMoney', 'amount')) ?? 0n), 0n);
    return {
      id: idOf(at(l, 'id')),
      product_id: idOf(at(l, 'product', 'id')),
      variant_id: idOf(at(l, 'variant', 'id')),
      name: text(at(l, 'name')),
      sku: text(at(l, 'sku')),
      quantity: num(at(l, 'quantity')),
      unit_price: unit === null ? null : fromCents(unit),
      total_discount: shopMoney(at(l, 'totalDiscountSet')),
      total_tax: fromCents(tax),
      total: shopMoney(at(l, 'discountedTotalSet')),
    };
  });
  const original = lines.reduce((s, l) => s + (centsOf(l.unit_price) ?? 0n) * BigInt(l.quantity ?? 0), 0n);
  const status: EcommerceOrder['status'] = at(n, 'cancelledAt')
    ? 'CANCELLED'
    : at(n, 'closed')
      ? 'COMPLETED'
      : at(n, 'displayFinancialStatus') === 'PENDING'
        ? 'PENDING'
        : 'OPEN';
  return {
    order_number: text(at(n, 'name'))?.replace(/^#/, '') ?? null,
    customer_id: idOf(at(n, 'customer', 'id')),
    email_address: text(at(n, 'email')),
    phone_number: text(at(n, 'phone')),
    status,
    payment_status: PAYMENT[at(n, 'displayFinancialStatus') as string] ?? null,
    fulfillment_status: FULFILMENT[at(n, 'displayFulfillmentStatus') as string] ?? 'UNFULFILLED',
    currency: text(at(n, 'currencyCode')),
    line_items: lines,
    tax_lines: ((at(n, 'taxLines') as Node[] | undefined) ?? []).map((t) => ({
      name: text(at(t, 'title')),
      rate: num(at(t, 'ratePercentage'))?.toString() ?? null,
      amount: shopMoney(at(t, 'priceSet')),
    })),
    taxes_included: bool(at(n, 'taxesIncluded')),
    discount_codes: Array.isArray(at(n, 'discountCodes')) ? (at(n, 'discountCodes') as string[]) : null,
    shipping_method: text(at(n, 'shippingLine', 'title')),
    subtotal: fromCents(original),
    total_discount: shopMoney(at(n, 'totalDiscountsSet')),
    total_shipping: shopMoney(at(n, 'totalShippingPriceSet')),
    total_tax: shopMoney(at(n, 'totalTaxSet')),
    total: shopMoney(at(n, 'totalPriceSet')),
    shipping_address: shipping(at(n, 'shippingAddress')),
    billing_address: billing(at(n, 'billingAddress')),
    note: text(at(n, 'note')),
    ordered_at: text(at(n, 'processedAt')) ?? text(at(n, 'createdAt')),
    cancelled_at: text(at(n, 'cancelledAt')),
    created_at: text(at(n, 'createdAt')),
    updated_at: text(at(n, 'updatedAt')),
  };
}

const UNIT_NAMES: Readonly<Record<string, string>> = { G: 'GRAMS', KG: 'KILOGRAMS', OZ: 'OUNCES', LB: 'POUNDS' };

/**
 * A ProductVariantsBulkInput from common data: the SKU and weight on its inventory item (as Shopify keeps them since
 * 2024-04), the options as option values. Stock is not written (inventory levels are per location).
 */
export function variantInput(d: EcommerceProductVariant & Record<string, unknown>): Written {
  const input: Record<string, unknown> = {};
  const item: Record<string, unknown> = {};
  const warnings: string[] = [];
  const errors: string[] = [];
  for (const [key, field] of [
    ['price', 'price'],
    ['compare_at_price', 'compareAtPrice'],
  ] as const) {
    if (!has(d, key)) continue;
    const value = d[key];
    if (value === null && key === 'compare_at_price') input[field] = null;
    else if (centsOf(value) === null) errors.push(`${key} must be a decimal amount such as "12.50"`);
    else input[field] = fromCents(centsOf(value) as bigint);
  }
  if (has(d, 'barcode')) input['barcode'] = d.barcode;
  if (has(d, 'sku')) item['sku'] = d.sku ?? '';
  if (has(d, 'weight') && d.weight !== null) {
    const value = Number(d.weight);
    if (!Number.isFinite(value)) errors.push(`weight must be a decimal number: '${String(d.weight)}'`);
    else item['measurement'] = { weight: { unit: UNIT_NAMES[d.weight_unit ?? 'KG'] ?? 'KILOGRAMS', value } };
  }
  if (Object.keys(item).length) input['inventoryItem'] = item;
  if (has(d, 'options') && d.options?.length) input['optionValues'] = d.options.map((o) => ({ optionName: o.name, name: o.value }));
  for (const k of ['inventory_quantity', 'name', 'position', 'image_url'] as const) {
    if (has(d, k) && d[k] !== null) {
      warnings.push(
        k === 'inventory_quantity'
          ? 'Shopify keeps stock per location (inventory levels); inventory_quantity was not written'
          : `${k} is not written to Shopify variants${k === 'name' ? ' (it is made of the option values)' : ''}`,
      );
    }
  }
  return { input, warnings, errors };
}
