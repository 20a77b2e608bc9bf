/**
 * Shopify's mappers on answers shaped as the GraphQL Admin API reference's examples (2025-01: Customer, Product,
 * ProductVariant, Collection, Order with MoneyBags), exact bodies both ways; the search syntax of pushed-down
 * filters; and the pacing arithmetic of the cost bucket.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { predicatesFor } from '../../src/connectors/kit/pushdown.js';
import { searchOf, TYPES } from '../../src/connectors/shopify/connector.js';
import { waitFor } from '../../src/connectors/shopify/graphql.js';
import {
  centsOf,
  collectionToCommon,
  customerInput,
  customerToCommon,
  fromCents,
  idOf,
  type Node,
  orderToCommon,
  productInput,
  productToCommon,
  variantInput,
  variantToCommon,
} from '../../src/connectors/shopify/mapping.js';

const fixture = (name: string): Node => JSON.parse(readFileSync(new URL(`fixtures/shopify/${name}`, import.meta.url), 'utf8')) as Node;

describe('Shopify ids and money', () => {
  it('reads a GID as its number, and money in cents with two decimals', () => {
    expect(idOf('gid://shopify/Customer/1018520244')).toBe('1018520244');
    expect(idOf('1018520244')).toBeNull();
    expect(centsOf('30.0')).toBe(3000n);
    expect(centsOf('0.1')).toBe(10n);
    expect(centsOf('-12.34')).toBe(-1234n);
    expect(centsOf('1e3')).toBeNull();
    expect(fromCents(61894n)).toBe('618.94');
    expect(fromCents(-5n)).toBe('-0.05');
  });
});

describe('Shopify customers', () => {
  it('reads the documented customer: default address as the shipping address, totals as decimal text', () => {
    const page = fixture('customers.json') as { data: { customers: { nodes: Node[] } } };
    expect(customerToCommon(page.data.customers.nodes[0] as Node)).toEqual({
      first_name: 'John',
      last_name: 'Smith',
      email_address: 'johnsmith@example.com',
      phone_number: '+16136120707',
      company_name: 'Steve Company',
      accepts_marketing: false,
      orders_count: 1,
      total_spent: '199.65',
      currency: 'USD',
      note: 'This customer loves ice cream',
      tags: ['Léon', 'Noël'],
      shipping_address: {
        shipping_street_1: '123 Amoebobacterieae St',
        shipping_street_2: null,
        shipping_city: 'Ottawa',
        shipping_state: 'Ontario',
        shipping_postal_code: 'K2P0V6',
        shipping_country: 'Canada',
      },
      billing_address: null,
      created_at: '2005-06-15T15:57:11Z',
      updated_at: '2005-06-16T15:57:11Z',
    });
  });

  it('writes a CustomerInput with only what was given; a billing address is reported', () => {
    expect(
      customerInput({
        first_name: 'Ann',
        email_address: 'ann@example.com',
        accepts_marketing: true,
        shipping_address: { shipping_city: 'Ottawa', shipping_country: 'Canada' },
        billing_address: { billing_city: 'Paris' },
      }),
    ).toEqual({
      input: {
        firstName: 'Ann',
        email: 'ann@example.com',
        emailMarketingConsent: { marketingState: 'SUBSCRIBED' },
        addresses: [{ address1: null, address2: null, city: 'Ottawa', province: null, zip: null, country: 'Canada', company: null }],
      },
      warnings: ['Shopify customers keep no billing address; billing_address was not written'],
    });
    expect(customerInput({ last_name: null })).toEqual({ input: { lastName: null }, warnings: [] });
  });
});

describe('Shopify products, variants and collections', () => {
  it('reads a product with its first variant and collections', () => {
    expect(productToCommon(fixture('product.json'))).toEqual({
      name: 'Draft',
      description: '<p>draft</p>',
      slug: 'draft',
      status: 'DRAFT',
      product_type: 'Shirts',
      vendor: 'Vendor',
      sku: 'draft-151',
      price: '10.00',
      currency: null,
      tags: ['summer'],
      image_urls: null,
      category_ids: null,
      collection_ids: ['1007901140', '79210309'],
      created_at: '2025-01-07T17:24:25Z',
      updated_at: '2025-01-07T17:24:25Z',
    });
    expect(TYPES['ecommerce-product']?.associations(fixture('product.json'))).toEqual({ 'ecommerce-product_collection': ['1007901140', '79210309'] });
  });

  it('writes a product input; price and SKU (on variants) are reported', () => {
    expect(productInput({ name: 'Loom', status: 'ACTIVE', price: '10.00', tags: ['a'] })).toEqual({
      input: { title: 'Loom', status: 'ACTIVE', tags: ['a'] },
      warnings: ["Shopify keeps price on the product's variants; price was not written"],
    });
  });

  it('reads a variant with its weight unit and options, and a smart collection', () => {
    expect(variantToCommon(fixture('variant.json'))).toEqual({
      product_id: '108828309',
      name: '151cm',
      sku: null,
      barcode: '1234_pink',
      price: '10.00',
      compare_at_price: null,
      currency: null,
      inventory_quantity: -2,
      weight: '1.5',
      weight_unit: 'KG',
      options: [{ name: 'Title', value: '151cm' }],
      position: 2,
      image_url: null,
      created_at: '2025-01-07T17:24:25Z',
      updated_at: '2025-01-07T17:24:25Z',
    });
    expect(collectionToCommon(fixture('collection.json'))).toEqual({
      name: 'Smart iPods',
      description: '<p>The best selling ipod ever</p>',
      slug: 'smart-ipods',
      collection_type: 'AUTOMATED',
      image_url: null,
      product_count: 1,
      published_at: null,
      created_at: null,
      updated_at: '2025-01-07T17:24:25Z',
    });
  });
});

describe('Shopify variant writes', () => {
  it('writes a ProductVariantsBulkInput: SKU and weight on the inventory item, options as option values', () => {
    expect(
      variantInput({
        price: '12.5',
        compare_at_price: null,
        sku: 'S-1',
        barcode: '123',
        weight: '1.25',
        weight_unit: 'LB',
        options: [{ name: 'Size', value: 'M' }],
        inventory_quantity: 4,
      }),
    ).toEqual({
      input: {
        price: '12.50',
        compareAtPrice: null,
        barcode: '123',
        inventoryItem: { sku: 'S-1', measurement: { weight: { unit: 'POUNDS', value: 1.25 } } },
        optionValues: [{ optionName: 'Size', name: 'M' }],
      },
      warnings: ['Shopify keeps stock per location (inventory levels); inventory_quantity was not written'],
      errors: [],
    });
    expect(variantInput({ price: '1,50' }).errors).toEqual(['price must be a decimal amount such as "12.50"']);
  });
});

describe('Shopify orders', () => {
  it('reads an order: the subtotal before discounts, totals that add up, lines with their variants', () => {
    const order = orderToCommon(fixture('order.json'));
    expect(order).toEqual({
      order_number: '1001',
      customer_id: '207119551',
      email_address: 'bob.norman@mail.example.com',
      phone_number: '+557734881234',
      status: 'OPEN',
      payment_status: 'PARTIALLY_REFUNDED',
      fulfillment_status: 'FULFILLED',
      currency: 'USD',
      line_items: [
        {
          id: '466157049',
          product_id: '632910392',
          variant_id: '39072856',
          name: 'IPod Nano - 8gb - green',
          sku: 'IPOD2008GREEN',
          quantity: 1,
          unit_price: '199.00',
          total_discount: '10.00',
          total_tax: '3.98',
          total: '189.00',
        },
        {
          id: '518995019',
          product_id: null,
          variant_id: null,
          name: 'IPod Nano - 8gb - red',
          sku: 'IPOD2008RED',
          quantity: 2,
          unit_price: '204.00',
          total_discount: '0.00',
          total_tax: '7.96',
          total: '408.00',
        },
      ],
      tax_lines: [{ name: 'State Tax', rate: '6', amount: '11.94' }],
      taxes_included: false,
      discount_codes: ['TENOFF'],
      shipping_method: 'Small Packet',
      subtotal: '607.00',
      total_discount: '10.00',
      total_shipping: '10.00',
      total_tax: '11.94',
      total: '618.94',
      shipping_address: {
        shipping_street_1: 'Chestnut Street 92',
        shipping_street_2: null,
        shipping_city: 'Louisville',
        shipping_state: 'Kentucky',
        shipping_postal_code: '40202',
        shipping_country: 'United States',
      },
      billing_address: {
        billing_street_1: 'Chestnut Street 92',
        billing_street_2: null,
        billing_city: 'Louisville',
        billing_state: 'Kentucky',
        billing_postal_code: '40202',
        billing_country: 'United States',
      },
      note: null,
      ordered_at: '2008-01-10T11:00:00Z',
      cancelled_at: null,
      created_at: '2008-01-10T11:00:00Z',
      updated_at: '2008-01-10T11:00:00Z',
    });
    expect(TYPES['ecommerce-order']?.associations(fixture('order.json'))).toEqual({
      'ecommerce-customer': ['207119551'],
      'ecommerce-product': ['632910392'],
      'ecommerce-product_variant': ['39072856'],
    });
    expect(orderToCommon({ ...fixture('order.json'), cancelledAt: '2008-01-11T00:00:00Z' }).status).toBe('CANCELLED');
    expect(orderToCommon({ ...fixture('order.json'), displayFinancialStatus: 'EXPIRED' }).payment_status).toBe('FAILED');
  });
});

describe('Shopify filters and pacing', () => {
  it("renders pushed-down filters in Shopify's search syntax", () => {
    const filters = TYPES['ecommerce-customer']?.filters ?? {};
    const since = Date.parse('2024-05-01T10:00:00.250Z');
    expect(
      searchOf(
        predicatesFor(
          [
            { kind: 'range', field: 'updated_at', type: 'date-time', ranges: [{ min: since, max: null }] },
            { kind: 'eq', field: 'email_address', type: 'string', values: ["o'neil@example.com", 'b@example.com'] },
          ],
          filters,
        ),
      ),
    ).toBe(
      `updated_at:>='${new Date(Math.floor(since / 1000) * 1000).toISOString().replace('.000', '')}' AND (email:'o\\'neil@example.com' OR email:'b@example.com')`,
    );
    expect(searchOf([])).toBeUndefined();
  });

  it('waits for the bucket to hold the cost at its restore rate', () => {
    const bucket = { max: 1000, available: 198, rate: 50, at: 0 };
    expect(waitFor(undefined, 802, 0)).toBe(0);
    expect(waitFor(bucket, 150, 0)).toBe(0);
    expect(waitFor(bucket, 802, 0)).toBe(Math.ceil((604 / 50) * 1000) + 50);
    expect(waitFor(bucket, 802, 13_000)).toBe(0);
    // A cost over the bucket's size waits for a full bucket, not for ever.
    expect(waitFor(bucket, 1500, 0)).toBe(Math.ceil((802 / 50) * 1000) + 50);
  });
});
