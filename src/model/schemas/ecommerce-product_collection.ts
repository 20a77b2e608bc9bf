/**
 * Weft's default `ecommerce-product_collection` schema: a Shopify collection, a group of products chosen by hand
 * (MANUAL, Shopify's custom collection) or by rules (AUTOMATED, a smart collection); a product points at its
 * collections by `collection_ids`.
 *
 * Endgrate names the type (offered for Shopify) but its published docs give no schema: every property is inferred
 * from Shopify's collections, in Endgrate's conventions.
 */
import { dateTime, objectSchema, str, timestamps } from './shared.js';

export const COLLECTION_TYPES = ['MANUAL', 'AUTOMATED'] as const;
export type CollectionType = (typeof COLLECTION_TYPES)[number];

export const ecommerceProductCollectionSchema = objectSchema('ecommerce-product_collection', 'Product Collection', {
  name: str('Name', 'The name (title) of the collection.'),
  description: str('Description', 'The description of the collection (may hold HTML).'),
  slug: str('Slug', 'The URL handle of the collection in the store.'),
  collection_type: str('Collection Type', 'Whether its products are chosen by hand (MANUAL) or by rules (AUTOMATED).', {
    enum: [...COLLECTION_TYPES],
  }),
  image_url: str('Image URL', 'The address of the image of the collection.'),
  product_count: { title: 'Product Count', type: 'integer', minimum: 0, readOnly: true, description: 'How many products are in the collection.' },
  published_at: dateTime('Published At', 'When the collection was published to the store (none: hidden).'),
  ...timestamps('collection'),
});

export interface EcommerceProductCollection {
  name?: string | null;
  description?: string | null;
  slug?: string | null;
  collection_type?: CollectionType | null;
  image_url?: string | null;
  product_count?: number | null;
  published_at?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}
