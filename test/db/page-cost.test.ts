/**
 * Serving a page of transfer data costs the same at offset 0 and at the end of a large transfer: the statement that
 * reads the transfer with its page is a primary-key range read of the items, never an OFFSET scan. Checked on each
 * database's own query plan, and through the route at the end of the transfer. The page is read as the profile
 * reads it cheapest (one joined value on SQLite, its rows on PostgreSQL) with the same transfer either way.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { loadTransfer, loadTransferPage, transferPageQuery } from '../../src/transfers/service.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const TOTAL = 100_000;
const PULLED = 5;

describeEachDialect('page cost', (dialect) => {
  let h: Harness;
  let transferId: string;
  let scope: { projectId: string; mode: 'test' | 'live' };
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: String(PULLED), WEFT_SANDBOX_COMPANIES: '1' } });
    const sid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).body.session_id;
    await h.connect(sid, 'page-cost', 'hubspot');
    const pulled = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact', synchronous: true } });
    transferId = pulled.body.transfer_id;
    const db = h.services.database.db;
    const stored = await db
      .selectFrom('transfers')
      .innerJoin('sessions', 'sessions.id', 'transfers.session_id')
      .select(['transfers.project_id', 'sessions.mode', 'transfers.item_count'])
      .where('transfers.id', '=', transferId)
      .executeTakeFirstOrThrow();
    expect(stored.item_count).toBe(PULLED);
    scope = { projectId: stored.project_id, mode: stored.mode };
    // The pulled transfer grown to 100,000 items, plus another transfer's, so that the planner has real statistics.
    for (const transfer of [transferId, 'bbbbbbbbbbbbbbbbbbbbbbbb']) {
      for (let start = transfer === transferId ? PULLED : 0; start < TOTAL; start += 5000) {
        const end = Math.min(TOTAL, start + 5000);
        await db
          .insertInto('transfer_items')
          .values(
            Array.from({ length: end - start }, (_, i) => ({
              transfer_id: transfer,
              seq: start + i,
              provider_id: String(start + i),
              body: `{"id":"${start + i}","data":{}}`,
            })),
          )
          .execute();
      }
    }
    await db.updateTable('transfers').set({ item_count: TOTAL }).where('id', '=', transferId).execute();
    if (dialect === 'postgres') await sql`analyze transfer_items`.execute(db);
  }, 300_000);
  afterAll(async () => h?.close());

  it('reads the last page with the same index range plan as the first, with no OFFSET', async () => {
    const plans: string[] = [];
    for (const offset of [0, TOTAL - 250]) {
      const q = transferPageQuery(h.services.database, scope, transferId, offset, 250);
      expect(q.sql.toLowerCase()).not.toContain('offset');
      const rows = await h.services.database.db.executeQuery({
        ...q,
        sql: dialect === 'sqlite' ? `explain query plan ${q.sql}` : `explain ${q.sql}`,
      } as never);
      const plan = (rows.rows as Array<Record<string, unknown>>).map((r) => String(r['detail'] ?? r['QUERY PLAN'])).join('\n');
      // The same plan, whatever the numbers (estimates, bound values).
      plans.push(plan.replace(/\(cost=[^)]*\)/g, '').replace(/\d+/g, '#'));
    }
    expect(plans[0]).toBe(plans[1]);
    if (dialect === 'sqlite')
      expect(plans[0]).toMatch(
        /SEARCH transfer_items USING (PRIMARY KEY|INDEX sqlite_autoindex_transfer_items_#) \(transfer_id=\? AND seq>\? AND seq<\?\)/,
      );
    else expect(plans[0]).toMatch(/Index (Only )?Scan using transfer_items_pk on transfer_items/);
    expect(plans[0]).not.toMatch(/SCAN transfer_items(?! USING)|Seq Scan on transfer_items|Sort/);
  });

  it('answers the right items at the end, in seq order, and nothing past it', async () => {
    const page = async (offset: number) =>
      (await h.api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${transferId}&offset=${offset}&limit=250`)).body;
    const last = await page(TOTAL - 250);
    expect(last.transfer_data.map((item: { id: string }) => Number(item.id))).toEqual(Array.from({ length: 250 }, (_, i) => TOTAL - 250 + i));
    expect(last.meta.next).toBeUndefined();
    const tail = await page(TOTAL - 10);
    expect(tail.transfer_data.map((item: { id: string }) => Number(item.id))).toEqual(Array.from({ length: 10 }, (_, i) => TOTAL - 10 + i));
    const past = await page(TOTAL);
    expect(past.transfer_data).toEqual([]);
    expect(past.success).toBe(true);
    expect(past.meta.count).toBe(TOTAL);
  });

  it('reads a page with its transfer in one statement, as rows on PostgreSQL and one value on SQLite', async () => {
    const { services } = h;
    const plain = await loadTransfer(services, scope, transferId);
    const { transfer, page } = await loadTransferPage(services, scope, transferId, TOTAL - 3, 250);
    // The transfer read with the page (on PostgreSQL: as JSON made by the database) is the row as read alone.
    expect(transfer).toEqual(plain);
    const sqlText = transferPageQuery(services.database, scope, transferId, 0, 250).sql;
    if (dialect === 'postgres') {
      expect(page).toEqual([`{"id":"${TOTAL - 3}","data":{}}`, `{"id":"${TOTAL - 2}","data":{}}`, `{"id":"${TOTAL - 1}","data":{}}`]);
      expect(sqlText).not.toContain('string_agg');
    } else {
      expect(Buffer.isBuffer(page)).toBe(true);
      expect(page.toString()).toBe(`{"id":"${TOTAL - 3}","data":{}},{"id":"${TOTAL - 2}","data":{}},{"id":"${TOTAL - 1}","data":{}}`);
    }
    // Past the end: the transfer and no item; out of scope: not found, whichever way the page is read.
    const past = await loadTransferPage(services, scope, transferId, TOTAL, 250);
    expect(past.transfer).toEqual(plain);
    expect(past.page.length).toBe(0);
    for (const other of [
      { projectId: 'another-project', mode: scope.mode },
      { projectId: scope.projectId, mode: scope.mode === 'test' ? ('live' as const) : ('test' as const) },
    ]) {
      await expect(loadTransferPage(services, other, transferId, 0, 250)).rejects.toMatchObject({ code: 'WEFT_ERR_INVALID_TRANSFER' });
      await expect(loadTransferPage(services, other, transferId, TOTAL, 250)).rejects.toMatchObject({ code: 'WEFT_ERR_INVALID_TRANSFER' });
    }
  });

  it.runIf(dialect === 'postgres')(
    'keeps one generic plan for the page statement on PostgreSQL (not planned afresh at each execution), the write pool its default',
    async () => {
      const { database } = h.services;
      // Read one after another, the page statements run on one session of the read pool (the last one released).
      for (let n = 0; n < 8; n++) await loadTransferPage(h.services, scope, transferId, (n * 997) % TOTAL, 250);
      const pageSql = transferPageQuery(database, scope, transferId, 0, 250).sql;
      const statements = await database.read(
        sql<{
          generic_plans: number;
          custom_plans: number;
        }>`select generic_plans, custom_plans from pg_prepared_statements where statement = ${pageSql}`.compile(database.db),
      );
      expect(statements).toHaveLength(1);
      expect(statements[0]?.custom_plans).toBe(0);
      expect(statements[0]?.generic_plans).toBeGreaterThanOrEqual(8);
      const mode = sql<{ mode: string }>`select current_setting('plan_cache_mode') as mode`.compile(database.db);
      expect(await database.read(mode)).toEqual([{ mode: 'force_generic_plan' }]);
      expect((await database.db.executeQuery(mode)).rows).toEqual([{ mode: 'auto' }]);
    },
  );
});
