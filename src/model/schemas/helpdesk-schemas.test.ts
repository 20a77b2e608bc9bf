/** The help-desk schemas: customers, their companies, agents and the notes on tickets (Weft's own; Endgrate's are not published). */
import { describe, expect, it } from 'vitest';

import { ASSOCIATION_FIELDS, COMMON_MODELS, DEPENDENT_FIELDS } from '../registry.js';
import { SAMPLES } from '../samples.js';
import type { JsonSchemaObject, SessionSchema } from '../types.js';
import { dataValidator } from '../validate.js';
import { helpdeskContactSchema } from './helpdesk-contact.js';
import { helpdeskNoteSchema } from './helpdesk-note.js';
import { helpdeskUserSchema } from './helpdesk-user.js';

const session = (schema: JsonSchemaObject): SessionSchema => ({
  key: String(schema.endgrate_type),
  endgrate_type: String(schema.endgrate_type),
  title: String(schema.title),
  custom: false,
  associations: false,
  schema,
});
const check = (schema: JsonSchemaObject, data: unknown) => dataValidator(session(schema), { passthroughFields: false })(data);

const TYPES = ['helpdesk-company', 'helpdesk-contact', 'helpdesk-note', 'helpdesk-user'];

describe('help-desk schemas', () => {
  it("registers Endgrate's four helpdesk types with a default schema and a full sample, which its schema accepts as it is", () => {
    expect([...COMMON_MODELS.keys()].filter((t) => t.startsWith('helpdesk-'))).toEqual(TYPES);
    expect(TYPES.map((t) => COMMON_MODELS.get(t)!.plural)).toEqual(['companies', 'contacts', 'notes', 'users']);
    for (const type of TYPES) {
      const schema = COMMON_MODELS.get(type)!.schema;
      expect(schema.endgrate_type).toBe(type);
      const sample = SAMPLES[type]!;
      expect(Object.keys(sample).sort(), type).toEqual(Object.keys(schema.properties).sort());
      expect(check(schema, sample), type).toEqual({ ok: true, data: sample });
      for (const [name, property] of Object.entries(schema.properties)) {
        expect(name, type).toMatch(/^[a-z][a-z0-9_]*$/);
        if (name.endsWith('_at')) expect(property.format, `${type}.${name}`).toBe('date-time');
        if (name.endsWith('_id')) expect(property.type, `${type}.${name}`).toBe('string');
        expect(property.type, `${type}.${name}`).not.toBe('number');
      }
      expect(check(schema, { unknown_field: 'x' })).toEqual({ ok: false, problems: ["data has unknown property 'unknown_field'"] });
    }
  });

  it('checks what is written: e-mail addresses, ids as strings, booleans; agents are read only', () => {
    expect(check(helpdeskContactSchema, { email_addresses: [{ email_address: 'not an address' }] })).toEqual({
      ok: false,
      problems: ['data/email_addresses/0/email_address must match format "email"'],
    });
    expect(check(helpdeskContactSchema, { company_id: 360012345678 })).toEqual({ ok: false, problems: ['data/company_id must be a string'] });
    expect(check(helpdeskContactSchema, { tags: ['vip', 7] })).toEqual({ ok: false, problems: ['data/tags/1 must be a string'] });
    expect(check(helpdeskNoteSchema, { is_public: 'yes' })).toEqual({ ok: false, problems: ['data/is_public must be a boolean'] });
    expect(check(helpdeskNoteSchema, { ticket_id: '4521', content: 'Thanks!', is_public: false })).toEqual({
      ok: true,
      data: { ticket_id: '4521', content: 'Thanks!', is_public: false },
    });
    expect(Object.values(helpdeskUserSchema.properties).every((p) => p.readOnly === true)).toBe(true);
    expect(helpdeskNoteSchema.properties['contact_id']?.readOnly).toBe(true);
  });

  it('links a contact to its company and a note to its author; nothing is pushed into a read-only field', () => {
    expect(ASSOCIATION_FIELDS['helpdesk-contact']).toEqual({ 'helpdesk-company': 'company_id' });
    expect(ASSOCIATION_FIELDS['helpdesk-note']).toEqual({ 'helpdesk-user': 'author_id' });
    // A company's contacts are created after it, holding its id; a contact gets no notes pushed under it.
    expect(DEPENDENT_FIELDS['helpdesk-company']).toEqual({ 'helpdesk-contact': 'company_id' });
    expect(DEPENDENT_FIELDS['helpdesk-contact']).toBeUndefined();
  });
});
