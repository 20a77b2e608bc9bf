/**
 * Weft's default `ecommerce-product` schema: a product of the store's catalogue (Shopify's Product, WooCommerce's
 * product, BigCommerce's catalog product). What is bought is a variant (`ecommerce-product_variant`, pointing at its
 * product by `product_id`); a product without options has one. `category_ids` link it to its
 * `ecommerce-product_category`s (WooCommerce, BigCommerce), `collection_ids` to its `ecommerce-product_collection`s
 * (Shopify).
 *
 * Endgrate names the type but its published docs give no schema: every property is inferred from what Shopify,
 * WooCommerce and BigCommerce share, in Endgrate's conventions.
 */
import { currency, ids, money, objectSchema, str, timestamps } from './shared.js';

export const PRODUCT_STATUSES = ['ACTIVE', 'DRAFT', 'ARCHIVED'] as const;
export type EcommerceProductStatus = (typeof PRODUCT_STATUSES)[number];

export const ecommerceProductSchema = objectSchema('ecommerce-product', 'Product', {
  name: str('Name', 'The name (title) of the product.'),
  description: str('Description', 'The description of the product (may hold HTML).'),
  slug: str('Slug', 'The URL handle of the product in the store.'),
  status: str('Status', 'Whether the product is on sale (ACTIVE), not yet published (DRAFT) or withdrawn (ARCHIVED).', {
    enum: [...PRODUCT_STATUSES],
  }),
  product_type: str('Product Type', 'The kind of product, as the merchant names it.'),
  vendor: str('Vendor', 'The brand or maker of the product.'),
  sku: str('SKU', 'The SKU of the product (of its only variant, when it has one).'),
  price: money('Price', 'The price of the product (of its first or only variant).'),
  currency: currency('product'),
  tags: { title: 'Tags', type: 'array', description: 'The tags of the product.', items: { type: 'string' } },
  image_urls: { title: 'Image URLs', type: 'array', description: 'The addresses of the images of the product.', items: { type: 'string' } },
  category_ids: ids('Category IDs', 'The provider ids of the categories (ecommerce-product_category) the product is in.'),
  collection_ids: ids('Collection IDs', 'The provider ids of the collections (ecommerce-product_collection) the product is in.'),
  ...timestamps('product'),
});

export interface EcommerceProduct {
  name?: string | null;
  description?: string | null;
  slug?: string | null;
  status?: EcommerceProductStatus | null;
  product_type?: string | null;
  vendor?: string | null;
  sku?: string | null;
  price?: string | null;
  currency?: string | null;
  tags?: string[] | null;
  image_urls?: string[] | null;
  category_ids?: string[] | null;
  collection_ids?: string[] | null;
  created_at?: string | null;
  updated_at?: string | null;
}
