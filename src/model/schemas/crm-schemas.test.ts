/** The CRM schemas of issue 12 (not yet offered by a provider): valid JSON Schema, money as decimal strings, enums checked. */
import { describe, expect, it } from 'vitest';

import type { JsonSchemaObject, SessionSchema } from '../types.js';
import { dataValidator } from '../validate.js';
import { ACTIVITY_TYPES, crmActivitySchema } from './crm-activity.js';
import { crmDealSchema } from './crm-deal.js';
import { crmLeadSchema } from './crm-lead.js';
import { crmNoteSchema } from './crm-note.js';
import { crmProductSchema } from './crm-product.js';
import { crmTaskSchema } from './crm-task.js';
import { crmTicketSchema } from './crm-ticket.js';
import { crmUserSchema } from './crm-user.js';

const session = (schema: JsonSchemaObject): SessionSchema => ({
  key: String(schema.endgrate_type),
  endgrate_type: String(schema.endgrate_type),
  title: String(schema.title),
  custom: false,
  associations: false,
  schema,
});
const check = (schema: JsonSchemaObject, data: unknown) => dataValidator(session(schema), { passthroughFields: false })(data);

describe('CRM schemas', () => {
  it('a deal holds its amount as a decimal string with a currency, never a float', () => {
    const deal = {
      name: 'Acme renewal',
      amount: '12500.50',
      currency: 'EUR',
      stage_id: 'appointmentscheduled',
      status: 'OPEN',
      close_date: '2027-01-31',
      probability: 40,
      company_id: '101',
      contact_ids: ['1', '2'],
    };
    expect(check(crmDealSchema, deal)).toEqual({ ok: true, data: deal });
    expect(check(crmDealSchema, { amount: 12500.5 })).toEqual({ ok: false, problems: ['data/amount must be a string'] });
    expect(check(crmDealSchema, { amount: '12,500' })).toEqual({ ok: false, problems: ['data/amount must match pattern "^-?[0-9]+(\\.[0-9]+)?$"'] });
    expect(check(crmDealSchema, { currency: 'euro' })).toEqual({ ok: false, problems: ['data/currency must match pattern "^[A-Z]{3}$"'] });
    expect(check(crmDealSchema, { status: 'won' })).toEqual({ ok: false, problems: ['data/status must be one of OPEN, WON, LOST'] });
    expect(check(crmDealSchema, { probability: 140 })).toEqual({ ok: false, problems: ['data/probability must be <= 100'] });
    expect(check(crmDealSchema, { contact_ids: [1] })).toEqual({ ok: false, problems: ['data/contact_ids/0 must be a string'] });
  });

  it("crm-activity starts with Endgrate's seven properties, verbatim, and takes its example object", () => {
    expect(Object.keys(crmActivitySchema.properties).slice(0, 7)).toEqual([
      'type',
      'title',
      'description',
      'timestamp',
      'user_id',
      'contact_id',
      'company_id',
    ]);
    expect(ACTIVITY_TYPES).toEqual(['CALL', 'MEETING', 'EMAIL', 'NOTE', 'TASK', 'DEADLINE', 'SEND-LETTER', 'SEND-QUOTE', 'OTHER']);
    const call = {
      type: 'CALL',
      title: 'Call with Endgrate',
      description: 'This call contained important information.',
      timestamp: '2024-01-01T00:00:00Z',
      user_id: 'XXX',
      contact_id: 'XXX',
      company_id: 'XXX',
      direction: 'OUTBOUND',
      duration_seconds: 300,
      participants: [{ email_address: 'ada@example.com', email_address_type: 'WORK' }],
    };
    expect(check(crmActivitySchema, call)).toEqual({ ok: true, data: call });
    expect(check(crmActivitySchema, { timestamp: '2024-01-01' })).toEqual({ ok: false, problems: ['data/timestamp must match format "date-time"'] });
    expect(check(crmActivitySchema, { direction: 'IN' })).toEqual({ ok: false, problems: ['data/direction must be one of INBOUND, OUTBOUND'] });
  });

  it('every schema is a typed object with snake_case properties, ISO timestamps and upper-case enums', () => {
    for (const schema of [
      crmDealSchema,
      crmLeadSchema,
      crmNoteSchema,
      crmTaskSchema,
      crmActivitySchema,
      crmUserSchema,
      crmTicketSchema,
      crmProductSchema,
    ]) {
      expect(schema.type).toBe('object');
      expect(schema.endgrate_type).toMatch(/^crm-[a-z]+$/);
      for (const [name, property] of Object.entries(schema.properties)) {
        expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
        if (name.endsWith('_at')) expect(property.format).toBe('date-time');
        for (const value of property.enum ?? []) expect(value).toBe(String(value).toUpperCase());
      }
      expect(check(schema, { unknown_field: 'x' })).toEqual({ ok: false, problems: ["data has unknown property 'unknown_field'"] });
      expect(check(schema, {})).toEqual({ ok: true, data: {} });
    }
  });

  it('a product price, a task, a ticket and a lead are checked like the rest', () => {
    expect(check(crmProductSchema, { name: 'Seat', unit_price: '49.00', currency: 'USD', active: true, sku: 'SEAT-1' }).ok).toBe(true);
    expect(check(crmProductSchema, { unit_price: 49 })).toEqual({ ok: false, problems: ['data/unit_price must be a string'] });
    expect(check(crmTaskSchema, { subject: 'Call back', status: 'DONE' })).toEqual({
      ok: false,
      problems: ['data/status must be one of OPEN, IN_PROGRESS, COMPLETED, CANCELLED'],
    });
    expect(check(crmTicketSchema, { subject: 'Broken', priority: 'URGENT', status: 'WAITING' }).ok).toBe(true);
    expect(check(crmLeadSchema, { email_addresses: [{ email_address: 'not an address' }] })).toEqual({
      ok: false,
      problems: ['data/email_addresses/0/email_address must match format "email"'],
    });
    expect(check(crmNoteSchema, { content: '<p>Met at the fair</p>', deal_id: '7' }).ok).toBe(true);
    expect(check(crmUserSchema, { email_address: 'owner@example.com', is_active: true }).ok).toBe(true);
  });
});
