/** The accounting and ecommerce schemas of issue 14 (no provider serves them yet): money as decimal strings, dates, enums, links. */
import { describe, expect, it } from 'vitest';

import { ASSOCIATION_FIELDS, COMMON_MODELS, DEPENDENT_FIELDS } from '../registry.js';
import { SAMPLE_ACCOUNTING_INVOICE, SAMPLE_ECOMMERCE_ORDER, SAMPLES } from '../samples.js';
import type { JsonSchemaObject, SessionSchema } from '../types.js';
import { dataValidator } from '../validate.js';
import { accountingAddressSchema } from './accounting-address.js';
import { accountingCustomerSchema } from './accounting-customer.js';
import { accountingInvoiceSchema } from './accounting-invoice.js';
import { accountingPaymentSchema } from './accounting-payment.js';
import { accountingProductSchema } from './accounting-product.js';
import { accountingPurchaseOrderSchema } from './accounting-purchase_order.js';
import { ecommerceCustomerSchema } from './ecommerce-customer.js';
import { ecommerceOrderSchema } from './ecommerce-order.js';
import { ecommerceProductVariantSchema } from './ecommerce-product_variant.js';

const session = (schema: JsonSchemaObject): SessionSchema => ({
  key: String(schema.endgrate_type),
  endgrate_type: String(schema.endgrate_type),
  title: String(schema.title),
  custom: false,
  associations: false,
  schema,
});
const check = (schema: JsonSchemaObject, data: unknown) => dataValidator(session(schema), { passthroughFields: false })(data);

const TYPES = [
  'accounting-address',
  'accounting-company',
  'accounting-contact',
  'accounting-contact_people',
  'accounting-customer',
  'accounting-invoice',
  'accounting-payment',
  'accounting-product',
  'accounting-purchase_order',
  'ecommerce-customer',
  'ecommerce-order',
  'ecommerce-product',
  'ecommerce-product_variant',
  'ecommerce-product_category',
  'ecommerce-product_collection',
];

/** Every string value in a record, at any depth, with its path, and every number. */
function leaves(value: unknown, path = ''): Array<[string, unknown]> {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}/${i}`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, `${path}/${k}`));
  return [[path, value]];
}

describe('accounting and ecommerce schemas', () => {
  it('registers every type with a default schema and a full sample, which its schema accepts as it is', () => {
    expect([...COMMON_MODELS.keys()].filter((t) => t.startsWith('accounting-') || t.startsWith('ecommerce-'))).toEqual(TYPES);
    for (const type of TYPES) {
      const schema = COMMON_MODELS.get(type)!.schema;
      expect(schema.endgrate_type).toBe(type);
      const sample = SAMPLES[type]!;
      // The sample sets every property of the schema, and nothing else.
      expect(Object.keys(sample).sort(), type).toEqual(Object.keys(schema.properties).sort());
      expect(check(schema, sample), type).toEqual({ ok: true, data: sample });
    }
  });

  it('every schema is a typed object with snake_case properties, ISO timestamps, upper-case enums, and no float for money', () => {
    for (const type of TYPES) {
      const schema = COMMON_MODELS.get(type)!.schema;
      expect(schema.type).toBe('object');
      const walk = (properties: Record<string, JsonSchemaObject['properties'][string]>) => {
        for (const [name, property] of Object.entries(properties)) {
          expect(name, type).toMatch(/^[a-z][a-z0-9_]*$/);
          if (name.endsWith('_at')) expect(property.format, `${type}.${name}`).toBe('date-time');
          if (name.endsWith('_date')) expect(property.format, `${type}.${name}`).toBe('date');
          if (name === 'id' || name.endsWith('_id')) expect(property.type, `${type}.${name}`).toBe('string');
          if (name === 'currency') expect(property.pattern, `${type}.${name}`).toBe('^[A-Z]{3}$');
          // Nothing is a JSON number but counts (integers): amounts, quantities and rates are decimal strings.
          expect(property.type, `${type}.${name}`).not.toBe('number');
          for (const value of property.enum ?? []) expect(value).toBe(String(value).toUpperCase());
          if (property.properties) walk(property.properties);
          if (property.items?.properties) walk(property.items.properties);
        }
      };
      walk(schema.properties);
      expect(check(schema, { unknown_field: 'x' })).toEqual({ ok: false, problems: ["data has unknown property 'unknown_field'"] });
      expect(check(schema, {})).toEqual({ ok: true, data: {} });
    }
  });

  it('an invoice holds money as decimal strings in a currency, plain dates, and its statuses', () => {
    const invoice = accountingInvoiceSchema;
    expect(check(invoice, { total: 2832 })).toEqual({ ok: false, problems: ['data/total must be a string'] });
    expect(check(invoice, { total: 2832.5 })).toEqual({ ok: false, problems: ['data/total must be a string'] });
    expect(check(invoice, { balance: '1,832.00' })).toEqual({ ok: false, problems: ['data/balance must match pattern "^-?[0-9]+(\\.[0-9]+)?$"'] });
    expect(check(invoice, { subtotal: '1e3' })).toEqual({ ok: false, problems: ['data/subtotal must match pattern "^-?[0-9]+(\\.[0-9]+)?$"'] });
    expect(check(invoice, { currency: 'gbp' })).toEqual({ ok: false, problems: ['data/currency must match pattern "^[A-Z]{3}$"'] });
    expect(check(invoice, { currency: 'POUND' })).toEqual({ ok: false, problems: ['data/currency must match pattern "^[A-Z]{3}$"'] });
    expect(check(invoice, { line_items: [{ unit_price: 120 }] })).toEqual({ ok: false, problems: ['data/line_items/0/unit_price must be a string'] });
    expect(check(invoice, { line_items: [{ quantity: 10.5 }] })).toEqual({ ok: false, problems: ['data/line_items/0/quantity must be a string'] });
    expect(check(invoice, { line_items: [{ colour: 'red' }] })).toEqual({
      ok: false,
      problems: ["data/line_items/0 has unknown property 'colour'"],
    });
    expect(check(invoice, { tax_lines: [{ rate: 20 }] })).toEqual({ ok: false, problems: ['data/tax_lines/0/rate must be a string'] });
    expect(check(invoice, { due_date: '2024-03-31T00:00:00Z' })).toEqual({ ok: false, problems: ['data/due_date must match format "date"'] });
    expect(check(invoice, { issue_date: '31/03/2024' })).toEqual({ ok: false, problems: ['data/issue_date must match format "date"'] });
    expect(check(invoice, { status: 'PAID_IN_FULL' })).toEqual({
      ok: false,
      problems: ['data/status must be one of DRAFT, SUBMITTED, AUTHORISED, PARTIALLY_PAID, PAID, VOID, DELETED'],
    });
    expect(check(invoice, { status: 'paid' })).toEqual({
      ok: false,
      problems: ['data/status must be one of DRAFT, SUBMITTED, AUTHORISED, PARTIALLY_PAID, PAID, VOID, DELETED'],
    });
    expect(check(invoice, { type: 'ACCREC' })).toEqual({ ok: false, problems: ['data/type must be one of ACCOUNTS_RECEIVABLE, ACCOUNTS_PAYABLE'] });
    expect(check(invoice, { tax_treatment: 'GROSS' })).toEqual({
      ok: false,
      problems: ['data/tax_treatment must be one of EXCLUSIVE, INCLUSIVE, NO_TAX'],
    });
    expect(check(invoice, { contact_id: 58 })).toEqual({ ok: false, problems: ['data/contact_id must be a string'] });
    // Instants carry their zone; a negative amount (a credit) is a decimal string too.
    expect(check(invoice, { updated_at: '2024-03-10T12:00:00' })).toEqual({ ok: false, problems: ['data/updated_at must match format "date-time"'] });
    expect(check(invoice, { updated_at: '2024-03-10T12:00:00+01:00', total: '-15.00', currency: 'EUR' }).ok).toBe(true);
  });

  it("the sample invoice's and order's figures hold together", () => {
    const cents = (s: string | null | undefined) => Math.round(Number(s) * 100);
    const inv = SAMPLE_ACCOUNTING_INVOICE;
    const lines = inv.line_items!;
    for (const l of lines) expect(cents(l.total)).toBe(Math.round(Number(l.quantity) * cents(l.unit_price)) - cents(l.discount_amount));
    expect(lines.reduce((n, l) => n + cents(l.total), 0)).toBe(cents(inv.subtotal));
    expect(lines.reduce((n, l) => n + cents(l.tax_amount), 0)).toBe(cents(inv.total_tax));
    expect(cents(inv.subtotal) + cents(inv.total_tax)).toBe(cents(inv.total));
    expect(cents(inv.total) - cents(inv.amount_paid)).toBe(cents(inv.balance));
    expect(cents(SAMPLES['accounting-payment']!['amount'] as string)).toBe(cents(inv.amount_paid));
    const order = SAMPLE_ECOMMERCE_ORDER;
    const items = order.line_items!;
    for (const l of items) expect(cents(l.total)).toBe(l.quantity! * cents(l.unit_price) - cents(l.total_discount));
    expect(items.reduce((n, l) => n + l.quantity! * cents(l.unit_price), 0)).toBe(cents(order.subtotal));
    expect(items.reduce((n, l) => n + cents(l.total_tax), 0)).toBe(cents(order.total_tax));
    expect(cents(order.subtotal) - cents(order.total_discount) + cents(order.total_shipping) + cents(order.total_tax)).toBe(cents(order.total));
    // No sample holds a float anywhere: its only numbers are counts.
    for (const type of TYPES) {
      for (const [path, value] of leaves(SAMPLES[type])) if (typeof value === 'number') expect(Number.isInteger(value), `${type}${path}`).toBe(true);
    }
  });

  it("accounting-address is Endgrate's, verbatim, with its example object; accounting-customer starts as Endgrate's", () => {
    expect(Object.keys(accountingAddressSchema.properties)).toEqual([
      'id',
      'address_type',
      'city',
      'country',
      'postal_code',
      'state',
      'street_1',
      'street_2',
    ]);
    expect(accountingAddressSchema.properties['address_type']?.enum).toEqual(['PRIMARY', 'SECONDARY', 'OFFICE', 'SHIPPING', 'BILLING', 'OTHER']);
    expect(check(accountingAddressSchema, SAMPLES['accounting-address'])).toEqual({
      ok: true,
      data: {
        id: '123',
        address_type: 'OTHER',
        city: 'New York',
        country: 'US',
        postal_code: '10001',
        state: 'New York',
        street_1: '20 W 34th St',
        street_2: 'Apt 101',
      },
    });
    expect(check(accountingAddressSchema, { address_type: 'HOME' })).toEqual({
      ok: false,
      problems: ['data/address_type must be one of PRIMARY, SECONDARY, OFFICE, SHIPPING, BILLING, OTHER'],
    });
    expect(Object.keys(accountingCustomerSchema.properties).slice(1, 5)).toEqual(['addresses', 'customer_name', 'email_addresses', 'phone_numbers']);
    expect(check(accountingCustomerSchema, { email_addresses: [{ email_address: 'ada@example.com', email_address_type: 'HOME' }] })).toEqual({
      ok: false,
      problems: ['data/email_addresses/0/email_address_type must be one of WORK, PERSONAL, OTHER'],
    });
  });

  it("ecommerce-customer has Endgrate's prefixed shipping and billing addresses", () => {
    expect(Object.keys(ecommerceCustomerSchema.properties).slice(0, 2)).toEqual(['shipping_address', 'billing_address']);
    expect(Object.keys(ecommerceCustomerSchema.properties['shipping_address']?.properties ?? {})).toEqual([
      'shipping_city',
      'shipping_country',
      'shipping_postal_code',
      'shipping_state',
      'shipping_street_1',
      'shipping_street_2',
    ]);
    expect(check(ecommerceCustomerSchema, { shipping_address: { city: 'Boston' } })).toEqual({
      ok: false,
      problems: ["data/shipping_address has unknown property 'city'"],
    });
    expect(check(ecommerceCustomerSchema, { email_address: 'not an address' })).toEqual({
      ok: false,
      problems: ['data/email_address must match format "email"'],
    });
    expect(check(ecommerceCustomerSchema, { total_spent: 221.97 })).toEqual({ ok: false, problems: ['data/total_spent must be a string'] });
  });

  it('an order, a payment, a purchase order, an item and a variant are checked like the invoice', () => {
    expect(check(ecommerceOrderSchema, { payment_status: 'SETTLED' })).toEqual({
      ok: false,
      problems: ['data/payment_status must be one of PENDING, AUTHORIZED, PARTIALLY_PAID, PAID, PARTIALLY_REFUNDED, REFUNDED, VOIDED, FAILED'],
    });
    expect(check(ecommerceOrderSchema, { fulfillment_status: 'SHIPPED' })).toEqual({
      ok: false,
      problems: ['data/fulfillment_status must be one of UNFULFILLED, PARTIALLY_FULFILLED, FULFILLED, RESTOCKED'],
    });
    expect(check(ecommerceOrderSchema, { status: 'PROCESSING' })).toEqual({
      ok: false,
      problems: ['data/status must be one of PENDING, OPEN, COMPLETED, CANCELLED'],
    });
    expect(check(ecommerceOrderSchema, { total_shipping: 4.99 })).toEqual({ ok: false, problems: ['data/total_shipping must be a string'] });
    expect(check(ecommerceOrderSchema, { line_items: [{ quantity: 1.5 }] })).toEqual({
      ok: false,
      problems: ['data/line_items/0/quantity must be an integer'],
    });
    expect(check(ecommerceOrderSchema, { ordered_at: 'yesterday' })).toEqual({
      ok: false,
      problems: ['data/ordered_at must match format "date-time"'],
    });
    expect(check(accountingPaymentSchema, { invoice_ids: '130' })).toEqual({ ok: false, problems: ['data/invoice_ids must be an array'] });
    expect(check(accountingPaymentSchema, { allocations: [{ invoice_id: '130' }] })).toEqual({
      ok: false,
      problems: ["data/allocations/0 must have required property 'amount'"],
    });
    expect(check(accountingPaymentSchema, { payment_date: '2024-02-30' })).toEqual({
      ok: false,
      problems: ['data/payment_date must match format "date"'],
    });
    expect(check(accountingPurchaseOrderSchema, { status: 'OPEN' })).toEqual({
      ok: false,
      problems: ['data/status must be one of DRAFT, SUBMITTED, AUTHORISED, BILLED, DELETED'],
    });
    expect(check(accountingProductSchema, { type: 'GOODS' })).toEqual({
      ok: false,
      problems: ['data/type must be one of INVENTORY, NON_INVENTORY, SERVICE, OTHER'],
    });
    expect(check(accountingProductSchema, { unit_price: '12.5.0' })).toEqual({
      ok: false,
      problems: ['data/unit_price must match pattern "^-?[0-9]+(\\.[0-9]+)?$"'],
    });
    expect(check(ecommerceProductVariantSchema, { weight: 0.2 })).toEqual({ ok: false, problems: ['data/weight must be a string'] });
    expect(check(ecommerceProductVariantSchema, { weight_unit: 'kg' })).toEqual({
      ok: false,
      problems: ['data/weight_unit must be one of G, KG, OZ, LB'],
    });
  });

  it('links invoices and payments to contacts, payments to invoices, orders to customers and variants to products', () => {
    expect(ASSOCIATION_FIELDS['accounting-invoice']).toEqual({ 'accounting-contact': 'contact_id', 'accounting-customer': 'contact_id' });
    expect(ASSOCIATION_FIELDS['accounting-payment']).toEqual({
      'accounting-contact': 'contact_id',
      'accounting-customer': 'contact_id',
      'accounting-invoice': 'invoice_ids',
    });
    expect(ASSOCIATION_FIELDS['ecommerce-order']).toEqual({ 'ecommerce-customer': 'customer_id' });
    expect(ASSOCIATION_FIELDS['ecommerce-product_variant']).toEqual({ 'ecommerce-product': 'product_id' });
    // An invoice's payments, a product's variants and a customer's orders are created after it, holding its id.
    expect(DEPENDENT_FIELDS['accounting-invoice']).toEqual({ 'accounting-payment': 'invoice_ids' });
    expect(DEPENDENT_FIELDS['ecommerce-product']).toEqual({ 'ecommerce-product_variant': 'product_id' });
    expect(DEPENDENT_FIELDS['ecommerce-customer']).toEqual({ 'ecommerce-order': 'customer_id' });
    expect(COMMON_MODELS.get('accounting-payment')?.schema.properties['invoice_ids']?.type).toBe('array');
    // The lines name the products and variants of an order, and the items of an invoice.
    expect(Object.keys(ecommerceOrderSchema.properties['line_items']?.items?.properties ?? {})).toContain('variant_id');
    expect(Object.keys(accountingInvoiceSchema.properties['line_items']?.items?.properties ?? {})).toContain('product_id');
  });
});
