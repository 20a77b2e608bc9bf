/**
 * `sqliteInUse`: the probe `weft restore` and `weft encryption-key rotate` run first. Another process that merely has
 * the SQLite file open (as a server without a worker has, beating no heartbeat) is seen; a closed one is not.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

import BetterSqlite3 from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';

import { sqliteInUse } from '../../src/db/backup.js';

const dir = mkdtempSync(path.join(tmpdir(), 'weft-in-use-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A child process that opens `file` in WAL mode, reads once, says so, and keeps it open until its stdin closes. */
function holder(file: string) {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const code = `const db = new (require(${JSON.stringify(module)}))(${JSON.stringify(file)}); db.pragma('journal_mode = WAL'); db.prepare('select count(*) from t').get(); process.stdout.write('open\\n'); process.stdin.on('end', () => { db.close(); process.exit(0); }); process.stdin.resume();`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  const opened = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('open') && resolve());
    child.on('exit', (status) => reject(new Error(`the holder exited with ${status}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { opened, close: async () => (child.stdin.end(), await exited) };
}

it('sees a database another process has open, and not one it closed; it changes nothing', async () => {
  const file = path.join(dir, 'weft.db');
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.exec('create table t (x integer)');
  db.prepare('insert into t values (1)').run();
  db.close();
  expect(sqliteInUse(file)).toBe(false);

  const other = holder(file);
  await other.opened;
  expect(sqliteInUse(file)).toBe(true);
  expect(sqliteInUse(file)).toBe(true);
  await other.close();
  expect(sqliteInUse(file)).toBe(false);

  const after = new BetterSqlite3(file, { readonly: true });
  expect(after.prepare('select x from t').all()).toEqual([{ x: 1 }]);
  expect(after.pragma('journal_mode', { simple: true })).toBe('wal');
  after.close();
  expect(sqliteInUse(path.join(dir, 'missing.db'))).toBe(false);
});
