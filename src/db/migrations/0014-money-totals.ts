import type { Kysely } from 'kysely';

/** The value of a transfer's records by currency (invoices, payments, orders, deals): JSON of decimal strings. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('transfers').addColumn('money_totals', 'text').execute();
}
