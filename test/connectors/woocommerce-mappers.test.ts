/**
 * WooCommerce's mappers on recorded-shape REST API v3 answers (the example responses of the reference's Customers,
 * Product categories, Products, Product variations and Orders pages), both ways, exact bodies; the filters as query
 * parameters; the error text and a refused key.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import type { ProviderClient, ProviderRequest } from '../../src/connectors/kit/http.js';
import { errorText, woocommerceConnector } from '../../src/connectors/woocommerce/connector.js';
import {
  cents,
  moneyText,
  readCategory,
  readCustomer,
  readOrder,
  readProduct,
  readVariation,
  writeCategory,
  writeCustomer,
  writeOrder,
  writeProduct,
} from '../../src/connectors/woocommerce/mapping.js';

const fixture = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(new URL(`fixtures/woocommerce/${name}.json`, import.meta.url), 'utf8')) as Record<string, any>;

describe('WooCommerce mappers', () => {
  it('reads a customer: addresses by parts, the phone and company from billing, GMT times with Z', () => {
    expect(readCustomer(fixture('customer'))).toEqual({
      shipping_address: {
        shipping_city: 'San Francisco',
        shipping_country: 'US',
        shipping_postal_code: '94103',
        shipping_state: 'CA',
        shipping_street_1: '969 Market',
        shipping_street_2: null,
      },
      billing_address: {
        billing_city: 'San Francisco',
        billing_country: 'US',
        billing_postal_code: '94103',
        billing_state: 'CA',
        billing_street_1: '969 Market',
        billing_street_2: null,
      },
      first_name: 'John',
      last_name: 'Doe',
      email_address: 'john.doe@example.com',
      phone_number: '(555) 555-5555',
      company_name: null,
      accepts_marketing: null,
      orders_count: null,
      total_spent: null,
      currency: null,
      note: null,
      tags: null,
      created_at: '2017-03-21T19:09:28.000Z',
      updated_at: '2017-03-21T19:09:30.000Z',
    });
  });

  it('writes a customer: only what is given, the phone into billing, what WooCommerce lacks warned', () => {
    expect(
      writeCustomer({
        email_address: 'ann@example.org',
        phone_number: '+33 1 23',
        billing_address: { billing_city: 'Paris' },
        shipping_address: null,
        tags: ['vip'],
      }),
    ).toEqual({
      body: {
        email: 'ann@example.org',
        billing: { city: 'Paris', phone: '+33 1 23' },
        shipping: { city: '', country: '', postcode: '', state: '', address_1: '', address_2: '' },
      },
      warnings: ['WooCommerce customers have no tags; it was not written'],
      errors: [],
    });
  });

  it('reads and writes a category with its parent (0 is none)', () => {
    expect(readCategory(fixture('category'))).toEqual({
      name: 'Hoodies',
      description: null,
      slug: 'hoodies',
      parent_id: '9',
      image_url: null,
      sort_order: 0,
      product_count: 2,
    });
    expect(readCategory({ ...fixture('category'), parent: 0 })['parent_id']).toBeNull();
    expect(writeCategory({ name: 'Caps', parent_id: null, image_url: 'https://example.com/c.jpg' })).toEqual({
      body: { name: 'Caps', parent: 0, image: { src: 'https://example.com/c.jpg' } },
      warnings: [],
      errors: [],
    });
    expect(writeCategory({ parent_id: 'abc' }).errors).toEqual(['parent_id abc is not a WooCommerce category id']);
  });

  it("reads a variable product: WooCommerce's price string, the store's currency, its categories and images", () => {
    expect(readProduct(fixture('product-variable'), { currency: 'EUR' })).toEqual({
      name: 'Ship Your Idea',
      description: '<p>Pellentesque habitant morbi tristique senectus et netus.</p>\n',
      slug: 'ship-your-idea-22',
      status: 'ACTIVE',
      product_type: 'variable',
      vendor: null,
      sku: null,
      price: '9.00',
      currency: 'EUR',
      tags: [],
      image_urls: [
        'https://example.com/wp-content/uploads/2017/03/T_4_front-11.jpg',
        'https://example.com/wp-content/uploads/2017/03/T_4_back-10.jpg',
      ],
      category_ids: ['9', '14'],
      collection_ids: null,
      created_at: '2017-03-23T20:03:12.000Z',
      updated_at: '2017-03-23T20:03:12.000Z',
    });
  });

  it('writes a product: the price as the regular price, exactly; more than two decimals refused; another currency warned', () => {
    expect(writeProduct({ name: 'Cap', price: '19.90', status: 'ARCHIVED', category_ids: ['9'], tags: ['new'] }, { currency: 'USD' })).toEqual({
      body: { name: 'Cap', status: 'private', regular_price: '19.90', categories: [{ id: 9 }], tags: [{ name: 'new' }] },
      warnings: [],
      errors: [],
    });
    expect(writeProduct({ price: '0.005' }, {}).errors).toEqual(['price 0.005: WooCommerce prices have at most two decimals']);
    expect(writeProduct({ price: '1.00', currency: 'GBP' }, { currency: 'USD' }).warnings).toEqual([
      'The store sells in USD; currency GBP was not written',
    ]);
  });

  it("writes no price of a variable product (its variations' prices are its own) and says so", () => {
    expect(writeProduct({ name: 'Tee', product_type: 'variable', price: '31.99' }, { currency: 'USD' })).toEqual({
      body: { name: 'Tee', type: 'variable' },
      warnings: ["A variable product's price is its variations' (write ecommerce-product_variant); price was not written"],
      errors: [],
    });
  });

  it('reads a variation on sale: the sale price, the regular one to compare, its option, the weight in the store unit', () => {
    expect(readVariation(fixture('variation'), { currency: 'USD', weightUnit: 'kg', productId: '22' })).toEqual({
      product_id: '22',
      name: 'Black',
      sku: 'SYI-BLK',
      barcode: null,
      price: '9.00',
      compare_at_price: '12.00',
      currency: 'USD',
      inventory_quantity: 3,
      weight: '0.25',
      weight_unit: 'KG',
      options: [{ name: 'Color', value: 'Black' }],
      position: 0,
      image_url: 'https://example.com/wp-content/uploads/2017/03/T_4_front-12.jpg',
      created_at: '2017-03-23T03:36:38.000Z',
      updated_at: '2017-03-23T03:36:38.000Z',
    });
  });

  it('reads an order: one status as three, lines with their discounts, totals that hold together in cents', () => {
    const order = readOrder(fixture('order'));
    expect(order).toEqual({
      order_number: '727',
      customer_id: '25',
      email_address: 'john.doe@example.com',
      phone_number: '(555) 555-5555',
      status: 'COMPLETED',
      payment_status: 'PAID',
      fulfillment_status: 'FULFILLED',
      currency: 'EUR',
      line_items: [
        {
          id: '315',
          product_id: '93',
          variant_id: null,
          name: 'Woo Single #1',
          sku: null,
          quantity: 2,
          unit_price: '3.00',
          total_discount: '0.00',
          total_tax: '1.20',
          total: '6.00',
        },
        {
          id: '316',
          product_id: '22',
          variant_id: '733',
          name: 'Ship Your Idea &ndash; Color: Black',
          sku: 'SYI-BLK',
          quantity: 3,
          unit_price: '12.00',
          total_discount: '3.00',
          total_tax: '6.60',
          total: '33.00',
        },
      ],
      tax_lines: [{ tax_rate_id: '75', name: 'State Tax', rate: '20', taxable_amount: null, amount: '9.80' }],
      taxes_included: false,
      discount_codes: ['take3'],
      shipping_method: 'Flat Rate',
      subtotal: '42.00',
      total_discount: '3.00',
      total_shipping: '10.00',
      total_tax: '9.80',
      total: '58.80',
      shipping_address: expect.objectContaining({ shipping_city: 'San Francisco' }),
      billing_address: expect.objectContaining({ billing_street_1: '969 Market' }),
      note: null,
      ordered_at: '2017-03-22T19:28:02.000Z',
      cancelled_at: null,
      created_at: '2017-03-22T19:28:02.000Z',
      updated_at: '2017-03-22T19:28:08.000Z',
    });
    const c = (v: unknown) => cents(v) as bigint;
    expect(moneyText(c(order['subtotal']) - c(order['total_discount']) + c(order['total_shipping']) + c(order['total_tax']))).toBe(order['total']);
    const states = (status: string) => {
      const r = readOrder({ ...fixture('order'), status });
      return [r['status'], r['payment_status'], r['fulfillment_status']];
    };
    expect(states('pending')).toEqual(['PENDING', 'PENDING', 'UNFULFILLED']);
    expect(states('processing')).toEqual(['OPEN', 'PAID', 'UNFULFILLED']);
    expect(states('refunded')).toEqual(['CANCELLED', 'REFUNDED', 'UNFULFILLED']);
    expect(readOrder({ ...fixture('order'), customer_id: 0 })['customer_id']).toBeNull();
  });

  it('writes an order: lines by product and variation, shipping and coupon lines, paid; an update changes no lines', () => {
    expect(
      writeOrder(
        {
          customer_id: '25',
          payment_status: 'PAID',
          line_items: [{ product_id: '22', variant_id: '733', quantity: 2 }],
          shipping_method: 'Courier',
          total_shipping: '4.50',
          discount_codes: ['take3'],
          email_address: 'john.doe@example.com',
        },
        true,
      ),
    ).toEqual({
      body: {
        set_paid: true,
        customer_id: 25,
        billing: { email: 'john.doe@example.com' },
        line_items: [{ product_id: 22, variation_id: 733, quantity: 2 }],
        shipping_lines: [{ method_id: 'flat_rate', method_title: 'Courier', total: '4.50' }],
        coupon_lines: [{ code: 'take3' }],
      },
      warnings: [],
      errors: [],
    });
    expect(writeOrder({ status: 'CANCELLED', line_items: [] }, false)).toEqual({
      body: { status: 'cancelled' },
      warnings: ["An order's line_items are not changed by an update (WooCommerce recomputes its totals); it was not written"],
      errors: [],
    });
  });
});

describe('WooCommerce requests', () => {
  function recording(): { client: ProviderClient; seen: ProviderRequest[] } {
    const seen: ProviderRequest[] = [];
    const client = {
      apiBase: 'https://shop.example.com',
      async request(req: ProviderRequest) {
        seen.push(req);
        return { status: 200, headers: {}, body: req.path.includes('/settings/') ? { value: 'USD' } : [] };
      },
    } as unknown as ProviderClient;
    return { client, seen };
  }

  it('pushes filters down as query parameters: orders by customer and status, customers by e-mail, a date range widened', async () => {
    const { client, seen } = recording();
    await woocommerceConnector.pull(client, {
      endgrateType: 'ecommerce-order',
      cursor: null,
      associations: [],
      filter: [
        { kind: 'eq', field: 'customer_id', type: 'string', values: ['25'] },
        { kind: 'eq', field: 'status', type: 'string', values: ['PENDING', 'COMPLETED'] },
        { kind: 'range', field: 'updated_at', type: 'date-time', ranges: [{ min: Date.parse('2026-01-02T03:04:05.600Z'), max: null }] },
      ],
    });
    expect(seen).toEqual([
      {
        method: 'GET',
        path: '/wp-json/wc/v3/orders',
        query: {
          per_page: 100,
          page: 1,
          orderby: 'id',
          order: 'asc',
          customer: '25',
          status: 'pending,checkout-draft,on-hold,completed',
          modified_after: '2026-01-02T03:04:04',
          dates_are_gmt: 'true',
        },
      },
    ]);
    seen.length = 0;
    await woocommerceConnector.pull(client, {
      endgrateType: 'ecommerce-customer',
      cursor: '3',
      associations: [],
      filter: [{ kind: 'eq', field: 'email_address', type: 'string', values: ['a@example.org', 'b@example.org'] }],
    });
    // Two e-mails are not one parameter: the whole list (Weft filters the records).
    expect(seen[0]?.query).toEqual({ per_page: 100, page: 3, orderby: 'id', order: 'asc' });
  });

  it("reads WooCommerce's errors, and takes a refused key as needing a new connection", () => {
    expect(
      errorText({
        code: 'rest_invalid_param',
        message: 'Invalid parameter(s): per_page',
        data: { status: 400, params: { per_page: 'per_page must be between 1 (inclusive) and 100 (inclusive)' } },
      }),
    ).toBe('rest_invalid_param: Invalid parameter(s): per_page (per_page: per_page must be between 1 (inclusive) and 100 (inclusive))');
    const refused = woocommerceConnector.classify({
      status: 401,
      headers: {},
      body: { code: 'woocommerce_rest_authentication_error', message: 'Consumer key is invalid.', data: { status: 401 } },
    });
    expect(refused).toEqual({ kind: 'auth_invalid', message: '401: woocommerce_rest_authentication_error: Consumer key is invalid.' });
  });
});
