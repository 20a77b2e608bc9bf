import { currency, money, objectSchema, str, timestamps } from './shared.js';

/** Weft's default `crm-product` schema: an item of the CRM's product catalogue (HubSpot product, Salesforce Product2, Pipedrive product). */
export const crmProductSchema = objectSchema('crm-product', 'Product', {
  name: str('Product Name', 'The name of the product.'),
  description: str('Description', 'A description of the product.'),
  sku: str('SKU', 'The product code (stock keeping unit).'),
  unit_price: money('Unit Price', 'The price of one unit.'),
  currency: currency('product'),
  active: { title: 'Active', type: 'boolean', description: 'Whether the product can be sold.' },
  owner_id: str('Owner ID', 'The provider id of the user who owns the product.'),
  ...timestamps('product'),
});

export interface CrmProduct {
  name?: string | null;
  description?: string | null;
  sku?: string | null;
  unit_price?: string | null;
  currency?: string | null;
  active?: boolean | null;
  owner_id?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}
