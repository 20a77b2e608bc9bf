/** Products (v2 `BaseProduct` with `prices`): a twelve-product catalogue every company has, priced per currency. */
import { providerData } from '../shared/provider-data.js';
import { wholeSeconds } from '../shared/records-seed.js';
import { type SeedTimeline, seedTimes } from '../shared/seeded-account.js';
import PRODUCTS_JSON from './data/products.json' with { type: 'json' };
import { validationFailed } from './errors.js';
import { defined, text, userOf } from './history.js';
import { intParam, listParam, timeParam } from './query.js';
import { snakeJson, type Stamped } from './records.js';
import type { SeedContext } from './seed.js';
import type { SimpleObject } from './simple-routes.js';

export type ProductPrice = Record<'price' | 'cost', number> & { currency: string; directCost: number | null; notes: string };

export type ProductRecord = Stamped &
  Record<'code' | 'description' | 'unit' | 'category', string | null> &
  Record<'tax' | 'visibleTo' | 'ownerId', number> & { name: string; isLinkable: boolean; prices: ProductPrice[]; billingFrequency: string };

/** The catalogue (name, code, unit, USD price, cost, billing frequency), the currencies and billing frequencies (`data/products.json`). */
const DATA = providerData('pipedrive/data/products.json', PRODUCTS_JSON, {
  products: ['list', { name: 'string', code: 'string', unit: 'string', price: 'number', cost: 'number', billing: 'string' }],
  currencies: ['list', 'string'],
  billingFrequencies: ['list', 'string'],
});
const CATALOGUE = DATA.products;

export const PRODUCT_COUNT = CATALOGUE.length;
export const PRODUCT_TIMELINE: SeedTimeline = { epoch: Date.UTC(2023, 0, 10), spacing: 86_400_000, maxEditAge: 90 * 86_400_000 };
/** The currencies a company's prices and values may be in. */
export const CURRENCIES: readonly string[] = DATA.currencies;
const BILLING: readonly string[] = DATA.billingFrequencies;

/** Generates seed product `index`, priced in USD and, for most, EUR. */
export function seedProduct(ctx: SeedContext, index: number): ProductRecord {
  const rng = ctx.draws.rng(0x9d0, index);
  const times = seedTimes(PRODUCT_TIMELINE, rng, index);
  const { name, code, unit, price, cost, billing } = CATALOGUE[index % CATALOGUE.length] as (typeof CATALOGUE)[number];
  const prices: ProductPrice[] = [{ currency: 'USD', price, cost, directCost: null, notes: '' }];
  if (rng.chance(0.7))
    prices.push({ currency: 'EUR', price: Math.round(price * 92) / 100, cost: Math.round(cost * 92) / 100, directCost: null, notes: '' });
  return {
    id: index + 1,
    name,
    code,
    description: `${name}, per ${unit}.`,
    unit,
    tax: rng.chance(0.5) ? 20 : 0,
    category: null,
    isLinkable: true,
    visibleTo: 3,
    ownerId: ctx.userIds[index % ctx.userIds.length] ?? 1,
    prices,
    billingFrequency: billing,
    addTime: wholeSeconds(times.createdAt),
    updateTime: wholeSeconds(times.updatedAt),
  };
}

const PRODUCT_KEYS =
  'id name code description unit tax category is_linkable is_deleted visible_to owner_id add_time update_time billing_frequency ' +
  'billing_frequency_cycles prices custom_fields';

/** A product as v2 answers it. */
function productV2(product: ProductRecord): Record<string, unknown> {
  const prices = product.prices.map((p) => ({ product_id: product.id, ...snakeJson(p, 'currency price cost direct_cost notes') }));
  return snakeJson(product, PRODUCT_KEYS, { is_deleted: product.deletedAt !== undefined, prices, custom_fields: {} });
}

/** A price of a write (`currency` one of the company's). */
function priceOf(raw: unknown): ProductPrice {
  const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (typeof p['currency'] !== 'string' || !CURRENCIES.includes(p['currency']))
    throw validationFailed('prices.currency', `must be one of ${CURRENCIES.join(', ')}`);
  if (p['price'] !== undefined && typeof p['price'] !== 'number') throw validationFailed('prices.price', 'must be a number');
  if (p['cost'] !== undefined && typeof p['cost'] !== 'number') throw validationFailed('prices.cost', 'must be a number');
  const [price, cost, directCost, notes] = [p['price'] ?? 0, p['cost'] ?? 0, p['direct_cost'], p['notes']] as [number, number, unknown, unknown];
  return {
    currency: p['currency'],
    price,
    cost,
    directCost: typeof directCost === 'number' ? directCost : null,
    notes: typeof notes === 'string' ? notes : '',
  };
}

/** Products (v2 `/products`): a name is required; filters `ids`, owner, `updated_since`. */
export const PRODUCTS: SimpleObject<ProductRecord> = {
  path: 'products',
  label: 'Product',
  dialect: 'v2',
  store: (company) => company.stores.products,
  render: (_company, product) => productV2(product),
  lists: {
    '': (query) => {
      const ids = listParam(query, 'ids')?.map(Number);
      const owner = intParam(query, 'owner_id');
      const since = timeParam(query, 'updated_since');
      return (p) => (!ids || ids.includes(p.id)) && (owner === undefined || p.ownerId === owner) && (since === undefined || p.updateTime >= since);
    },
  },
  changes: (company, body, current) => {
    const name = body['name'];
    if (current === undefined && (typeof name !== 'string' || name.trim() === '')) throw validationFailed('name', 'is required');
    if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) throw validationFailed('name', 'must be a non-empty string');
    const [code, description, unit, tax] = [text(body, 'code'), text(body, 'description'), text(body, 'unit'), body['tax']];
    if (tax !== undefined && (typeof tax !== 'number' || tax < 0)) throw validationFailed('tax', 'must be a non-negative number');
    const ownerId = userOf(company, body, 'owner_id');
    const billing = body['billing_frequency'];
    if (billing !== undefined && (typeof billing !== 'string' || !BILLING.includes(billing)))
      throw validationFailed('billing_frequency', `must be one of ${BILLING.join(', ')}`);
    const prices = body['prices'];
    if (prices !== undefined && !Array.isArray(prices)) throw validationFailed('prices', 'must be an array');
    const write = { name: name as string | undefined, code, description, unit, tax: tax as number | undefined, ownerId };
    return defined({ ...write, billingFrequency: billing as string | undefined, prices: (prices as unknown[] | undefined)?.map(priceOf) });
  },
  blank: (userId) => ({
    ...{ name: '', code: null, description: null, unit: null, tax: 0, category: null, isLinkable: true, visibleTo: 3, ownerId: userId },
    ...{ prices: [], billingFrequency: 'one-time' },
  }),
  updateMethod: 'patch',
  deleted: (_company, id) => ({ id }),
};
