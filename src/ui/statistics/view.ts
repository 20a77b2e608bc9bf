/**
 * The statistics page's view of a transfer report: every text the page shows, keyed by the `data-field` of the
 * element that shows it, the charts, the samples table and the error list. The server renders the page from it, and
 * the live data carries it, so that the page's script only puts texts and path data in place.
 */
import { COMMON_MODELS } from '../../model/registry.js';
import type { TransferStatus } from '../../transfers/model.js';
import { moneyTotalsOf } from '../../transfers/stored.js';
import { type ChartView, chartView } from './chart.js';
import { countOf, formatCount, formatDuration, formatInstant, formatRate, formatTotals } from './format.js';
import { MAX_ERRORS, type TransferReport } from './report.js';

/** The state as the page names it. */
export const STATE_LABELS: Record<TransferStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
};

/** A row of the samples table (the charts' text alternative). */
export interface SampleRow {
  elapsed: string;
  records: string;
  provider_requests: string;
  errors: string;
}

/** An error as the page lists it. */
export interface ErrorItem {
  type: string;
  /** "Index 3" (the record's index in the request's `transfer_data`), or null when the error is not about one record. */
  record: string | null;
  internal_id: string | null;
  message: string;
  time: string;
}

/** Everything the page shows, as text. */
export interface StatisticsView {
  state: TransferStatus;
  completed: boolean;
  fields: Record<string, string>;
  /**
   * A push's processed records out of its total, or a pull's records out of what the provider said to expect (a
   * progress bar); null for a pull whose provider tells no total.
   */
  progress: { value: number; max: number } | null;
  /** Why the transfer failed, or null. */
  failure: string | null;
  charts: ChartView[];
  samples: SampleRow[];
  errors: { note: string; items: ErrorItem[] };
}

/** The view of a report. */
export function statisticsView(report: TransferReport): StatisticsView {
  const t = report.transfer;
  const completed = t.status === 'completed' || t.status === 'failed';
  return {
    state: t.status,
    completed,
    fields: fieldTexts(report),
    progress: report.push
      ? { value: Math.min(report.push.written + report.push.refused, report.push.total), max: report.push.total }
      : pullProgress(report),
    failure: t.status === 'failed' ? (t.last_error ?? 'The transfer failed.') : null,
    charts: [chartView('records', report.samples), chartView('provider_requests', report.samples)],
    samples: sampleRows(report),
    errors: errorList(report),
  };
}

/** What the retries were for: a failure, or the provider's rate limit (how often, and how long Weft waited). */
function retriesNote(f: TransferReport['figures']): string {
  if (f.rate_limited > 0) {
    const times = f.rate_limited === 1 ? 'once' : `${formatCount(f.rate_limited)} times`;
    return `rate limited (429) ${times}; waited ${formatDuration(f.rate_limit_wait_ms)} for the provider's limit`;
  }
  return f.retries === 0 ? 'none needed' : 'requests sent again after a failure';
}

function fieldTexts(report: TransferReport): Record<string, string> {
  const t = report.transfer;
  const f = report.figures;
  const push = report.push;
  const transferred = f.records_transferred;
  const fields: Record<string, string> = {
    state: STATE_LABELS[t.status],
    live: liveNote(t.status),
    records: formatCount(push ? push.total : transferred),
    records_note: recordsNote(report),
    batches_queued: formatCount(f.batches_queued),
    batches_success: formatCount(f.batches_success),
    batches_fail: formatCount(f.batches_fail),
    provider_requests: formatCount(f.provider_requests),
    retries: formatCount(f.retries),
    retries_note: retriesNote(f),
    duration: formatDuration(f.duration_ms),
    duration_note: durationNote(report),
    errors: formatCount(f.errors),
    errors_note: f.errors === 0 ? 'none' : 'listed below',
    started: t.started_at === null ? 'Not yet' : formatInstant(t.started_at),
    finished: t.completed_at === null ? 'Not yet' : formatInstant(t.completed_at),
  };
  const model = COMMON_MODELS.get(t.endgrate_type);
  if (!push && model?.value) {
    const totals = moneyTotalsOf(t) ?? {};
    fields['value'] = formatTotals(totals);
    fields['value_note'] =
      `the ${model.value.amount === 'total' ? 'total' : 'amount'} of the ${model.plural} pulled${Object.keys(totals).length > 1 ? ', by currency' : ''}`;
  }
  const pulled = pullProgress(report);
  if (pulled) fields['progress'] = pullProgressText(report, pulled);
  if (push) {
    const processed = Math.min(push.written + push.refused, push.total);
    fields['written'] = formatCount(push.written);
    fields['refused'] = formatCount(push.refused);
    fields['progress'] = `${formatCount(processed)} of ${countOf(push.total, 'record')} processed`;
  }
  return fields;
}

/** A pull's records out of the total its provider told on the first page (at least what was pulled), or null. */
function pullProgress(report: TransferReport): { value: number; max: number } | null {
  const expected = report.transfer.expected_records;
  if (report.push || expected === null || expected === undefined) return null;
  const done = report.figures.records_transferred;
  // A completed pull is whole, whatever was expected (records may have been added or removed meanwhile).
  if (report.transfer.status === 'completed') return { value: done, max: done };
  return { value: done, max: Math.max(expected, done) };
}

/** "1,200 of about 5,000 records pulled · about 2 min left" (the estimate from the pace so far). */
function pullProgressText(report: TransferReport, progress: { value: number; max: number }): string {
  const t = report.transfer;
  if (t.status === 'completed') return `${countOf(progress.value, 'record')} pulled`;
  const text = `${formatCount(progress.value)} of about ${countOf(progress.max, 'record')} pulled`;
  const elapsed = report.figures.duration_ms;
  if (t.status !== 'running' || progress.value === 0 || !elapsed) return text;
  const left = ((progress.max - progress.value) * elapsed) / progress.value;
  return `${text} · ${left < 1000 ? 'almost done' : `about ${formatDuration(left)} left`}`;
}

function liveNote(status: TransferStatus): string {
  if (status === 'queued') return 'Waiting for a worker to start the transfer. This page updates by itself.';
  if (status === 'running') return 'The figures update by themselves while the transfer runs.';
  return 'The transfer has ended: these are its final figures.';
}

function recordsNote(report: TransferReport): string {
  const push = report.push;
  if (push) {
    const pending = Math.max(0, push.total - push.written - push.refused);
    return pending > 0 && report.transfer.status !== 'failed' ? `in the request; ${formatCount(pending)} still to send` : 'in the request';
  }
  const noun = COMMON_MODELS.get(report.transfer.endgrate_type)?.plural ?? 'records';
  return report.transfer.status === 'completed' ? `${noun} pulled in total` : `${noun} pulled so far`;
}

function durationNote(report: TransferReport): string {
  const t = report.transfer;
  if (t.started_at === null) return 'not started yet';
  const rate = formatRate(report.push ? report.push.written : report.figures.records_transferred, report.figures.duration_ms);
  if (t.status === 'running') return rate ? `so far; ${rate}` : 'so far';
  return rate ?? 'from start to end';
}

function sampleRows(report: TransferReport): SampleRow[] {
  const first = report.samples[0];
  if (!first) return [];
  return report.samples.map((s) => ({
    elapsed: formatDuration(s.at - first.at),
    records: formatCount(s.records),
    provider_requests: formatCount(s.provider_requests),
    errors: formatCount(s.errors),
  }));
}

function errorList(report: TransferReport): StatisticsView['errors'] {
  const { total, latest } = report.errors;
  let note = 'No errors.';
  if (!report.full && total > 0) {
    const refused = report.push?.refused ?? 0;
    note =
      (refused > 0 ? `The provider refused ${countOf(refused, 'record')}; ` : '') +
      `${countOf(total, 'error')} in all. Their details are for the developer: GET /api/errors with the API key.`;
  } else if (total > latest.length) {
    note = `The latest ${formatCount(latest.length)} of ${countOf(total, 'error')}, newest first. The developer can list them all with the API (GET /api/errors).`;
  } else if (total > 0) {
    note = `${countOf(total, 'error')}, newest first.`;
  }
  return {
    note,
    items: latest.slice(0, MAX_ERRORS).map((e) => ({
      type: e.type,
      record: e.index === null ? null : `Index ${e.index}`,
      internal_id: e.internal_id,
      message: e.message,
      time: formatInstant(e.at),
    })),
  };
}
