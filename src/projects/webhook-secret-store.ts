/**
 * The projects' webhook signing secret columns, as stored (sealed, or in clear from an older Weft). What they mean,
 * how they are sealed and rotated is src/webhooks/secrets.ts's business; this module only reads and writes them.
 */
import type { Kysely } from 'kysely';

import type { DB } from '../db/schema.js';

export interface StoredWebhookSecret {
  /** '' when the project has none yet. */
  current: string;
  previous: string | null;
  previousUntil: number | null;
}

/** The project's stored secret columns, or undefined when there is no such project. */
export async function storedWebhookSecret(db: Kysely<DB>, projectId: string): Promise<StoredWebhookSecret | undefined> {
  const row = await db
    .selectFrom('projects')
    .select(['webhook_secret', 'webhook_secret_previous', 'webhook_secret_previous_until'])
    .where('id', '=', projectId)
    .executeTakeFirst();
  return (
    row && {
      current: row.webhook_secret,
      previous: row.webhook_secret_previous,
      previousUntil: row.webhook_secret_previous_until === null ? null : Number(row.webhook_secret_previous_until),
    }
  );
}

/**
 * Writes the project's secret columns if its current secret is still `expected` (a compare-and-set, so that two
 * writers never both win). A column left out keeps its stored value. True when the row was written.
 */
export async function replaceWebhookSecret(
  db: Kysely<DB>,
  projectId: string,
  expected: string,
  next: { current: string; previous?: string | null; previousUntil?: number | null },
): Promise<boolean> {
  const res = await db
    .updateTable('projects')
    .set({
      webhook_secret: next.current,
      ...(next.previous === undefined ? {} : { webhook_secret_previous: next.previous }),
      ...(next.previousUntil === undefined ? {} : { webhook_secret_previous_until: next.previousUntil }),
    })
    .where('id', '=', projectId)
    .where('webhook_secret', '=', expected)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The projects whose current or previous secret starts with `prefix` (secrets stored in clear). */
export async function projectsWithWebhookSecretPrefix(
  db: Kysely<DB>,
  prefix: string,
): Promise<Array<{ id: string; current: string; previous: string | null }>> {
  const rows = await db
    .selectFrom('projects')
    .select(['id', 'webhook_secret', 'webhook_secret_previous'])
    .where((eb) => eb.or([eb('webhook_secret', 'like', `${prefix}%`), eb('webhook_secret_previous', 'like', `${prefix}%`)]))
    .execute();
  return rows.map((r) => ({ id: r.id, current: r.webhook_secret, previous: r.webhook_secret_previous }));
}

/** Every project's stored secret columns (key rotation re-seals them all). */
export async function allStoredWebhookSecrets(db: Kysely<DB>): Promise<Array<StoredWebhookSecret & { projectId: string }>> {
  const rows = await db.selectFrom('projects').select(['id', 'webhook_secret', 'webhook_secret_previous', 'webhook_secret_previous_until']).execute();
  return rows.map((row) => ({
    projectId: row.id,
    current: row.webhook_secret,
    previous: row.webhook_secret_previous,
    previousUntil: row.webhook_secret_previous_until === null ? null : Number(row.webhook_secret_previous_until),
  }));
}
