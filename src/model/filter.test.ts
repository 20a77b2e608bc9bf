import { describe, expect, it } from 'vitest';

import { type Condition, matches, parseFilter } from './filter.js';
import { COMMON_MODELS } from './registry.js';

const contact = { properties: COMMON_MODELS.get('crm-contact')!.schema.properties, name: 'crm-contact' };
const company = {
  properties: COMMON_MODELS.get('crm-company')!.schema.properties,
  aliases: COMMON_MODELS.get('crm-company')!.aliases,
  name: 'crm-company',
};

function parse(params: unknown, schema: Parameters<typeof parseFilter>[1] = contact): Condition[] {
  const r = parseFilter(params, schema);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.conditions;
}

const ada = {
  first_name: 'Ada',
  last_name: 'Lovelace',
  email_addresses: [
    { email_address: 'ada@example.com', email_address_type: 'WORK' },
    { email_address: 'ada@home.example', email_address_type: 'PERSONAL' },
  ],
  addresses: [{ address_type: 'PRIMARY', city: 'London', country: 'UK' }],
  company_id: '42',
  lifecycle_stage: 'LEAD',
  created_at: '2024-03-10T12:00:00.000Z',
  updated_at: null,
};

describe('pull filters (params)', () => {
  it('a single value, a list of values, and every condition at once', () => {
    expect(matches(parse({ first_name: 'Ada' }), ada)).toBe(true);
    expect(matches(parse({ first_name: 'ada' }), ada)).toBe(false);
    expect(matches(parse({ first_name: ['John', 'Ada'] }), ada)).toBe(true);
    expect(matches(parse({ first_name: ['John', 'Jane'] }), ada)).toBe(false);
    expect(matches(parse({ first_name: 'Ada', last_name: 'Doe' }), ada)).toBe(false);
    expect(matches(parse({ first_name: 'Ada', last_name: 'Lovelace' }), ada)).toBe(true);
  });

  it('null matches a missing or empty value', () => {
    expect(matches(parse({ updated_at: null }), ada)).toBe(true);
    expect(matches(parse({ title: null }), ada)).toBe(true);
    expect(matches(parse({ first_name: null }), ada)).toBe(false);
    expect(matches(parse({ phone_numbers: { phone_number_type: 'WORK' } }), ada)).toBe(false);
  });

  it('nested fields: one element of a list (or the object) meets all of its conditions', () => {
    expect(matches(parse({ email_addresses: { email_address_type: 'WORK' } }), ada)).toBe(true);
    expect(matches(parse({ email_addresses: { email_address_type: 'OTHER' } }), ada)).toBe(false);
    expect(matches(parse({ email_addresses: { email_address: 'ADA@example.com' } }), ada)).toBe(true); // emails ignore case
    // Both conditions on the same element: the WORK address is not the home one.
    expect(matches(parse({ email_addresses: { email_address_type: 'WORK', email_address: 'ada@home.example' } }), ada)).toBe(false);
    expect(matches(parse({ email_addresses: { email_address_type: 'PERSONAL', email_address: 'ada@home.example' } }), ada)).toBe(true);
    expect(matches(parse({ email_addresses: [{ email_address_type: 'OTHER' }, { email_address_type: 'PERSONAL' }] }), ada)).toBe(true);
    expect(matches(parse({ addresses: { city: ['Paris', 'London'] } }), ada)).toBe(true);
  });

  it('ranges on numbers, dates and date-times, inclusive, open-ended with null, several at once', () => {
    const acme = { name: 'Acme', number_of_employees: 12, annual_revenue: 1.5e6, created_at: '2024-01-31T23:59:59Z' };
    expect(matches(parse({ number_of_employees__range: [10, 12] }, company), acme)).toBe(true);
    expect(matches(parse({ number_of_employees__range: [13, null] }, company), acme)).toBe(false);
    expect(matches(parse({ number_of_employees__range: [null, 12] }, company), acme)).toBe(true);
    expect(
      matches(
        parse(
          {
            number_of_employees__range: [
              [1, 5],
              [11, 20],
            ],
          },
          company,
        ),
        acme,
      ),
    ).toBe(true);
    expect(
      matches(
        parse(
          {
            number_of_employees__range: [
              [1, 5],
              [13, 20],
            ],
          },
          company,
        ),
        acme,
      ),
    ).toBe(false);
    // A date bound on a date-time covers the whole day.
    expect(matches(parse({ created_at__range: ['2024-01-01', '2024-01-31'] }, company), acme)).toBe(true);
    expect(matches(parse({ created_at__range: ['2024-02-01', null] }, company), acme)).toBe(false);
    expect(matches(parse({ created_at__range: ['2024-01-31T23:59:59.000Z', '2024-01-31T23:59:59.000Z'] }, company), acme)).toBe(true);
    expect(matches(parse({ created_at__range: ['2024-01-31T00:00:00+01:00', '2024-01-31T23:00:00Z'] }, company), acme)).toBe(false);
    // A missing value is in no range.
    expect(matches(parse({ annual_revenue__range: [0, null] }, company), { name: 'X', annual_revenue: null })).toBe(false);
    // Aliases of the schema work as field names.
    expect(matches(parse({ company_name: 'Acme' }, company), acme)).toBe(true);
  });

  it('passthrough fields, when allowed, compare loosely', () => {
    const schema = { ...contact, allowUnknown: true };
    expect(matches(parse({ favorite_color: 'blue' }, schema), { favorite_color: 'blue' })).toBe(true);
    expect(matches(parse({ score: 7 }, schema), { score: '7' })).toBe(true);
    expect(matches(parse({ score__range: [5, 10] }, schema), { score: 7 })).toBe(true);
    expect(matches(parse({ score__range: [5, 10] }, schema), { score: 'seven' })).toBe(false);
  });

  it('a list of parameter sets: a record matches when it meets every condition of any one set', () => {
    const sets = [
      { first_name: 'John', last_name: 'Doe' },
      { first_name: 'Ada', last_name: 'Lovelace' },
    ];
    expect(parse(sets)).toEqual([
      {
        kind: 'any',
        field: '',
        alternatives: [
          [
            { kind: 'eq', field: 'first_name', type: 'string', values: ['John'] },
            { kind: 'eq', field: 'last_name', type: 'string', values: ['Doe'] },
          ],
          [
            { kind: 'eq', field: 'first_name', type: 'string', values: ['Ada'] },
            { kind: 'eq', field: 'last_name', type: 'string', values: ['Lovelace'] },
          ],
        ],
      },
    ]);
    expect(matches(parse(sets), ada)).toBe(true);
    expect(matches(parse([{ first_name: 'Ada', last_name: 'Doe' }, { first_name: 'John' }]), ada)).toBe(false);
    // Ranges in several sets (Endgrate's "filter multiple ranges").
    const ranges = [{ created_at__range: ['2023-01-01T00:00:00Z', '2023-12-31T23:59:59Z'] }, { created_at__range: ['2024-03-01T00:00:00Z', null] }];
    expect(matches(parse(ranges), ada)).toBe(true);
    expect(matches(parse([ranges[0]]), ada)).toBe(false);
    // One set is the set itself; an empty set matches everything.
    expect(parse([{ first_name: 'Ada' }])).toEqual(parse({ first_name: 'Ada' }));
    expect(parse([{ first_name: 'John' }, {}])).toEqual([]);
    // Problems name the set.
    expect(parseFilter([{ first_name: 'Ada' }, { nope: 1 }], contact)).toEqual({ ok: false, problems: { 'params/1/nope': expect.any(String) } });
    expect(parseFilter([{ first_name: 'Ada' }, 'x'], contact)).toEqual({
      ok: false,
      problems: { 'params/1': 'must be an object of field conditions' },
    });
    expect(parseFilter([], contact)).toEqual({
      ok: false,
      problems: { params: 'must be an object of field conditions, or a list of 1 to 20 of them' },
    });
    expect(
      parseFilter(
        Array.from({ length: 21 }, () => ({})),
        contact,
      ).ok,
    ).toBe(false);
  });

  it('refuses what it cannot apply, naming the field and the reason', () => {
    const problems = (params: unknown, schema = contact) => {
      const r = parseFilter(params, schema);
      return r.ok ? {} : r.problems;
    };
    expect(problems([1])).toEqual({ 'params/0': 'must be an object of field conditions' });
    expect(problems('x')).toEqual({ params: 'must be an object of field conditions, or a list of them' });
    expect(problems({ email: { type: 'WORK' } })).toEqual({ 'params/email': 'is not a field of crm-contact' });
    expect(problems({ first_name: [] })).toEqual({ 'params/first_name': 'must not be an empty list' });
    expect(problems({ first_name: { x: 1 } })).toEqual({
      'params/first_name': 'first_name is not an object field; give a value or a list of values',
    });
    expect(problems({ lifecycle_stage: 'ALIVE' })).toEqual({
      'params/lifecycle_stage':
        'must be one of SUBSCRIBER, LEAD, MARKETING_QUALIFIED_LEAD, SALES_QUALIFIED_LEAD, OPPORTUNITY, CUSTOMER, EVANGELIST, OTHER, or a list of them',
    });
    expect(problems({ email_addresses: { kind: 'WORK' } })).toEqual({
      'params/email_addresses/kind': 'is not a field of crm-contact.email_addresses',
    });
    expect(problems({ email_addresses: 'a@b.c' })).toMatchObject({ 'params/email_addresses': expect.stringMatching(/^is an object field/) });
    expect(problems({ first_name__range: ['a', 'b'] })).toEqual({
      'params/first_name__range': 'ranges work on numbers, dates, times and date-times; first_name is a string field',
    });
    expect(problems({ created_at__range: ['2024-01-01'] })).toEqual({
      'params/created_at__range': 'must be [min, max] (inclusive; null for an open end) or a list of such pairs',
    });
    expect(problems({ created_at__range: ['yesterday', null] })).toEqual({
      'params/created_at__range': 'bounds must be date-times (ISO 8601) or dates (YYYY-MM-DD), or null',
    });
    expect(problems({ number_of_employees__range: [10, 1] }, company)).toEqual({
      'params/number_of_employees__range': 'the minimum is greater than the maximum',
    });
    expect(problems({ number_of_employees: 'many' }, company)).toEqual({ 'params/number_of_employees': 'must be a number, or a list of them' });
  });
});
