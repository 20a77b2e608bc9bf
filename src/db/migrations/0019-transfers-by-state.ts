import type { Kysely } from 'kysely';

/** `/metrics` counts transfers by state, provider, type and method at every scrape: from this index alone. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('transfers_state').on('transfers').columns(['status', 'provider', 'endgrate_type', 'method']).execute();
}
