/**
 * Weft's default `ecommerce-customer` schema: a shopper of the store (Shopify's Customer, WooCommerce's customer,
 * BigCommerce's customer). "A customer is an individual who buys goods or services from the business." (Endgrate)
 *
 * Verbatim from Endgrate's ecommerce docs (the start of the page, cut inside `billing_address`): `shipping_address`
 * with `shipping_city`, `shipping_country`, `shipping_postal_code`, `shipping_state`, `shipping_street_1` and
 * `shipping_street_2`, and `billing_address` with `billing_city`, `billing_country`, `billing_postal_code`,
 * `billing_state`, their titles and descriptions; `billing_street_1` and `billing_street_2` are inferred by symmetry.
 * Inferred from what Shopify, WooCommerce and BigCommerce share: `first_name`, `last_name`, `email_address`,
 * `phone_number`, `company_name`, `accepts_marketing`, `orders_count`, `total_spent` with `currency`, `note`, `tags`,
 * the timestamps.
 */
import type { JsonSchemaProperty } from '../types.js';
import { currency, money, objectSchema, str, timestamps } from './shared.js';

/** Endgrate's flat, prefixed address object of ecommerce records (`shipping_city`, `billing_city`…). */
export function prefixedAddress(prefix: 'shipping' | 'billing', owner: string): JsonSchemaProperty {
  const Prefix = prefix === 'shipping' ? 'Shipping' : 'Billing';
  return {
    title: `${Prefix} Address`,
    type: 'object',
    description: `The ${prefix} address of the ${owner}`,
    properties: {
      [`${prefix}_city`]: str(`${Prefix} City`, `The city of the ${prefix} address.`),
      [`${prefix}_country`]: str(`${Prefix} Country`, `The country of the ${prefix} address.`),
      [`${prefix}_postal_code`]: str(`${Prefix} Postal Code`, `The postal or ZIP code of the ${prefix} address.`),
      [`${prefix}_state`]: str(`${Prefix} State`, `The state or region of the ${prefix} address.`),
      [`${prefix}_street_1`]: str(`${Prefix} Street 1`, `Line 1 of the street for the ${prefix} address.`),
      [`${prefix}_street_2`]: str(`${Prefix} Street 2`, `Line 2 of the street for the ${prefix} address.`),
    },
    additionalProperties: false,
  };
}

export const ecommerceCustomerSchema = objectSchema('ecommerce-customer', 'Customer', {
  shipping_address: prefixedAddress('shipping', 'customer'),
  billing_address: prefixedAddress('billing', 'customer'),
  first_name: str('First Name', 'The first name of the customer.'),
  last_name: str('Last Name', 'The last name of the customer.'),
  email_address: str('Email Address', 'The e-mail address the customer signs in and is written to with.', { format: 'email' }),
  phone_number: str('Phone Number', 'The phone number of the customer.'),
  company_name: str('Company Name', 'The company the customer buys for, if any.'),
  accepts_marketing: { title: 'Accepts Marketing', type: 'boolean', description: 'Whether the customer agreed to receive marketing e-mails.' },
  orders_count: { title: 'Orders Count', type: 'integer', minimum: 0, readOnly: true, description: 'How many orders the customer has placed.' },
  total_spent: money('Total Spent', 'What the customer has spent in the store.', { readOnly: true }),
  currency: currency('customer'),
  note: str('Note', 'A note on the customer.'),
  tags: { title: 'Tags', type: 'array', description: 'The tags of the customer.', items: { type: 'string' } },
  ...timestamps('customer'),
});

export interface ShippingAddress {
  shipping_city?: string | null;
  shipping_country?: string | null;
  shipping_postal_code?: string | null;
  shipping_state?: string | null;
  shipping_street_1?: string | null;
  shipping_street_2?: string | null;
}

export interface BillingAddress {
  billing_city?: string | null;
  billing_country?: string | null;
  billing_postal_code?: string | null;
  billing_state?: string | null;
  billing_street_1?: string | null;
  billing_street_2?: string | null;
}

export interface EcommerceCustomer {
  shipping_address?: ShippingAddress | null;
  billing_address?: BillingAddress | null;
  first_name?: string | null;
  last_name?: string | null;
  email_address?: string | null;
  phone_number?: string | null;
  company_name?: string | null;
  accepts_marketing?: boolean | null;
  orders_count?: number | null;
  total_spent?: string | null;
  currency?: string | null;
  note?: string | null;
  tags?: string[] | null;
  created_at?: string | null;
  updated_at?: string | null;
}
