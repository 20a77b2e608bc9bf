/**
 * What differs between the embedded SQLite database and PostgreSQL, declared once as capabilities. Code elsewhere
 * asks the profile; it never tests the dialect's name.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';

export interface DialectProfile {
  readonly name: 'sqlite' | 'postgres';
  /** `FOR UPDATE SKIP LOCKED` exists, so concurrent workers can claim jobs without blocking each other. */
  readonly skipLocked: boolean;
  /** Write transactions must start as `BEGIN IMMEDIATE` to take the single writer lock up front (SQLite). */
  readonly beginImmediate: boolean;
  /** Largest number of bound parameters in one statement. */
  readonly maxParameters: number;
  /**
   * A text column's UTF-8 bytes, read as a Buffer: a response assembled from stored JSON is then one copy, with no
   * text to encode again (a large string costs Node several times a Buffer's price to write to a socket).
   */
  readonly utf8Bytes: (column: string) => RawBuilder<Buffer>;
  /**
   * The text of `column` over the rows a query reads, joined with `,` in the order of `orderBy` (null when there is
   * no row): a page of stored JSON read as one value instead of a value per row (SQLite's `group_concat`,
   * PostgreSQL's `string_agg`).
   */
  readonly joinedText: (column: string, orderBy: string) => RawBuilder<string | null>;
  /**
   * A page of stored JSON is cheaper read as its rows than as one joined value (`joinedText`). On PostgreSQL the
   * aggregate costs the database about half as much again as returning the 250 rows (pgbench, key check and page of
   * 250 items: 830–990 pages/s aggregated, ordered or not, against 1,225–1,385 as rows; in the serving benchmark
   * PostgreSQL spent 1.2 ms a page on the aggregate against 0.4 ms on the rows). On SQLite the joined value, read
   * as a blob, is the cheaper (one value out of the engine instead of 250).
   */
  readonly pageAsRows: boolean;
  /** A table's whole row (of the query's `from`) as JSON text, its columns by name; where `pageAsRows` is true. */
  readonly rowJson: (table: string) => RawBuilder<string>;
  /**
   * A large text value as it is cheapest to read: SQLite's as UTF-8 bytes (a Buffer: measured 2.4× cheaper than as
   * text, 320 vs 760 µs for a page of 250 stored items); PostgreSQL's as text (node-postgres receives bytes as hex:
   * measured 1.37 ms a page as bytes against 1.02 ms as text).
   */
  readonly largeText: (value: RawBuilder<string>) => RawBuilder<Buffer | string>;
  /** The n-th (1-based) bound parameter's placeholder in SQL text written by hand. */
  readonly placeholder: (n: number) => string;
  /**
   * The schema that holds the migrator's bookkeeping tables: on PostgreSQL the search_path's first (so that other
   * schemas of the same database, other deployments or test runs, are not mistaken for ours); none on SQLite.
   */
  readonly migrationTableSchema: (db: Kysely<never>) => Promise<string | undefined>;
  /**
   * Takes a lock named `key` that is held until the caller's transaction ends, for writers whose checks cannot see
   * each other's uncommitted rows (PostgreSQL's read committed); null where write transactions already run one at a
   * time (SQLite's single writer).
   */
  readonly transactionLock: (<T>(trx: Kysely<T>, key: string) => Promise<void>) | null;
}

export const SQLITE_PROFILE: DialectProfile = Object.freeze({
  name: 'sqlite',
  skipLocked: false,
  beginImmediate: true,
  maxParameters: 32_766,
  utf8Bytes: (column: string) => sql<Buffer>`cast(${sql.ref(column)} as blob)`,
  joinedText: (column: string, orderBy: string) => sql<string | null>`group_concat(${sql.ref(column)}, ',' order by ${sql.ref(orderBy)})`,
  pageAsRows: false,
  rowJson: () => {
    throw new Error('SQLite reads a page as one value: no row is read as JSON');
  },
  largeText: (value: RawBuilder<string>) => sql<Buffer>`cast(${value} as blob)`,
  placeholder: () => '?',
  migrationTableSchema: async () => undefined,
  transactionLock: null,
});

export const POSTGRES_PROFILE: DialectProfile = Object.freeze({
  name: 'postgres',
  skipLocked: true,
  beginImmediate: false,
  maxParameters: 65_535,
  utf8Bytes: (column: string) => sql<Buffer>`convert_to(${sql.ref(column)}, 'UTF8')`,
  joinedText: (column: string, orderBy: string) => sql<string | null>`string_agg(${sql.ref(column)}, ',' order by ${sql.ref(orderBy)})`,
  pageAsRows: true,
  rowJson: (table: string) => sql<string>`row_to_json(${sql.table(table)})::text`,
  largeText: (value: RawBuilder<string>) => value,
  placeholder: (n: number) => `$${n}`,
  migrationTableSchema: async (db: Kysely<never>) => (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema,
  transactionLock: async <T>(trx: Kysely<T>, key: string) => {
    await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
  },
});
