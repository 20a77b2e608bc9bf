/** A transfer's statistics, in Endgrate's shape (`GET /api/statistics`) plus Weft's own figures. */
import type { ConnectorManifest } from '../connectors/index.js';
import type { Transfer } from './model.js';
import { isFinished } from './model.js';
import { pullRequestOf, pushRequestOf } from './stored.js';

export function transferStatistics(t: Transfer, manifest: ConnectorManifest | undefined) {
  const push = t.method === 'EXPORT' ? pushRequestOf(t) : null;
  const request = push ?? pullRequestOf(t);
  const batchSize = manifest ? (push ? manifest.batchSize.create : manifest.pagination.maxPageSize) : null;
  const end = t.completed_at ?? Date.now();
  return {
    success: true,
    transfer_id: t.id,
    session_id: t.session_id,
    method: t.method,
    status: t.status,
    completed: isFinished(t),
    initiated: new Date(t.created_at).toISOString(),
    started: t.started_at === null ? null : new Date(t.started_at).toISOString(),
    finished: t.completed_at === null ? null : new Date(t.completed_at).toISOString(),
    statistics: {
      [t.endgrate_type]: {
        batch_size: batchSize,
        records: push ? push.total : t.records,
        batches: t.batches_queued,
        batches_queued: t.batches_queued,
        batches_success: t.batches_success,
        batches_fail: t.batches_fail,
        records_transferred: t.records,
        completed: isFinished(t),
        provider: t.provider,
        integration: manifest?.schemas[request.resource ?? t.endgrate_type]?.integration.name ?? null,
        provider_requests: t.provider_requests,
        retries: t.retries,
        rate_limited: t.rate_limited,
        rate_limit_wait_ms: t.waited_ms,
        errors: t.error_count,
        duration_ms: t.started_at === null ? 0 : end - t.started_at,
      },
    },
  };
}

/** The statistics as anyone holding only the transfer id sees them: without the session id. */
export function anonymousStatistics(stats: ReturnType<typeof transferStatistics>) {
  const { session_id: _sessionId, ...rest } = stats;
  return rest;
}
