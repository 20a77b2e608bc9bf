/** The forms schemas: a form's questions and the responses submitted to it (Weft's own; Endgrate's are not published). */
import { describe, expect, it } from 'vitest';

import { PROVIDER_CATEGORIES } from '../../connectors/kit/manifest.js';
import { ASSOCIATION_FIELDS, COMMON_MODELS, DEPENDENT_FIELDS } from '../registry.js';
import { SAMPLES } from '../samples.js';
import type { JsonSchemaObject, SessionSchema } from '../types.js';
import { dataValidator } from '../validate.js';
import { formsLeadSchema } from './forms-lead.js';
import { formsQuestionSchema } from './forms-question.js';

const session = (schema: JsonSchemaObject): SessionSchema => ({
  key: String(schema.endgrate_type),
  endgrate_type: String(schema.endgrate_type),
  title: String(schema.title),
  custom: false,
  associations: false,
  schema,
});
const check = (schema: JsonSchemaObject, data: unknown) => dataValidator(session(schema), { passthroughFields: false })(data);

const TYPES = ['forms-question', 'forms-lead'];

describe('forms schemas', () => {
  it("registers Endgrate's two forms types with a default schema and a full sample, which its schema accepts as it is", () => {
    expect([...COMMON_MODELS.keys()].filter((t) => t.startsWith('forms-'))).toEqual(TYPES);
    expect(TYPES.map((t) => COMMON_MODELS.get(t)!.plural)).toEqual(['questions', 'leads']);
    expect(PROVIDER_CATEGORIES).toContain('Forms');
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
        // Both are read only: forms are written in the provider's form builder, responses by respondents.
        expect(property.readOnly, `${type}.${name}`).toBe(true);
      }
      expect(check(schema, { unknown_field: 'x' })).toEqual({ ok: false, problems: ["data has unknown property 'unknown_field'"] });
    }
  });

  it("names a question's form, kind, whether it is required, its choices and position", () => {
    expect(Object.keys(formsQuestionSchema.properties)).toEqual([
      'form_id',
      'form_title',
      'title',
      'type',
      'required',
      'choices',
      'position',
      'group_id',
      'updated_at',
    ]);
    expect(check(formsQuestionSchema, { type: 'CHECKBOX' })).toEqual({
      ok: false,
      problems: [
        'data/type must be one of SHORT_TEXT, LONG_TEXT, EMAIL, PHONE_NUMBER, NUMBER, MULTIPLE_CHOICE, DROPDOWN, PICTURE_CHOICE, YES_NO, LEGAL, RATING, OPINION_SCALE, DATE, WEBSITE, FILE_UPLOAD, PAYMENT, STATEMENT, GROUP, OTHER',
      ],
    });
    expect(check(formsQuestionSchema, { required: 'yes' })).toEqual({ ok: false, problems: ['data/required must be a boolean'] });
    expect(check(formsQuestionSchema, { position: 1.5 })).toEqual({ ok: false, problems: ['data/position must be an integer'] });
    expect(check(formsQuestionSchema, { choices: [{ id: 'a' }] })).toEqual({
      ok: false,
      problems: ["data/choices/0 must have required property 'label'"],
    });
    expect(check(formsQuestionSchema, { form_id: 42 })).toEqual({ ok: false, problems: ['data/form_id must be a string'] });
  });

  it('holds a response as its answers by question, amounts exact as decimal strings, times with their zone', () => {
    expect(check(formsLeadSchema, { answers: [{ question_id: 'q1', type: 'PAYMENT', number: 49.9 }] })).toEqual({
      ok: false,
      problems: ['data/answers/0/number must be a string'],
    });
    expect(check(formsLeadSchema, { answers: [{ question_id: 'q1', number: '49,90' }] })).toEqual({
      ok: false,
      problems: ['data/answers/0/number must match pattern "^-?[0-9]+(\\.[0-9]+)?$"'],
    });
    expect(check(formsLeadSchema, { answers: [{ question_title: 'Name?' }] })).toEqual({
      ok: false,
      problems: ["data/answers/0 must have required property 'question_id'"],
    });
    expect(check(formsLeadSchema, { answers: [{ question_id: 'q1', value: 'x' }] })).toEqual({
      ok: false,
      problems: ["data/answers/0 has unknown property 'value'"],
    });
    expect(check(formsLeadSchema, { submitted_at: '2024-03-15 10:02' })).toEqual({
      ok: false,
      problems: ['data/submitted_at must match format "date-time"'],
    });
    expect(check(formsLeadSchema, { email_addresses: [{ email_address: 'not an address' }] })).toEqual({
      ok: false,
      problems: ['data/email_addresses/0/email_address must match format "email"'],
    });
    expect(check(formsLeadSchema, { answers: [{ question_id: 'q1', type: 'PAYMENT', number: '49.90', currency: 'eur' }] })).toEqual({
      ok: false,
      problems: ['data/answers/0/currency must match pattern "^[A-Z]{3}$"'],
    });
  });

  it('links neither type to another: a question and a lead name their form by id only', () => {
    for (const type of TYPES) {
      expect(ASSOCIATION_FIELDS[type]).toBeUndefined();
      expect(DEPENDENT_FIELDS[type]).toBeUndefined();
    }
  });
});
