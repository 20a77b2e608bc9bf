/**
 * BigCommerce's mappers on recorded-shape answers (the samples in src/connectors/bigcommerce/samples.ts, in the shapes
 * of the reference's examples: v3 customers with `include=addresses`, categories, products and variants with money as
 * JSON numbers; a v2 order with its lines and shipping addresses, money as four-decimal strings, RFC 2822 dates), both
 * ways, exact bodies; money never through a float; the error texts of v3 and v2.
 */
import { describe, expect, it } from 'vitest';

import { errorText } from '../../src/connectors/bigcommerce/connector.js';
import {
  money,
  moneyNumber,
  moneyV2,
  readCategory,
  readCustomer,
  readOrder,
  readProduct,
  readVariant,
  writeCategory,
  writeCustomer,
  writeOrder,
  writeProduct,
} from '../../src/connectors/bigcommerce/mapping.js';
import { FIXTURES } from '../../src/connectors/bigcommerce/samples.js';

const CTX = { currency: 'USD', weightUnit: 'LBS' };
const fixture = (type: string) => structuredClone(FIXTURES[type]) as Record<string, any>;

describe('BigCommerce money', () => {
  it('keeps v2 strings as sent and reads v3 numbers as their decimal text, padded in the text', () => {
    expect(money('12.5000')).toBe('12.5000');
    expect(money(12.5)).toBe('12.50');
    expect(money(19.99)).toBe('19.99');
    expect(money(0.1)).toBe('0.10');
    expect(money(100)).toBe('100.00');
    expect(money(1234.5678)).toBe('1234.5678');
    expect(money('')).toBeNull();
    expect(money(Number.NaN)).toBeNull();
    expect(money(1e21)).toBeNull();
  });

  it('writes a decimal string as a number whose text survives, and as v2 text by text alone', () => {
    expect(moneyNumber('19.90')).toBe(19.9);
    expect(JSON.stringify({ price: moneyNumber('0.30') })).toBe('{"price":0.3}');
    expect(moneyNumber('1.00005')).toBeNull();
    expect(moneyNumber('1234567890123456')).toBeNull();
    expect(moneyV2('5')).toBe('5.0000');
    expect(moneyV2('5.5')).toBe('5.5000');
    expect(moneyV2('5.12345')).toBeNull();
  });
});

describe('BigCommerce mappers', () => {
  it('reads a customer: the first address as the shipping address, ISO times', () => {
    expect(readCustomer(fixture('ecommerce-customer'))).toEqual({
      shipping_address: {
        shipping_city: 'Austin',
        shipping_country: 'US',
        shipping_postal_code: '78701',
        shipping_state: 'Texas',
        shipping_street_1: '123 Main Street',
        shipping_street_2: 'Suite 2',
      },
      billing_address: null,
      first_name: 'Jane',
      last_name: 'Doe',
      email_address: 'jane.doe@example.com',
      phone_number: '555-555-5555',
      company_name: 'Doe Ltd',
      accepts_marketing: true,
      orders_count: null,
      total_spent: null,
      currency: null,
      note: 'Prefers e-mail',
      tags: null,
      created_at: '2021-03-05T21:13:38.000Z',
      updated_at: '2021-03-06T09:00:00.000Z',
    });
  });

  it('writes a customer: a new one with its names, e-mail and one address; an update without addresses', () => {
    const data = {
      first_name: 'Ada',
      last_name: 'Lovelace',
      email_address: 'ada@example.org',
      phone_number: '+44 20 7946 0000',
      shipping_address: { shipping_street_1: '1 Lane', shipping_city: 'London', shipping_postal_code: 'N1', shipping_country: 'GB' },
      tags: ['vip'],
    };
    expect(writeCustomer(data, true)).toEqual({
      body: {
        first_name: 'Ada',
        last_name: 'Lovelace',
        email: 'ada@example.org',
        phone: '+44 20 7946 0000',
        addresses: [
          {
            first_name: 'Ada',
            last_name: 'Lovelace',
            address1: '1 Lane',
            city: 'London',
            state_or_province: '',
            postal_code: 'N1',
            country_code: 'GB',
          },
        ],
      },
      warnings: ['BigCommerce customers have no tags; it was not written'],
      errors: [],
    });
    expect(writeCustomer({ last_name: 'King', shipping_address: { shipping_city: 'Paris' } }, false)).toEqual({
      body: { last_name: 'King' },
      warnings: ["A customer's addresses are not changed by an update (BigCommerce keeps them apart); it was not written"],
      errors: [],
    });
    expect(writeCustomer({ first_name: 'No mail' }, true).errors).toEqual(['BigCommerce customers need an email_address']);
  });

  it('reads and writes a category: the slug from the custom URL', () => {
    expect(readCategory(fixture('ecommerce-product_category'))).toEqual({
      name: 'Shirts',
      description: '<p>All our shirts.</p>',
      slug: 'shirts',
      parent_id: '19',
      image_url: 'https://cdn11.bigcommerce.com/s-abc123/product_images/k/shirts.jpg',
      sort_order: 2,
      product_count: null,
    });
    expect(writeCategory({ name: 'Hats', parent_id: null, slug: 'hats', sort_order: 3 }, true)).toEqual({
      body: { name: 'Hats', parent_id: 0, custom_url: { url: '/hats/', is_customized: true }, sort_order: 3 },
      warnings: [],
      errors: [],
    });
    expect(writeCategory({ parent_id: 'x' }, false).errors).toEqual(['parent_id x is not a BigCommerce category id']);
  });

  it("reads a product: v3's number price as decimal text, the store's currency, categories and images", () => {
    expect(readProduct(fixture('ecommerce-product'), CTX)).toEqual({
      name: 'Smith Journal 13',
      description: '<p>A journal.</p>',
      slug: 'smith-journal-13',
      status: 'ACTIVE',
      product_type: 'physical',
      vendor: null,
      sku: 'SM-13',
      price: '12.50',
      currency: 'USD',
      tags: null,
      image_urls: ['https://cdn11.bigcommerce.com/s-abc123/products/111/images/3/journal.jpg'],
      category_ids: ['23', '21'],
      collection_ids: null,
      created_at: '2021-03-05T21:13:38.000Z',
      updated_at: '2021-03-06T09:00:00.000Z',
    });
  });

  it('writes a product: a new one with what BigCommerce requires, the price as a number; an update as given', () => {
    expect(writeProduct({ name: 'Widget', sku: 'W-1', price: '19.90', status: 'DRAFT', category_ids: ['23'], vendor: 'Acme' }, CTX, true)).toEqual({
      body: { name: 'Widget', sku: 'W-1', is_visible: false, price: 19.9, categories: [23], type: 'physical', weight: 0 },
      warnings: ["BigCommerce products' vendor are not written by Weft; it was not written"],
      errors: [],
    });
    expect(writeProduct({ price: '24.00', status: 'ARCHIVED', currency: 'EUR' }, CTX, false)).toEqual({
      body: { is_visible: false, price: 24 },
      warnings: ['BigCommerce has no archived products; the product was hidden', 'The store sells in USD; currency EUR was not written'],
      errors: [],
    });
    expect(writeProduct({ price: '1.00005' }, CTX, false).errors).toEqual([
      'price 1.00005: BigCommerce prices have at most four decimals (and 15 digits)',
    ]);
  });

  it("reads a variant: its options, its product's price when it has none of its own, the store's weight unit", () => {
    expect(readVariant(fixture('ecommerce-product_variant'), CTX)).toEqual({
      product_id: '192',
      name: 'Black / M',
      sku: 'SHIRT-BLK-M',
      barcode: '012345678905',
      price: '25.00',
      compare_at_price: '30.00',
      currency: 'USD',
      inventory_quantity: 7,
      weight: '0.5',
      weight_unit: 'LB',
      options: [
        { name: 'Colour', value: 'Black' },
        { name: 'Size', value: 'M' },
      ],
      position: null,
      image_url: 'https://cdn11.bigcommerce.com/s-abc123/products/192/images/9/black.jpg',
      created_at: null,
      updated_at: null,
    });
  });

  it('reads an order with its lines and shipping address: the four-decimal strings exactly, status_id as three statuses', () => {
    expect(readOrder(fixture('ecommerce-order'))).toEqual({
      order_number: '100',
      customer_id: '25',
      email_address: 'jane.doe@example.com',
      phone_number: '555-555-5555',
      status: 'OPEN',
      payment_status: 'PAID',
      fulfillment_status: 'UNFULFILLED',
      currency: 'USD',
      line_items: [
        {
          id: '5',
          product_id: '111',
          variant_id: null,
          name: 'Smith Journal 13',
          sku: 'SM-13',
          quantity: 2,
          unit_price: '12.5000',
          total_discount: '0.00',
          total_tax: '2.5000',
          total: '25.0000',
        },
      ],
      tax_lines: [],
      taxes_included: false,
      discount_codes: [],
      shipping_method: 'Flat Rate',
      subtotal: '25.0000',
      total_discount: '0.0000',
      total_shipping: '5.0000',
      total_tax: '2.5000',
      total: '32.5000',
      shipping_address: {
        shipping_city: 'Austin',
        shipping_country: 'US',
        shipping_postal_code: '78701',
        shipping_state: 'Texas',
        shipping_street_1: '123 Main Street',
        shipping_street_2: null,
      },
      billing_address: {
        billing_city: 'Austin',
        billing_country: 'US',
        billing_postal_code: '78701',
        billing_state: 'Texas',
        billing_street_1: '123 Main Street',
        billing_street_2: 'Suite 2',
      },
      note: 'Leave at the door.',
      ordered_at: '2019-03-05T21:13:38.000Z',
      cancelled_at: null,
      created_at: '2019-03-05T21:13:38.000Z',
      updated_at: '2019-03-06T09:00:00.000Z',
    });
    const shipped = { ...fixture('ecommerce-order'), status_id: 2 };
    expect(readOrder(shipped)).toMatchObject({ status: 'COMPLETED', payment_status: 'PAID', fulfillment_status: 'FULFILLED' });
    const discounted = fixture('ecommerce-order');
    discounted['products'][0].applied_discounts = [
      { id: 'coupon', amount: '1.2500', name: 'SAVE', code: 'SAVE' },
      { id: 'rule', amount: 0.5, name: 'Rule', code: null },
    ];
    expect((readOrder(discounted)['line_items'] as any[])[0].total_discount).toBe('1.7500');
  });

  it('writes an order: a new one with its lines, addresses and shipping cost as v2 text; an update of what v2 changes', () => {
    expect(
      writeOrder(
        {
          customer_id: '25',
          payment_status: 'PAID',
          email_address: 'ada@example.org',
          billing_address: { billing_city: 'London', billing_country: 'GB' },
          shipping_address: { shipping_city: 'London', shipping_country: 'GB' },
          shipping_method: 'Courier',
          line_items: [
            { product_id: '111', quantity: 2 },
            { product_id: '192', variant_id: '382', quantity: 1, unit_price: '9.00' },
          ],
          total_shipping: '5.00',
          total: '99.00',
        },
        true,
      ),
    ).toEqual({
      body: {
        status_id: 11,
        customer_id: 25,
        billing_address: { city: 'London', country_iso2: 'GB', email: 'ada@example.org' },
        products: [
          { product_id: 111, quantity: 2 },
          { product_id: 192, quantity: 1, variant_id: 382 },
        ],
        shipping_addresses: [{ city: 'London', country_iso2: 'GB', shipping_method: 'Courier' }],
        shipping_cost_ex_tax: '5.0000',
        shipping_cost_inc_tax: '5.0000',
      },
      warnings: [
        'BigCommerce numbers and prices order lines itself; the line_items’ ids and prices were not written',
        'BigCommerce computes total itself; it was not written',
      ],
      errors: [],
    });
    expect(writeOrder({ status: 'COMPLETED', note: 'Shipped', line_items: [] }, false)).toEqual({
      body: { status_id: 10, customer_message: 'Shipped' },
      warnings: ["An order's line_items are not changed by an update (BigCommerce recomputes its totals); it was not written"],
      errors: [],
    });
    expect(writeOrder({ payment_status: 'REFUNDED' }, false).body).toEqual({ status_id: 4 });
    expect(writeOrder({ billing_address: {} }, true).errors).toEqual(['A BigCommerce order needs at least one line item']);
  });
});

describe('BigCommerce errors', () => {
  it("says v3's title and errors, and v2's messages", () => {
    expect(
      errorText({
        status: 422,
        title: 'Unable to create customers',
        type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes',
        errors: { '.customer_create': "Error creating customer 'a@b.c'. The email address a@b.c is already in use." },
      }),
    ).toBe("Unable to create customers (.customer_create: Error creating customer 'a@b.c'. The email address a@b.c is already in use.)");
    expect(errorText([{ status: 400, message: 'The field product_id is invalid.' }])).toBe('The field product_id is invalid.');
    expect(errorText('')).toBe('no details');
  });
});
