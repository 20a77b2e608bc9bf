/**
 * Weft's default `ecommerce-order` schema: an order placed in the store (Shopify's Order, WooCommerce's order,
 * BigCommerce's v2 order), linked to its `ecommerce-customer` by `customer_id`, and through its lines to the
 * `ecommerce-product`s and `ecommerce-product_variant`s ordered (`line_items[].product_id`, `variant_id`).
 *
 * Endgrate names the type but its published docs give no schema: every property is inferred from what Shopify,
 * WooCommerce and BigCommerce share, in Endgrate's conventions; the addresses have the shape of Endgrate's
 * `ecommerce-customer`. The totals hold together: total = subtotal − total_discount + total_shipping + total_tax
 * (the tax not added again when `taxes_included`), and each line's total is quantity × unit price less its
 * discounts. Order status, payment status and fulfilment status are three enumerations, as Shopify keeps them
 * (WooCommerce's one status and BigCommerce's status id are read into them).
 */
import type { JsonSchemaProperty } from '../types.js';
import type { TaxLine } from './accounting-invoice.js';
import { type BillingAddress, prefixedAddress, type ShippingAddress } from './ecommerce-customer.js';
import { currency, dateTime, money, objectSchema, str, taxLines, timestamps } from './shared.js';

/** PENDING: awaiting payment; OPEN: paid or being processed; COMPLETED: done (closed); CANCELLED: cancelled or failed. */
export const ORDER_STATUSES = ['PENDING', 'OPEN', 'COMPLETED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/** Shopify's financial statuses (WooCommerce's and BigCommerce's payment states map onto them). */
export const ORDER_PAYMENT_STATUSES = [
  'PENDING',
  'AUTHORIZED',
  'PARTIALLY_PAID',
  'PAID',
  'PARTIALLY_REFUNDED',
  'REFUNDED',
  'VOIDED',
  'FAILED',
] as const;
export type OrderPaymentStatus = (typeof ORDER_PAYMENT_STATUSES)[number];
export const ORDER_FULFILLMENT_STATUSES = ['UNFULFILLED', 'PARTIALLY_FULFILLED', 'FULFILLED', 'RESTOCKED'] as const;
export type OrderFulfillmentStatus = (typeof ORDER_FULFILLMENT_STATUSES)[number];

function orderLineItems(): JsonSchemaProperty {
  return {
    title: 'Line Items',
    type: 'array',
    description: 'The lines of the order.',
    items: {
      type: 'object',
      properties: {
        id: str('Line ID', 'The provider id of the line.', { readOnly: true }),
        product_id: str('Product ID', 'The provider id of the product (ecommerce-product) ordered.'),
        variant_id: str('Variant ID', 'The provider id of the variant (ecommerce-product_variant) ordered.'),
        name: str('Name', 'The name of the product (and variant) as ordered.'),
        sku: str('SKU', 'The SKU of the variant as ordered.'),
        quantity: { title: 'Quantity', type: 'integer', minimum: 0, description: 'How many units were ordered.' },
        unit_price: money('Unit Price', 'The price of one unit, before discounts.'),
        total_discount: money('Total Discount', 'The discounts taken off the line.'),
        total_tax: money('Total Tax', 'The tax charged on the line.'),
        total: money('Total', 'The amount of the line: quantity × unit price less its discounts, before tax.'),
      },
      additionalProperties: false,
    },
  };
}

export const ecommerceOrderSchema = objectSchema('ecommerce-order', 'Order', {
  order_number: str('Order Number', 'The number of the order shown to the shopper (e.g. "1001").'),
  customer_id: str('Customer ID', 'The provider id of the customer (ecommerce-customer) who placed the order.'),
  email_address: str('Email Address', 'The e-mail address the order was placed with.', { format: 'email' }),
  phone_number: str('Phone Number', 'The phone number the order was placed with.'),
  status: str('Status', 'Where the order is in its life: awaiting payment, open, completed or cancelled.', { enum: [...ORDER_STATUSES] }),
  payment_status: str('Payment Status', 'Whether the order is paid, authorised, refunded…', { enum: [...ORDER_PAYMENT_STATUSES] }),
  fulfillment_status: str('Fulfillment Status', 'Whether the order has been shipped (fulfilled), in part or in full.', {
    enum: [...ORDER_FULFILLMENT_STATUSES],
  }),
  currency: currency('order'),
  line_items: orderLineItems(),
  tax_lines: taxLines('order'),
  taxes_included: { title: 'Taxes Included', type: 'boolean', description: 'Whether the prices of the lines include tax.' },
  discount_codes: { title: 'Discount Codes', type: 'array', description: 'The discount (coupon) codes applied.', items: { type: 'string' } },
  shipping_method: str('Shipping Method', 'The name of the shipping method chosen.'),
  subtotal: money('Subtotal', 'The sum of quantity × unit price over the lines, before discounts, shipping and tax.'),
  total_discount: money('Total Discount', 'Every discount taken off the order (those of its lines included).'),
  total_shipping: money('Total Shipping', 'The shipping charged.'),
  total_tax: money('Total Tax', 'The tax charged.'),
  total: money('Total', 'What the shopper pays: subtotal − discounts + shipping + tax.'),
  shipping_address: prefixedAddress('shipping', 'order'),
  billing_address: prefixedAddress('billing', 'order'),
  note: str('Note', 'A note on the order (from the shopper or the merchant).'),
  ordered_at: dateTime('Ordered At', 'When the order was placed.'),
  cancelled_at: dateTime('Cancelled At', 'When the order was cancelled.', { readOnly: true }),
  ...timestamps('order'),
});

export interface EcommerceOrderLineItem {
  id?: string | null;
  product_id?: string | null;
  variant_id?: string | null;
  name?: string | null;
  sku?: string | null;
  quantity?: number | null;
  unit_price?: string | null;
  total_discount?: string | null;
  total_tax?: string | null;
  total?: string | null;
}

export interface EcommerceOrder {
  order_number?: string | null;
  customer_id?: string | null;
  email_address?: string | null;
  phone_number?: string | null;
  status?: OrderStatus | null;
  payment_status?: OrderPaymentStatus | null;
  fulfillment_status?: OrderFulfillmentStatus | null;
  currency?: string | null;
  line_items?: EcommerceOrderLineItem[] | null;
  tax_lines?: TaxLine[] | null;
  taxes_included?: boolean | null;
  discount_codes?: string[] | null;
  shipping_method?: string | null;
  subtotal?: string | null;
  total_discount?: string | null;
  total_shipping?: string | null;
  total_tax?: string | null;
  total?: string | null;
  shipping_address?: ShippingAddress | null;
  billing_address?: BillingAddress | null;
  note?: string | null;
  ordered_at?: string | null;
  cancelled_at?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}
