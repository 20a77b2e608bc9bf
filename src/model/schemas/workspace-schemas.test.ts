/** The task-workspace schemas: tasks and the members they are assigned to (Weft's own; Endgrate's are not published). */
import { describe, expect, it } from 'vitest';

import { PROVIDER_CATEGORIES } from '../../connectors/kit/manifest.js';
import { ASSOCIATION_FIELDS, COMMON_MODELS, DEPENDENT_FIELDS } from '../registry.js';
import { SAMPLES } from '../samples.js';
import type { JsonSchemaObject, SessionSchema } from '../types.js';
import { dataValidator } from '../validate.js';
import { workspaceTaskSchema } from './workspace-task.js';
import { workspaceUserSchema } from './workspace-user.js';

const session = (schema: JsonSchemaObject): SessionSchema => ({
  key: String(schema.endgrate_type),
  endgrate_type: String(schema.endgrate_type),
  title: String(schema.title),
  custom: false,
  associations: false,
  schema,
});
const check = (schema: JsonSchemaObject, data: unknown) => dataValidator(session(schema), { passthroughFields: false })(data);

const TYPES = ['workspace-task', 'workspace-user'];

describe('task-workspace schemas', () => {
  it("registers Endgrate's two workspace types with a default schema and a full sample, which its schema accepts as it is", () => {
    expect([...COMMON_MODELS.keys()].filter((t) => t.startsWith('workspace-'))).toEqual(TYPES);
    expect(TYPES.map((t) => COMMON_MODELS.get(t)!.plural)).toEqual(['tasks', 'users']);
    expect(PROVIDER_CATEGORIES).toContain('Workspace');
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

  it("keeps Endgrate's example fields: subject, content, a due date without a time, a completion time, OPEN or COMPLETED", () => {
    const p = workspaceTaskSchema.properties;
    expect(Object.keys(p).slice(0, 5)).toEqual(['subject', 'content', 'status', 'due_date', 'completed_date']);
    expect(p['status']?.enum).toEqual(['OPEN', 'COMPLETED']);
    expect(p['due_date']?.format).toBe('date');
    expect(p['completed_date']?.format).toBe('date-time');
    expect(check(workspaceTaskSchema, { subject: 'Write the notes', status: 'OPEN', due_date: '2024-03-15' })).toEqual({
      ok: true,
      data: { subject: 'Write the notes', status: 'OPEN', due_date: '2024-03-15' },
    });
  });

  it('checks what is written: the status, dates, ids as strings; users are read only', () => {
    expect(check(workspaceTaskSchema, { status: 'DONE' })).toEqual({ ok: false, problems: ['data/status must be one of OPEN, COMPLETED'] });
    expect(check(workspaceTaskSchema, { due_date: '15/03/2024' })).toEqual({ ok: false, problems: ['data/due_date must match format "date"'] });
    expect(check(workspaceTaskSchema, { assignee_id: 1200000000000002 })).toEqual({ ok: false, problems: ['data/assignee_id must be a string'] });
    expect(check(workspaceTaskSchema, { subject: 7 })).toEqual({ ok: false, problems: ['data/subject must be a string'] });
    expect(check(workspaceUserSchema, { email_addresses: [{ email_address: 'not an address' }] })).toEqual({
      ok: false,
      problems: ['data/email_addresses/0/email_address must match format "email"'],
    });
    expect(check(workspaceUserSchema, { is_active: 'yes' })).toEqual({ ok: false, problems: ['data/is_active must be a boolean'] });
    expect(Object.values(workspaceUserSchema.properties).every((p) => p.readOnly === true)).toBe(true);
    for (const name of ['completed_date', 'project_name', 'url', 'created_at', 'updated_at']) {
      expect(workspaceTaskSchema.properties[name]?.readOnly, name).toBe(true);
    }
  });

  it("links a task to its assignee; a user's tasks are created after it, holding its id", () => {
    expect(ASSOCIATION_FIELDS['workspace-task']).toEqual({ 'workspace-user': 'assignee_id' });
    expect(ASSOCIATION_FIELDS['workspace-user']).toBeUndefined();
    expect(DEPENDENT_FIELDS['workspace-user']).toEqual({ 'workspace-task': 'assignee_id' });
    expect(DEPENDENT_FIELDS['workspace-task']).toBeUndefined();
  });
});
