/**
 * Weft's default `accounting-product` schema: an item the organisation sells or buys (QuickBooks' Item, Xero's Item).
 *
 * Endgrate names the type but its published docs give no schema: every property is inferred from what QuickBooks
 * Online and Xero share, in Endgrate's conventions. Prices are in the home currency of the books (`currency`).
 */
import { currency, decimal, money, objectId, objectSchema, str, timestamps } from './shared.js';

export const PRODUCT_TYPES = ['INVENTORY', 'NON_INVENTORY', 'SERVICE', 'OTHER'] as const;
export type AccountingProductType = (typeof PRODUCT_TYPES)[number];

export const accountingProductSchema = objectSchema('accounting-product', 'Product', {
  id: objectId(),
  name: str('Name', 'The name of the item.'),
  code: str('Code', 'The code of the item (a Xero item code, a QuickBooks SKU).'),
  type: str('Type', 'Whether the item is tracked in inventory, a non-inventory good, or a service.', { enum: [...PRODUCT_TYPES] }),
  description: str('Description', 'The description of the item on sales (invoices).'),
  purchase_description: str('Purchase Description', 'The description of the item on purchases (bills, purchase orders).'),
  unit_price: money('Unit Price', 'The sales price of one unit.'),
  purchase_price: money('Purchase Price', 'The purchase cost of one unit.'),
  currency: currency('item'),
  is_sold: { title: 'Is Sold', type: 'boolean', description: 'Whether the item can be sold (appears on invoices).' },
  is_purchased: { title: 'Is Purchased', type: 'boolean', description: 'Whether the item can be bought (appears on bills and purchase orders).' },
  quantity_on_hand: decimal('Quantity On Hand', 'How many units are in stock (inventory items).', { readOnly: true }),
  income_account_id: str('Income Account ID', 'The provider id or code of the account sales of the item are posted to.'),
  expense_account_id: str('Expense Account ID', 'The provider id or code of the account purchases of the item are posted to.'),
  active: { title: 'Active', type: 'boolean', description: 'Whether the item is in use (false: archived or inactive).' },
  ...timestamps('item'),
});

export interface AccountingProduct {
  id?: string | null;
  name?: string | null;
  code?: string | null;
  type?: AccountingProductType | null;
  description?: string | null;
  purchase_description?: string | null;
  unit_price?: string | null;
  purchase_price?: string | null;
  currency?: string | null;
  is_sold?: boolean | null;
  is_purchased?: boolean | null;
  quantity_on_hand?: string | null;
  income_account_id?: string | null;
  expense_account_id?: string | null;
  active?: boolean | null;
  created_at?: string | null;
  updated_at?: string | null;
}
