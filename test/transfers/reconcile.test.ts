/**
 * Settling writes of unknown outcome (src/transfers/reconcile.ts): what counts as "the record holds what was sent",
 * and which records a lost create may be matched to. The read itself runs against each sandbox in the conformance
 * suite; here a connector double answers with fixed records.
 */
import { describe, expect, it } from 'vitest';

import type { Connector, PulledRecord, PullRequest } from '../../src/connectors/index.js';
import type { FieldPlan } from '../../src/transfers/field-plan.js';
import { compare, FOUND_BY_READ, holds, MAX_PAGES, settleLostWrites } from '../../src/transfers/reconcile.js';

const SENT_AT = Date.parse('2026-12-04T10:00:00Z');
const at = (offsetMs: number) => new Date(SENT_AT + offsetMs).toISOString();

describe('holds', () => {
  const sent = { first_name: 'Ada', last_name: 'Lovelace', email_addresses: [{ email_address: 'Ada@Example.com', email_address_type: 'WORK' }] };

  it('matches text without regard to case or surrounding space, lists as subsets, and skips what the provider does not keep', () => {
    expect(
      holds(sent, {
        first_name: ' ada ',
        last_name: 'LOVELACE',
        email_addresses: [{ email_address: 'x@y.z' }, { email_address: 'ada@example.com', email_address_type: null }],
        title: 'Countess',
      }),
    ).toBe(true);
    expect(holds(sent, { first_name: 'Ada', last_name: 'Lovelace', email_addresses: [] })).toBe(true);
  });

  it('refuses a record with any differing value', () => {
    expect(holds(sent, { first_name: 'Ada', last_name: 'Byron', email_addresses: [{ email_address: 'ada@example.com' }] })).toBe(false);
    expect(holds(sent, { first_name: 'Ada', last_name: 'Lovelace', email_addresses: [{ email_address: 'other@example.com' }] })).toBe(false);
  });

  it('needs at least two compared values (or all of them when fewer were sent)', () => {
    expect(holds(sent, { first_name: 'Ada' })).toBe(false);
    expect(holds({ company_name: 'Acme' }, { company_name: 'acme' })).toBe(true);
    expect(holds({}, { company_name: 'acme' })).toBe(false);
    expect(holds({ company_name: null }, { company_name: 'acme' })).toBe(false);
  });

  it('compares numbers by value and instants by time', () => {
    expect(compare(1200, '1200.0')).toEqual({ ok: true, leaves: 1 });
    expect(compare('2026-01-02T03:04:05Z', '2026-01-02T04:04:05.000+01:00')).toEqual({ ok: true, leaves: 1 });
    expect(compare('2026-01-02T03:04:05Z', '2026-01-02T03:04:06Z')).toEqual({ ok: false, leaves: 1 });
    expect(compare(true, 'TRUE')).toEqual({ ok: true, leaves: 1 });
  });
});

describe('settleLostWrites', () => {
  const plan = { endgrateType: 'crm-contact', readFields: [], shape: (r: PulledRecord) => r.data } as unknown as FieldPlan;
  const rec = (id: string, first: string, last: string, updatedMs: number): PulledRecord => ({
    id,
    data: { first_name: first, last_name: last, updated_at: at(updatedMs) },
  });

  function connector(records: PulledRecord[], pageSize = 100) {
    const pulls: PullRequest[] = [];
    const c = {
      pull: async (_client: unknown, request: PullRequest) => {
        pulls.push(request);
        const start = Number(request.cursor ?? 0);
        const next = start + pageSize < records.length ? String(start + pageSize) : null;
        return { records: records.slice(start, start + pageSize), next };
      },
      read: async (_client: unknown, _type: string, ids: string[]) => new Map(records.filter((r) => ids.includes(r.id)).map((r) => [r.id, r])),
    } as unknown as Connector;
    return { conn: { connector: c, client: {} as never }, pulls };
  }
  const none = async () => new Set<string>();

  it('finds a created record changed since the batch was sent, asking the provider only for records changed since', async () => {
    const { conn, pulls } = connector([
      rec('1', 'Ada', 'Lovelace', -3_600_000),
      rec('2', 'Ada', 'Lovelace', 2_000),
      rec('3', 'Alan', 'Turing', 2_000),
    ]);
    const found = await settleLostWrites(conn, plan, [{ index: 4, id: null, data: { first_name: 'Ada', last_name: 'Lovelace' } }], SENT_AT, none);
    expect([...found.values()]).toEqual([{ index: 4, success: true, id: '2', errors: [], warnings: [FOUND_BY_READ] }]);
    expect(pulls[0]?.filter).toEqual([{ kind: 'range', field: 'updated_at', type: 'date-time', ranges: [{ min: SENT_AT - 60_000, max: null }] }]);
  });

  it('leaves a create unknown when two records match, when two writes match one record, or when the record is already reported', async () => {
    const twins = connector([rec('2', 'Ada', 'Lovelace', 1_000), rec('3', 'Ada', 'Lovelace', 1_500)]);
    expect(
      (await settleLostWrites(twins.conn, plan, [{ index: 0, id: null, data: { first_name: 'Ada', last_name: 'Lovelace' } }], SENT_AT, none)).size,
    ).toBe(0);
    const one = connector([rec('2', 'Ada', 'Lovelace', 1_000)]);
    const both = [
      { index: 0, id: null, data: { first_name: 'Ada', last_name: 'Lovelace' } },
      { index: 1, id: null, data: { first_name: 'Ada', last_name: 'Lovelace' } },
    ];
    expect((await settleLostWrites(one.conn, plan, both, SENT_AT, none)).size).toBe(0);
    const reported = async (ids: string[]) => new Set(ids.filter((id) => id === '2'));
    expect((await settleLostWrites(one.conn, plan, [both[0] as (typeof both)[0]], SENT_AT, reported)).size).toBe(0);
  });

  it('settles no create when the bounded read does not reach the end', async () => {
    const many = Array.from({ length: MAX_PAGES * 2 + 1 }, (_, i) => rec(String(i + 10), 'Someone', `Else${i}`, 1_000));
    const { conn, pulls } = connector([rec('2', 'Ada', 'Lovelace', 1_000), ...many], 2);
    expect(
      (await settleLostWrites(conn, plan, [{ index: 0, id: null, data: { first_name: 'Ada', last_name: 'Lovelace' } }], SENT_AT, none)).size,
    ).toBe(0);
    expect(pulls).toHaveLength(MAX_PAGES);
  });

  it('confirms an update when the record holds what was sent, and not when it holds something else', async () => {
    const { conn, pulls } = connector([rec('7', 'Grace', 'Hopper', -86_400_000), rec('8', 'Alan', 'Turing', 0)]);
    const found = await settleLostWrites(
      conn,
      plan,
      [
        { index: 0, id: '7', data: { first_name: 'Grace', last_name: 'Hopper' } },
        { index: 1, id: '8', data: { first_name: 'Alan', last_name: 'Kay' } },
      ],
      SENT_AT,
      none,
    );
    expect([...found.keys()]).toEqual([0]);
    expect(found.get(0)).toMatchObject({ id: '7', success: true });
    expect(pulls).toHaveLength(0);
  });
});
