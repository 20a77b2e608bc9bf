/**
 * Resolving a pushed batch's associations into link fields (src/transfers/links.ts): a single link field takes the
 * first associated record, a list field (a deal's `contact_ids`) every one, once each; records to create are created
 * once each through the connector and remembered at once. The provider side is a connector double; no database is
 * reached, since nothing here is named by an internal_id.
 */
import { describe, expect, it } from 'vitest';

import type { PushOperation } from '../../src/connectors/index.js';

type PushRequest = { endgrateType: string; operations: PushOperation[] };
import { ASSOCIATION_FIELDS, COMMON_MODELS, DEPENDENT_FIELDS } from '../../src/model/registry.js';
import type { Connection } from '../../src/sessions/connections.js';
import type { FieldPlan } from '../../src/transfers/field-plan.js';
import { linkBatch, type LinkContext } from '../../src/transfers/links.js';

function context(types: Record<string, string>) {
  const pushed: PushRequest[] = [];
  const remembered: Array<[string, Array<[string, string]>]> = [];
  let next = 500;
  const conn = {
    client: {},
    connector: {
      manifest: { batchSize: { create: 10 } },
      push: async (_client: unknown, request: PushRequest) => {
        pushed.push(request);
        return request.operations.map((op: PushOperation) => ({ index: op.index, success: true, id: String(next++), errors: [] }));
      },
    },
  } as unknown as Connection;
  const ctx: LinkContext = {
    db: {} as LinkContext['db'],
    sessionId: 's1',
    conn,
    planOf: async (key) =>
      ({ endgrateType: types[key] as string, split: (data: Record<string, unknown>) => ({ data, fields: {} }) }) as unknown as FieldPlan,
    remember: async (key, pairs) => void remembered.push([key, pairs]),
  };
  return { ctx, pushed, remembered };
}

describe('linkBatch', () => {
  it("fills a deal's contact_ids with every associated contact (once each) and company_id with the first company", async () => {
    const { ctx, pushed, remembered } = context({ 'crm-contact': 'crm-contact', 'crm-company': 'crm-company' });
    const batch = await linkBatch(ctx, 'crm-deal', 'crm-deal', [
      {
        index: 0,
        id: null,
        internal_id: null,
        data: { name: 'Renewal' },
        associations: {
          'crm-contact': [{ id: '11' }, { id: '12' }, { id: '11' }, { data: { first_name: 'Ann' } }],
          'crm-company': [{ id: '21' }, { id: '22' }],
        },
      },
      { index: 1, id: null, internal_id: null, data: { name: 'Upsell', contact_ids: ['9', '13'] }, associations: { 'crm-contact': [{ id: '13' }] } },
    ]);
    expect(batch.failures).toEqual(new Map());
    expect(batch.links).toEqual(
      new Map([
        [0, { contact_ids: ['11', '12', '500'], company_id: '21' }],
        // The ids the data lists come first, then the associated ones, once each.
        [1, { contact_ids: ['9', '13'] }],
      ]),
    );
    expect(pushed).toEqual([{ endgrateType: 'crm-contact', operations: [{ index: 0, id: null, data: { first_name: 'Ann' } }] }]);
    expect(batch.writes).toBe(1);
    expect(remembered).toEqual([]);
  });

  it("fills a contact's company_id with one company: one given by id before one created, and a created one alone", async () => {
    const { ctx, pushed } = context({ companies: 'crm-company' });
    const batch = await linkBatch(ctx, 'crm-contact', 'crm-contact', [
      { index: 0, id: null, internal_id: null, data: {}, associations: { companies: [{ data: { name: 'Acme' } }, { id: '9' }] } },
      { index: 1, id: null, internal_id: null, data: {}, associations: { companies: [{ data: { name: 'Acme' } }] } },
    ]);
    expect(batch.links).toEqual(
      new Map([
        [0, { company_id: '9' }],
        [1, { company_id: '500' }],
      ]),
    );
    // The same data is created once, for both items.
    expect(pushed).toHaveLength(1);
    expect(pushed[0]?.operations).toHaveLength(1);
  });
});

describe('ASSOCIATION_FIELDS', () => {
  it('derives the records created after a type (pointing at it, not pointed at by it): a deal has notes, tasks and activities', () => {
    expect(DEPENDENT_FIELDS['crm-deal']).toEqual({ 'crm-note': 'deal_id', 'crm-task': 'deal_id', 'crm-activity': 'deal_id' });
    // A deal points at its contacts (contact_ids): a contact's deals are created after it, holding it in their list.
    expect(DEPENDENT_FIELDS['crm-contact']?.['crm-deal']).toBe('contact_ids');
    // A contact points at its company, so a company is never created after a contact.
    expect(DEPENDENT_FIELDS['crm-contact']?.['crm-company']).toBeUndefined();
  });

  it('names, for each type, a field of its model that points at a registered model (a list field for a list)', () => {
    for (const [type, links] of Object.entries(ASSOCIATION_FIELDS)) {
      const properties = COMMON_MODELS.get(type)?.schema.properties ?? {};
      for (const [target, field] of Object.entries(links)) {
        expect(COMMON_MODELS.has(target), `${type} -> ${target}`).toBe(true);
        expect(Object.keys(properties), `${type}.${field}`).toContain(field);
      }
    }
    expect(COMMON_MODELS.get('crm-deal')?.schema.properties['contact_ids']?.type).toBe('array');
  });
});
