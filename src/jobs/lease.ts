/**
 * The one claim/lease core of the queue's users (jobs, webhook deliveries): rows of a table are claimed under a
 * lease (a token and an expiry), in an order, a row of a group only when nothing ahead of it in its group stands in
 * its way; whoever holds the token may renew, end or give back the lease, and nobody else. A table declares its
 * columns and rules; the core writes the statements.
 *
 * On PostgreSQL candidate rows are locked with `FOR UPDATE SKIP LOCKED`, so concurrent claimers take different rows
 * without waiting, and the claims of one group then queue on a transaction lock and look again (two claims at once
 * cannot see each other's uncommitted rows); on SQLite a claim is a `BEGIN IMMEDIATE` transaction, the only writer
 * while it runs.
 */
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';

import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';

/** Column names are checked against the table's type; the statements themselves are built over any table. */
type Columns<T extends keyof DB> = keyof DB[T] & string;
// The core writes the same statements for tables of different shapes: inside it, rows are untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEb = ExpressionBuilder<any, any>;

export interface LeasedTable<T extends keyof DB> {
  table: T;
  /** The column that holds the lease's token (null when free). */
  token: Columns<T>;
  expires: Columns<T>;
  /** Rows that may be claimed now, the table named `self`: due, and not leased by a live holder. */
  due: (eb: AnyEb, now: number) => Expression<SqlBool>;
  /** Rows of one value of this column are served one at a time, in order; rows with null are on their own. */
  group: Columns<T>;
  /** Whether row `other` of the group stands in the way of row `self` (it runs, or comes first and waits). */
  blocks: (eb: AnyEb) => Expression<SqlBool>;
  /** Whether row `other` of the group is leased right now: a second claim of the group gives its row back. */
  held: (eb: AnyEb, now: number) => Expression<SqlBool>;
  /** The order rows are handed out in (columns of `self`). */
  order: ReadonlyArray<readonly [Columns<T>, 'asc' | 'desc']>;
}

export interface ClaimOptions<T extends keyof DB> {
  limit: number;
  token: string;
  /** What a claim sets besides the token (the expiry, a state, `attempts + 1`). */
  set: Record<string, unknown>;
  now: number;
  returning?: ReadonlyArray<Columns<T>>;
}

/** Another claimer took a row of the same group at the same moment and committed first. */
class GroupTurnTaken extends Error {
  override readonly name = 'GroupTurnTaken';
}

/** Claims up to `limit` rows; none when another claimer of one of their groups committed first. */
export async function claimLeased<T extends keyof DB, R = DB[T]>(database: Database, spec: LeasedTable<T>, options: ClaimOptions<T>): Promise<R[]> {
  if (options.limit <= 0) return [];
  try {
    return await database.write(async (trx) => {
      const db = trx as AnyDb;
      const table: string = spec.table;
      const group: string = spec.group;
      let candidates = db
        .selectFrom(`${table} as self`)
        .select('self.id')
        .where((eb) => spec.due(eb, options.now))
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom(`${table} as other`)
                .select('other.id')
                .whereRef(`other.${group}`, '=', `self.${group}`)
                .whereRef('other.id', '<>', 'self.id')
                .where((x) => spec.blocks(x)),
            ),
          ),
        );
      for (const [column, direction] of spec.order) candidates = candidates.orderBy(`self.${column}`, direction);
      candidates = candidates.limit(options.limit);
      if (database.profile.skipLocked) candidates = candidates.forUpdate().skipLocked();
      const update = db
        .updateTable(table)
        .set({ ...options.set, [spec.token as string]: options.token })
        .where('id', 'in', candidates);
      const rows = (await (options.returning ? update.returning([...options.returning, group]) : update.returningAll()).execute()) as Array<
        Record<string, unknown>
      >;
      const lock = database.profile.transactionLock;
      if (lock && rows.length) {
        const groups = [...new Set(rows.map((r) => r[group]).filter((g): g is string => typeof g === 'string'))].sort();
        for (const g of groups) await lock(db, `weft:${table}:${g}`);
        if (groups.length) {
          const taken = await db
            .selectFrom(`${table} as other`)
            .select('other.id')
            .where(`other.${group}`, 'in', groups)
            .where(
              'other.id',
              'not in',
              rows.map((r) => r['id']),
            )
            .where((eb) => spec.held(eb, options.now))
            .executeTakeFirst();
          if (taken) throw new GroupTurnTaken();
        }
      }
      return rows as R[];
    });
  } catch (e) {
    if (e instanceof GroupTurnTaken) return [];
    throw e;
  }
}

/**
 * Writes `set` to the row if `token` still holds its lease (`where` narrows further, e.g. a state); false when the
 * lease was lost (it ran out and another claimer took the row, or the row is gone).
 */
export async function updateLeased<T extends keyof DB>(
  db: Kysely<DB>,
  spec: LeasedTable<T>,
  id: string,
  token: string,
  set: Record<string, unknown>,
  where?: (eb: AnyEb) => Expression<SqlBool>,
): Promise<boolean> {
  let update = (db as AnyDb)
    .updateTable(spec.table as string)
    .set(set)
    .where('id', '=', id)
    .where(spec.token as string, '=', token);
  if (where) update = update.where((eb) => where(eb));
  const res = await update.executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Deletes the row if `token` still holds its lease; false when the lease was lost. */
export async function deleteLeased<T extends keyof DB>(db: Kysely<DB>, spec: LeasedTable<T>, id: string, token: string): Promise<boolean> {
  const res = await (db as AnyDb)
    .deleteFrom(spec.table as string)
    .where('id', '=', id)
    .where(spec.token as string, '=', token)
    .executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}
