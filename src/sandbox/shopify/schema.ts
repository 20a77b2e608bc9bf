/**
 * The subset of Shopify's GraphQL Admin API (2025-01) the fake serves, as SDL executed by graphql-js: customers,
 * products, productVariants, collections and orders as cursor connections (`first`/`after`, at most 250 a page,
 * `query` in Shopify's search syntax, `sortKey`, `reverse`), nodes by GID, and the customer and product mutations with
 * `userErrors`. An unknown field fails validation as at Shopify. The calculated cost of each query (objects 1,
 * connections 2 + first × their node's cost, mutations 10) is computed here before and after execution.
 */
import {
  buildSchema,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  isLeafType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  OperationTypeNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

import type { Address, Collection, Customer, Order, OrderLine, Product, Shop, Variant } from './shop.js';
import { orderTotals } from './shop.js';

export const API_VERSION = '2025-01';
export const MAX_PAGE = 250;
export const MUTATION_COST = 10;

export const SDL = /* GraphQL */ `
  scalar DateTime
  scalar Decimal
  scalar Money
  scalar UnsignedInt64
  scalar HTML

  interface Node { id: ID! }
  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
  enum CurrencyCode { USD EUR GBP CAD }
  type MoneyV2 { amount: Decimal! currencyCode: CurrencyCode! }
  type MoneyBag { shopMoney: MoneyV2! presentmentMoney: MoneyV2! }
  type MailingAddress {
    address1: String address2: String city: String province: String country: String zip: String company: String phone: String
  }
  input MailingAddressInput {
    address1: String address2: String city: String province: String country: String zip: String company: String phone: String
  }
  type UserError { field: [String!] message: String! }
  type Count { count: Int! }

  enum CustomerEmailAddressMarketingState { NOT_SUBSCRIBED PENDING SUBSCRIBED UNSUBSCRIBED INVALID }
  type CustomerEmailMarketingConsentState { marketingState: CustomerEmailAddressMarketingState! }
  input CustomerEmailMarketingConsentInput { marketingState: CustomerEmailAddressMarketingState! }
  type Customer implements Node {
    id: ID! firstName: String lastName: String displayName: String! email: String phone: String note: String
    tags: [String!]! emailMarketingConsent: CustomerEmailMarketingConsentState defaultAddress: MailingAddress
    addresses: [MailingAddress!]! numberOfOrders: UnsignedInt64! amountSpent: MoneyV2! createdAt: DateTime! updatedAt: DateTime!
  }
  type CustomerEdge { cursor: String! node: Customer! }
  type CustomerConnection { nodes: [Customer!]! edges: [CustomerEdge!]! pageInfo: PageInfo! }
  enum CustomerSortKeys { ID UPDATED_AT CREATED_AT }
  input CustomerInput {
    id: ID firstName: String lastName: String email: String phone: String note: String tags: [String!]
    addresses: [MailingAddressInput!] emailMarketingConsent: CustomerEmailMarketingConsentInput
  }
  input CustomerDeleteInput { id: ID! }
  type CustomerCreatePayload { customer: Customer userErrors: [UserError!]! }
  type CustomerUpdatePayload { customer: Customer userErrors: [UserError!]! }
  type CustomerDeletePayload { deletedCustomerId: ID userErrors: [UserError!]! }

  enum ProductStatus { ACTIVE ARCHIVED DRAFT }
  type Product implements Node {
    id: ID! title: String! descriptionHtml: HTML! handle: String! status: ProductStatus! productType: String! vendor: String!
    tags: [String!]! createdAt: DateTime! updatedAt: DateTime!
    variants(first: Int, after: String, last: Int, before: String): ProductVariantConnection!
    collections(first: Int, after: String, last: Int, before: String): CollectionConnection!
  }
  type ProductEdge { cursor: String! node: Product! }
  type ProductConnection { nodes: [Product!]! edges: [ProductEdge!]! pageInfo: PageInfo! }
  enum ProductSortKeys { ID UPDATED_AT CREATED_AT TITLE }
  input ProductCreateInput { title: String descriptionHtml: String handle: String status: ProductStatus productType: String vendor: String tags: [String!] }
  input ProductUpdateInput { id: ID title: String descriptionHtml: String handle: String status: ProductStatus productType: String vendor: String tags: [String!] }
  input ProductDeleteInput { id: ID! }
  type ProductCreatePayload { product: Product userErrors: [UserError!]! }
  type ProductUpdatePayload { product: Product userErrors: [UserError!]! }
  type ProductDeletePayload { deletedProductId: ID userErrors: [UserError!]! }

  enum WeightUnit { GRAMS KILOGRAMS OUNCES POUNDS }
  type Weight { unit: WeightUnit! value: Float! }
  type InventoryItemMeasurement { weight: Weight }
  type InventoryItem { id: ID! measurement: InventoryItemMeasurement! }
  type SelectedOption { name: String! value: String! }
  type ProductVariant implements Node {
    id: ID! title: String! displayName: String! sku: String barcode: String price: Money! compareAtPrice: Money
    inventoryQuantity: Int position: Int! selectedOptions: [SelectedOption!]! product: Product! inventoryItem: InventoryItem!
    createdAt: DateTime! updatedAt: DateTime!
  }
  type ProductVariantEdge { cursor: String! node: ProductVariant! }
  type ProductVariantConnection { nodes: [ProductVariant!]! edges: [ProductVariantEdge!]! pageInfo: PageInfo! }
  enum ProductVariantSortKeys { ID }

  type CollectionRuleSet { appliedDisjunctively: Boolean! }
  type Collection implements Node {
    id: ID! title: String! descriptionHtml: HTML! handle: String! ruleSet: CollectionRuleSet productsCount: Count updatedAt: DateTime!
    products(first: Int, after: String, last: Int, before: String): ProductConnection!
  }
  type CollectionEdge { cursor: String! node: Collection! }
  type CollectionConnection { nodes: [Collection!]! edges: [CollectionEdge!]! pageInfo: PageInfo! }
  enum CollectionSortKeys { ID UPDATED_AT TITLE }

  enum OrderDisplayFinancialStatus { PENDING AUTHORIZED PARTIALLY_PAID PAID PARTIALLY_REFUNDED REFUNDED VOIDED EXPIRED }
  enum OrderDisplayFulfillmentStatus { UNFULFILLED PARTIALLY_FULFILLED FULFILLED RESTOCKED PENDING_FULFILLMENT OPEN IN_PROGRESS ON_HOLD SCHEDULED REQUEST_DECLINED }
  type TaxLine { title: String! rate: Float ratePercentage: Float priceSet: MoneyBag! }
  type ShippingLine { title: String! originalPriceSet: MoneyBag! }
  type LineItem {
    id: ID! name: String! sku: String quantity: Int! originalUnitPriceSet: MoneyBag! originalTotalSet: MoneyBag!
    totalDiscountSet: MoneyBag! discountedTotalSet: MoneyBag! taxLines: [TaxLine!]! variant: ProductVariant product: Product
  }
  type LineItemEdge { cursor: String! node: LineItem! }
  type LineItemConnection { nodes: [LineItem!]! edges: [LineItemEdge!]! pageInfo: PageInfo! }
  type Order implements Node {
    id: ID! name: String! email: String phone: String customer: Customer currencyCode: CurrencyCode! taxesIncluded: Boolean!
    displayFinancialStatus: OrderDisplayFinancialStatus displayFulfillmentStatus: OrderDisplayFulfillmentStatus!
    discountCodes: [String!]! note: String closed: Boolean! closedAt: DateTime cancelledAt: DateTime processedAt: DateTime!
    createdAt: DateTime! updatedAt: DateTime!
    subtotalPriceSet: MoneyBag totalDiscountsSet: MoneyBag totalShippingPriceSet: MoneyBag! totalTaxSet: MoneyBag totalPriceSet: MoneyBag!
    shippingLine: ShippingLine taxLines: [TaxLine!]! shippingAddress: MailingAddress billingAddress: MailingAddress
    lineItems(first: Int, after: String, last: Int, before: String): LineItemConnection!
  }
  type OrderEdge { cursor: String! node: Order! }
  type OrderConnection { nodes: [Order!]! edges: [OrderEdge!]! pageInfo: PageInfo! }
  enum OrderSortKeys { ID UPDATED_AT CREATED_AT PROCESSED_AT }

  type QueryRoot {
    customers(first: Int, after: String, last: Int, before: String, query: String, sortKey: CustomerSortKeys, reverse: Boolean): CustomerConnection!
    products(first: Int, after: String, last: Int, before: String, query: String, sortKey: ProductSortKeys, reverse: Boolean): ProductConnection!
    productVariants(first: Int, after: String, last: Int, before: String, query: String, sortKey: ProductVariantSortKeys, reverse: Boolean): ProductVariantConnection!
    collections(first: Int, after: String, last: Int, before: String, query: String, sortKey: CollectionSortKeys, reverse: Boolean): CollectionConnection!
    orders(first: Int, after: String, last: Int, before: String, query: String, sortKey: OrderSortKeys, reverse: Boolean): OrderConnection!
    customer(id: ID!): Customer
    product(id: ID!): Product
    productVariant(id: ID!): ProductVariant
    collection(id: ID!): Collection
    order(id: ID!): Order
    node(id: ID!): Node
    nodes(ids: [ID!]!): [Node]!
  }
  input WeightInput { unit: WeightUnit! value: Float! }
  input InventoryItemMeasurementInput { weight: WeightInput }
  input InventoryItemInput { sku: String measurement: InventoryItemMeasurementInput }
  input VariantOptionValueInput { name: String optionName: String }
  input ProductVariantsBulkInput {
    id: ID price: Money compareAtPrice: Money barcode: String inventoryItem: InventoryItemInput optionValues: [VariantOptionValueInput!]
  }
  type ProductVariantsBulkCreatePayload { product: Product productVariants: [ProductVariant!] userErrors: [UserError!]! }
  type ProductVariantsBulkUpdatePayload { product: Product productVariants: [ProductVariant!] userErrors: [UserError!]! }

  type Mutation {
    productVariantsBulkCreate(productId: ID!, variants: [ProductVariantsBulkInput!]!): ProductVariantsBulkCreatePayload
    productVariantsBulkUpdate(productId: ID!, variants: [ProductVariantsBulkInput!]!): ProductVariantsBulkUpdatePayload
    customerCreate(input: CustomerInput!): CustomerCreatePayload
    customerUpdate(input: CustomerInput!): CustomerUpdatePayload
    customerDelete(input: CustomerDeleteInput!): CustomerDeletePayload
    productCreate(product: ProductCreateInput): ProductCreatePayload
    productUpdate(product: ProductUpdateInput): ProductUpdatePayload
    productDelete(input: ProductDeleteInput!): ProductDeletePayload
  }
  schema { query: QueryRoot mutation: Mutation }
`;

export const schema = buildSchema(SDL);
// Node's concrete type: each view names its own.
const nodeType = schema.getType('Node');
if (nodeType && 'resolveType' in nodeType) nodeType.resolveType = (value: { __typename?: string }) => value.__typename;

type Kind_ = 'Customer' | 'Product' | 'ProductVariant' | 'Collection' | 'Order';
export const gid = (kind: string, id: number) => `gid://shopify/${kind}/${id}`;
export function parseGid(value: unknown, kind?: Kind_): { kind: string; id: number } | undefined {
  const m = typeof value === 'string' ? /^gid:\/\/shopify\/([A-Za-z]+)\/(\d{1,19})$/.exec(value) : null;
  if (!m || (kind && m[1] !== kind)) return undefined;
  return { kind: m[1] as string, id: Number(m[2]) };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));
/** Cents as Shopify's Decimal (`"29.99"`, `"30.0"`: trailing zeros dropped, one kept). */
export function decimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const frac = String(abs % 100)
    .padStart(2, '0')
    .replace(/0$/, '');
  return `${sign}${Math.floor(abs / 100)}.${frac || '0'}`;
}
/** Cents as Shopify's Money scalar (`"29.99"`, `"30.00"`). */
const money = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;
const bag = (cents: number, currencyCode = 'USD') => {
  const m = { amount: decimal(cents), currencyCode };
  return { shopMoney: m, presentmentMoney: m };
};
/** Shopify's money strings (`"12.5"`, `"12.50"`) as cents; undefined for anything else. */
export function centsOf(text: unknown): number | undefined {
  const m = typeof text === 'string' ? /^(-?)(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text.trim()) : null;
  if (!m) return undefined;
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}

const addressView = (a: Address | null) => a && { ...a };

// ---- connections -------------------------------------------------------------------------------------------------

interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  query?: string | null;
  sortKey?: string | null;
  reverse?: boolean | null;
}

const encodeCursor = (key: number | string, id: number) => Buffer.from(JSON.stringify({ k: key, id })).toString('base64url');
function decodeCursor(cursor: string): { k: number | string; id: number } {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown; id?: unknown };
    if ((typeof v.k === 'number' || typeof v.k === 'string') && typeof v.id === 'number') return { k: v.k, id: v.id };
  } catch {
    // Falls through to the error below, as Shopify answers a cursor it did not issue.
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`);
}

function connection<T extends { id: number }>(
  items: T[],
  args: PageArgs,
  sortKey: (item: T, key: string) => number | string,
  view: (item: T) => unknown,
) {
  if (args.first == null && args.last == null) throw new GraphQLError('you must provide one of first or last');
  const size = (args.first ?? args.last) as number;
  if (size > MAX_PAGE) throw new GraphQLError(`The first and last arguments cannot exceed ${MAX_PAGE}.`);
  if (size < 0) throw new GraphQLError('first and last must be positive');
  const key = args.sortKey ?? 'ID';
  const dir = (args.reverse ? -1 : 1) * (args.last != null ? -1 : 1);
  const cmp = (a: { k: number | string; id: number }, b: { k: number | string; id: number }) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.id - b.id) * dir;
  let keyed = items.map((item) => ({ item, k: sortKey(item, key), id: item.id })).sort(cmp);
  const from = args.after ?? args.before;
  if (from) {
    const c = decodeCursor(from);
    keyed = keyed.filter((x) => cmp(x, c) > 0);
  }
  const page = keyed.slice(0, size);
  const edges = page.map((x) => ({ cursor: encodeCursor(x.k, x.id), node: view(x.item) }));
  if (args.last != null) edges.reverse();
  return {
    nodes: edges.map((e) => e.node),
    edges,
    pageInfo: {
      hasNextPage: args.last != null ? Boolean(args.before) : keyed.length > size,
      hasPreviousPage: args.last != null ? keyed.length > size : Boolean(from),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

// ---- search syntax -----------------------------------------------------------------------------------------------

interface Term {
  field: string;
  op: ':' | '>' | '<' | '>=' | '<=';
  value: string;
  negate: boolean;
}

/** Shopify's search syntax, the part the fake reads: `field:value`, `field:>value`, quotes, `-` and AND/OR words. */
export function parseSearch(query: string): Term[] {
  const terms: Term[] = [];
  for (const m of query.matchAll(/(-?)([a-z_]+):(>=|<=|>|<)?\s*(?:'([^']*)'|"([^"]*)"|(\S+))/gi)) {
    terms.push({
      negate: m[1] === '-',
      field: (m[2] as string).toLowerCase(),
      op: (m[3] ?? ':') as Term['op'],
      value: m[4] ?? m[5] ?? m[6] ?? '',
    });
  }
  return terms;
}

type Fields = Record<string, (item: never) => string | number | null>;

function matches(item: unknown, terms: Term[], fields: Fields): boolean {
  return terms.every((t) => {
    const read = fields[t.field] as ((item: unknown) => string | number | null) | undefined;
    if (!read) return true; // Shopify searches fields it does not know as free text; the fake lets them through.
    const have = read(item);
    let ok: boolean;
    if (t.field.endsWith('_at')) {
      const want = Date.parse(t.value);
      const at = typeof have === 'number' ? have : Number.NaN;
      if (Number.isNaN(want)) return true;
      ok =
        t.op === '>'
          ? at > want
          : t.op === '<'
            ? at < want
            : t.op === '>='
              ? at >= want
              : t.op === '<='
                ? at <= want
                : Math.floor(at / 1000) === Math.floor(want / 1000);
    } else if (t.op === ':') {
      const wanted = t.value.toLowerCase();
      ok = wanted.endsWith('*')
        ? String(have ?? '')
            .toLowerCase()
            .startsWith(wanted.slice(0, -1))
        : String(have ?? '').toLowerCase() === wanted;
    } else {
      const a = Number(have);
      const b = Number(t.value);
      ok = t.op === '>' ? a > b : t.op === '<' ? a < b : t.op === '>=' ? a >= b : a <= b;
    }
    return t.negate ? !ok : ok;
  });
}

const common = { id: (x: { id: number }) => x.id, updated_at: (x: { updatedAt: number }) => x.updatedAt };
const SEARCH: Record<string, Fields> = {
  customers: {
    ...common,
    created_at: (x: Customer) => x.createdAt,
    email: (x: Customer) => x.email,
    first_name: (x: Customer) => x.firstName,
    last_name: (x: Customer) => x.lastName,
    phone: (x: Customer) => x.phone,
    tag: (x: Customer) => x.tags[0] ?? null,
  },
  products: {
    ...common,
    created_at: (x: Product) => x.createdAt,
    title: (x: Product) => x.title,
    status: (x: Product) => x.status,
    vendor: (x: Product) => x.vendor,
    product_type: (x: Product) => x.productType,
    handle: (x: Product) => x.handle,
  },
  productVariants: { ...common, sku: (x: Variant) => x.sku, product_id: (x: Variant) => x.productId, barcode: (x: Variant) => x.barcode },
  collections: { ...common, title: (x: Collection) => x.title, handle: (x: Collection) => x.handle },
  orders: {
    ...common,
    created_at: (x: Order) => x.createdAt,
    email: (x: Order) => x.email,
    customer_id: (x: Order) => x.customerId,
    financial_status: (x: Order) => x.financial,
    fulfillment_status: (x: Order) => x.fulfillment,
    name: (x: Order) => `#${x.number}`,
  },
};

const sortOf = (x: { id: number; updatedAt: number; createdAt?: number; title?: string }, key: string): number | string =>
  key === 'UPDATED_AT'
    ? x.updatedAt
    : key === 'CREATED_AT' || key === 'PROCESSED_AT'
      ? (x.createdAt ?? x.id)
      : key === 'TITLE'
        ? (x.title ?? '')
        : x.id;

// ---- views -------------------------------------------------------------------------------------------------------

export function views(shop: Shop) {
  const customerView = (c: Customer) => {
    const orders = [...shop.orders.values()].filter((o) => o.customerId === c.id && o.cancelledAt === null);
    return {
      __typename: 'Customer',
      id: gid('Customer', c.id),
      firstName: c.firstName,
      lastName: c.lastName,
      displayName: [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || c.phone || '',
      email: c.email,
      phone: c.phone,
      note: c.note,
      tags: c.tags,
      emailMarketingConsent: c.email ? { marketingState: c.marketing } : null,
      defaultAddress: addressView(c.address),
      addresses: c.address ? [addressView(c.address)] : [],
      numberOfOrders: String(orders.length),
      amountSpent: { amount: decimal(orders.reduce((s, o) => s + orderTotals(o).total, 0)), currencyCode: 'USD' },
      createdAt: iso(c.createdAt),
      updatedAt: iso(c.updatedAt),
    };
  };
  const variantsOf = (productId: number) => [...shop.variants.values()].filter((v) => v.productId === productId);
  const productView = (p: Product): Record<string, unknown> => ({
    __typename: 'Product',
    id: gid('Product', p.id),
    title: p.title,
    descriptionHtml: p.descriptionHtml,
    handle: p.handle,
    status: p.status,
    productType: p.productType,
    vendor: p.vendor,
    tags: p.tags,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
    variants: (args: PageArgs) =>
      connection(variantsOf(p.id), { ...args, sortKey: 'POSITION' }, (v, k) => (k === 'POSITION' ? v.position : v.id), variantView),
    collections: (args: PageArgs) =>
      connection(
        [...shop.collections.values()].filter((c) => c.productIds.includes(p.id)),
        args,
        (c) => c.id,
        collectionView,
      ),
  });
  const variantView = (v: Variant): Record<string, unknown> => {
    const product = shop.products.get(v.productId);
    return {
      __typename: 'ProductVariant',
      id: gid('ProductVariant', v.id),
      title: v.title,
      displayName: `${product?.title ?? ''} - ${v.title}`,
      sku: v.sku,
      barcode: v.barcode,
      price: money(v.priceCents),
      compareAtPrice: v.compareAtCents === null ? null : money(v.compareAtCents),
      inventoryQuantity: v.inventoryQuantity,
      position: v.position,
      selectedOptions: v.options,
      product: () => (product ? productView(product) : null),
      inventoryItem: { id: gid('InventoryItem', v.id + 1), measurement: { weight: { unit: 'GRAMS', value: v.grams } } },
      createdAt: iso(v.createdAt),
      updatedAt: iso(v.updatedAt),
    };
  };
  const collectionView = (c: Collection): Record<string, unknown> => ({
    __typename: 'Collection',
    id: gid('Collection', c.id),
    title: c.title,
    descriptionHtml: c.descriptionHtml,
    handle: c.handle,
    ruleSet: c.manual ? null : { appliedDisjunctively: false },
    productsCount: { count: c.productIds.filter((id) => shop.products.has(id)).length },
    updatedAt: iso(c.updatedAt),
    products: (args: PageArgs) =>
      connection(
        c.productIds.map((id) => shop.products.get(id)).filter((p): p is Product => p !== undefined),
        args,
        (p) => p.id,
        productView,
      ),
  });
  const lineView = (o: Order, l: OrderLine) => {
    const variant = shop.variants.get(l.variantId);
    const product = shop.products.get(l.productId);
    return {
      id: gid('LineItem', l.id),
      name: l.name,
      sku: l.sku,
      quantity: l.quantity,
      originalUnitPriceSet: bag(l.unitCents, o.currency),
      originalTotalSet: bag(l.unitCents * l.quantity, o.currency),
      totalDiscountSet: bag(l.discountCents, o.currency),
      discountedTotalSet: bag(l.unitCents * l.quantity - l.discountCents, o.currency),
      taxLines: o.taxBps
        ? [{ title: o.taxTitle, rate: o.taxBps / 10000, ratePercentage: o.taxBps / 100, priceSet: bag(l.taxCents, o.currency) }]
        : [],
      // A variant or product deleted since the order was placed is gone from its lines (null), as at Shopify.
      variant: variant ? variantView(variant) : null,
      product: product ? productView(product) : null,
    };
  };
  const orderView = (o: Order): Record<string, unknown> => {
    const t = orderTotals(o);
    const customer = o.customerId === null ? undefined : shop.customers.get(o.customerId);
    return {
      __typename: 'Order',
      id: gid('Order', o.id),
      name: `#${o.number}`,
      email: o.email,
      phone: o.phone,
      customer: () => (customer ? customerView(customer) : null),
      currencyCode: o.currency,
      taxesIncluded: false,
      displayFinancialStatus: o.financial,
      displayFulfillmentStatus: o.fulfillment,
      discountCodes: o.discountCodes,
      note: o.note,
      closed: o.closedAt !== null,
      closedAt: iso(o.closedAt),
      cancelledAt: iso(o.cancelledAt),
      processedAt: iso(o.createdAt),
      createdAt: iso(o.createdAt),
      updatedAt: iso(o.updatedAt),
      subtotalPriceSet: bag(t.subtotal, o.currency),
      totalDiscountsSet: bag(t.discounts, o.currency),
      totalShippingPriceSet: bag(t.shipping, o.currency),
      totalTaxSet: bag(t.tax, o.currency),
      totalPriceSet: bag(t.total, o.currency),
      shippingLine: { title: o.shippingTitle, originalPriceSet: bag(o.shippingCents, o.currency) },
      taxLines: o.taxBps ? [{ title: o.taxTitle, rate: o.taxBps / 10000, ratePercentage: o.taxBps / 100, priceSet: bag(t.tax, o.currency) }] : [],
      shippingAddress: addressView(o.shippingAddress),
      billingAddress: addressView(o.billingAddress),
      lineItems: (args: PageArgs) =>
        connection(
          o.lines,
          args,
          (l) => l.id,
          (l) => lineView(o, l),
        ),
    };
  };
  return { customerView, productView, variantView, collectionView, orderView };
}

// ---- cost --------------------------------------------------------------------------------------------------------

interface CostInput {
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function intArg(node: ValueNode | undefined, vars: Record<string, unknown>): number | undefined {
  if (!node) return undefined;
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) {
    const v = vars[node.name.value];
    return typeof v === 'number' ? v : undefined;
  }
  return undefined;
}

function fieldsOf(set: SelectionSetNode | undefined, input: CostInput): FieldNode[] {
  if (!set) return [];
  return set.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [s];
    if (s.kind === Kind.INLINE_FRAGMENT) return fieldsOf(s.selectionSet, input);
    const frag = input.fragments[s.name.value];
    return frag ? fieldsOf(frag.selectionSet, input) : [];
  });
}

function fieldDef(type: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (!('getFields' in type)) return undefined;
  return (type.getFields() as Record<string, GraphQLField<unknown, unknown>>)[name];
}

/** Fields of an object type or of the concrete types an abstract one can be (the first that has it). */
function lookup(type: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  const own = fieldDef(type, name);
  if (own) return own;
  if (isObjectType(type)) return undefined;
  for (const t of schema.getPossibleTypes(type as never)) {
    const f = fieldDef(t, name);
    if (f) return f;
  }
  return undefined;
}

/**
 * The cost of a selection on `type`: scalars and enums 0, an object 1 plus its selection, a connection 2 plus its
 * size (the `first` or `last` asked, or, with `data`, the nodes answered) times its node's cost. With `data` the
 * actual cost of what was answered, else the requested cost.
 */
function selectionCost(set: SelectionSetNode | undefined, type: GraphQLNamedType, input: CostInput, data?: unknown): number {
  let total = 0;
  for (const field of fieldsOf(set, input)) {
    if (field.name.value === '__typename') continue;
    const def = lookup(type, field.name.value);
    if (!def) continue;
    const named = getNamedType(def.type);
    if (isLeafType(named)) continue;
    const key = field.alias?.value ?? field.name.value;
    const value = data === undefined ? undefined : data === null ? null : (data as Record<string, unknown>)[key];
    if (data !== undefined && value == null) continue;
    if (named.name.endsWith('Connection')) {
      const nodeType = getNamedType(lookup(named, 'nodes')?.type ?? def.type);
      const per = (nodeData?: unknown) => {
        let c = 0;
        for (const inner of fieldsOf(field.selectionSet, input)) {
          if (inner.name.value === 'nodes') c = Math.max(c, 1 + selectionCost(inner.selectionSet, nodeType, input, nodeData));
          if (inner.name.value === 'edges') {
            for (const e of fieldsOf(inner.selectionSet, input)) {
              if (e.name.value === 'node') c = Math.max(c, 1 + selectionCost(e.selectionSet, nodeType, input, nodeData));
            }
          }
        }
        return c;
      };
      if (data === undefined) {
        const size = intArg(field.arguments?.find((a) => a.name.value === 'first' || a.name.value === 'last')?.value, input.variables) ?? 0;
        total += 2 + size * per();
      } else {
        const conn = value as { nodes?: unknown[]; edges?: Array<{ node?: unknown }> };
        const list = conn.nodes ?? conn.edges?.map((e) => e.node) ?? [];
        total += 2 + list.reduce<number>((s, n) => s + per(n), 0);
      }
      continue;
    }
    if (Array.isArray(value)) total += value.reduce<number>((s, v) => s + 1 + selectionCost(field.selectionSet, named, input, v), 0);
    else total += 1 + selectionCost(field.selectionSet, named, input, value);
  }
  return total;
}

export function operationCost(doc: DocumentNode, op: OperationDefinitionNode, variables: Record<string, unknown>, data?: unknown): number {
  if (op.operation === OperationTypeNode.MUTATION) return MUTATION_COST;
  const fragments = Object.fromEntries(
    doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  return selectionCost(op.selectionSet, schema.getQueryType() as GraphQLNamedType, { fragments, variables }, data);
}

export { connection, matches, type PageArgs, SEARCH, sortOf };
