import { type Kysely, sql } from 'kysely';

/**
 * Error types: a pushed item refused by validation was logged as `transfer_data`, which is not one of Endgrate's five
 * `error_type`s (`internal`, `integration`, `upstream`, `authentication`, `mapping`) and made Endgrate's SDK refuse
 * `GET /api/errors` and the error webhook. Such errors are `mapping` errors: stored ones are renamed, and so is the
 * `error_type` inside error webhooks not yet delivered (their bodies are signed when sent, so they may change).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update errors set error_type = 'mapping' where error_type = 'transfer_data'`.execute(db);
  await sql`update webhook_deliveries
    set body = replace(body, '"error_type":"transfer_data"', '"error_type":"mapping"')
    where kind = 'error' and status in ('pending', 'held') and body like '%"error_type":"transfer_data"%'`.execute(db);
}
