/**
 * What the test machine offers: PostgreSQL and Chromium. Checked once in the global setup; a missing part is
 * reported plainly and its tests are skipped, except under CI=true, where a missing part fails the run.
 */
import { existsSync } from 'node:fs';

import pg from 'pg';

export const PG_URL = process.env['WEFT_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const CHROMIUM_PATH = process.env['WEFT_TEST_CHROMIUM'] ?? '/usr/bin/chromium';
export const IN_CI = process.env['CI'] === 'true' || process.env['CI'] === '1';

/** Dialects to run the suite on: WEFT_TEST_DIALECTS=sqlite,postgres (default both). */
export function requestedDialects(): Array<'sqlite' | 'postgres'> {
  const raw = process.env['WEFT_TEST_DIALECTS'] ?? 'sqlite,postgres';
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is 'sqlite' | 'postgres' => s === 'sqlite' || s === 'postgres');
}

export async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (e) {
    return (e as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function chromiumPresent(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** A fresh PostgreSQL schema for one harness or server: its connection URL, and how to drop it. */
export async function createPgSchema(prefix: string): Promise<{ schema: string; url: string; drop(): Promise<void> }> {
  const schema = `${prefix}_${process.pid}_${Date.now().toString(36)}_${schemaCounter++}`;
  await adminQuery(`create schema ${schema}`);
  const u = new URL(PG_URL);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return { schema, url: u.toString(), drop: () => adminQuery(`drop schema if exists ${schema} cascade`) };
}

let schemaCounter = 0;

async function adminQuery(text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}
