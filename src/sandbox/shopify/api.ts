/**
 * The root of the fake's GraphQL Admin API: the connections, nodes by GID and the mutations with Shopify's
 * `userErrors`; and one request's execution behind the cost bucket (THROTTLED with HTTP 200 when the bucket lacks the
 * requested cost, MAX_COST_EXCEEDED over 1,000, `extensions.cost` on every answer).
 */
import { execute, GraphQLError, Kind, type OperationDefinitionNode, OperationTypeNode, parse, validate } from 'graphql';

import { centsOf, connection, gid, matches, operationCost, type PageArgs, parseGid, parseSearch, schema, SEARCH, sortOf, views } from './schema.js';
import type { Address, Customer, Product, Shop, Variant } from './shop.js';

type Json = Record<string, unknown>;
type UserError = { field: string[] | null; message: string };

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const MAX_QUERY_COST = 1000;

function addressOf(input: Json | undefined): Address | null {
  if (!input) return null;
  const s = (k: string) => (typeof input[k] === 'string' ? (input[k] as string) : null);
  return {
    address1: s('address1'),
    address2: s('address2'),
    city: s('city'),
    province: s('province'),
    country: s('country'),
    zip: s('zip'),
    company: s('company'),
    phone: s('phone'),
  };
}

function rootOf(shop: Shop) {
  const v = views(shop);
  const list =
    <T extends { id: number; updatedAt: number }>(name: string, items: Iterable<T>, view: (t: T) => unknown) =>
    (args: PageArgs) => {
      if (args.query) shop.searches.push(`${name}: ${args.query}`);
      const terms = args.query ? parseSearch(args.query) : [];
      const fields = SEARCH[name] ?? {};
      return connection(
        [...items].filter((x) => matches(x, terms, fields)),
        args,
        sortOf,
        view,
      );
    };
  const byGid = (id: unknown): unknown => {
    const g = parseGid(id);
    if (!g) return null;
    if (g.kind === 'Customer') return shop.customers.has(g.id) ? v.customerView(shop.customers.get(g.id) as Customer) : null;
    if (g.kind === 'Product') return shop.products.has(g.id) ? v.productView(shop.products.get(g.id) as Product) : null;
    const variant = g.kind === 'ProductVariant' ? shop.variants.get(g.id) : undefined;
    if (variant) return v.variantView(variant);
    const collection = g.kind === 'Collection' ? shop.collections.get(g.id) : undefined;
    if (collection) return v.collectionView(collection);
    const order = g.kind === 'Order' ? shop.orders.get(g.id) : undefined;
    return order ? v.orderView(order) : null;
  };
  const invalidId = (id: unknown) => {
    if (!parseGid(id)) throw new GraphQLError(`Invalid global id '${String(id)}'`, { extensions: { code: 'argumentLiteralsIncompatible' } });
  };

  function customerErrors(input: Json, existing: Customer | undefined): UserError[] {
    const errors: UserError[] = [];
    const email = typeof input['email'] === 'string' ? input['email'] : undefined;
    if (email !== undefined && email !== '' && !EMAIL.test(email)) errors.push({ field: ['email'], message: 'Email is invalid' });
    if (email && [...shop.customers.values()].some((c) => c.email === email.toLowerCase() && c.id !== existing?.id)) {
      errors.push({ field: ['email'], message: 'Email has already been taken' });
    }
    if (!existing && !input['firstName'] && !input['lastName'] && !email && !input['phone']) {
      errors.push({ field: null, message: 'A name, phone number, or email address must be present' });
    }
    return errors;
  }
  function applyCustomer(c: Customer, input: Json): void {
    const s = (k: string) => (input[k] === null ? null : (input[k] as string));
    if ('firstName' in input) c.firstName = s('firstName');
    if ('lastName' in input) c.lastName = s('lastName');
    if ('email' in input) c.email = s('email')?.toLowerCase() || null;
    if ('phone' in input) c.phone = s('phone');
    if ('note' in input) c.note = s('note');
    if (Array.isArray(input['tags'])) c.tags = input['tags'] as string[];
    if (Array.isArray(input['addresses'])) c.address = addressOf((input['addresses'] as Json[])[0]);
    const consent = input['emailMarketingConsent'] as Json | undefined;
    if (consent && typeof consent['marketingState'] === 'string')
      c.marketing = consent['marketingState'] === 'SUBSCRIBED' ? 'SUBSCRIBED' : 'NOT_SUBSCRIBED';
    c.updatedAt = Math.max(shop.clock(), c.updatedAt + 1);
  }
  function applyProduct(p: Product, input: Json): void {
    for (const k of ['title', 'descriptionHtml', 'handle', 'productType', 'vendor'] as const) if (typeof input[k] === 'string') p[k] = input[k];
    if (input['status'] === 'ACTIVE' || input['status'] === 'DRAFT' || input['status'] === 'ARCHIVED') p.status = input['status'];
    if (Array.isArray(input['tags'])) p.tags = input['tags'] as string[];
    p.updatedAt = Math.max(shop.clock(), p.updatedAt + 1);
  }

  const GRAMS: Readonly<Record<string, number>> = { GRAMS: 1, KILOGRAMS: 1000, OUNCES: 28.349523125, POUNDS: 453.59237 };
  /** A variant input's errors (by its place in the list), or what it changes. */
  function variantChanges(input: Json, at: number): { errors: UserError[]; apply: (variant: Variant) => void } {
    const errors: UserError[] = [];
    const price = input['price'] === undefined ? undefined : centsOf(input['price']);
    const compare =
      input['compareAtPrice'] === undefined || input['compareAtPrice'] === null ? input['compareAtPrice'] : centsOf(input['compareAtPrice']);
    if (price === undefined && input['price'] !== undefined) errors.push({ field: ['variants', String(at), 'price'], message: 'Price is invalid' });
    if (compare === undefined && input['compareAtPrice'] !== undefined && input['compareAtPrice'] !== null) {
      errors.push({ field: ['variants', String(at), 'compareAtPrice'], message: 'Compare at price is invalid' });
    }
    const item = (input['inventoryItem'] ?? {}) as Json;
    const weight = ((item['measurement'] ?? {}) as Json)['weight'] as { unit: string; value: number } | undefined;
    if (weight && weight.value < 0)
      errors.push({
        field: ['variants', String(at), 'inventoryItem', 'measurement', 'weight'],
        message: 'Weight must be greater than or equal to 0',
      });
    const options = Array.isArray(input['optionValues']) ? (input['optionValues'] as Json[]) : undefined;
    return {
      errors,
      apply: (variant) => {
        if (typeof price === 'number') variant.priceCents = price;
        if (compare === null) variant.compareAtCents = null;
        else if (typeof compare === 'number') variant.compareAtCents = compare;
        if ('barcode' in input) variant.barcode = (input['barcode'] as string | null) ?? null;
        if (typeof item['sku'] === 'string') variant.sku = item['sku'];
        if (weight) variant.grams = Math.round(weight.value * (GRAMS[weight.unit] ?? 1));
        if (options?.length) {
          variant.options = options.map((o) => ({
            name: typeof o['optionName'] === 'string' ? o['optionName'] : 'Title',
            value: typeof o['name'] === 'string' ? o['name'] : '',
          }));
          variant.title = variant.options.map((o) => o.value).join(' / ');
        }
        variant.updatedAt = Math.max(shop.clock(), variant.updatedAt + 1);
      },
    };
  }
  function bulk(productId: string, variants: Json[], create: boolean) {
    const g = parseGid(productId, 'Product');
    const product = g ? shop.products.get(g.id) : undefined;
    if (!product) return { product: null, productVariants: null, userErrors: [{ field: ['productId'], message: 'Product does not exist' }] };
    const planned = variants.map((input, i) => {
      const target = create ? undefined : shop.variants.get(parseGid(input['id'], 'ProductVariant')?.id ?? -1);
      const changes = variantChanges(input, i);
      if (!create && (!target || target.productId !== product.id))
        changes.errors.push({ field: ['variants', String(i), 'id'], message: 'Product variant does not exist' });
      if (create && input['id']) changes.errors.push({ field: ['variants', String(i), 'id'], message: 'Id must not be set on create' });
      return { target, changes };
    });
    const userErrors = planned.flatMap((p) => p.changes.errors);
    // All or nothing, as Shopify's bulk mutations.
    if (userErrors.length) return { product: v.productView(product), productVariants: null, userErrors };
    const written = planned.map(({ target, changes }) => {
      let variant = target;
      if (!variant) {
        const now = shop.clock();
        const position = Math.max(0, ...[...shop.variants.values()].filter((x) => x.productId === product.id).map((x) => x.position)) + 1;
        variant = {
          id: shop.newId(),
          productId: product.id,
          title: 'Default Title',
          sku: '',
          barcode: null,
          priceCents: 0,
          compareAtCents: null,
          inventoryQuantity: 0,
          position,
          options: [{ name: 'Title', value: 'Default Title' }],
          grams: 0,
          createdAt: now,
          updatedAt: now,
        };
        shop.variants.set(variant.id, variant);
      }
      changes.apply(variant);
      return v.variantView(variant);
    });
    product.updatedAt = Math.max(shop.clock(), product.updatedAt + 1);
    return { product: v.productView(product), productVariants: written, userErrors: [] };
  }

  return {
    productVariantsBulkCreate: ({ productId, variants }: { productId: string; variants: Json[] }) => bulk(productId, variants, true),
    productVariantsBulkUpdate: ({ productId, variants }: { productId: string; variants: Json[] }) => bulk(productId, variants, false),
    customers: list('customers', shop.customers.values(), v.customerView),
    products: list('products', shop.products.values(), v.productView),
    productVariants: list('productVariants', shop.variants.values(), v.variantView),
    collections: list('collections', shop.collections.values(), v.collectionView),
    orders: list('orders', shop.orders.values(), v.orderView),
    customer: ({ id }: { id: string }) => (invalidId(id), parseGid(id, 'Customer') ? byGid(id) : null),
    product: ({ id }: { id: string }) => (invalidId(id), parseGid(id, 'Product') ? byGid(id) : null),
    productVariant: ({ id }: { id: string }) => (invalidId(id), parseGid(id, 'ProductVariant') ? byGid(id) : null),
    collection: ({ id }: { id: string }) => (invalidId(id), parseGid(id, 'Collection') ? byGid(id) : null),
    order: ({ id }: { id: string }) => (invalidId(id), parseGid(id, 'Order') ? byGid(id) : null),
    node: ({ id }: { id: string }) => (invalidId(id), byGid(id)),
    nodes: ({ ids }: { ids: string[] }) => {
      if (ids.length > 250) throw new GraphQLError('The input array size of 251 is greater than the maximum allowed of 250.');
      return ids.map((id) => (invalidId(id), byGid(id)));
    },

    customerCreate: ({ input }: { input: Json }) => {
      if (input['id']) return { customer: null, userErrors: [{ field: ['id'], message: 'Id must not be set on create' }] };
      const userErrors = customerErrors(input, undefined);
      if (userErrors.length) return { customer: null, userErrors };
      const now = shop.clock();
      const c: Customer = {
        id: shop.newId(),
        firstName: null,
        lastName: null,
        email: null,
        phone: null,
        note: null,
        tags: [],
        marketing: 'NOT_SUBSCRIBED',
        address: null,
        createdAt: now,
        updatedAt: now,
      };
      applyCustomer(c, input);
      shop.customers.set(c.id, c);
      return { customer: v.customerView(c), userErrors: [] };
    },
    customerUpdate: ({ input }: { input: Json }) => {
      const g = parseGid(input['id'], 'Customer');
      const c = g ? shop.customers.get(g.id) : undefined;
      if (!c) return { customer: null, userErrors: [{ field: ['id'], message: 'Customer does not exist' }] };
      const userErrors = customerErrors(input, c);
      if (userErrors.length) return { customer: null, userErrors };
      applyCustomer(c, input);
      return { customer: v.customerView(c), userErrors: [] };
    },
    customerDelete: ({ input }: { input: { id: string } }) => {
      const g = parseGid(input.id, 'Customer');
      if (!g || !shop.customers.has(g.id)) return { deletedCustomerId: null, userErrors: [{ field: ['id'], message: "Customer can't be found" }] };
      if ([...shop.orders.values()].some((o) => o.customerId === g.id)) {
        return { deletedCustomerId: null, userErrors: [{ field: null, message: 'Customer can’t be deleted because they have associated orders' }] };
      }
      shop.customers.delete(g.id);
      return { deletedCustomerId: gid('Customer', g.id), userErrors: [] };
    },
    productCreate: ({ product }: { product?: Json }) => {
      const input = product ?? {};
      if (typeof input['title'] !== 'string' || !input['title'].trim())
        return { product: null, userErrors: [{ field: ['title'], message: "Title can't be blank" }] };
      const now = shop.clock();
      const title = input['title'];
      const p: Product = {
        id: shop.newId(),
        title,
        descriptionHtml: '',
        handle: title
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, ''),
        status: 'ACTIVE',
        productType: '',
        vendor: shop.domain.split('.')[0] ?? '',
        tags: [],
        createdAt: now,
        updatedAt: now,
      };
      applyProduct(p, input);
      shop.products.set(p.id, p);
      const vid = shop.newId();
      shop.variants.set(vid, {
        id: vid,
        productId: p.id,
        title: 'Default Title',
        sku: '',
        barcode: null,
        priceCents: 0,
        compareAtCents: null,
        inventoryQuantity: 0,
        position: 1,
        options: [{ name: 'Title', value: 'Default Title' }],
        grams: 0,
        createdAt: now,
        updatedAt: now,
      });
      return { product: v.productView(p), userErrors: [] };
    },
    productUpdate: ({ product }: { product?: Json }) => {
      const input = product ?? {};
      const g = parseGid(input['id'], 'Product');
      const p = g ? shop.products.get(g.id) : undefined;
      if (!p) return { product: null, userErrors: [{ field: ['id'], message: 'Product does not exist' }] };
      if ('title' in input && (typeof input['title'] !== 'string' || !input['title'].trim()))
        return { product: null, userErrors: [{ field: ['title'], message: "Title can't be blank" }] };
      applyProduct(p, input);
      return { product: v.productView(p), userErrors: [] };
    },
    productDelete: ({ input }: { input: { id: string } }) => {
      const g = parseGid(input.id, 'Product');
      if (!g || !shop.products.has(g.id)) return { deletedProductId: null, userErrors: [{ field: ['id'], message: 'Product does not exist' }] };
      shop.products.delete(g.id);
      for (const [id, variant] of shop.variants) if (variant.productId === g.id) shop.variants.delete(id);
      return { deletedProductId: gid('Product', g.id), userErrors: [] };
    },
  };
}

/** graphql-js's messages in graphql-ruby's words where Shopify's clients read them (an unknown field). */
function shopifyError(e: GraphQLError): Json {
  const unknown = /^Cannot query field "([^"]+)" on type "([^"]+)"\./.exec(e.message);
  const out: Json = unknown
    ? {
        message: `Field '${unknown[1]}' doesn't exist on type '${unknown[2]}'`,
        extensions: { code: 'undefinedField', typeName: unknown[2], fieldName: unknown[1] },
      }
    : { message: e.message, ...(e.extensions && Object.keys(e.extensions).length ? { extensions: e.extensions } : {}) };
  if (e.locations) out['locations'] = e.locations;
  if (e.path) out['path'] = e.path;
  return out;
}

/** One GraphQL request to a shop: what the answer's JSON is (always HTTP 200 once the request is authenticated). */
export function runGraphql(shop: Shop, body: unknown, limited: boolean): { body: Json; kind: string; throttled: boolean } {
  const b = (body ?? {}) as Json;
  const source = typeof b['query'] === 'string' ? b['query'] : '';
  const variables = b['variables'] && typeof b['variables'] === 'object' ? (b['variables'] as Json) : {};
  if (!source) return { body: { errors: [{ message: 'No query string was present' }] }, kind: 'invalid', throttled: false };
  let doc;
  try {
    doc = parse(source);
  } catch (e) {
    return { body: { errors: [shopifyError(e as GraphQLError)] }, kind: 'invalid', throttled: false };
  }
  const invalid = validate(schema, doc);
  if (invalid.length) return { body: { errors: invalid.map(shopifyError) }, kind: 'invalid', throttled: false };
  const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const name = typeof b['operationName'] === 'string' ? b['operationName'] : undefined;
  const op = (name ? ops.find((o) => o.name?.value === name) : ops[0]) ?? ops[0];
  if (!op) return { body: { errors: [{ message: 'No operation given' }] }, kind: 'invalid', throttled: false };
  const kind = op.operation === OperationTypeNode.MUTATION ? 'mutation' : 'query';
  const requested = operationCost(doc, op, variables);
  const status = () => ({
    maximumAvailable: shop.bucket.maximumAvailable,
    currentlyAvailable: Math.floor(shop.available()),
    restoreRate: shop.bucket.restoreRate,
  });
  if (requested > MAX_QUERY_COST) {
    return {
      body: {
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`,
            extensions: {
              code: 'MAX_COST_EXCEEDED',
              cost: requested,
              maxCost: MAX_QUERY_COST,
              documentation: 'https://shopify.dev/api/usage/rate-limits',
            },
          },
        ],
      },
      kind,
      throttled: false,
    };
  }
  if (limited && !shop.take(requested)) {
    return {
      body: {
        errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
        extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: status() } },
      },
      kind,
      throttled: true,
    };
  }
  const result = execute({ schema, document: doc, rootValue: rootOf(shop), variableValues: variables, ...(name ? { operationName: name } : {}) });
  if (result instanceof Promise) throw new Error('The fake resolves synchronously');
  const actual = result.data ? operationCost(doc, op, variables, result.data) : requested;
  if (limited) shop.refund(Math.max(0, requested - actual));
  const out: Json = {};
  if (result.errors?.length) out['errors'] = result.errors.map(shopifyError);
  if (result.data !== undefined) out['data'] = result.data;
  out['extensions'] = { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: status() } };
  return { body: out, kind, throttled: false };
}
