/**
 * Shopify's GraphQL Admin API nodes in Weft's ecommerce model, and back (pure functions). Ids are the numeric tails
 * of Shopify's GIDs (`gid://shopify/Customer/123` is `"123"`), in records and associations alike; the connector builds
 * the GID of the type back. Money is Shopify's shop currency (MoneyBag `shopMoney`): its decimal strings (`"30.0"`)
 * are written with two decimals (`"30.00"`), and sums are made in integer cents.
 */
import type { EcommerceCustomer } from '../../model/schemas/ecommerce-customer.js';
import type { EcommerceOrder, EcommerceOrderLineItem } from '../../model/schemas/ecommerce-order.js';
import type { EcommerceProduct } from '../../model/schemas/ecommerce-product.js';
import type { EcommerceProductCollection } from '../../model/schemas/ecommerce-product_collection.js';
import type { EcommerceProductVariant } from '../../model/schemas/ecommerce-product_variant.js';

export type Node = Record<string, any>;

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

/** A Shopify decimal (`"12.5"`) as integer cents; null for anything else. */
export function centsOf(value: unknown): number | null {
  const m = typeof value === 'string' ? /^(-?)(\d{1,15})(?:\.(\d{1,2}))?$/.exec(value) : null;
  if (!m) return null;
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}
export function fromCents(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
/** A money string with two decimals (`"30.0"` → `"30.00"`); null when there is none. */
export const money = (value: unknown): string | null => {
  const c = centsOf(value);
  return c === null ? null : fromCents(c);
};
const shopMoney = (bag: Node | null | undefined): string | null => money(bag?.['shopMoney']?.['amount']);
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function shipping(a: Node | null | undefined) {
  if (!a) return null;
  return {
    shipping_street_1: text(a['address1']),
    shipping_street_2: text(a['address2']),
    shipping_city: text(a['city']),
    shipping_state: text(a['province']),
    shipping_postal_code: text(a['zip']),
    shipping_country: text(a['country']),
  };
}
function billing(a: Node | null | undefined) {
  if (!a) return null;
  return {
    billing_street_1: text(a['address1']),
    billing_street_2: text(a['address2']),
    billing_city: text(a['city']),
    billing_state: text(a['province']),
    billing_postal_code: text(a['zip']),
    billing_country: text(a['country']),
  };
}

/** A customer: Shopify keeps one default address, read as the shipping address (customers have no billing one). */
export function customerToCommon(n: Node): EcommerceCustomer {
  return {
    first_name: text(n['firstName']),
    last_name: text(n['lastName']),
    email_address: text(n['email']),
    phone_number: text(n['phone']),
    company_name: text(n['defaultAddress']?.['company']),
    accepts_marketing: n['emailMarketingConsent'] ? n['emailMarketingConsent']['marketingState'] === 'SUBSCRIBED' : null,
    orders_count: n['numberOfOrders'] === undefined || n['numberOfOrders'] === null ? null : Number(n['numberOfOrders']),
    total_spent: money(n['amountSpent']?.['amount']),
    currency: text(n['amountSpent']?.['currencyCode']),
    note: text(n['note']),
    tags: Array.isArray(n['tags']) ? (n['tags'] as string[]) : null,
    shipping_address: shipping(n['defaultAddress']),
    billing_address: null,
    created_at: text(n['createdAt']),
    updated_at: text(n['updatedAt']),
  };
}

export interface Written {
  input: Record<string, unknown>;
  warnings: string[];
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
  const first = (n['variants']?.['nodes'] as Node[] | undefined)?.[0];
  return {
    name: text(n['title']),
    description: text(n['descriptionHtml']),
    slug: text(n['handle']),
    status: n['status'] === 'ACTIVE' || n['status'] === 'DRAFT' || n['status'] === 'ARCHIVED' ? n['status'] : null,
    product_type: text(n['productType']),
    vendor: text(n['vendor']),
    sku: text(first?.['sku']),
    price: money(first?.['price']),
    currency: null,
    tags: Array.isArray(n['tags']) ? (n['tags'] as string[]) : null,
    image_urls: null,
    category_ids: null,
    collection_ids: ((n['collections']?.['nodes'] as Node[] | undefined) ?? []).map((c) => idOf(c['id'])).filter((x): x is string => x !== null),
    created_at: text(n['createdAt']),
    updated_at: text(n['updatedAt']),
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
  const weight = n['inventoryItem']?.['measurement']?.['weight'] as Node | null | undefined;
  return {
    product_id: idOf(n['product']?.['id']),
    name: text(n['title']),
    sku: text(n['sku']),
    barcode: text(n['barcode']),
    price: money(n['price']),
    compare_at_price: money(n['compareAtPrice']),
    currency: null,
    inventory_quantity: typeof n['inventoryQuantity'] === 'number' ? n['inventoryQuantity'] : null,
    // A Float at Shopify (grams, kilograms…): its shortest decimal text, never summed.
    weight: typeof weight?.['value'] === 'number' ? String(weight['value']) : null,
    weight_unit: typeof weight?.['unit'] === 'string' ? (UNITS[weight['unit']] ?? null) : null,
    options: Array.isArray(n['selectedOptions']) ? (n['selectedOptions'] as Array<{ name: string; value: string }>).map((o) => ({ name: o.name, value: o.value })) : null,
    position: typeof n['position'] === 'number' ? n['position'] : null,
    image_url: null,
    created_at: text(n['createdAt']),
    updated_at: text(n['updatedAt']),
  };
}

export function collectionToCommon(n: Node): EcommerceProductCollection {
  return {
    name: text(n['title']),
    description: text(n['descriptionHtml']),
    slug: text(n['handle']),
    collection_type: n['ruleSet'] ? 'AUTOMATED' : 'MANUAL',
    image_url: null,
    product_count: typeof n['productsCount']?.['count'] === 'number' ? n['productsCount']['count'] : null,
    published_at: null,
    created_at: null,
    updated_at: text(n['updatedAt']),
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
  const lines = ((n['lineItems']?.['nodes'] as Node[] | undefined) ?? []).map((l): EcommerceOrderLineItem => {
    const unit = centsOf(l['originalUnitPriceSet']?.['shopMoney']?.['amount']);
    const tax = ((l['taxLines'] as Node[] | undefined) ?? []).reduce((s, t) => s + (centsOf(t['priceSet']?.['shopMoney']?.['amount']) ?? 0), 0);
    return {
      id: idOf(l['id']),
      product_id: idOf(l['product']?.['id']),
      variant_id: idOf(l['variant']?.['id']),
      name: text(l['name']),
      sku: text(l['sku']),
      quantity: typeof l['quantity'] === 'number' ? l['quantity'] : null,
      unit_price: unit === null ? null : fromCents(unit),
      total_discount: shopMoney(l['totalDiscountSet']),
      total_tax: fromCents(tax),
      total: shopMoney(l['discountedTotalSet']),
    };
  });
  const original = lines.reduce((s, l) => s + (centsOf(l.unit_price) ?? 0) * (l.quantity ?? 0), 0);
  const status: EcommerceOrder['status'] = n['cancelledAt'] ? 'CANCELLED' : n['closed'] ? 'COMPLETED' : n['displayFinancialStatus'] === 'PENDING' ? 'PENDING' : 'OPEN';
  return {
    order_number: typeof n['name'] === 'string' ? n['name'].replace(/^#/, '') : null,
    customer_id: idOf(n['customer']?.['id']),
    email_address: text(n['email']),
    phone_number: text(n['phone']),
    status,
    payment_status: PAYMENT[n['displayFinancialStatus'] as string] ?? null,
    fulfillment_status: FULFILMENT[n['displayFulfillmentStatus'] as string] ?? 'UNFULFILLED',
    currency: text(n['currencyCode']),
    line_items: lines,
    tax_lines: ((n['taxLines'] as Node[] | undefined) ?? []).map((t) => ({
      name: text(t['title']),
      rate: typeof t['ratePercentage'] === 'number' ? String(t['ratePercentage']) : null,
      amount: shopMoney(t['priceSet']),
    })),
    taxes_included: typeof n['taxesIncluded'] === 'boolean' ? n['taxesIncluded'] : null,
    discount_codes: Array.isArray(n['discountCodes']) ? (n['discountCodes'] as string[]) : null,
    shipping_method: text(n['shippingLine']?.['title']),
    subtotal: fromCents(original),
    total_discount: shopMoney(n['totalDiscountsSet']),
    total_shipping: shopMoney(n['totalShippingPriceSet']),
    total_tax: shopMoney(n['totalTaxSet']),
    total: shopMoney(n['totalPriceSet']),
    shipping_address: shipping(n['shippingAddress']),
    billing_address: billing(n['billingAddress']),
    note: text(n['note']),
    ordered_at: text(n['processedAt']) ?? text(n['createdAt']),
    cancelled_at: text(n['cancelledAt']),
    created_at: text(n['createdAt']),
    updated_at: text(n['updatedAt']),
  };
}
