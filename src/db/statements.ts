/**
 * Statements written as SQL text for the dialect in use (placeholders from its profile) with their parameters, run
 * without a query builder: the hot path's writes (a pulled page, its checkpoint, the lease fence) are made of them,
 * so that the same list runs as one synchronous transaction of prepared statements on SQLite
 * (`Database.writeStatements`) or inside a transaction the caller already holds (`runStatements`).
 */
import { CompiledQuery, type Kysely } from 'kysely';

import type { DB } from './schema.js';

export interface SqlStatement {
  readonly sql: string;
  readonly params: readonly unknown[];
  /**
   * The statement must return or change a row (a fence); when it does not, the transaction is rolled back and this
   * error thrown.
   */
  readonly required?: () => Error;
}

/** Runs `statements` in order inside the caller's transaction (each through the driver, no query built). */
export async function runStatements(trx: Kysely<DB>, statements: readonly SqlStatement[]): Promise<void> {
  for (const s of statements) {
    const result = await trx.executeQuery(CompiledQuery.raw(s.sql, [...s.params]));
    if (s.required && !result.rows.length && !(result.numAffectedRows !== undefined && result.numAffectedRows > 0n)) throw s.required();
  }
}
