/** The communication schemas: a team chat's members and its channels' messages (Weft's own; Endgrate's are not published). */
import { describe, expect, it } from 'vitest';

import { PROVIDER_CATEGORIES } from '../../connectors/kit/manifest.js';
import { ASSOCIATION_FIELDS, COMMON_MODELS, DEPENDENT_FIELDS } from '../registry.js';
import { SAMPLES } from '../samples.js';
import type { JsonSchemaObject, SessionSchema } from '../types.js';
import { dataValidator } from '../validate.js';
import { communicationMessageHistorySchema } from './communication-message_history.js';
import { communicationUserSchema } from './communication-user.js';

const session = (schema: JsonSchemaObject): SessionSchema => ({
  key: String(schema.endgrate_type),
  endgrate_type: String(schema.endgrate_type),
  title: String(schema.title),
  custom: false,
  associations: false,
  schema,
});
const check = (schema: JsonSchemaObject, data: unknown) => dataValidator(session(schema), { passthroughFields: false })(data);

const TYPES = ['communication-user', 'communication-message_history'];

describe('communication schemas', () => {
  it("registers Endgrate's user and message-history types with a default schema and a full sample, which its schema accepts as it is", () => {
    expect([...COMMON_MODELS.keys()].filter((t) => t.startsWith('communication-'))).toEqual(TYPES);
    expect(TYPES.map((t) => COMMON_MODELS.get(t)!.plural)).toEqual(['users', 'messages']);
    expect(PROVIDER_CATEGORIES).toContain('Communication');
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

  it('keeps a message where it was posted, who wrote it, its text, its times and its thread', () => {
    expect(Object.keys(communicationMessageHistorySchema.properties)).toEqual([
      'channel_id',
      'channel_name',
      'author_id',
      'text',
      'sent_at',
      'thread_parent_id',
      'reply_count',
      'edited_at',
    ]);
    expect(check(communicationMessageHistorySchema, { channel_id: 'C0123456789', text: 'Ready?' })).toEqual({
      ok: true,
      data: { channel_id: 'C0123456789', text: 'Ready?' },
    });
  });

  it('checks what is written: ids and text as strings, counts as integers, times with a zone; users are read only', () => {
    expect(check(communicationMessageHistorySchema, { channel_id: 42 })).toEqual({ ok: false, problems: ['data/channel_id must be a string'] });
    expect(check(communicationMessageHistorySchema, { text: ['a'] })).toEqual({ ok: false, problems: ['data/text must be a string'] });
    expect(check(communicationMessageHistorySchema, { reply_count: 1.5 })).toEqual({ ok: false, problems: ['data/reply_count must be an integer'] });
    expect(check(communicationMessageHistorySchema, { reply_count: -1 })).toEqual({ ok: false, problems: ['data/reply_count must be >= 0'] });
    expect(check(communicationMessageHistorySchema, { sent_at: '1710433800.000100' })).toEqual({
      ok: false,
      problems: ['data/sent_at must match format "date-time"'],
    });
    expect(check(communicationUserSchema, { email_addresses: [{ email_address: 'not an address' }] })).toEqual({
      ok: false,
      problems: ['data/email_addresses/0/email_address must match format "email"'],
    });
    expect(check(communicationUserSchema, { is_bot: 'no' })).toEqual({ ok: false, problems: ['data/is_bot must be a boolean'] });
    expect(Object.values(communicationUserSchema.properties).every((p) => p.readOnly === true)).toBe(true);
    const written = Object.entries(communicationMessageHistorySchema.properties).filter(([, p]) => p.readOnly !== true);
    expect(written.map(([name]) => name)).toEqual(['channel_id', 'text', 'thread_parent_id']);
  });

  it("links a message to its author; a user's messages come after it, holding its id", () => {
    expect(ASSOCIATION_FIELDS['communication-message_history']).toEqual({ 'communication-user': 'author_id' });
    expect(ASSOCIATION_FIELDS['communication-user']).toBeUndefined();
    expect(DEPENDENT_FIELDS['communication-user']).toEqual({ 'communication-message_history': 'author_id' });
    expect(DEPENDENT_FIELDS['communication-message_history']).toBeUndefined();
  });
});
