/**
 * The statistics page a transfer's `statistics` URL points to, its live data and its script. No API key: like
 * `GET /api/statistics`, whoever holds the (unguessable) transfer id may see its figures, as long as its session
 * lives; but not the provider's error texts, internal ids or failure text (those need the project's API key in the
 * `authorization` header, as the API's do).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { isWeftError } from '../../errors.js';
import { optionalPrincipal } from '../../projects/index.js';
import type { DataScope } from '../../sessions/sessions.js';
import { messagePage } from '../html.js';
import { renderStatisticsPage } from './render-page.js';
import { loadTransferReport, type TransferReport } from './report.js';
import { STATISTICS_SCRIPT, STATISTICS_SCRIPT_PATH } from './script.js';
import { statisticsView } from './view.js';

interface TransferQuery {
  Querystring: { transfer_id?: string };
}

/**
 * Registers GET /statistics?transfer_id=… (the page), GET /statistics/data?transfer_id=… (its live data, JSON) and
 * GET /static/statistics.js (the script that applies the live data while the transfer runs).
 */
export default function getStatisticsPage(app: FastifyInstance): void {
  app.get<TransferQuery>('/statistics', { config: { auth: false } }, async (request, reply) => {
    let report: TransferReport;
    try {
      report = await loadTransferReport(app.services, request.query.transfer_id, await readerScope(app, request));
    } catch (e) {
      if (isInvalidTransfer(e)) return notFoundPage(reply);
      throw e;
    }
    return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(renderStatisticsPage(report));
  });

  app.get<TransferQuery>('/statistics/data', { config: { auth: false } }, async (request, reply) => {
    // An unknown or expired transfer throws Errors.invalidTransfer(): 404 in the API's error shape.
    const report = await loadTransferReport(app.services, request.query.transfer_id, await readerScope(app, request));
    return reply.header('cache-control', 'no-store').send(statisticsData(report));
  });

  app.get(STATISTICS_SCRIPT_PATH, { config: { auth: false } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(STATISTICS_SCRIPT),
  );
}

/** The project and mode of the reader's API key, or null without one (401 for a key that is not valid). */
async function readerScope(app: FastifyInstance, request: FastifyRequest): Promise<DataScope> {
  const principal = await optionalPrincipal(app.services.database, request.headers.authorization, (e) =>
    request.log.warn({ err: e }, "could not record the API key's last use; the request goes on"),
  );
  return principal;
}

function isInvalidTransfer(e: unknown): boolean {
  return isWeftError(e) && e.code === 'WEFT_ERR_INVALID_TRANSFER';
}

function notFoundPage(reply: FastifyReply): FastifyReply {
  return reply
    .status(404)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(messagePage('Transfer not found', 'This transfer does not exist, or it has expired with its session.'));
}

/**
 * The page's live data: the transfer's figures (those of `GET /api/statistics`, plus a push's written and refused
 * records), its progress samples and latest errors, and `view`, the texts and chart paths the page shows.
 */
export function statisticsData(report: TransferReport) {
  const t = report.transfer;
  const first = report.samples[0];
  const view = statisticsView(report);
  return {
    success: true as const,
    transfer_id: t.id,
    status: t.status,
    completed: view.completed,
    statistics: {
      ...report.figures,
      ...(report.push ? { records_written: report.push.written, records_refused: report.push.refused } : {}),
    },
    progress: report.samples.map((s) => ({
      timestamp: new Date(s.at).toISOString(),
      elapsed_ms: first ? s.at - first.at : 0,
      records: s.records,
      provider_requests: s.provider_requests,
      errors: s.errors,
    })),
    errors: {
      count: report.errors.total,
      latest: report.errors.latest.map((e) => ({
        error_type: e.type,
        index: e.index,
        internal_id: e.internal_id,
        message: e.message,
        timestamp: new Date(e.at).toISOString(),
      })),
    },
    view,
  };
}
