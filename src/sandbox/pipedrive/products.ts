/**
 * A Pipedrive company's products (API v2, `/api/v2/products`): a twelve-product catalogue every company has, each
 * with a price per currency, as the official SDK's v2 `BaseProduct` with `prices`. Written under Pipedrive's rules: a
 * name is required; prices are `{currency, price, cost, direct_cost, notes}` with a known currency code. Listed by
 * cursor in id order (`limit` ≤ 500, `ids`, `owner_id`, `updated_since`), read, created, updated, deleted
 * (product-routes.ts).
 */
import { providerData } from '../shared/provider-data.js';
import { wholeSeconds } from '../shared/records-seed.js';
import { type SeedTimeline, seedTimes } from '../shared/seeded-account.js';
import PRODUCTS_JSON from './data/products.json' with { type: 'json' };
import { validationFailed } from './errors.js';
import { rfc3339 } from './records.js';
import type { SeedContext } from './seed.js';

export interface ProductPrice {
  currency: string;
  price: number;
  cost: number;
  directCost: number | null;
  notes: string;
}

export interface ProductRecord {
  id: number;
  name: string;
  code: string | null;
  description: string | null;
  unit: string | null;
  tax: number;
  category: string | null;
  isLinkable: boolean;
  visibleTo: number;
  ownerId: number;
  prices: ProductPrice[];
  billingFrequency: string;
  addTime: number;
  updateTime: number;
  deletedAt?: number;
}

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

/** A product as v2 answers it. */
export function productV2(product: ProductRecord): Record<string, unknown> {
  return {
    id: product.id,
    name: product.name,
    code: product.code,
    description: product.description,
    unit: product.unit,
    tax: product.tax,
    category: product.category,
    is_linkable: product.isLinkable,
    is_deleted: product.deletedAt !== undefined,
    visible_to: product.visibleTo,
    owner_id: product.ownerId,
    add_time: rfc3339(product.addTime),
    update_time: rfc3339(product.updateTime),
    billing_frequency: product.billingFrequency,
    billing_frequency_cycles: null,
    prices: product.prices.map((p) => ({
      product_id: product.id,
      currency: p.currency,
      price: p.price,
      cost: p.cost,
      direct_cost: p.directCost,
      notes: p.notes,
    })),
    custom_fields: {},
  };
}

export function changesOf(body: Record<string, unknown>, creating: boolean, isUser: (id: number) => boolean): Partial<ProductRecord> {
  const changes: Partial<ProductRecord> = {};
  const name = body['name'];
  if (creating && (typeof name !== 'string' || name.trim() === '')) throw validationFailed('name', 'is required');
  if (name !== undefined) {
    if (typeof name !== 'string' || name.trim() === '') throw validationFailed('name', 'must be a non-empty string');
    changes.name = name;
  }
  for (const [field, key] of [
    ['code', 'code'],
    ['description', 'description'],
    ['unit', 'unit'],
  ] as const) {
    const v = body[field];
    if (v === undefined) continue;
    if (v !== null && typeof v !== 'string') throw validationFailed(field, 'must be a string');
    changes[key] = v;
  }
  if (body['tax'] !== undefined) {
    if (typeof body['tax'] !== 'number' || body['tax'] < 0) throw validationFailed('tax', 'must be a non-negative number');
    changes.tax = body['tax'];
  }
  if (body['owner_id'] !== undefined) {
    const owner = body['owner_id'];
    if (typeof owner !== 'number' || !isUser(owner)) throw validationFailed('owner_id', 'must be the id of a user of the company');
    changes.ownerId = owner;
  }
  const billing = body['billing_frequency'];
  if (billing !== undefined) {
    if (typeof billing !== 'string' || !BILLING.includes(billing))
      throw validationFailed('billing_frequency', `must be one of ${BILLING.join(', ')}`);
    changes.billingFrequency = billing;
  }
  if (body['prices'] !== undefined) {
    const list = body['prices'];
    if (!Array.isArray(list)) throw validationFailed('prices', 'must be an array');
    changes.prices = list.map((raw: unknown) => {
      const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      if (typeof p['currency'] !== 'string' || !CURRENCIES.includes(p['currency']))
        throw validationFailed('prices.currency', `must be one of ${CURRENCIES.join(', ')}`);
      if (p['price'] !== undefined && typeof p['price'] !== 'number') throw validationFailed('prices.price', 'must be a number');
      if (p['cost'] !== undefined && typeof p['cost'] !== 'number') throw validationFailed('prices.cost', 'must be a number');
      return {
        currency: p['currency'],
        price: (p['price'] as number | undefined) ?? 0,
        cost: (p['cost'] as number | undefined) ?? 0,
        directCost: typeof p['direct_cost'] === 'number' ? p['direct_cost'] : null,
        notes: typeof p['notes'] === 'string' ? p['notes'] : '',
      };
    });
  }
  return changes;
}
