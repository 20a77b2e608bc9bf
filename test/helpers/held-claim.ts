/**
 * For tests of claims that run at once on PostgreSQL: a Database whose write transactions stop just before their
 * commit until let go, and a wait until another claim queues on a transaction lock (or finishes without one).
 */
import { sql } from 'kysely';

import type { Database } from '../../src/db/database.js';

export interface HeldDatabase {
  /** Writes through `database`, each held before its commit until `release()`. */
  held: Database;
  /** Resolves when a write has done its work and waits to commit. */
  atCommit: Promise<void>;
  release(): void;
}

export function holdBeforeCommit(database: Database): HeldDatabase {
  let reached!: () => void;
  const atCommit = new Promise<void>((resolve) => (reached = resolve));
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const held: Database = Object.create(database) as Database;
  held.write = (fn) =>
    database.write(async (trx) => {
      const out = await fn(trx);
      reached();
      await gate;
      return out;
    });
  return { held, atCommit, release };
}

/** Waits until a transaction waits for an advisory lock, or `settled()` says the other claim is over (at most 5 s). */
export async function untilLockWaiter(database: Database, settled: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !settled(); i++) {
    const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`.execute(
      database.db,
    );
    if (waiting.rows[0]!.n > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}
