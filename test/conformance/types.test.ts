/**
 * The conformance suite for every (provider, type) pair a connector offers beyond contacts and companies (those have
 * conformance.test.ts): a full pull whose page read fails with a 503 and is cured by a retry, the same records as an
 * untroubled pull; a sync that first adds everything, then reports nothing, then exactly the record Weft created and
 * the one it changed (and, where the sandbox lets the test delete behind Weft's back, the one deleted); and, where the
 * provider takes writes, a round trip: a record copied from a pulled one comes back with the same writable fields.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { CONNECTORS } from '../../src/connectors/index.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';
import { TYPES_ADAPTERS } from './adapters.js';
import { copyOfRecord, REMOVERS, writableOf } from './records.js';

const COVERED = new Set(['crm-contact', 'crm-company']);

for (const adapter of TYPES_ADAPTERS) {
  const connector = CONNECTORS.find((c) => c.manifest.name === adapter.provider);
  // Types the provider is pulled from (a type only pushed, as Freshsales' notes, which its API cannot list, is checked by
  // the provider's own tests: every case here starts from pulled records).
  const schemas = Object.entries(connector?.manifest.schemas ?? {}).filter(([type, served]) => !COVERED.has(type) && served.pull);
  describeEachDialect(`${adapter.provider} conformance of its other types`, (dialect) => {
    let h: Harness;
    let n = 0;
    beforeAll(async () => {
      h = await startHarness(dialect, {
        env: { WEFT_SANDBOX_CONTACTS: '300', WEFT_SANDBOX_COMPANIES: '40', WEFT_SANDBOX_RATE_LIMIT: 'off' },
      });
    });
    afterAll(async () => h?.close());

    /** A session of one type, two-way unless the provider only reads it (then a pull session). */
    async function connected(types: string[], sync = false, pullOnly = false): Promise<{ sid: string; account: string }> {
      const account = `${adapter.provider}-types-${n++}`;
      const body = { schema: types.map((endgrate_type) => ({ endgrate_type })), ...(sync ? { sync: true } : {}) };
      const sid = (await h.api('POST', pullOnly ? '/api/pull/initiate' : '/api/session/initiate', { body })).body.session_id;
      await adapter.connect(h, sid, account);
      return { sid, account };
    }

    async function pulled(sid: string, type: string, params?: Record<string, string>): Promise<{ transfer: any; items: any[] }> {
      const body = { session_id: sid, endgrate_type: type, synchronous: true, ...(params ? { params } : {}) };
      const t = await h.api('POST', '/api/pull/transfer', { body });
      expect(t.body, JSON.stringify(t.body)).toMatchObject({ success: true });
      const items: any[] = [];
      for (let offset = 0; ; offset += 250) {
        const page = await h.api('GET', `/api/pull/data?endgrate_type=${type}&transfer_id=${t.body.transfer_id}&offset=${offset}`);
        items.push(...page.body.transfer_data);
        if (!page.body.meta.next) return { transfer: t.body, items };
      }
    }

    async function pushed(sid: string, type: string, items: unknown[]): Promise<any[]> {
      const res = await h.api('POST', '/api/push/transfer', {
        body: { session_id: sid, endgrate_type: type, synchronous: true, transfer_data: items },
      });
      expect(res.body, JSON.stringify(res.body)).toMatchObject({ success: true });
      return (await h.api('GET', `/api/push/data?endgrate_type=${type}&transfer_id=${res.body.transfer_id}`)).body.transfer_data;
    }

    const writable = (type: string, data: Record<string, unknown>) => writableOf(type, data);
    const copyOf = (type: string, data: Record<string, unknown>) => copyOfRecord(adapter, type, data);

    /**
     * The fields to compare after a write: those the connector writes as given. A field it says it cannot write, or
     * writes only in part (a warning naming what it left out), is the provider's to set (QuickBooks derives an
     * invoice's status from its payments; WooCommerce prices an order's lines from its products).
     */
    function comparable(type: string, data: Record<string, unknown>, warnings: string[]): Record<string, unknown> {
      const warned = warnings.join(' ');
      return Object.fromEntries(
        Object.entries(data).filter(([k, v]) => {
          if (warned.includes(k)) return false;
          const probe = connector?.coverage.write(type, { [k]: v });
          return probe === undefined || (Object.keys(probe.fields).length > 0 && probe.warnings.length === 0);
        }),
      );
    }

    for (const [type, served] of schemas) {
      it(`${type}: a pull whose page read fails with a 503 is retried and returns the same records`, async () => {
        const { sid, account } = await connected([type], false, !served.push);
        const clean = await pulled(sid, type);
        expect(clean.items.length).toBeGreaterThan(0);
        adapter.injectFault(h, account, { status: 503, count: 1 });
        const troubled = await pulled(sid, type);
        expect(troubled.items.map((i) => i.id)).toEqual(clean.items.map((i) => i.id));
        expect(troubled.items.map((i) => i.data)).toEqual(clean.items.map((i) => i.data));
        const stats = (await h.api('GET', `/api/statistics?transfer_id=${troubled.transfer.transfer_id}`)).body.statistics[type];
        expect(stats).toMatchObject({ records: clean.items.length });
        expect(stats.retries).toBeGreaterThanOrEqual(1);
      });

      // The owner field of the type, where the provider holds one (Salesforce's products have no owner).
      const coverage = connector?.coverage;
      const ownerField = ['owner_id', 'user_id'].find((f) => {
        const fixture = coverage?.fieldFixture?.(type, f);
        return coverage !== undefined && fixture !== undefined && coverage.read(type, fixture)[f] != null;
      });
      if (ownerField) {
        it(`${type}: a pull filtered by ${ownerField} returns exactly the records of that owner`, async () => {
          const { sid } = await connected([type], false, !served.push);
          const all = (await pulled(sid, type)).items;
          const owners = all.map((i) => i.data[ownerField]).filter((o): o is string => typeof o === 'string');
          const owner = owners.sort((a, b) => owners.filter((o) => o === b).length - owners.filter((o) => o === a).length)[0];
          expect(owner, `${type} records with an ${ownerField}`).toBeDefined();
          const filtered = (await pulled(sid, type, { [ownerField]: owner as string })).items;
          const expected = all.filter((i) => i.data[ownerField] === owner).map((i) => i.id);
          expect(expected.length).toBeLessThan(all.length);
          expect(filtered.map((i) => i.id)).toEqual(expected);
        });
      }

      if (!served.push) continue;
      const uncopyable = adapter.uncopyable?.[type];
      const writes = (title: string) => (uncopyable ? `${title} (skipped: ${uncopyable})` : title);

      const unchangeable = adapter.unchangeable?.[type];
      const updates = unchangeable ? `then is refused its update (${unchangeable})` : 'then updates that record';
      it.skipIf(uncopyable)(writes(`${type}: a push by internal_id creates once, ${updates}`), async () => {
        const { sid } = await connected([type]);
        const { items } = await pulled(sid, type);
        const data = copyOf(type, items[0].data);
        const [created] = await pushed(sid, type, [{ internal_id: 'conf-1', data }]);
        expect(created, JSON.stringify(created)).toMatchObject({ internal_id: 'conf-1', success: true });
        const [again] = await pushed(sid, type, [{ internal_id: 'conf-1', data }]);
        if (unchangeable) {
          // The record is refused its change (with the provider's reason), and no second one is made.
          expect(again, JSON.stringify(again)).toMatchObject({ internal_id: 'conf-1', success: false, id: created.id });
          expect(again.errors.length, JSON.stringify(again)).toBeGreaterThan(0);
        } else {
          expect(again, JSON.stringify(again)).toMatchObject({ internal_id: 'conf-1', success: true, id: created.id });
        }
        const after = (await pulled(sid, type)).items;
        expect(after.filter((i) => i.id === created.id)).toHaveLength(1);
        expect(after).toHaveLength(items.length + 1);
      });

      it.skipIf(uncopyable)(
        writes(`${type}: a record copied from a pulled one is written and comes back with the same writable fields`),
        async () => {
          const { sid } = await connected([type]);
          const { items } = await pulled(sid, type);
          // The fullest record: the most fields set.
          const source = [...items].sort((a, b) => Object.keys(writable(type, b.data)).length - Object.keys(writable(type, a.data)).length)[0];
          const data = copyOf(type, source.data);
          const [result] = await pushed(sid, type, [{ data }]);
          expect(result, JSON.stringify(result)).toMatchObject({ success: true });
          const again = (await pulled(sid, type)).items.find((i) => i.id === result.id);
          expect(again, `${type} ${result.id} read back`).toBeDefined();
          const compared = comparable(type, data, result.warnings ?? []);
          expect(Object.keys(compared).length, `${type}: fields compared`).toBeGreaterThan(1);
          expect(writable(type, again.data)).toMatchObject(compared);
        },
      );

      it.skipIf(uncopyable)(writes(`${type}: a sync adds everything, then nothing, then exactly what was added and what was deleted`), async () => {
        const { sid, account } = await connected([type], true);
        const first = (await pulled(sid, type)).items;
        expect(first.length).toBeGreaterThan(1);
        expect(new Set(first.map((i) => i.sync_status))).toEqual(new Set(['ADDED']));
        expect((await pulled(sid, type)).items).toEqual([]);
        const source = first.find((i) => Object.keys(writable(type, i.data)).length > 2) ?? first[0];
        const [created] = await pushed(sid, type, [{ data: copyOf(type, source.data) }]);
        expect(created, JSON.stringify(created)).toMatchObject({ success: true });
        const removed = first[first.length - 1].id as string;
        const seenAs = (await REMOVERS[adapter.provider]?.(h, account, type, removed)) ?? 'DELETED';
        const third = (await pulled(sid, type)).items;
        const expected = [[created.id, 'ADDED'], ...(seenAs === 'KEPT' ? [] : [[removed, seenAs]])];
        expect(third.map((i) => [i.id, i.sync_status]).sort()).toEqual(expected.sort());
      });
    }
  });
}
