/** The field step's pure parts: what a row says Weft's standard mapping uses, and the order of the rows. */
import { describe, expect, it } from 'vitest';

import type { ProviderField } from '../../src/connectors/index.js';
import { CATALOGUES } from '../../src/ui/i18n/index.js';
import { fieldOrder, standardSource } from '../../src/ui/session/steps/fields.js';

const CONTACT_FIELDS = ['first_name', 'last_name', 'title', 'email_addresses', 'phone_numbers', 'addresses'];
const field = (name: string, label: string): ProviderField => ({ name, label, type: 'string', custom: false, mapped: true, writable: true });
const PROVIDER = [field('email', 'Email'), field('fn', 'First name'), field('ln', 'Last name'), field('zip', 'Postal code')];

/** A connector whose mapping reads `email` for the first e-mail address, `fn`/`ln` for the names, three address fields. */
const declared = {
  mappedFields(_type: string, common: string, part?: string) {
    const table: Record<string, string[]> = {
      email_addresses: ['email'],
      first_name: ['fn'],
      last_name: ['ln'],
      addresses: ['street', 'city', 'zip'],
    };
    if (common === 'addresses' && part === 'postal_code') return ['zip'];
    return table[common];
  },
};

describe('the field step', () => {
  it("names the provider fields Weft's standard mapping uses, by their labels in the account", () => {
    const standard = (p: string) => standardSource(declared, 'crm-contact', p, CONTACT_FIELDS, PROVIDER);
    expect(standard('email')).toBe('Email (email) · standard');
    expect(standard('first_name')).toBe('First name (fn) · standard');
    expect(standard('full_name')).toBe('First name (fn) and Last name (ln) · standard');
    expect(standard('postal_code')).toBe('Postal code (zip) · standard');
    // A field the account does not list is named as it is; more than two are counted.
    expect(standard('addresses')).toBe('street + 2 more · standard');
    expect(standard('favorite_color')).toBeNull();
  });

  it("says Weft's standard mapping, and what it reads, where the connector does not name the provider field", () => {
    const standard = (p: string) => standardSource({}, 'crm-contact', p, CONTACT_FIELDS, PROVIDER);
    expect(standard('email')).toBe("Weft's standard mapping (from Email Addresses)");
    expect(standard('full_name')).toBe("Weft's standard mapping (from First Name, Last Name)");
    // One of two unnamed: not half an answer.
    expect(
      standardSource({ mappedFields: (_t, c) => (c === 'first_name' ? ['fn'] : undefined) }, 'crm-contact', 'full_name', CONTACT_FIELDS, PROVIDER),
    ).toBe("Weft's standard mapping (from First Name, Last Name)");
    expect(Object.values(CATALOGUES.en).includes('Automatic')).toBe(false);
  });

  it('puts the required fields first, each group in the schema order', () => {
    const schema = {
      key: 'Contact',
      title: 'Contact',
      endgrate_type: 'crm-contact',
      custom: true,
      schema: { type: 'object', properties: { a: {}, b: {}, c: {}, d: {} }, required: ['d', 'b'] },
    };
    expect(fieldOrder(schema as never)).toEqual({ required: ['b', 'd'], rest: ['a', 'c'] });
    expect(fieldOrder({ ...schema, schema: { ...schema.schema, required: undefined } } as never)).toEqual({
      required: [],
      rest: ['a', 'b', 'c', 'd'],
    });
  });
});
