import type { Kysely } from 'kysely';

/**
 * A project's branding on the hosted connect page (issue 15): the name the end user sees, a logo (the image's bytes
 * as base64, with its media type), a primary colour (`#rrggbb`) and a support link. All optional.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('projects').addColumn('display_name', 'text').execute();
  await db.schema.alterTable('projects').addColumn('primary_color', 'text').execute();
  await db.schema.alterTable('projects').addColumn('support_url', 'text').execute();
  await db.schema.alterTable('projects').addColumn('logo', 'text').execute();
  await db.schema.alterTable('projects').addColumn('logo_type', 'text').execute();
}
