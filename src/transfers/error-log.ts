/**
 * The error log behind `GET /api/errors`. Error types follow Endgrate: `internal`, `transfer_data` (invalid pushed
 * data), `upstream` (the provider refused or failed) and `authentication` (the end user must reconnect).
 */
import type { Kysely } from 'kysely';
import type { DB, TransferMethod } from '../db/schema.js';
import { newId } from '../lib/ids.js';

export type ErrorType = 'internal' | 'transfer_data' | 'upstream' | 'authentication';

export interface ErrorEntry {
  projectId: string;
  sessionId: string;
  transferId: string | null;
  errorType: ErrorType;
  message: string;
  recordIndex?: number | null;
  internalId?: string | null;
  provider?: string | null;
  endgrateType?: string | null;
  method?: TransferMethod | null;
}

export async function logErrors(db: Kysely<DB>, entries: ErrorEntry[], now = Date.now()): Promise<void> {
  for (let i = 0; i < entries.length; i += 500) {
    await db
      .insertInto('errors')
      .values(
        entries.slice(i, i + 500).map((e) => ({
          id: newId(now),
          project_id: e.projectId,
          session_id: e.sessionId,
          transfer_id: e.transferId,
          error_type: e.errorType,
          message: e.message.slice(0, 4000),
          resolved: 0,
          record_index: e.recordIndex ?? null,
          internal_id: e.internalId ?? null,
          provider: e.provider ?? null,
          endgrate_type: e.endgrateType ?? null,
          method: e.method ?? null,
          created_at: now,
        })),
      )
      .execute();
  }
}
