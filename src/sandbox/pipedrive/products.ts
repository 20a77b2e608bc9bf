/** Products (v2 `BaseProduct` with `prices`): a twelve-product catalogue every company has, priced per currency. */
import { providerData } from '../shared/provider-data.js';
import PRODUCTS_JSON from './data/products.json' with { type: 'json' };
import type { Stamped } from './records.js';
import { type SeedContext, seedRecord, seedStamps } from './seed.js';

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
/** The currencies a company's prices and values may be in. */
export const CURRENCIES: readonly string[] = DATA.currencies;
export const BILLING: readonly string[] = DATA.billingFrequencies;

/** Generates seed product `index`, priced in USD and, for most, EUR. */
export function seedProduct(ctx: SeedContext, index: number): ProductRecord {
  const rng = ctx.draws.rng(0x9d0, index);
  const stamps = seedStamps('product', rng, index);
  const item = CATALOGUE[index % CATALOGUE.length] as (typeof CATALOGUE)[number];
  const ownerId = ctx.userIds[index % ctx.userIds.length] ?? 1;
  return seedRecord(ctx, 'product', rng, { ...item, ...stamps, id: index + 1, ownerId }, (drawn) => {
    const prices: ProductPrice[] = [{ currency: 'USD', price: item.price, cost: item.cost, directCost: null, notes: '' }];
    const euro = (amount: number) => Math.round(amount * 92) / 100;
    if (drawn['euro']) prices.push({ currency: 'EUR', price: euro(item.price), cost: euro(item.cost), directCost: null, notes: '' });
    return { prices };
  });
}
