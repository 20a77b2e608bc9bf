import type { Kysely } from 'kysely';

/**
 * The origins allowed to embed a project's connect journey (a JSON array of `scheme://host[:port]`, checked by
 * src/projects/branding.ts); null: none, the pages refuse every frame.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('projects').addColumn('embed_origins', 'text').execute();
}
