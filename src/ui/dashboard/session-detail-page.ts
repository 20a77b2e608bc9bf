/** GET /dashboard/sessions/:id — a session: its state, options and schemas, its transfers and its errors. */
import type { FastifyInstance } from 'fastify';

import { listProjectErrors } from '../../error-log/index.js';
import type { SessionSchema } from '../../model/types.js';
import { type HistoryRow, sessionHistory } from '../../sessions/history.js';
import { toSession } from '../../sessions/model.js';
import { describeSession, findSessionRow } from '../../sessions/session-list.js';
import type { Transfer } from '../../transfers/model.js';
import { sessionTransfers } from '../../transfers/session-data.js';
import { moneyTotalsOf } from '../../transfers/stored.js';
import { html, type SafeHtml } from '../html.js';
import { formatTotals } from '../statistics/format.js';
import { ADMIN } from './context.js';
import { errorTable, resolveNotice } from './errors-page.js';
import { dashboardPage, dashUrl } from './layout.js';
import { notice, sendHtml, statePill, when } from './parts.js';
import { providerName, sessionStatePill } from './sessions-page.js';
import { loadShell, sendNotFound } from './shell.js';

const STATUS_TONE: Record<Transfer['status'], 'ok' | 'bad' | 'muted'> = { queued: 'muted', running: 'muted', completed: 'ok', failed: 'bad' };

function transferRow(t: Transfer): SafeHtml {
  return html`<tr>
<td data-label="Transfer"><a href="/statistics?transfer_id=${t.id}"><code>${t.id}</code></a></td>
<td data-label="Direction">${t.method === 'IMPORT' ? 'Pull' : 'Push'}</td>
<td data-label="Type"><code>${t.endgrate_type}</code></td>
<td data-label="Status">${statePill(t.status[0]?.toUpperCase() + t.status.slice(1), STATUS_TONE[t.status])}</td>
<td data-label="Records">${t.records}${valueOf(t)}</td>
<td data-label="Errors">${t.error_count}</td>
<td data-label="Created">${when(t.created_at)}</td>
</tr>`;
}

/** The value of a transfer's records by currency, under its count (invoices, payments, orders, deals). */
function valueOf(t: Transfer): SafeHtml | '' {
  const totals = moneyTotalsOf(t);
  return totals && Object.keys(totals).length > 0 ? html`<br><span class="muted" data-value>${formatTotals(totals)}</span>` : '';
}

const EVENT_LABELS: Record<HistoryRow['event'], string> = {
  connected: 'Connected',
  reauthenticated: 'Signed in again',
  edited: 'Choices edited',
};

function historyRow(e: HistoryRow): SafeHtml {
  return html`<tr>
<td data-label="When">${when(e.at)}</td>
<td data-label="What">${EVENT_LABELS[e.event]}</td>
<td data-label="Provider account">${providerName(e.provider)} <code>${e.account}</code></td>
</tr>`;
}

function schemaRow(s: SessionSchema): SafeHtml {
  return html`<tr>
<td data-label="Key"><code>${s.key}</code></td>
<td data-label="Type">${s.endgrate_type ? html`<code>${s.endgrate_type}</code>` : html`<span class="muted">custom</span>`}</td>
<td data-label="Title">${s.title}</td>
<td data-label="Fields">${Object.keys(s.schema.properties).length}${s.custom ? ' (custom)' : ''}</td>
<td data-label="Associations">${s.associations ? 'on' : 'off'}</td>
</tr>`;
}

function detailList(items: Array<[string, SafeHtml | string]>): SafeHtml {
  return html`<table class="data"><tbody>${items.map(([k, v]) => html`<tr><th scope="row">${k}</th><td data-label="${k}">${v}</td></tr>`)}</tbody></table>`;
}

/** GET /dashboard/sessions/:id. */
export default function sessionDetailPage(app: FastifyInstance): void {
  const { services } = app;
  const db = services.database.db;
  app.get<{ Params: { id: string } }>('/dashboard/sessions/:id', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'sessions');
    if (!shell) return reply;
    const found = await findSessionRow(db, shell.project.id, request.params.id);
    if (!found)
      return sendNotFound(reply, shell, 'sessions', 'This session', { href: dashUrl('sessions', shell.project), label: 'Back to sessions' });
    const s = describeSession(found);
    const { schemas, options } = toSession(found);
    const [history, transfers, errors] = await Promise.all([
      sessionHistory(db, s.id),
      sessionTransfers(db, shell.project.id, s.id),
      listProjectErrors(db, shell.project.id, { filter: 'all', sessionId: s.id, limit: 50, offset: 0 }),
    ]);
    const message = resolveNotice(request.query);
    const body = html`<p><a href="${dashUrl('sessions', shell.project)}">← Sessions</a></p>
<div class="page-head"><h1>${s.label ?? 'Session'}</h1>${sessionStatePill(s.state)}</div>
${notice(message)}
${sessionSummary(s, found.kind, found.configured_at)}
<section class="card" aria-labelledby="schemas-heading">
  <h2 id="schemas-heading">Schemas</h2>
  <div class="table-wrap" role="region" aria-label="Schemas" tabindex="0"><table class="data"><thead><tr><th scope="col">Key</th><th scope="col">Type</th><th scope="col">Title</th><th scope="col">Fields</th><th scope="col">Associations</th></tr></thead>
  <tbody>${schemas.map(schemaRow)}</tbody></table></div>
  <h2>Options</h2>
  ${Object.keys(options).length ? html`<pre>${JSON.stringify(options, null, 2)}</pre>` : html`<p class="muted">None.</p>`}
</section>
<section class="card" aria-labelledby="history-heading">
  <h2 id="history-heading">Connection history</h2>
  ${
    history.length
      ? html`<div class="table-wrap" role="region" aria-label="Connection history" tabindex="0"><table class="data"><thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Provider account</th></tr></thead>
    <tbody>${history.map(historyRow)}</tbody></table></div>`
      : html`<p class="muted">Not connected yet.</p>`
  }
</section>
<section class="card" aria-labelledby="transfers-heading">
  <h2 id="transfers-heading">Transfers</h2>
  ${
    transfers.length
      ? html`<div class="table-wrap" role="region" aria-label="Transfers" tabindex="0"><table class="data"><thead><tr><th scope="col">Transfer</th><th scope="col">Direction</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Records</th><th scope="col">Errors</th><th scope="col">Created</th></tr></thead>
    <tbody>${transfers.map(transferRow)}</tbody></table></div>`
      : html`<p class="muted">No transfers yet.</p>`
  }
</section>
<section class="card" aria-labelledby="errors-heading">
  <h2 id="errors-heading">Errors</h2>
  ${
    errors.rows.length
      ? html`${errorTable(shell, errors.rows, { session_id: s.id })}${errors.total > errors.rows.length ? html`<p><a href="${dashUrl('errors', shell.project, { session_id: s.id, state: 'all' })}">All ${errors.total} errors of this session</a></p>` : ''}`
      : html`<p class="muted">No errors.</p>`
  }
</section>
<section class="card" aria-labelledby="danger-heading">
  <h2 id="danger-heading">Delete</h2>
  <p>Deleting the session removes its credentials, transfers and errors.</p>
  <p><a class="button danger" href="${dashUrl(`sessions/${s.id}/delete`, shell.project)}">Delete session…</a></p>
</section>`;
    return sendHtml(reply, dashboardPage(shell, { tab: 'sessions', title: s.label ?? 'Session', body }));
  });
}

function sessionSummary(s: ReturnType<typeof describeSession>, kind: string, configuredAt: number | null): SafeHtml {
  return html`<section class="card" aria-label="Summary">${detailList([
    ['Session id', html`<code>${s.id}</code>`],
    ['Kind', kind === 'session' ? 'Pull and push' : kind === 'pull' ? 'Pull only' : 'Push only'],
    ['Provider', providerName(s.provider)],
    ['Created', when(s.createdAt)],
    ['Connected', when(configuredAt, 'not yet')],
    ['Expires', s.expiresAt === null ? 'never (saved session)' : when(s.expiresAt)],
    [
      'Session page',
      s.state === 'expired' ? html`<span class="muted">expired</span>` : html`<a href="/session?session_id=${s.id}">/session?session_id=${s.id}</a>`,
    ],
  ])}</section>`;
}
