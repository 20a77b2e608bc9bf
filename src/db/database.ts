import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, DEFAULT_MIGRATION_TABLE, Kysely, type MigrationProvider, Migrator, PostgresDialect, sql, SqliteDialect } from 'kysely';
import type Pg from 'pg';

import { lazy } from '../lib/lazy.js';
import { asText } from '../lib/text.js';
import { unavailability } from './availability.js';
import { type DialectProfile, POSTGRES_PROFILE, SQLITE_PROFILE } from './dialect.js';
import { migrations } from './migrations/index.js';
import type { DB } from './schema.js';
import type { SqlStatement } from './statements.js';

/** node-postgres, loaded when a PostgreSQL database is opened (a server on SQLite never needs its modules). */
const loadPg = lazy(() => createRequire(import.meta.url)('pg') as typeof Pg);

/**
 * The length of the name each opened database gives its PostgreSQL sessions (`application_name`): `weft <8 hex digits
 * of this handle> <search path>`, so that `pg_stat_activity` tells Weft's processes on a schema apart (see
 * {@link otherWeftProcesses}). A process opens one handle (its server and worker share it); a weft command its own.
 */
const TAG_LENGTH = 'weft 01234567 '.length;

/**
 * How many other Weft processes (servers, with their worker or not, workers, weft commands) have sessions open on
 * this PostgreSQL database's schema, read from `pg_stat_activity`. A process whose DATABASE_URL sets its own
 * `application_name` is not seen.
 */
export async function otherWeftProcesses(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(distinct left(application_name, ${TAG_LENGTH})) as n from pg_stat_activity
    where datname = current_database() and left(application_name, 5) = 'weft '
      and left(application_name, ${TAG_LENGTH}) <> left(current_setting('application_name'), ${TAG_LENGTH})
      and substr(application_name, ${TAG_LENGTH + 1}) = left(current_setting('search_path'), ${63 - TAG_LENGTH})`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

export interface Database {
  readonly db: Kysely<DB>;
  readonly profile: DialectProfile;
  /**
   * Runs a compiled read-only query (a `select`) and returns its rows, for hot read paths (a data page, the API key
   * check). On SQLite it runs as a cached prepared statement on a read-only connection of its own, outside Kysely's
   * single connection: a read never waits for a write transaction to end (WAL gives it the last committed state). On
   * PostgreSQL it runs as a named prepared statement on a pool of its own whose sessions keep one generic plan per
   * statement (planned once per connection, not at every execution).
   */
  read<R>(query: CompiledQuery<R>): Promise<R[]>;
  /**
   * As `read`, each row as an array of its values in the order of the select list: no object per row, for reads of
   * many rows of one or two columns (a page of stored JSON read as rows, see `DialectProfile.pageAsRows`).
   */
  readValues(query: CompiledQuery): Promise<unknown[][]>;
  /** Runs `fn` in a write transaction; on SQLite it takes the writer lock up front (`BEGIN IMMEDIATE`). */
  write<T>(fn: (trx: Kysely<DB>) => Promise<T>): Promise<T>;
  /**
   * Runs `statements` in order in one write transaction, with no query builder: on SQLite as one synchronous
   * transaction (`BEGIN IMMEDIATE`) of prepared statements kept for reuse, on PostgreSQL one after another in a
   * transaction. A statement marked `required` that returns and changes no row rolls everything back and throws.
   */
  writeStatements(statements: readonly SqlStatement[]): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string. Without it, the SQLite file `<dataDir>/weft.db` is used. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** PostgreSQL schema to use (created if missing); tests give each suite its own. */
  pgSchema?: string;
  /** PostgreSQL pool size. */
  pgPoolSize?: number;
  /** Told when a PostgreSQL connection fails, idle or in use (the pool replaces it; the query in flight fails). */
  onIdleError?: (error: Error) => void;
  /** Longest one PostgreSQL statement may run, and longest Weft waits for its answer (ms). */
  queryTimeoutMs?: number;
  /** Longest Weft waits for a new PostgreSQL connection (ms). */
  connectTimeoutMs?: number;
}

/** Opens the database named by the options. Call `migrate()` before use. */
export function openDatabase(options: DatabaseOptions): Database {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openSqlite(options.dataDir);
}

// Built once: a pull runs a write transaction per page, and these never change.
const BEGIN_IMMEDIATE = CompiledQuery.raw('begin immediate');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');

function openSqlite(dataDir: string): Database {
  // The data directory holds the database and the encryption key: readable by Weft's user alone.
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, 0o700);
  const dbPath = path.join(dataDir, 'weft.db');
  // SQLite creates the WAL and shared-memory files with the database file's permissions: make that 0600 first.
  fs.closeSync(fs.openSync(dbPath, 'a', 0o600));
  fs.chmodSync(dbPath, 0o600);
  for (const extra of ['-wal', '-shm']) if (fs.existsSync(dbPath + extra)) fs.chmodSync(dbPath + extra, 0o600);
  const file = new BetterSqlite3(dbPath);
  file.pragma('journal_mode = WAL');
  file.pragma('synchronous = NORMAL');
  // Other processes (separate workers) share the file: wait for their write lock instead of failing at once.
  file.pragma('busy_timeout = 15000');
  const statements = withStatementCache(file);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: statements }) });
  // The read-only connection of `read`, opened at first use (after the migrations made the tables).
  let reader: ReturnType<typeof withStatementCache> | null = null;
  let closed = false;
  const readerOf = () => {
    if (reader) return reader;
    if (closed) throw new Error('the database is closed');
    const ro = new BetterSqlite3(dbPath, { readonly: true, fileMustExist: true });
    ro.pragma('busy_timeout = 15000');
    // Its reads are data pages, ranges read once each in order: a page cache of 2 MB (SQLite's default) instead of
    // better-sqlite3's 16 MB, which filled while a client read a large transfer back and stayed (issue 17, memory).
    ro.pragma('cache_size = -2000');
    reader = withStatementCache(ro);
    return reader;
  };
  // One synchronous transaction: no await between its statements, so no other work of this process runs inside it.
  const runSync = file.transaction((list: readonly SqlStatement[]) => {
    for (const s of list) {
      const stmt = statements.prepare(s.sql);
      if (stmt.reader) {
        const row: unknown = stmt.get(...s.params);
        if (s.required && row === undefined) throw s.required();
      } else {
        const { changes } = stmt.run(...s.params);
        if (s.required && changes === 0) throw s.required();
      }
    }
  });
  return {
    db,
    profile: SQLITE_PROFILE,
    read: <R>(query: CompiledQuery<R>) => {
      try {
        return Promise.resolve(
          readerOf()
            .prepare(query.sql)
            .all(...query.parameters) as R[],
        );
      } catch (e) {
        return Promise.reject(e as Error);
      }
    },
    readValues: (query) => {
      try {
        // Statements are shared (the cache) and run synchronously: the raw mode is set for this call and reset.
        const stmt = readerOf().prepare(query.sql);
        try {
          return Promise.resolve(stmt.raw(true).all(...query.parameters) as unknown[][]);
        } finally {
          stmt.raw(false);
        }
      } catch (e) {
        return Promise.reject(e as Error);
      }
    },
    // Through Kysely's connection, so that it waits for (and holds off) any transaction Kysely has open on it.
    writeStatements: (list) =>
      db.connection().execute(async () => {
        runSync.immediate(list);
      }),
    write: (fn) =>
      db.connection().execute(async (conn) => {
        await conn.executeQuery(BEGIN_IMMEDIATE);
        try {
          const result = await fn(conn);
          await conn.executeQuery(COMMIT);
          return result;
        } catch (e) {
          // SQLite rolls a transaction back by itself after some errors (a full disk, an I/O error): then there is
          // nothing to roll back, and the original error is the one to report.
          if (file.inTransaction) await conn.executeQuery(ROLLBACK);
          throw e;
        }
      }),
    close: async () => {
      closed = true;
      reader?.close();
      reader = null;
      await db.destroy();
    },
  };
}

/**
 * Kysely prepares every query anew; better-sqlite3 statements can be reused. Weft runs the same few statements over
 * and over (a page insert, a checkpoint, a lease check), so keeping the prepared ones saves a compile per query.
 * Kysely runs one query at a time on this connection, so sharing a statement is safe.
 */
function withStatementCache(file: BetterSqlite3.Database, size = 256): Pick<BetterSqlite3.Database, 'prepare' | 'close'> {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(source: string) {
      let stmt = cache.get(source);
      if (stmt) {
        // Most recently used last, so that the oldest entry is the one evicted.
        cache.delete(source);
      } else {
        stmt = file.prepare(source);
        if (cache.size >= size) cache.delete(cache.keys().next().value as string);
      }
      cache.set(source, stmt);
      return stmt;
    },
    close() {
      cache.clear();
      return file.close();
    },
  } as Pick<BetterSqlite3.Database, 'prepare' | 'close'>;
}

function openPostgres(url: string, options: DatabaseOptions): Database {
  const schema = options.pgSchema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name ${schema}`);
  const queryTimeoutMs = options.queryTimeoutMs ?? 15_000;
  const pg = loadPg();
  const tag = `weft ${randomBytes(4).toString('hex')} `;
  const poolOf = (max: number, prepare?: string) => {
    const made = new pg.Pool({
      connectionString: url,
      max,
      // One idle session is kept open (the rest close after 10 s idle): a running process stays visible in
      // pg_stat_activity to the commands that must not run beside it (otherWeftProcesses).
      min: 1,
      // A database that does not answer (stopped, frozen, partitioned) fails requests fast instead of holding them.
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      statement_timeout: queryTimeoutMs,
      query_timeout: queryTimeoutMs + 2_000,
      idle_in_transaction_session_timeout: Math.max(60_000, queryTimeoutMs * 4),
      keepAlive: true,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
      types: {
        getTypeParser: (oid: number, format?: 'text' | 'binary') =>
          // int8 (bigint, count(*)) as a JS number: every value we store is far below 2^53.
          oid === 20 ? (v: string) => Number(v) : (pg.types.getTypeParser(oid, format as 'text') as (value: string) => unknown),
      },
      // Before the pool hands a new session out (pg-pool awaits this hook; a session it fails on is ended and the
      // checkout fails with the error): the session is named for this process and its search path (set by a
      // DATABASE_URL's options or pgSchema; the schema itself may not exist yet when the first session opens), then
      // given the pool's own setting. Run from the `connect` event instead, these statements were queued behind
      // nothing and the checkout's first query behind them on one client, which pg deprecates.
      // eslint-disable-next-line @typescript-eslint/no-misused-promises -- pg-pool awaits the hook; @types/pg types it as void
      onConnect: async (client: Pg.ClientBase) => {
        await client.query(`select set_config('application_name', $1 || current_setting('search_path'), false)`, [tag]);
        if (prepare !== undefined) await client.query(prepare);
      },
    });
    // A client lost its connection. The pool handles idle ones; a client in use (checked out by a query) emits the
    // error on itself, and without a listener that would end the process: listen on every client the pool makes.
    // The query in flight fails with its own error; the pool drops the broken client.
    made.on('error', (error) => options.onIdleError?.(error));
    made.on('connect', (client) => client.on('error', (error) => options.onIdleError?.(error)));
    return made;
  };
  const pool = poolOf(options.pgPoolSize ?? 10);
  // The pool of `read`/`readValues` (the key check, a transfer, a data page: reads by primary key), opened at first
  // use. Its sessions keep one generic plan per named statement: with PostgreSQL's default (`auto`) a statement whose
  // generic plan looks dearer than its custom ones (a page's range with unknown bounds) is planned afresh at every
  // execution, which cost a data page about 0.3 ms of PostgreSQL's CPU (0.86–0.95 ms against 0.61–0.68 generic, the
  // bare database route 0.62–0.75; docs/benchmarks.md). Apart from the write pool: the setting holds for every
  // statement of a session, and the queue's and the engines' statements keep their custom plans.
  let readerPool: Pg.Pool | undefined;
  let closed = false;
  // Set by a statement, not by the connection's options, which a DATABASE_URL's own `options` would replace; it holds
  // before the session's first query (the pool's hook runs first), and a session it fails on is never handed out.
  const readers = () => {
    // A read after `close` (a request finishing during shutdown) fails as on SQLite, instead of opening a pool that
    // nothing would end.
    if (closed) throw new Error('the database is closed');
    return (readerPool ??= poolOf(options.pgPoolSize ?? 10, 'set plan_cache_mode = force_generic_plan'));
  };
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({
      pool,
      onCreateConnection: schema
        ? async (conn) => {
            await conn.executeQuery(sql`create schema if not exists ${sql.id(schema)}`.compile(db));
          }
        : undefined,
    }),
  });
  // Named statements: each connection plans a statement once, at its first use there.
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (name === undefined) {
      name = `weft_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    db,
    profile: POSTGRES_PROFILE,
    read: async <R>(query: CompiledQuery<R>) =>
      (await readers().query({ name: nameOf(query.sql), text: query.sql, values: query.parameters as unknown[] })).rows as R[],
    readValues: async (query) =>
      (await readers().query<unknown[]>({ name: nameOf(query.sql), text: query.sql, values: query.parameters as unknown[], rowMode: 'array' })).rows,
    write: (fn) => db.transaction().execute(fn),
    // A pulled page's statements as named statements on one client: PostgreSQL parses and plans each text once per
    // connection instead of at every page (its CPU per page of 100 rows: about 0.6 ms against 1.1 ms unnamed).
    writeStatements: async (list) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        for (const s of list) {
          const result = await client.query({ name: nameOf(s.sql), text: s.sql, values: [...s.params] });
          if (s.required && !result.rows.length && !(result.rowCount !== null && result.rowCount > 0)) throw s.required();
        }
        await client.query('commit');
        client.release();
      } catch (error) {
        // The first error is what the caller sees; a connection that cannot even roll back is dropped, not reused.
        let broken: Error | undefined;
        await client.query('rollback').catch((rollbackError: unknown) => {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        client.release(broken);
        throw error;
      }
    },
    close: async () => {
      closed = true;
      // Both pools end, whichever fails first.
      await Promise.all([db.destroy(), readerPool?.end()]);
    },
  };
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Kysely's migrator over Weft's migrations, its bookkeeping tables in the schema in use (see the profile). */
async function migratorOf(database: Database): Promise<Migrator> {
  const migrationTableSchema = await database.profile.migrationTableSchema(database.db as unknown as Kysely<never>);
  return new Migrator({ db: database.db, provider, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
}

/**
 * The migrations this Weft knows that the database has not applied (empty: up to date). Cheap enough for every
 * readiness probe: one read of the migrator's bookkeeping table (in the schema in use); only when that table is not
 * there yet does the migrator itself look (it lists the database's tables to find out).
 */
export async function pendingMigrations(database: Database): Promise<string[]> {
  let applied: Set<string>;
  try {
    const rows = await (database.db as unknown as Kysely<Record<string, { name: string }>>)
      .selectFrom(DEFAULT_MIGRATION_TABLE)
      .select('name')
      .execute();
    applied = new Set(rows.map((r) => r.name));
  } catch (e) {
    if (unavailability(e)) throw e;
    const infos = await (await migratorOf(database)).getMigrations();
    return infos.filter((m) => m.executedAt === undefined).map((m) => m.name);
  }
  return Object.keys(migrations).filter((name) => !applied.has(name));
}

/** Applies every pending migration, in order. Throws with the failing migration's name if one fails. */
export async function migrate(database: Database): Promise<string[]> {
  const migrator = await migratorOf(database);
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    const failed = results?.find((r) => r.status === 'Error');
    // Before running anything, Kysely looks for its bookkeeping tables through PostgreSQL's catalog of every schema;
    // a schema another deployment (or test run) drops at that moment makes the look-up fail with "relation does not
    // exist" (42P01). Nothing was changed then: look again.
    const code = (error as { code?: unknown } | undefined)?.code;
    if (error && !failed && (code === '42P01' || code === '3F000') && attempt < 5) {
      await new Promise((r) => setTimeout(r, 50 * attempt));
      continue;
    }
    if (error) {
      throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${error instanceof Error ? error.message : asText(error)}`, {
        cause: error,
      });
    }
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }
}
