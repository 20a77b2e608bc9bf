/** Products (v2 `BaseProduct` with `prices`): a twelve-product catalogue every company has, priced per currency. */
import { providerData } from '../shared/provider-data.js';
import { wholeSeconds } from '../shared/records-seed.js';
import { type SeedTimeline, seedTimes } from '../shared/seeded-account.js';
import PRODUCTS_JSON from './data/products.json' with { type: 'json' };
import type { Stamped } from './records.js';
import type { SeedContext } from './seed.js';

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
export const BILLING: readonly string[] = DATA.billingFrequencies;

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
