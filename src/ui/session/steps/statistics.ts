/** The statistics screen at the end of the journey (`statistics: true` on an unsaved session). */
import type { FastifyInstance } from 'fastify';

import { sessionTransferSummaries } from '../../../transfers/session-data.js';
import { html } from '../../html.js';
import { schemaLabel, stepPage, stepSession } from './common.js';

export default function journeyStatistics(app: FastifyInstance): void {
  app.get<{ Querystring: Record<string, string | undefined> }>('/session/statistics', { config: { auth: false } }, async (request, reply) => {
    const step = await stepSession(app.services, { request, reply }, request.query['session_id'], true);
    if (!step) return reply;
    const { session, connector } = step;
    const transfers = await sessionTransferSummaries(app.services.database.db, session.id, 50);
    const label = (key: string) => schemaLabel(session.schemas.find((s) => s.key === key) ?? { key, title: key, endgrate_type: key });
    const body = html`<h1 class="ok">Connected</h1>
<p role="status">You're connected to ${connector.manifest.displayName}. Data moves as the app needs it; this page shows each transfer.</p>
${
  transfers.length === 0
    ? html`<p class="muted">No data has moved yet.</p>`
    : html`<table><thead><tr><th scope="col">Data</th><th scope="col">Direction</th><th scope="col">State</th><th scope="col">Records</th></tr></thead><tbody>
  ${transfers.map(
    (t) =>
      html`<tr><td><a href="/statistics?transfer_id=${t.id}">${label(t.endgrate_type)}</a></td><td>${t.method === 'IMPORT' ? 'Read' : 'Written'}</td><td>${t.status}</td><td>${t.records.toLocaleString('en-US')}</td></tr>`,
  )}
</tbody></table>`
}`;
    return stepPage(app.services, reply, session, 'done', { title: 'Connected', body, outcome: 'success' });
  });
}
