/**
 * Weft's default `accounting-purchase_order` schema: an order the organisation places with a vendor (QuickBooks
 * Online's PurchaseOrder, Xero's PurchaseOrder), linked to the vendor (`accounting-contact`) by `contact_id`.
 *
 * Endgrate names the type but its published docs give no schema: every property is inferred from what QuickBooks
 * Online and Xero share, in Endgrate's conventions. The statuses are Xero's (QuickBooks' Open reads as AUTHORISED,
 * Closed as BILLED); dates are dates without a time; the lines are those of `accounting-invoice`.
 */
import { type AccountingLineItem, accountingLineItems, TAX_TREATMENTS, type TaxLine, type TaxTreatment } from './accounting-invoice.js';
import type { CommonAddress } from './crm-contact.js';
import { ADDRESS_TYPES, currency, date, decimal, money, objectId, objectSchema, str, taxLines, timestamps } from './shared.js';

export const PURCHASE_ORDER_STATUSES = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'BILLED', 'DELETED'] as const;
export type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUSES)[number];

export const accountingPurchaseOrderSchema = objectSchema('accounting-purchase_order', 'Purchase Order', {
  id: objectId(),
  number: str('Number', 'The number of the purchase order.'),
  reference: str('Reference', 'A reference of the purchase order.'),
  contact_id: str('Contact ID', 'The provider id of the vendor (accounting-contact) the order is placed with.'),
  status: str('Status', 'Where the order is in its life: draft, awaiting approval, approved (open), billed (closed) or deleted.', {
    enum: [...PURCHASE_ORDER_STATUSES],
  }),
  issue_date: date('Issue Date', 'The date of the purchase order.'),
  delivery_date: date('Delivery Date', 'The date the goods are expected.'),
  delivery_address: {
    title: 'Delivery Address',
    type: 'object',
    description: 'Where the goods are to be delivered.',
    properties: {
      address_type: str('Address Type', 'The type of the address.', { enum: [...ADDRESS_TYPES] }),
      street_1: str('Street 1', 'The first line of the street address.'),
      street_2: str('Street 2', 'The second line of the street address.'),
      city: str('City', 'The city of the address.'),
      state: str('State', 'The state or region of the address.'),
      postal_code: str('Postal Code', 'The postal code of the address.'),
      country: str('Country', 'The country of the address.'),
    },
    additionalProperties: false,
  },
  currency: currency('purchase order'),
  exchange_rate: decimal('Exchange Rate', 'Units of the home currency of the books per unit of `currency`.'),
  tax_treatment: str('Tax Treatment', 'Whether line amounts exclude tax, include it, or carry none.', { enum: [...TAX_TREATMENTS] }),
  line_items: accountingLineItems('purchase order'),
  tax_lines: taxLines('purchase order'),
  subtotal: money('Subtotal', 'The sum of the lines, before tax.'),
  total_tax: money('Total Tax', 'The tax of the purchase order.'),
  total: money('Total', 'The total of the purchase order, tax included.'),
  memo: str('Memo', 'A note printed on, or kept with, the purchase order.'),
  ...timestamps('purchase order'),
});

export interface AccountingPurchaseOrder {
  id?: string | null;
  number?: string | null;
  reference?: string | null;
  contact_id?: string | null;
  status?: PurchaseOrderStatus | null;
  issue_date?: string | null;
  delivery_date?: string | null;
  delivery_address?: CommonAddress | null;
  currency?: string | null;
  exchange_rate?: string | null;
  tax_treatment?: TaxTreatment | null;
  line_items?: AccountingLineItem[] | null;
  tax_lines?: TaxLine[] | null;
  subtotal?: string | null;
  total_tax?: string | null;
  total?: string | null;
  memo?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}
