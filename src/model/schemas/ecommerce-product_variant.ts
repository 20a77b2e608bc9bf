/**
 * Weft's default `ecommerce-product_variant` schema: one buyable version of a product, such as a size and colour
 * (Shopify's ProductVariant, WooCommerce's variation, BigCommerce's variant), linked to its `ecommerce-product` by
 * `product_id`.
 *
 * Endgrate names the type but its published docs give no schema: every property is inferred from what Shopify,
 * WooCommerce and BigCommerce share, in Endgrate's conventions. The weight is a decimal string like money.
 */
import { currency, decimal, money, objectSchema, str, timestamps } from './shared.js';

export const WEIGHT_UNITS = ['G', 'KG', 'OZ', 'LB'] as const;
export type WeightUnit = (typeof WEIGHT_UNITS)[number];

export const ecommerceProductVariantSchema = objectSchema('ecommerce-product_variant', 'Product Variant', {
  product_id: str('Product ID', 'The provider id of the product (ecommerce-product) the variant belongs to.'),
  name: str('Name', 'The name of the variant (e.g. "Large / Blue").'),
  sku: str('SKU', 'The stock keeping unit of the variant.'),
  barcode: str('Barcode', 'The barcode (GTIN, UPC, EAN, ISBN) of the variant.'),
  price: money('Price', 'The price the variant sells at.'),
  compare_at_price: money('Compare At Price', 'The regular price shown struck through when `price` is a sale price.'),
  currency: currency('variant'),
  inventory_quantity: { title: 'Inventory Quantity', type: 'integer', description: 'How many units are available (may be negative when oversold).' },
  weight: decimal('Weight', 'The weight of one unit, in `weight_unit`.'),
  weight_unit: str('Weight Unit', 'The unit of `weight`.', { enum: [...WEIGHT_UNITS] }),
  options: {
    title: 'Options',
    type: 'array',
    description: 'The option values that make the variant (e.g. Size: Large, Colour: Blue).',
    items: {
      type: 'object',
      properties: {
        name: str('Name', 'The name of the option (e.g. "Size").'),
        value: str('Value', 'The value of the option for the variant (e.g. "Large").'),
      },
      required: ['name', 'value'],
      additionalProperties: false,
    },
  },
  position: { title: 'Position', type: 'integer', minimum: 0, description: "The place of the variant in its product's list." },
  image_url: str('Image URL', 'The address of the image of the variant.'),
  ...timestamps('variant'),
});

export interface EcommerceProductVariant {
  product_id?: string | null;
  name?: string | null;
  sku?: string | null;
  barcode?: string | null;
  price?: string | null;
  compare_at_price?: string | null;
  currency?: string | null;
  inventory_quantity?: number | null;
  weight?: string | null;
  weight_unit?: WeightUnit | null;
  options?: Array<{ name: string; value: string }> | null;
  position?: number | null;
  image_url?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}
