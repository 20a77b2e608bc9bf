/**
 * Shopify: customers, products and variants both ways, collections and orders pulled, over the GraphQL Admin API.
 * Each type is a connection queried with a page size its calculated cost allows (under 1,000 points a query), its
 * `query` argument carrying the filters Weft pushes down in Shopify's search syntax (`updated_at:>='…'`); writes are
 * one mutation a record, a `userErrors` answer failing that record alone. Shopify lists no deleted records: a sync
 * pull reads every record and Weft concludes deletions from what is gone.
 */
import { createHash } from 'node:crypto';

import type { PulledRecord, PushOperation, PushResult } from '../kit/connector.js';
import { defineConnector } from '../kit/connector.js';
import { ProviderError } from '../kit/errors.js';
import type { ProviderClient } from '../kit/http.js';
import { type Predicate, predicatesFor, type PushTable } from '../kit/pushdown.js';
import { byIndex, withWarnings, writeEach } from '../kit/writes.js';
import { graphql } from './graphql.js';
import { shopifyManifest } from './manifest.js';
import {
  at,
  collectionToCommon,
  customerInput,
  customerToCommon,
  gidOf,
  idOf,
  KINDS,
  type Node,
  nodesAt,
  orderToCommon,
  productInput,
  productToCommon,
  variantInput,
  variantToCommon,
  type Written,
} from './mapping.js';
import { SAMPLES } from './samples.js';

const MONEY = 'shopMoney { amount currencyCode }';
const LINE = `id name sku quantity originalUnitPriceSet { ${MONEY} } totalDiscountSet { ${MONEY} } discountedTotalSet { ${MONEY} } taxLines { priceSet { ${MONEY} } } variant { id } product { id }`;
const ADDRESS = 'address1 address2 city province country zip company';

interface TypeDecl {
  connection: string;
  /** Nodes a page: as many as keep the query's requested cost under 1,000 points. */
  pageSize: number;
  selection: string;
  read: (n: Node) => Record<string, unknown>;
  associations: (n: Node) => Record<string, string[]>;
  filters: PushTable;
  /**
   * A connection inside each node that may hold more than its first page (an order's lines, a product's collections):
   * read on by `node(id:)` with its cursor until it ends, so that no record is pulled with part of its list.
   */
  nested?: { field: string; kind: string; selection: string; pageSize: number };
}

const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';

const ids = (...values: unknown[]) => values.map(idOf).filter((x): x is string => x !== null);

export const TYPES: Readonly<Record<string, TypeDecl>> = {
  // 4 points a customer: 200 a page, 802 points.
  'ecommerce-customer': {
    connection: 'customers',
    pageSize: 200,
    selection: `id firstName lastName email phone note tags emailMarketingConsent { marketingState } defaultAddress { ${ADDRESS} } numberOfOrders amountSpent { amount currencyCode } createdAt updatedAt`,
    read: (n) => ({ ...customerToCommon(n) }),
    associations: () => ({}),
    filters: {
      email_address: { name: 'email', type: 'string' },
      first_name: { name: 'first_name', type: 'string' },
      last_name: { name: 'last_name', type: 'string' },
      updated_at: { name: 'updated_at', type: 'datetime' },
      created_at: { name: 'created_at', type: 'datetime' },
    },
  },
  // 36 points a product (its first variant, 30 collections): 25 a page, 902 points.
  'ecommerce-product': {
    connection: 'products',
    pageSize: 25,
    selection: `id title descriptionHtml handle status productType vendor tags createdAt updatedAt variants(first: 1) { nodes { sku price } } collections(first: 30) { nodes { id } ${PAGE_INFO} }`,
    nested: { field: 'collections', kind: 'Product', selection: 'id', pageSize: 250 },
    read: (n) => ({ ...productToCommon(n) }),
    associations: (n) => ({
      'ecommerce-product_collection': ids(...nodesAt(n, 'collections').map((c) => at(c, 'id'))),
    }),
    filters: {
      name: { name: 'title', type: 'string' },
      status: { name: 'status', type: 'string' },
      vendor: { name: 'vendor', type: 'string' },
      product_type: { name: 'product_type', type: 'string' },
      slug: { name: 'handle', type: 'string' },
      updated_at: { name: 'updated_at', type: 'datetime' },
      created_at: { name: 'created_at', type: 'datetime' },
    },
  },
  // 6 points a variant: 160 a page, 962 points.
  'ecommerce-product_variant': {
    connection: 'productVariants',
    pageSize: 160,
    selection:
      'id title sku barcode price compareAtPrice inventoryQuantity position selectedOptions { name value } product { id } inventoryItem { measurement { weight { unit value } } } createdAt updatedAt',
    read: (n) => ({ ...variantToCommon(n) }),
    associations: (n) => ({ 'ecommerce-product': ids(at(n, 'product', 'id')) }),
    filters: {
      sku: { name: 'sku', type: 'string' },
      product_id: { name: 'product_id', type: 'id' },
      updated_at: { name: 'updated_at', type: 'datetime' },
    },
  },
  // 3 points a collection: 250 a page, 752 points.
  'ecommerce-product_collection': {
    connection: 'collections',
    pageSize: 250,
    selection: 'id title descriptionHtml handle ruleSet { appliedDisjunctively } productsCount { count } updatedAt',
    read: (n) => ({ ...collectionToCommon(n) }),
    associations: () => ({}),
    filters: {
      name: { name: 'title', type: 'string' },
      slug: { name: 'handle', type: 'string' },
      updated_at: { name: 'updated_at', type: 'datetime' },
    },
  },
  // 260 points an order with 20 lines: 3 a page, 782 points (an order's actual cost is what its lines take).
  'ecommerce-order': {
    connection: 'orders',
    pageSize: 3,
    selection: `id name email phone customer { id } currencyCode taxesIncluded displayFinancialStatus displayFulfillmentStatus discountCodes note closed cancelledAt processedAt createdAt updatedAt subtotalPriceSet { ${MONEY} } totalDiscountsSet { ${MONEY} } totalShippingPriceSet { ${MONEY} } totalTaxSet { ${MONEY} } totalPriceSet { ${MONEY} } shippingLine { title } taxLines { title ratePercentage priceSet { ${MONEY} } } shippingAddress { ${ADDRESS} } billingAddress { ${ADDRESS} } lineItems(first: 20) { nodes { ${LINE} } ${PAGE_INFO} }`,
    // 13 points a line: 50 a query, 650 points.
    nested: { field: 'lineItems', kind: 'Order', selection: LINE, pageSize: 50 },
    read: (n) => ({ ...orderToCommon(n) }),
    associations: (n) => {
      const lines = nodesAt(n, 'lineItems');
      return {
        'ecommerce-customer': ids(at(n, 'customer', 'id')),
        'ecommerce-product': [...new Set(ids(...lines.map((l) => at(l, 'product', 'id'))))],
        'ecommerce-product_variant': [...new Set(ids(...lines.map((l) => at(l, 'variant', 'id'))))],
      };
    },
    filters: {
      customer_id: { name: 'customer_id', type: 'id' },
      email_address: { name: 'email', type: 'string' },
      updated_at: { name: 'updated_at', type: 'datetime' },
      ordered_at: { name: 'processed_at', type: 'datetime' },
      created_at: { name: 'created_at', type: 'datetime' },
    },
  },
};

function declOf(type: string): TypeDecl {
  const decl = Object.hasOwn(TYPES, type) ? TYPES[type] : undefined;
  if (!decl) throw new Error(`Shopify does not serve ${type}`);
  return decl;
}

const quote = (v: string | number) => `'${String(v).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const instant = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Pushed-down predicates in Shopify's search syntax: `(email:'a' OR email:'b') updated_at:>='…'`. */
export function searchOf(predicates: Predicate[]): string | undefined {
  const parts: string[] = [];
  for (const p of predicates) {
    const f = p.field.name;
    if (p.op === 'in') {
      const values = p.values.map((v) => `${f}:${quote(p.field.type === 'datetime' ? instant(v as number) : v)}`);
      parts.push(values.length === 1 ? (values[0] as string) : `(${values.join(' OR ')})`);
    } else if (p.ranges.length === 1) {
      const r = p.ranges[0] as { min: number | null; max: number | null };
      const show = (v: number, side: 'min' | 'max') =>
        quote(p.field.type === 'datetime' ? instant(side === 'min' ? Math.floor(v / 1000) * 1000 : Math.ceil(v / 1000) * 1000) : v);
      if (r.min !== null) parts.push(`${f}:>=${show(r.min, 'min')}`);
      if (r.max !== null) parts.push(`${f}:<=${show(r.max, 'max')}`);
    }
  }
  return parts.length ? parts.join(' AND ') : undefined;
}

/** Reads on each node's nested connection past its first page (in place), so that every node holds all of it. */
async function completeNested(client: ProviderClient, decl: TypeDecl, nodes: readonly Node[]): Promise<void> {
  const spec = decl.nested;
  if (!spec) return;
  const query = `query ($id: ID!, $after: String) { node(id: $id) { ... on ${spec.kind} { ${spec.field}(first: ${spec.pageSize}, after: $after) { nodes { ${spec.selection} } ${PAGE_INFO} } } } }`;
  for (const n of nodes) {
    const conn = at(n, spec.field) as { nodes: Node[]; pageInfo?: { hasNextPage: boolean; endCursor: string | null } } | undefined;
    while (conn?.pageInfo?.hasNextPage) {
      const data = await graphql<{ node: Node | null }>(client, query, { id: at(n, 'id'), after: conn.pageInfo.endCursor });
      const more = at(data.node, spec.field) as { nodes: Node[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } | undefined;
      // A record deleted since its page was read: the next sync tells it gone.
      if (data.node === null) break;
      if (!more) throw new ProviderError('rejected', `Shopify answered no ${spec.field} of ${String(at(n, 'id'))}`, null);
      conn.nodes.push(...more.nodes);
      conn.pageInfo = more.pageInfo;
    }
  }
}

function toRecord(decl: TypeDecl, n: Node, wanted: string[]): PulledRecord {
  const associations = decl.associations(n);
  const picked = Object.fromEntries(Object.entries(associations).filter(([k]) => wanted.includes(k)));
  return { id: idOf(at(n, 'id')) ?? String(at(n, 'id')), data: decl.read(n), ...(Object.keys(picked).length ? { associations: picked } : {}) };
}

interface Page {
  [connection: string]: { nodes: Node[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** The product of each variant among `ids` (a variant's mutations name its product). */
async function productsOf(client: ProviderClient, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 50) {
    const slice = ids.slice(i, i + 50).map((id) => gidOf('ProductVariant', id));
    const data = await graphql<{ nodes: Array<Node | null> }>(
      client,
      'query ($ids: [ID!]!) { nodes(ids: $ids) { ... on ProductVariant { id product { id } } } }',
      {
        ids: slice,
      },
    );
    for (const n of data.nodes) {
      const id = idOf(at(n, 'id'));
      const product = idOf(at(n, 'product', 'id'));
      if (id !== null && product !== null) out.set(id, product);
    }
  }
  return out;
}

/** Variants, one bulk mutation a record (its product named: from `product_id`, else read from the variant). */
async function writeVariants(client: ProviderClient, ops: PushOperation[]): Promise<PushResult[]> {
  const unknown = ops.filter((op) => op.id !== null && /^\d+$/.test(op.id) && typeof op.data['product_id'] !== 'string').map((op) => op.id as string);
  const products = unknown.length ? await productsOf(client, unknown) : new Map<string, string>();
  const warnings = new Map<number, string[]>();
  const results = await writeEach(
    ops,
    async (op) => {
      const fail = (errors: string[]): PushResult => ({ index: op.index, success: false, id: op.id, errors, mayHaveApplied: false });
      if (op.id !== null && !/^\d+$/.test(op.id)) return fail([`Not a Shopify variant id: ${op.id}`]);
      const { input, warnings: w, errors = [] } = variantInput(op.data);
      if (w.length) warnings.set(op.index, w);
      if (errors.length) return fail(errors);
      const product = typeof op.data['product_id'] === 'string' ? op.data['product_id'] : op.id !== null ? products.get(op.id) : undefined;
      if (product === undefined || !/^\d+$/.test(product)) {
        return fail([
          op.id === null ? 'product_id (a Shopify product id) is required to create a variant' : `No Shopify variant has the id ${op.id}`,
        ]);
      }
      const name = op.id === null ? 'productVariantsBulkCreate' : 'productVariantsBulkUpdate';
      const variant = { ...input, ...op.fields, ...(op.id !== null ? { id: gidOf('ProductVariant', op.id) } : {}) };
      const data = await graphql<
        Record<string, { productVariants: Array<{ id: string }> | null; userErrors: Array<{ field: string[] | null; message: string }> } | null>
      >(
        client,
        `mutation ($productId: ID!, $variants: [ProductVariantsBulkInput!]!) { ${name}(productId: $productId, variants: $variants) { productVariants { id } userErrors { field message } } }`,
        { productId: gidOf('Product', product), variants: [variant] },
      );
      const payload = data[name];
      const userErrors = payload?.userErrors ?? [];
      if (userErrors.length) return fail(userErrors.map((e) => (e.field?.length ? `${e.field.join('.')}: ${e.message}` : e.message)));
      const id = idOf(payload?.productVariants?.[0]?.id);
      return id === null
        ? { index: op.index, success: false, id: op.id, errors: ['Shopify named no variant'], mayHaveApplied: true }
        : { index: op.index, success: true, id, errors: [] };
    },
    4,
  );
  return withWarnings(byIndex(results), (i) => warnings.get(i) ?? []);
}

async function write(client: ProviderClient, type: string, ops: PushOperation[]): Promise<PushResult[]> {
  const kind = type === 'ecommerce-customer' ? 'customer' : 'product';
  const build = (d: Record<string, unknown>): Written => (kind === 'customer' ? customerInput(d) : productInput(d));
  const warnings = new Map<number, string[]>();
  const results = await writeEach(
    ops,
    async (op) => {
      const { input, warnings: w } = build(op.data);
      if (w.length) warnings.set(op.index, w);
      const body = { ...input, ...op.fields, ...(op.id !== null ? { id: gidOf(KINDS[type] as string, op.id) } : {}) };
      const name = `${kind}${op.id === null ? 'Create' : 'Update'}`;
      const arg = kind === 'customer' ? 'input: $input' : 'product: $input';
      const inputType = kind === 'customer' ? 'CustomerInput!' : op.id === null ? 'ProductCreateInput' : 'ProductUpdateInput';
      if (op.id !== null && !/^\d+$/.test(op.id)) {
        return { index: op.index, success: false, id: op.id, errors: [`Not a Shopify ${kind} id: ${op.id}`], mayHaveApplied: false };
      }
      const data = await graphql<Record<string, { userErrors: Array<{ field: string[] | null; message: string }>; [k: string]: unknown } | null>>(
        client,
        `mutation ($input: ${inputType}) { ${name}(${arg}) { ${kind} { id } userErrors { field message } } }`,
        { input: body },
      );
      const payload = data[name];
      const errors = payload?.userErrors ?? [];
      if (errors.length) {
        return {
          index: op.index,
          success: false,
          id: op.id,
          errors: errors.map((e) => (e.field?.length ? `${e.field.join('.')}: ${e.message}` : e.message)),
          mayHaveApplied: false,
        };
      }
      const id = idOf((payload?.[kind] as { id?: string } | null)?.id);
      return id === null
        ? { index: op.index, success: false, id: op.id, errors: ['Shopify named no record'], mayHaveApplied: true }
        : { index: op.index, success: true, id, errors: [] };
    },
    4,
  );
  return withWarnings(byIndex(results), (i) => warnings.get(i) ?? []);
}

export const shopifyConnector = defineConnector({
  manifest: shopifyManifest,

  /** The bucket is per app and shop: one account per access token (a token is bound to one shop). */
  accountKey: (tokens) => `shopify:${createHash('sha256').update(tokens.accessToken).digest('hex').slice(0, 16)}`,

  async pull(client, request) {
    const decl = declOf(request.endgrateType);
    const search = searchOf(predicatesFor(request.filter, decl.filters));
    const query = `query ($first: Int!, $after: String, $query: String) { ${decl.connection}(first: $first, after: $after, query: $query, sortKey: ID) { nodes { ${decl.selection} } pageInfo { hasNextPage endCursor } } }`;
    const data = await graphql<Page>(client, query, { first: decl.pageSize, after: request.cursor, query: search ?? null });
    const conn = data[decl.connection];
    const nodes = conn?.nodes ?? [];
    await completeNested(client, decl, nodes);
    return {
      records: nodes.map((n) => toRecord(decl, n, request.associations)),
      next: conn?.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null,
    };
  },

  async read(client, type, wanted) {
    const decl = declOf(type);
    const kind = KINDS[type] as string;
    const out = new Map<string, PulledRecord>();
    const valid = [...new Set(wanted.filter((id) => /^\d+$/.test(id)))];
    for (let i = 0; i < valid.length; i += 25) {
      const slice = valid.slice(i, i + 25);
      const data = await graphql<{ nodes: Array<Node | null> }>(
        client,
        `query ($ids: [ID!]!) { nodes(ids: $ids) { ... on ${kind} { ${decl.selection} } } }`,
        {
          ids: slice.map((id) => gidOf(kind, id)),
        },
      );
      await completeNested(
        client,
        decl,
        data.nodes.filter((n): n is Node => n !== null),
      );
      for (const n of data.nodes) if (n && at(n, 'id')) out.set(idOf(at(n, 'id')) as string, toRecord(decl, n, Object.keys(decl.associations(n))));
    }
    return out;
  },

  async push(client, request) {
    if (request.endgrateType === 'ecommerce-product_variant') return writeVariants(client, request.operations);
    if (request.endgrateType !== 'ecommerce-customer' && request.endgrateType !== 'ecommerce-product') {
      return request.operations.map((op) => ({
        index: op.index,
        success: false,
        id: op.id,
        errors: [`Shopify takes no ${request.endgrateType} writes`],
        mayHaveApplied: false,
      }));
    }
    return write(client, request.endgrateType, request.operations);
  },

  async fields(_client, type) {
    const decl = declOf(type);
    return decl.selection
      .replace(/\{[^{}]*\}/g, '')
      .replace(/\{[^{}]*\}/g, '')
      .replace(/\([^)]*\)/g, '')
      .split(/\s+/)
      .filter(Boolean)
      .map((name) => ({
        name,
        label: name,
        type: 'other' as const,
        custom: false,
        mapped: true,
        writable: type !== 'ecommerce-order' && type !== 'ecommerce-product_collection',
      }));
  },

  coverage: {
    fixtures: SAMPLES,
    read: (type, raw) => declOf(type).read(raw as Node),
    write: (type, data) => {
      if (type === 'ecommerce-customer') {
        const w = customerInput(data);
        return { fields: w.input, warnings: w.warnings };
      }
      if (type === 'ecommerce-product') {
        const w = productInput(data);
        return { fields: w.input, warnings: w.warnings };
      }
      if (type === 'ecommerce-product_variant') {
        const w = variantInput(data);
        return { fields: w.input, warnings: w.warnings };
      }
      return { fields: {}, warnings: [] };
    },
  },
});
