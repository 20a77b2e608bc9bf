/**
 * Copies of a SQLite database: an online backup of the live file (SQLite's backup API, safe while a server writes),
 * and putting a backup in place (checked to be a Weft database, written beside the target and renamed over it).
 */
import fs from 'node:fs';
import path from 'node:path';

import BetterSqlite3 from 'better-sqlite3';
import { DEFAULT_MIGRATION_TABLE } from 'kysely';

/** Backs the SQLite database `source` up into `target` (which must not exist), while others may be writing. */
export async function backupSqlite(source: string, target: string): Promise<void> {
  const db = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 15000');
    await db.backup(target);
  } finally {
    db.close();
  }
  fs.chmodSync(target, 0o600);
}

/**
 * Whether another connection has the SQLite database `file` open: a server (with or without its worker), a worker,
 * a backup or any other process. Weft runs SQLite in WAL mode, where every open connection keeps a shared lock on the
 * file, so an exclusive lock taken without waiting is refused exactly while one is open. The probe changes nothing.
 */
export function sqliteInUse(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const db = new BetterSqlite3(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    try {
      db.exec('BEGIN EXCLUSIVE');
    } catch (e) {
      if ((e as { code?: unknown }).code === 'SQLITE_BUSY') return true;
      throw e;
    }
    db.exec('ROLLBACK');
    return false;
  } finally {
    db.close();
  }
}

/** Why `file` is not a Weft SQLite database (not SQLite, or without Weft's migrations), or null when it is one. */
export function weftDatabaseProblem(file: string): string | null {
  if (!fs.existsSync(file)) return `${file} does not exist.`;
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    return `${file} cannot be opened as SQLite: ${(e as Error).message}`;
  }
  try {
    const row = db.prepare("select name from sqlite_master where type = 'table' and name = ?").get(DEFAULT_MIGRATION_TABLE);
    if (!row) return `${file} is a SQLite database but not Weft's (it has no ${DEFAULT_MIGRATION_TABLE} table).`;
    return null;
  } catch (e) {
    return `${file} is not a SQLite database: ${(e as Error).message}`;
  } finally {
    db.close();
  }
}

/**
 * Puts the backup `source` in place of the database `target`: copied to a temporary file beside it, renamed over it
 * (atomic), and the old database's write-ahead log and shared-memory files removed (they belong to the old file).
 */
export function restoreSqlite(source: string, target: string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const temp = `${target}.restore-${process.pid}`;
  fs.copyFileSync(source, temp);
  try {
    fs.chmodSync(temp, 0o600);
    for (const extra of ['-wal', '-shm']) fs.rmSync(target + extra, { force: true });
    fs.renameSync(temp, target);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw e;
  }
}
