/** The statistics screen at the end of the journey (`statistics: true` on an unsaved session). */
import type { FastifyInstance } from 'fastify';

import { sessionTransferSummaries } from '../../../transfers/session-data.js';
import { html } from '../../html.js';
import { translatorFor } from '../../i18n/index.js';
import { schemaLabel, stepPage, stepSession } from './common.js';

export default function journeyStatistics(app: FastifyInstance): void {
  app.get<{ Querystring: Record<string, string | undefined> }>('/session/statistics', { config: { auth: false } }, async (request, reply) => {
    const step = await stepSession(app.services, { request, reply }, request.query['session_id'], true);
    if (!step) return reply;
    const { session, connector } = step;
    const t = translatorFor(request, session);
    const transfers = await sessionTransferSummaries(app.services.database.db, session.id, 50);
    const label = (key: string) => schemaLabel(session.schemas.find((s) => s.key === key) ?? { key, title: key, endgrate_type: key }, t);
    const body = html`<h1 class="ok">${t('common.connected')}</h1>
<p role="status">${t('statistics.intro', { provider: connector.manifest.displayName })}</p>
${
  transfers.length === 0
    ? html`<p class="muted">${t('statistics.none')}</p>`
    : html`<table><thead><tr><th scope="col">${t('statistics.data')}</th><th scope="col">${t('statistics.direction')}</th><th scope="col">${t('statistics.state')}</th><th scope="col">${t('statistics.records')}</th><th scope="col">${t('statistics.started')}</th></tr></thead><tbody>
  ${transfers.map(
    (x) =>
      html`<tr><td><a href="/statistics?transfer_id=${x.id}">${label(x.endgrate_type)}</a></td><td>${x.method === 'IMPORT' ? t('statistics.read') : t('statistics.written')}</td><td>${t(`statistics.status.${x.status}`)}</td><td>${t.formatNumber(x.records)}</td><td><time datetime="${new Date(x.created_at).toISOString()}">${t.formatDate(x.created_at)}</time></td></tr>`,
  )}
</tbody></table>`
}`;
    return stepPage(app.services, reply, session, 'done', { title: t('common.connected'), body, outcome: 'success' });
  });
}
