import type { Kysely } from 'kysely';

/**
 * Webhook secret rotation: the secret a rotation replaced, which still signs deliveries (beside the new one) until
 * `webhook_secret_previous_until`. Secrets are sealed at rest from now on; migrations run without the encryption key,
 * so the secrets stored in clear before this are sealed when Weft starts (see src/webhooks/secrets.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('projects').addColumn('webhook_secret_previous', 'text').execute();
  await db.schema.alterTable('projects').addColumn('webhook_secret_previous_until', 'bigint').execute();
}
