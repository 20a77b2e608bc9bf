/** The e-mail marketing schema: the contacts of an audience (Weft's own; Endgrate publishes no field list). */
import { describe, expect, it } from 'vitest';

import { PROVIDER_CATEGORIES } from '../../connectors/kit/manifest.js';
import { ASSOCIATION_FIELDS, COMMON_MODELS, DEPENDENT_FIELDS } from '../registry.js';
import { SAMPLES } from '../samples.js';
import type { JsonSchemaObject, SessionSchema } from '../types.js';
import { dataValidator } from '../validate.js';
import { marketingContactSchema } from './marketing-contact.js';
import { marketingUserSchema } from './marketing-user.js';

const session = (schema: JsonSchemaObject): SessionSchema => ({
  key: String(schema.endgrate_type),
  endgrate_type: String(schema.endgrate_type),
  title: String(schema.title),
  custom: false,
  associations: false,
  schema,
});
const checkOf = (schema: JsonSchemaObject, data: unknown) => dataValidator(session(schema), { passthroughFields: false })(data);
const check = (data: unknown) => checkOf(marketingContactSchema, data);

describe('marketing schemas', () => {
  it('registers marketing-contact and marketing-user with a default schema and a full sample, which its schema accepts as it is', () => {
    expect([...COMMON_MODELS.keys()].filter((t) => t.startsWith('marketing-'))).toEqual(['marketing-contact', 'marketing-user']);
    expect(['marketing-contact', 'marketing-user'].map((t) => COMMON_MODELS.get(t)!.plural)).toEqual(['contacts', 'users']);
    expect(PROVIDER_CATEGORIES).toContain('Marketing');
    expect(COMMON_MODELS.get('marketing-contact')!.schema).toBe(marketingContactSchema);
    expect(COMMON_MODELS.get('marketing-user')!.schema).toBe(marketingUserSchema);
    for (const type of ['marketing-contact', 'marketing-user']) {
      const schema = COMMON_MODELS.get(type)!.schema;
      expect(schema.endgrate_type).toBe(type);
      const sample = SAMPLES[type]!;
      expect(Object.keys(sample).sort(), type).toEqual(Object.keys(schema.properties).sort());
      expect(checkOf(schema, sample), type).toEqual({ ok: true, data: sample });
      for (const [name, property] of Object.entries(schema.properties)) {
        expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
        if (name.endsWith('_at')) expect(property.format, name).toBe('date-time');
        if (name.endsWith('_id')) expect(property.type, name).toBe('string');
        expect(property.type, name).not.toBe('number');
      }
      expect(checkOf(schema, { unknown_field: 'x' })).toEqual({ ok: false, problems: ["data has unknown property 'unknown_field'"] });
    }
  });

  it('keeps users read only: a name, e-mail addresses, a role, whether active', () => {
    expect(Object.keys(marketingUserSchema.properties)).toEqual(['name', 'email_addresses', 'role', 'is_active']);
    expect(Object.values(marketingUserSchema.properties).every((p) => p.readOnly === true)).toBe(true);
    expect(checkOf(marketingUserSchema, { is_active: 'yes' })).toEqual({ ok: false, problems: ['data/is_active must be a boolean'] });
    expect(checkOf(marketingUserSchema, { email_addresses: [{ email_address: 'nope' }] })).toEqual({
      ok: false,
      problems: ['data/email_addresses/0/email_address must match format "email"'],
    });
  });

  it('keeps one e-mail address, the subscription status as an enum, tags as names and the audience id', () => {
    const p = marketingContactSchema.properties;
    expect(Object.keys(p)).toEqual([
      'email_address',
      'first_name',
      'last_name',
      'phone_number',
      'status',
      'tags',
      'list_id',
      'addresses',
      'opted_in_at',
      'created_at',
      'updated_at',
    ]);
    expect(p['status']?.enum).toEqual(['SUBSCRIBED', 'UNSUBSCRIBED', 'PENDING', 'CLEANED', 'TRANSACTIONAL', 'ARCHIVED']);
    expect(check({ email_address: 'ada@example.com', status: 'PENDING', tags: ['VIP'] })).toEqual({
      ok: true,
      data: { email_address: 'ada@example.com', status: 'PENDING', tags: ['VIP'] },
    });
  });

  it('checks what is written: the address, the status, tags as strings, ids as strings; times are read only', () => {
    expect(check({ email_address: 'not an address' })).toEqual({ ok: false, problems: ['data/email_address must match format "email"'] });
    expect(check({ status: 'BOUNCED' })).toEqual({
      ok: false,
      problems: ['data/status must be one of SUBSCRIBED, UNSUBSCRIBED, PENDING, CLEANED, TRANSACTIONAL, ARCHIVED'],
    });
    expect(check({ tags: ['VIP', 7] })).toEqual({ ok: false, problems: ['data/tags/1 must be a string'] });
    expect(check({ list_id: 42 })).toEqual({ ok: false, problems: ['data/list_id must be a string'] });
    expect(check({ addresses: [{ town: 'Leeds' }] })).toEqual({ ok: false, problems: ["data/addresses/0 has unknown property 'town'"] });
    for (const name of ['opted_in_at', 'created_at', 'updated_at']) expect(marketingContactSchema.properties[name]?.readOnly, name).toBe(true);
    expect(marketingContactSchema.properties['email_address']?.readOnly).toBeUndefined();
  });

  it('links a contact to nothing: its audience is a plain id, not a record Weft pulls', () => {
    expect(ASSOCIATION_FIELDS['marketing-contact']).toBeUndefined();
    expect(DEPENDENT_FIELDS['marketing-contact']).toBeUndefined();
    expect(ASSOCIATION_FIELDS['marketing-user']).toBeUndefined();
  });
});
