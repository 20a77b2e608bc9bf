/**
 * What every `weft` command shares: where its output goes, which database it uses (said on stderr), and the rule that
 * only the commands that make a database (start, worker, migrate, sandbox) may create a new SQLite file.
 */
import fs from 'node:fs';
import path from 'node:path';

import { InvalidArgumentError } from 'commander';

import { type Config, loadConfig } from '../config.js';
import { sqliteInUse } from '../db/backup.js';
import { otherWeftProcesses } from '../db/database.js';
import { type Database, pendingMigrations } from '../db/database.js';
import { HEARTBEAT_STALE_MS, workerHeartbeats } from '../jobs/heartbeats.js';
import { createServices, type Services } from '../services.js';

/** A failure the command reports as `weft: <message>` and exit code 1 (no stack trace). */
export class CliError extends Error {
  override name = 'CliError';
}

/** Output of the commands: lines to stdout and stderr (console, so that tests can capture it). */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Whether stdout is a terminal (progress bars redraw in place). */
  readonly isTTY: boolean;
  /** Raw write to stdout (no newline), for redrawn lines. */
  write(text: string): void;
}

export const consoleIo: Io = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  get isTTY() {
    return process.stdout.isTTY === true;
  },
  write: (text) => void process.stdout.write(text),
};

/** The SQLite file of a data directory. */
export function sqlitePath(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'weft.db');
}

/** `host[:port]/database` of a PostgreSQL URL, without user or password. */
export function describePostgres(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname || '/'}`;
  } catch {
    return '(an unparsable DATABASE_URL)';
  }
}

/** The stderr line naming the database a command uses. */
export function databaseLine(config: Pick<Config, 'databaseUrl' | 'dataDir'>): string {
  return config.databaseUrl ? `Using PostgreSQL at ${describePostgres(config.databaseUrl)}` : `Using SQLite at ${sqlitePath(config)}`;
}

/** Refuses, on SQLite, when the database file does not exist yet (a wrong WEFT_DATA_DIR would else make an empty one). */
export function requireExistingDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): void {
  if (config.databaseUrl) return;
  const file = sqlitePath(config);
  if (!fs.existsSync(file)) {
    throw new CliError(
      `No Weft database at ${file}. Set WEFT_DATA_DIR to the data directory your server uses (it is ${config.dataDir} now), or run 'weft migrate' to create a new database there.`,
    );
  }
}

/** The configuration, read from the environment. */
export function config(): Config {
  return loadConfig();
}

/** Services on an existing database (said on stderr), closed after `fn`. */
export async function withServices<T>(io: Io, fn: (services: Services) => Promise<T>, options: { create?: boolean } = {}): Promise<T> {
  const cfg = config();
  if (!options.create) requireExistingDatabase(cfg);
  io.err(databaseLine(cfg));
  const services = await createServices(cfg, {});
  try {
    return await fn(services);
  } finally {
    await services.close();
  }
}

/** A positive whole number option (commander parser). */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`'${value}' is not a positive whole number.`);
  return n;
}

/** Rows as aligned plain text: a header line, then one line per row (two spaces between columns, no trailing space). */
export function table(headers: string[], rows: Array<Array<string | number | null>>): string[] {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null ? '' : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** An epoch-ms time as ISO 8601 (UTC, seconds), or empty. */
export function time(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A whole number ≥ 0 option (commander parser). */
export function positiveIntOrZero(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`'${value}' is not a whole number.`);
  return n;
}

/**
 * Refuses while any process has the SQLite database open (a server without a worker beats no heartbeat, so only the
 * file's lock tells it): restoring or re-keying under it would lose its writes or leave it with the wrong key.
 * PostgreSQL is left to the heartbeats of {@link refuseWhileWorkersRun}.
 */
export function refuseWhileSqliteOpen(config: Pick<Config, 'databaseUrl' | 'dataDir'>, before: string): void {
  if (config.databaseUrl || !sqliteInUse(sqlitePath(config))) return;
  throw new CliError(
    `A process has the database ${sqlitePath(config)} open (a Weft server, a worker or another weft command): stop the server and every worker before ${before}.`,
  );
}

/**
 * Refuses while another Weft process has sessions open on this PostgreSQL database (a server without a worker beats
 * no heartbeat; `pg_stat_activity` names each Weft process's sessions). Nothing on SQLite: see
 * {@link refuseWhileSqliteOpen}.
 */
export async function refuseWhilePostgresOpen(config: Pick<Config, 'databaseUrl'>, database: Database, before: string): Promise<void> {
  if (!config.databaseUrl) return;
  const others = await otherWeftProcesses(database.db);
  if (others === 0) return;
  throw new CliError(
    `${others === 1 ? 'Another Weft process has' : `${others} other Weft processes have`} this database open (a server, a worker or another weft command): stop the server and every worker before ${before}.`,
  );
}

/**
 * Refuses while a Weft worker (a server runs one unless WEFT_WORKER=false) beat on this database lately: restoring or
 * re-keying under a running process would lose its writes or leave it with the wrong key. A database whose migrations
 * are not all applied predates the heartbeats and is not checked.
 */
export async function refuseWhileWorkersRun(database: Database, before: string): Promise<void> {
  if ((await pendingMigrations(database)).length) return;
  const { fresh } = await workerHeartbeats(database.db);
  if (fresh > 0) {
    throw new CliError(
      `A Weft process is running on this database (${fresh} worker${fresh === 1 ? '' : 's'} active in the last ${HEARTBEAT_STALE_MS / 1000} s): stop the server and every worker before ${before}.`,
    );
  }
}
