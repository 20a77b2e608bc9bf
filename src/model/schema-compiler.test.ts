/** Caller schemas' patterns run on RE2, each property by its own pattern. */
import { describe, expect, it } from 'vitest';

import { compileCallerSchema } from './schema-compiler.js';

describe('compileCallerSchema', () => {
  it('checks each property against its own pattern when a schema has several', () => {
    const validate = compileCallerSchema({
      type: 'object',
      properties: {
        amount: { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$' },
        currency: { type: 'string', pattern: '^[A-Z]{3}$' },
      },
    });
    expect(validate({ amount: '12.50', currency: 'EUR' })).toBe(true);
    expect(validate({ amount: 'EUR', currency: 'EUR' })).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(['/amount']);
    expect(validate({ amount: '12.50', currency: '12.50' })).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(['/currency']);
  });

  it('keeps patternProperties apart from property patterns', () => {
    const validate = compileCallerSchema({
      type: 'object',
      properties: { code: { type: 'string', pattern: '^[a-z]+$' } },
      patternProperties: { '^x_': { type: 'string', pattern: '^[0-9]+$' } },
    });
    expect(validate({ code: 'abc', x_one: '123' })).toBe(true);
    expect(validate({ code: 'abc', x_one: 'abc' })).toBe(false);
    expect(validate({ code: '123', x_one: '123' })).toBe(false);
  });
});
