/**
 * How each connector renders the part of a pull filter it hands to the provider: never stricter than the filter
 * (Weft checks every record afterwards), escaped, and within the provider's limits.
 */
import { describe, expect, it } from 'vitest';

import { searchFilters } from '../../src/connectors/hubspot/filters.js';
import { predicatesFor, type PushTable } from '../../src/connectors/kit/pushdown.js';
import { listFilters } from '../../src/connectors/pipedrive/filters.js';
import { soqlFilter } from '../../src/connectors/salesforce/filters.js';
import { type Condition, parseFilter } from '../../src/model/filter.js';
import { COMMON_MODELS } from '../../src/model/registry.js';

const contact = { properties: COMMON_MODELS.get('crm-contact')!.schema.properties, name: 'crm-contact' };
function conditions(params: unknown): Condition[] {
  const r = parseFilter(params, contact);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.conditions;
}

const TABLE: PushTable = {
  last_name: { name: 'LastName', type: 'string' },
  company_id: { name: 'AccountId', type: 'id' },
  created_at: { name: 'CreatedDate', type: 'datetime' },
  'email_addresses.email_address': { name: 'Email', type: 'string' },
};

describe('choosing what to push down', () => {
  it('keeps conditions the table holds; leaves nulls, unknown fields and alternatives across elements to Weft', () => {
    const p = predicatesFor(
      conditions({
        last_name: ['Doe', "O'Hara"],
        title: 'CEO',
        company_id: null,
        email_addresses: { email_address: 'a@b.c', email_address_type: 'WORK' },
        created_at__range: ['2024-01-01', null],
      }),
      TABLE,
    );
    expect(p).toEqual([
      { field: TABLE['last_name'], op: 'in', values: ['Doe', "O'Hara"] },
      { field: TABLE['email_addresses.email_address'], op: 'in', values: ['a@b.c'] },
      { field: TABLE['created_at'], op: 'range', ranges: [{ min: Date.parse('2024-01-01T00:00:00Z'), max: null }] },
    ]);
    expect(predicatesFor(conditions({ email_addresses: [{ email_address: 'a@b.c' }, { email_address: 'd@e.f' }] }), TABLE)).toEqual([]);
  });
});

describe('Salesforce: SOQL', () => {
  it('escapes text, widens instants to whole seconds, ORs several ranges, and skips ids that are not ids', () => {
    const p = predicatesFor(
      conditions({
        last_name: ["O'Hara \\ Sons"],
        created_at__range: [
          ['2024-01-01T10:00:00.250Z', '2024-01-01T11:00:00.250Z'],
          ['2025-01-01', null],
        ],
        company_id: 'not-an-id',
      }),
      TABLE,
    );
    expect(soqlFilter(p)).toEqual([
      "LastName = 'O\\'Hara \\\\ Sons'",
      '((CreatedDate >= 2024-01-01T10:00:00Z AND CreatedDate <= 2024-01-01T11:00:01Z) OR (CreatedDate >= 2025-01-01T00:00:00Z))',
    ]);
    expect(soqlFilter(predicatesFor(conditions({ company_id: ['001000000000001AAA', '001000000000002AAA'] }), TABLE))).toEqual([
      "AccountId IN ('001000000000001AAA', '001000000000002AAA')",
    ]);
  });

  it('leaves a list too long for a query to Weft', () => {
    const names = Array.from({ length: 400 }, (_, i) => `Name number ${i}`);
    expect(soqlFilter(predicatesFor(conditions({ last_name: names }), TABLE))).toEqual([]);
  });
});

describe('HubSpot: search filters', () => {
  const table: PushTable = {
    last_name: { name: 'lastname', type: 'string' },
    created_at: { name: 'createdate', type: 'datetime' },
    company_id: { name: 'associatedcompanyid', type: 'id' },
  };
  it('EQ for one value, IN (in lower case) for several, BETWEEN/GTE/LTE for one range; several ranges stay with Weft', () => {
    expect(
      searchFilters(
        predicatesFor(conditions({ last_name: 'Doe', company_id: ['1', '2'], created_at__range: ['2024-01-01T00:00:00Z', null] }), table),
      ),
    ).toEqual([
      { propertyName: 'lastname', operator: 'EQ', value: 'Doe' },
      { propertyName: 'associatedcompanyid', operator: 'IN', values: ['1', '2'] },
      { propertyName: 'createdate', operator: 'GTE', value: String(Date.parse('2024-01-01T00:00:00Z')) },
    ]);
    expect(searchFilters(predicatesFor(conditions({ last_name: ['Doe', 'SMITH'] }), table))).toEqual([
      { propertyName: 'lastname', operator: 'IN', values: ['doe', 'smith'] },
    ]);
    expect(
      searchFilters(
        predicatesFor(
          conditions({
            created_at__range: [
              ['2024-01-01', '2024-01-02'],
              ['2025-01-01', null],
            ],
          }),
          table,
        ),
      ),
    ).toEqual([]);
  });
});

describe('Pipedrive: list parameters', () => {
  const table: PushTable = { company_id: { name: 'org_id', type: 'id' }, updated_at: { name: 'update_time', type: 'datetime' } };
  it('one id, and an update-time range to the second with an exclusive end', () => {
    expect(
      listFilters(predicatesFor(conditions({ company_id: '42', updated_at__range: ['2024-01-01T10:00:00.500Z', '2024-01-31'] }), table)),
    ).toEqual({
      org_id: '42',
      updated_since: '2024-01-01T10:00:00Z',
      updated_until: '2024-02-01T00:00:00Z',
    });
    expect(listFilters(predicatesFor(conditions({ company_id: ['42', '43'] }), table))).toEqual({});
  });
});
