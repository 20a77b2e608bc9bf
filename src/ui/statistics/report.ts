/**
 * Everything the statistics page shows about one transfer, read in one place: its figures (as `GET /api/statistics`
 * computes them), the push's written and refused records, its progress samples (thinned to a few hundred points, so
 * that a long transfer's chart stays cheap to poll) and its latest errors.
 */

import { getConnector } from '../../connectors/index.js';
import { countRefusedRecords, transferErrors } from '../../error-log/index.js';
import type { Services } from '../../services.js';
import type { DataScope } from '../../sessions/sessions.js';
import { isFinished, type PushRequestOptions, type Transfer } from '../../transfers/model.js';
import { progressBuckets } from '../../transfers/progress.js';
import { loadTransfer } from '../../transfers/service.js';
import { transferStatistics } from '../../transfers/statistics.js';
import { pushRequestOf } from '../../transfers/stored.js';

/** The most points a chart gets; longer transfers have their samples merged into equal time buckets. */
export const MAX_SAMPLES = 240;
/** The most errors the page lists (the latest ones). */
export const MAX_ERRORS = 50;

/** One point of the progress chart: cumulative figures at an instant (epoch ms). */
export interface ProgressSample {
  at: number;
  records: number;
  provider_requests: number;
  errors: number;
}

/** One error of the transfer, as the error log (`GET /api/errors`) holds it. */
export interface TransferErrorRow {
  type: string;
  index: number | null;
  internal_id: string | null;
  message: string;
  at: number;
}

/** What a push did with its records so far. */
export interface PushOutcome {
  /** Items in the request's `transfer_data`, valid or not. */
  total: number;
  /** Records the provider wrote. */
  written: number;
  /** Records refused: invalid items, and records the provider rejected (or whose outcome is unknown). */
  refused: number;
}

/** The statistics of one transfer, as the page and its live data show them. */
export interface TransferReport {
  transfer: Transfer;
  /** The statistics of `GET /api/statistics`, for the transfer's schema. */
  figures: ReturnType<typeof transferStatistics>['statistics'][string];
  providerName: string;
  push: PushOutcome | null;
  /**
   * Chronological: from the transfer's start (all zero) to its end, or to now (its current figures) while it runs;
   * empty before it starts.
   */
  samples: ProgressSample[];
  errors: { total: number; latest: TransferErrorRow[] };
  /** When the report was read (epoch ms). */
  now: number;
  /**
   * Whether the reader showed the project's API key. Without it the report holds no provider error texts, no
   * internal ids and no failure text (they may name the end user's account or data): only counts and types.
   */
  full: boolean;
}

/**
 * Reads the report of a transfer anyone holding its id may see (the same rule as `GET /api/statistics`).
 * Throws `Errors.invalidTransfer()` for an unknown id, or a transfer whose session was deleted or has expired.
 */
export async function loadTransferReport(services: Services, transferId: unknown, scope: DataScope = null): Promise<TransferReport> {
  const loaded = await loadTransfer(services, scope, transferId);
  const full = scope !== null;
  const transfer = full ? loaded : { ...loaded, last_error: null };
  const now = Date.now();
  const manifest = getConnector(transfer.provider)?.manifest;
  const statistics = transferStatistics(transfer, manifest);
  const figures = statistics.statistics[transfer.endgrate_type];
  if (!figures) throw new Error(`transferStatistics gave no figures for ${transfer.endgrate_type}`);
  const request = transfer.method === 'EXPORT' ? pushRequestOf(transfer) : null;
  const [samples, errors, refused] = await Promise.all([
    loadSamples(services, transfer, request, now),
    transferErrors(services.database.db, transfer.id, MAX_ERRORS).then((e) => (full ? e : withheldErrors(e))),
    request ? countRefusedRecords(services.database.db, transfer.id) : Promise.resolve(0),
  ]);
  return {
    transfer,
    figures,
    providerName: manifest?.displayName ?? transfer.provider,
    push: request ? { total: request.total, written: transfer.records, refused } : null,
    samples,
    errors,
    now,
    full,
  };
}

/** What a reader without the API key sees of an error's text. */
export const WITHHELD_RECORD_MESSAGE = 'This record was refused. The developer can read why with the API (GET /api/errors).';
export const WITHHELD_MESSAGE = 'An error occurred. The developer can read it with the API (GET /api/errors).';

/** The errors without their texts and internal ids. */
function withheldErrors(errors: TransferReport['errors']): TransferReport['errors'] {
  return {
    total: errors.total,
    latest: errors.latest.map((e) => ({ ...e, internal_id: null, message: e.index === null ? WITHHELD_MESSAGE : WITHHELD_RECORD_MESSAGE })),
  };
}

/** The progress samples, merged into at most MAX_SAMPLES time buckets (each keeps its latest figures), from the start. */
async function loadSamples(services: Services, t: Transfer, push: PushRequestOptions | null, now: number): Promise<ProgressSample[]> {
  if (t.started_at === null) return [];
  const start = t.started_at;
  const end = isFinished(t) ? (t.completed_at ?? now) : now;
  const bucketMs = Math.max(1000, Math.ceil((end - start) / MAX_SAMPLES));
  // The figures only grow, so a bucket's maxima are its last sample's figures.
  const samples = (await progressBuckets(services.database.db, t.id, start, bucketMs)).sort((a, b) => a.at - b.at);
  const first = samples[0];
  if (!first || first.at > start) {
    // The start: nothing read or written yet; a push's invalid items were already counted as errors when it was made.
    samples.unshift({ at: start, records: 0, provider_requests: 0, errors: push ? push.total - push.valid : 0 });
  }
  // The end, or now: the transfer's current figures, which are ahead of the last sample while it runs (and which a
  // transfer given up by the queue never sampled).
  const last = samples[samples.length - 1];
  if (last && end > last.at) samples.push({ at: end, records: t.records, provider_requests: t.provider_requests, errors: t.error_count });
  return samples;
}
