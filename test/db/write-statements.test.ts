/**
 * `Database.writeStatements`, the write of a pulled page (fence, rows, figures, checkpoint): all or nothing, on a
 * connection left usable after a refusal, and on PostgreSQL as named statements, so that the database parses and
 * plans each text once per connection instead of at every page. One connection (a pool of 1) so that what the test
 * reads afterwards is what that connection holds. Also `Database.readValues`, the read of rows as arrays.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { type Database, openDatabase } from '../../src/db/database.js';
import type { SqlStatement } from '../../src/db/statements.js';
import { createPgSchema } from '../helpers/env.js';
import { describeEachDialect } from '../helpers/harness.js';

describeEachDialect('the write of statements', (dialect) => {
  let dataDir: string;
  let drop: (() => Promise<void>) | undefined;
  let database: Database;
  let options: Parameters<typeof openDatabase>[0];
  const p = (n: number) => (dialect === 'postgres' ? `$${n}` : '?');
  const insert = (id: string, body: string): SqlStatement => ({
    sql: `insert into ws_items (id, body) values (${p(1)}, ${p(2)})`,
    params: [id, body],
  });
  const fence = (token: string): SqlStatement => ({
    sql: `update ws_leases set held = held where token = ${p(1)}`,
    params: [token],
    required: () => new Error('the lease was lost'),
  });
  const rows = async () =>
    (await database.read(CompiledQuery.raw('select id from ws_items order by id', []) as CompiledQuery<{ id: string }>)).map((r) => r.id);

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'weft-ws-'));
    let pg: { url: string; schema: string } | null = null;
    if (dialect === 'postgres') {
      const s = await createPgSchema('weft_ws');
      pg = s;
      drop = s.drop;
    }
    options = { dataDir, pgPoolSize: 1, ...(pg ? { databaseUrl: pg.url, pgSchema: pg.schema } : {}) };
    database = openDatabase(options);
    await database.db.executeQuery(CompiledQuery.raw('create table ws_items (id text primary key, body text not null)', []));
    await database.db.executeQuery(CompiledQuery.raw('create table ws_leases (token text primary key, held integer not null)', []));
    await database.db.executeQuery(CompiledQuery.raw("insert into ws_leases (token, held) values ('lease-1', 1)", []));
  });
  afterAll(async () => {
    await database.close();
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('commits every statement behind a fence that holds', async () => {
    await database.writeStatements([fence('lease-1'), insert('a', '{"n":1}'), insert('b', '{"n":2}')]);
    await database.writeStatements([fence('lease-1'), insert('c', '{"n":3}')]);
    expect(await rows()).toEqual(['a', 'b', 'c']);
  });

  it("refuses the whole write behind a fence that no longer holds, with the fence's error, and stays usable", async () => {
    await expect(database.writeStatements([insert('d', '{"n":4}'), fence('lease-2'), insert('e', '{"n":5}')])).rejects.toThrow('the lease was lost');
    // Nothing of it stayed (the row before the fence included), and the one connection is not left in a transaction.
    expect(await rows()).toEqual(['a', 'b', 'c']);
    await database.writeStatements([fence('lease-1'), insert('d', '{"n":4}')]);
    expect(await rows()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('rolls back a write whose statement fails in the database, and stays usable', async () => {
    await expect(database.writeStatements([fence('lease-1'), insert('f', '{"n":6}'), insert('a', 'duplicate key')])).rejects.toThrow();
    expect(await rows()).toEqual(['a', 'b', 'c', 'd']);
    await database.writeStatements([fence('lease-1'), insert('f', '{"n":6}')]);
    expect(await rows()).toEqual(['a', 'b', 'c', 'd', 'f']);
  });

  // (SQLite runs them as prepared statements it keeps: see `withStatementCache` in src/db/database.ts.)
  if (dialect === 'postgres')
    it('runs them as named statements on PostgreSQL: each text parsed once per connection', async () => {
      // Asked on the write pool (its last released connection, the one that ran them), not on `read`'s own pool.
      const { rows: prepared } = await database.db.executeQuery(
        CompiledQuery.raw(
          "select statement from pg_prepared_statements where statement like '%ws_%' and statement not like 'select%' order by statement",
          [],
        ) as CompiledQuery<{
          statement: string;
        }>,
      );
      expect(prepared.map((r) => r.statement)).toEqual([
        'insert into ws_items (id, body) values ($1, $2)',
        'update ws_leases set held = held where token = $1',
      ]);
    });

  it('reads rows as arrays of their values in select order (`readValues`), and the same statement again as objects', async () => {
    const query = CompiledQuery.raw(`select body, id from ws_items where id >= ${p(1)} order by id`, ['d']);
    expect(await database.readValues(query)).toEqual([
      ['{"n":4}', 'd'],
      ['{"n":6}', 'f'],
    ]);
    // The statement is shared (SQLite's cache, PostgreSQL's named statement): reading it as objects is unaffected.
    expect(await database.read(query as CompiledQuery<{ body: string; id: string }>)).toEqual([
      { body: '{"n":4}', id: 'd' },
      { body: '{"n":6}', id: 'f' },
    ]);
    expect(await database.readValues(query)).toHaveLength(2);
  });

  it('refuses a read once closed, instead of opening its read connections again', async () => {
    const other = openDatabase(options);
    const query = CompiledQuery.raw('select id from ws_items where id = ' + p(1), ['a']) as CompiledQuery<{ id: string }>;
    expect(await other.read(query)).toEqual([{ id: 'a' }]);
    await other.close();
    await expect(other.read(query)).rejects.toThrow('the database is closed');
    await expect(other.readValues(query)).rejects.toThrow('the database is closed');
  });
});
