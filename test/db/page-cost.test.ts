/**
 * Serving a page of transfer data costs the same at offset 0 and at the end of a large transfer: the query is a
 * primary-key range read, never an OFFSET scan. Checked on each database's own query plan.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { itemPageQuery } from '../../src/transfers/items.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

describeEachDialect('page cost', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { worker: false });
    // 200,000 stored items of one transfer, plus another transfer's, so that the planner has real statistics.
    const db = h.services.database.db;
    for (const transfer of ['aaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbbbb']) {
      for (let start = 0; start < 100_000; start += 5000) {
        await db
          .insertInto('transfer_items')
          .values(
            Array.from({ length: 5000 }, (_, i) => ({
              transfer_id: transfer,
              seq: start + i,
              provider_id: String(start + i),
              body: `{"id":"${start + i}","data":{}}`,
            })),
          )
          .execute();
      }
    }
    if (dialect === 'postgres') await sql`analyze transfer_items`.execute(db);
  }, 300_000);
  afterAll(async () => h?.close());

  // The query GET /api/pull/data runs.
  const pageQuery = (offset: number) => itemPageQuery(h.services.database, 'aaaaaaaaaaaaaaaaaaaaaaaa', offset, 250);

  it('reads the last page with the same index range plan as the first, with no OFFSET', async () => {
    const plans: string[] = [];
    for (const offset of [0, 99_750]) {
      const q = pageQuery(offset);
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
    expect(plans[0]).not.toMatch(/SCAN transfer_items(?! USING)|Seq Scan|Sort/);
  });

  it('returns the right items at the end, in seq order, as one value', async () => {
    const { readItemPage } = await import('../../src/transfers/items.js');
    const ids = (page: Buffer) => (JSON.parse(`[${page.toString('utf8')}]`) as Array<{ id: string }>).map((item) => Number(item.id));
    const last = await readItemPage(h.services.database, 'aaaaaaaaaaaaaaaaaaaaaaaa', 99_750, 250);
    expect(Buffer.isBuffer(last)).toBe(true);
    expect(ids(last)).toEqual(Array.from({ length: 250 }, (_, i) => 99_750 + i));
    expect(ids(await readItemPage(h.services.database, 'aaaaaaaaaaaaaaaaaaaaaaaa', 99_990, 250))).toEqual(
      Array.from({ length: 10 }, (_, i) => 99_990 + i),
    );
    expect((await readItemPage(h.services.database, 'aaaaaaaaaaaaaaaaaaaaaaaa', 100_000, 250)).length).toBe(0);
    // The answer's head and tail around the page, made by the database as one value (past the end: head and tail).
    const framed = await readItemPage(h.services.database, 'aaaaaaaaaaaaaaaaaaaaaaaa', 99_998, 250, '{"é":"ü","items":[', ']}');
    expect(JSON.parse(framed.toString('utf8'))).toEqual({
      é: 'ü',
      items: [
        { id: '99998', data: {} },
        { id: '99999', data: {} },
      ],
    });
    expect((await readItemPage(h.services.database, 'aaaaaaaaaaaaaaaaaaaaaaaa', 100_000, 250, '{"items":[', ']}')).toString()).toBe('{"items":[]}');
  });
});
