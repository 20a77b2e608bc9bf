import type { FastifyInstance } from 'fastify';
import { getConnector } from '../../connectors/index.js';
import { WeftError } from '../../errors.js';
import { transferStatistics } from '../../transfers/statistics.js';
import { loadTransfer } from '../../transfers/service.js';
import { html, messagePage, page } from '../html.js';

/** GET /statistics?transfer_id=… — the `statistics` URL of a transfer: its state and figures, refreshed while it runs. */
export default function getStatisticsPage(app: FastifyInstance): void {
  app.get<{ Querystring: { transfer_id?: string } }>('/statistics', { config: { auth: false } }, async (request, reply) => {
    let transfer;
    try {
      transfer = await loadTransfer(app.services, null, request.query.transfer_id);
    } catch (e) {
      if (e instanceof WeftError) return reply.status(404).type('text/html').send(messagePage('Not found', 'This transfer does not exist or has expired.'));
      throw e;
    }
    const connector = getConnector(transfer.provider);
    const stats = transferStatistics(transfer, connector?.manifest);
    const s = stats.statistics[transfer.endgrate_type] as Record<string, unknown>;
    const rows: Array<[string, unknown]> = [
      ['State', transfer.status],
      ['Provider', connector?.manifest.displayName ?? transfer.provider],
      ['Schema', transfer.endgrate_type],
      ['Direction', transfer.method === 'IMPORT' ? 'Pull' : 'Push'],
      ['Records', s['records']],
      ['Records transferred', s['records_transferred']],
      ['Batches (queued / succeeded / failed)', `${String(s['batches_queued'])} / ${String(s['batches_success'])} / ${String(s['batches_fail'])}`],
      ['Provider requests', s['provider_requests']],
      ['Retries', s['retries']],
      ['Errors', s['errors']],
      ['Duration', `${((s['duration_ms'] as number) / 1000).toFixed(1)} s`],
    ];
    const running = !stats.completed;
    const body = html`<main><div class="card">
  <h1>Transfer statistics</h1>
  <p class="muted">Transfer ${transfer.id}${running ? ' — updating while it runs' : ''}</p>
  <table><tbody>${rows.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${String(v)}</td></tr>`)}</tbody></table>
  ${transfer.last_error ? html`<p class="bad" role="alert">${transfer.last_error}</p>` : ''}
</div></main>`;
    return reply.type('text/html; charset=utf-8').send(page({ title: 'Transfer statistics', body, ...(running ? { refreshSeconds: 2 } : {}) }));
  });
}
