/**
 * Multi-row inserts on the hot path (a page of records a time), without building a query tree per page: the SQL
 * text for a table, a column list and a row count is made once and reused, and only the values change. Placeholders
 * differ by dialect (`?` on SQLite, `$n` on PostgreSQL); nothing else does.
 */
import { CompiledQuery, type Kysely } from 'kysely';

import type { DialectProfile } from './dialect.js';
import type { DB } from './schema.js';
import type { SqlStatement } from './statements.js';

const cache = new Map<string, string>();

function insertSql(profile: DialectProfile, table: string, columns: readonly string[], rows: number): string {
  const key = `${profile.name}:${table}:${columns.join(',')}:${rows}`;
  let text = cache.get(key);
  if (!text) {
    let n = 0;
    const tuple = () => `(${columns.map(() => profile.placeholder(++n)).join(', ')})`;
    const values = Array.from({ length: rows }, tuple).join(', ');
    text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${values}`;
    if (cache.size > 1000) cache.clear();
    cache.set(key, text);
  }
  return text;
}

/** The statements that insert rows (objects with exactly `columns`), at most `chunk` rows each. */
export function insertStatements<T extends Extract<keyof DB, string>>(
  profile: DialectProfile,
  table: T,
  columns: ReadonlyArray<keyof DB[T] & string>,
  rows: ReadonlyArray<Record<string, unknown>>,
  chunk = 500,
): SqlStatement[] {
  const out: SqlStatement[] = [];
  for (let i = 0; i < rows.length; i += chunk) {
    const slice = rows.slice(i, i + chunk);
    const params: unknown[] = [];
    for (const row of slice) for (const c of columns) params.push(row[c]);
    out.push({ sql: insertSql(profile, table, columns, slice.length), params });
  }
  return out;
}

/**
 * Inserts rows (objects with exactly `columns`) in statements of at most `chunk` rows, within the caller's
 * transaction.
 */
export async function insertRows<T extends Extract<keyof DB, string>>(
  trx: Kysely<DB>,
  profile: DialectProfile,
  table: T,
  columns: ReadonlyArray<keyof DB[T] & string>,
  rows: ReadonlyArray<Record<string, unknown>>,
  chunk = 500,
): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    const slice = rows.slice(i, i + chunk);
    const params: unknown[] = [];
    for (const row of slice) for (const c of columns) params.push(row[c]);
    await trx.executeQuery(CompiledQuery.raw(insertSql(profile, table, columns, slice.length), params));
  }
}
