/**
 * Migration 0007: errors an earlier Weft logged as `transfer_data` (not one of Endgrate's five error types, so
 * Endgrate's SDK refused `GET /api/errors` and the error webhook) become `mapping` errors, in the error log and in
 * error webhooks not yet delivered; other errors and delivered bodies are left as they were.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { type Database, migrate, openDatabase } from '../../src/db/database.js';
import { migrations } from '../../src/db/migrations/index.js';
import { createPgSchema } from '../helpers/env.js';
import { describeEachDialect } from '../helpers/harness.js';

const MIGRATION = '0007-error-types';

describeEachDialect('migration 0007: transfer_data errors become mapping errors', (dialect) => {
  let database: Database;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'weft-migration-'));
    const pgSchema = dialect === 'postgres' ? await createPgSchema('weft_m') : null;
    database = openDatabase({ dataDir, ...(pgSchema ? { databaseUrl: pgSchema.url, pgSchema: pgSchema.schema } : {}) });
    cleanup = async () => {
      await database.close();
      await pgSchema?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    };
    // The database as the previous version left it: every migration before this one.
    const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < MIGRATION));
    const migrator = new Migrator({
      db: database.db,
      provider: { getMigrations: async () => before },
      ...(pgSchema ? { migrationTableSchema: pgSchema.schema } : {}),
    });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error;
  });
  afterAll(async () => cleanup?.());

  it('renames stored errors and pending error webhooks, and nothing else', async () => {
    const db = database.db;
    const error = (id: string, error_type: string) => ({
      id,
      project_id: 'p',
      session_id: 's',
      transfer_id: 't',
      error_type,
      message: 'transfer_data[1] is invalid: data/first_name must be a string.',
      resolved: 0,
      record_index: 1,
      internal_id: null,
      provider: 'hubspot',
      endgrate_type: 'crm-contact',
      method: 'EXPORT' as const,
      created_at: 1,
    });
    await db
      .insertInto('errors')
      .values([error('e1', 'transfer_data'), error('e2', 'upstream'), error('e3', 'transfer_data')])
      .execute();
    const body = (type: string) => JSON.stringify({ success: true, pk: 'e1', error_type: type, errors: [{ pk: 'e1', error_type: type }] });
    const delivery = (id: string, kind: 'error' | 'data', status: 'pending' | 'delivered', text: string) => ({
      id,
      project_id: 'p',
      session_id: 's',
      transfer_id: 't',
      kind,
      url: 'http://127.0.0.1:1/x',
      body: text,
      ordering_key: 's',
      seq: Number(id.slice(1)),
      status,
      attempts: 0,
      next_attempt_at: 0,
      created_at: 1,
    });
    await db
      .insertInto('webhook_deliveries')
      .values([
        delivery('d1', 'error', 'pending', body('transfer_data')),
        delivery('d2', 'error', 'delivered', body('transfer_data')),
        delivery('d3', 'data', 'pending', '{"transfer_data":[{"id":"1","data":{"error_type":"transfer_data"}}]}'),
      ])
      .execute();

    // This migration first; later ones (which only add tables) may follow.
    const applied = await migrate(database);
    expect(applied[0]).toBe(MIGRATION);
    expect(applied.slice(1).every((name) => name > MIGRATION)).toBe(true);

    const errors = await db.selectFrom('errors').select(['id', 'error_type', 'message']).orderBy('id').execute();
    expect(errors.map((e) => [e.id, e.error_type])).toEqual([
      ['e1', 'mapping'],
      ['e2', 'upstream'],
      ['e3', 'mapping'],
    ]);
    // The message names the request's field, which keeps its name.
    expect(errors[0]!.message).toBe('transfer_data[1] is invalid: data/first_name must be a string.');
    const bodies = await db.selectFrom('webhook_deliveries').select(['id', 'body']).orderBy('id').execute();
    expect(bodies.map((b) => [b.id, b.body])).toEqual([
      ['d1', body('mapping')],
      // Sent already: the delivery log keeps what was sent.
      ['d2', body('transfer_data')],
      // Not an error webhook: a pulled record's own data is never touched.
      ['d3', '{"transfer_data":[{"id":"1","data":{"error_type":"transfer_data"}}]}'],
    ]);
    expect(Number((await sql<{ n: number }>`select count(*) as n from errors where error_type = 'transfer_data'`.execute(db)).rows[0]!.n)).toBe(0);
  });
});
