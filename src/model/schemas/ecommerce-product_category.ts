/**
 * Weft's default `ecommerce-product_category` schema: a category of the catalogue tree (WooCommerce's product
 * category, BigCommerce's category), a product pointing at its categories by `category_ids`; `parent_id` is the
 * category above it.
 *
 * Endgrate names the type but its published docs give no schema: every property is inferred from what WooCommerce and
 * BigCommerce share, in Endgrate's conventions. Neither keeps creation or change times of categories.
 */
import { objectSchema, str } from './shared.js';

export const ecommerceProductCategorySchema = objectSchema('ecommerce-product_category', 'Product Category', {
  name: str('Name', 'The name of the category.'),
  description: str('Description', 'The description of the category (may hold HTML).'),
  slug: str('Slug', 'The URL handle of the category in the store.'),
  parent_id: str('Parent ID', 'The provider id of the category this one is under (none at the top).'),
  image_url: str('Image URL', 'The address of the image of the category.'),
  sort_order: { title: 'Sort Order', type: 'integer', description: 'The place of the category among its siblings.' },
  product_count: { title: 'Product Count', type: 'integer', minimum: 0, readOnly: true, description: 'How many products are in the category.' },
});

export interface EcommerceProductCategory {
  name?: string | null;
  description?: string | null;
  slug?: string | null;
  parent_id?: string | null;
  image_url?: string | null;
  sort_order?: number | null;
  product_count?: number | null;
}
