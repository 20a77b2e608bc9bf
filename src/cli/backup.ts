/** `weft backup FILE` and `weft restore FILE`: copies of the SQLite database (PostgreSQL: pg_dump and pg_restore). */
import fs from 'node:fs';
import path from 'node:path';

import type { Command } from 'commander';

import { backupSqlite, restoreSqlite, weftDatabaseProblem } from '../db/backup.js';
import { openDatabase, pendingMigrations } from '../db/database.js';
import { clearHeartbeats } from '../jobs/heartbeats.js';
import { CliError, config, databaseLine, type Io, refuseWhileSqliteOpen, requireExistingDatabase, sqlitePath } from './context.js';

export function registerBackup(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('backup')
    .description('Copy the SQLite database to FILE (safe while the server runs); on PostgreSQL, says how to use pg_dump')
    .argument('<file>', 'where to write the backup')
    .option('--force', 'overwrite FILE if it exists')
    .action(async (file: string, opts: { force?: boolean }) => {
      const cfg = config();
      if (cfg.databaseUrl) {
        io.err(databaseLine(cfg));
        throw new CliError(
          `weft backup copies SQLite databases only. On PostgreSQL use its own tools: pg_dump --format=custom "$DATABASE_URL" > ${file} (restore with pg_restore --clean --if-exists -d "$DATABASE_URL" ${file}).`,
        );
      }
      requireExistingDatabase(cfg);
      io.err(databaseLine(cfg));
      const target = path.resolve(file);
      if (fs.existsSync(target)) {
        if (!opts.force) throw new CliError(`${target} already exists; give --force to overwrite it.`);
        fs.rmSync(target);
      }
      await backupSqlite(sqlitePath(cfg), target);
      const key = cfg.encryptionKey ? 'WEFT_ENCRYPTION_KEY' : path.join(cfg.dataDir, 'encryption.key');
      io.err(`Backed up to ${target}. Its secrets are sealed with the encryption key (${key}): keep that key with the backup.`);
      done(0);
    });

  program
    .command('restore')
    .description('Put the SQLite backup FILE in place of the database (stop the server and workers first)')
    .argument('<file>', 'a backup made by weft backup')
    .option('--force', 'replace an existing database')
    .action(async (file: string, opts: { force?: boolean }) => {
      const cfg = config();
      io.err(databaseLine(cfg));
      if (cfg.databaseUrl) {
        throw new CliError(
          `weft restore restores SQLite databases only. On PostgreSQL use pg_restore --clean --if-exists -d "$DATABASE_URL" ${file}.`,
        );
      }
      const source = path.resolve(file);
      const problem = weftDatabaseProblem(source);
      if (problem) throw new CliError(problem);
      const target = sqlitePath(cfg);
      if (fs.existsSync(target) && !opts.force) {
        throw new CliError(
          `A database already exists at ${target}. Stop the server and every worker using it, then run again with --force to replace it.`,
        );
      }
      // Any process with the file open (a server, with or without its worker, a worker, a backup) would lose its writes.
      refuseWhileSqliteOpen(cfg, 'restoring');
      restoreSqlite(source, target);
      // The backup's heartbeats are of the processes that ran where it was made: none runs on the restored file.
      const restored = openDatabase({ dataDir: cfg.dataDir });
      try {
        if (!(await pendingMigrations(restored)).length) await clearHeartbeats(restored.db);
      } finally {
        await restored.close();
      }
      io.err(`Restored ${source} to ${target}. Start Weft with the same encryption key as when the backup was made.`);
      done(0);
    });
}
