import type { Kysely } from 'kysely';

/**
 * Data semantics: the per-session sync baseline, the internal_id → provider id map for upserts, idempotency keys of
 * push requests, and webhook deliveries with their log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  /** What the last complete pull of a session's schema read: the baseline of the next sync pull. */
  await db.schema
    .createTable('sync_records')
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('schema_key', 'text', (c) => c.notNull())
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_records_pk', ['session_id', 'schema_key', 'provider_id'])
    .execute();

  /** What a running sync pull has read so far (becomes the baseline when the pull completes). */
  await db.schema
    .createTable('sync_seen')
    .addColumn('transfer_id', 'text', (c) => c.notNull())
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_seen_pk', ['transfer_id', 'provider_id'])
    .execute();

  /** Which provider record each of the developer's internal_ids became, per session and schema. */
  await db.schema
    .createTable('internal_ids')
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('schema_key', 'text', (c) => c.notNull())
    .addColumn('internal_id', 'text', (c) => c.notNull())
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('internal_ids_pk', ['session_id', 'schema_key', 'internal_id'])
    .execute();

  /** Idempotency-Key of push requests: the same key and body within 24 hours returns the first transfer. */
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('transfer_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['project_id', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_age').on('idempotency_keys').column('created_at').execute();

  /** Webhook deliveries: one row per event to deliver, kept as the delivery log. */
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('transfer_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    /** The JSON body to send (exactly, so that the signature covers what was stored). */
    .addColumn('body', 'text', (c) => c.notNull())
    /** Deliveries of one ordering group go out one at a time, in `seq` order, unless webhook_concurrency. */
    .addColumn('ordering_key', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    /** A worker sending the delivery holds it until then (another may take it over afterwards). */
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'bigint')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .execute();
  await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('webhook_deliveries_order').on('webhook_deliveries').columns(['ordering_key', 'seq']).execute();
  await db.schema.createIndex('webhook_deliveries_project').on('webhook_deliveries').columns(['project_id', 'created_at']).execute();
}
