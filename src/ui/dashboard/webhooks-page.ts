/**
 * The Webhooks tab: the project's webhook delivery log, newest first (25 a page, keyset-paged), filtered by state
 * and kind (and by session from links); each delivery's attempts and the receiver's last answer, its exact body, and
 * a button to send it again. The signing secret is on the Settings page.
 */
import type { FastifyInstance } from 'fastify';

import { isId } from '../../lib/ids.js';
import { type DeliverySummary, getDelivery, listDeliveries, resendDelivery } from '../../webhooks/index.js';
import type { DeliveryStatus, WebhookKind } from '../../webhooks/log.js';
import { html, type SafeHtml } from '../html.js';
import { ADMIN, field, safeNext } from './context.js';
import { dashboardPage, dashUrl, formFields, type Shell } from './layout.js';
import { notice, sendHtml, statePill, when } from './parts.js';
import { loadShell, sendNotFound } from './shell.js';

/** Deliveries a page lists. */
export const DELIVERIES_PER_PAGE = 25;
/** Most of a body the detail page shows. */
const BODY_CHARS = 200_000;

const STATES: Array<{ value: DeliveryStatus | ''; label: string }> = [
  { value: '', label: 'Every state' },
  { value: 'pending', label: 'Pending' },
  { value: 'delivered', label: 'Delivered' },
  { value: 'failed', label: 'Failed' },
  { value: 'held', label: 'Held (transfer running)' },
];
const KINDS: Array<{ value: WebhookKind | ''; label: string }> = [
  { value: '', label: 'Every kind' },
  { value: 'configuration', label: 'Configuration' },
  { value: 'data', label: 'Data' },
  { value: 'completed', label: 'Completed' },
  { value: 'error', label: 'Error' },
];

const NOTICES: Record<string, string> = {
  resent: 'The delivery will be sent again shortly.',
  held: 'This data chunk is held until its transfer stores more or ends; it cannot be sent yet.',
  sending: 'This delivery is being sent right now; try again in a moment.',
};

function statusOf(raw: string): DeliveryStatus | undefined {
  return STATES.some((s) => s.value === raw && raw !== '') ? (raw as DeliveryStatus) : undefined;
}

function kindOf(raw: string): WebhookKind | undefined {
  return KINDS.some((k) => k.value === raw && raw !== '') ? (raw as WebhookKind) : undefined;
}

function statePillOf(d: DeliverySummary): SafeHtml {
  if (d.status === 'delivered') return statePill('Delivered', 'ok');
  if (d.status === 'failed') return statePill('Failed', 'bad');
  if (d.status === 'held') return statePill('Held', 'muted');
  return statePill(d.attempts ? 'Retrying' : 'Pending', 'muted');
}

function lastAnswer(d: DeliverySummary): SafeHtml {
  if (d.lastError) return html`${d.lastStatus !== null ? html`<code>${String(d.lastStatus)}</code> ` : ''}${d.lastError}`;
  if (d.lastStatus !== null) return html`<code>${String(d.lastStatus)}</code>`;
  return html`—`;
}

function resendForm(shell: Shell, d: DeliverySummary, back: string): SafeHtml {
  if (d.status === 'held') return html``;
  const label = d.status === 'pending' ? 'Send now' : 'Send again';
  return html`<form method="post" action="/dashboard/webhooks/${d.id}/resend" class="inline">${formFields(shell)}<input type="hidden" name="back" value="${back}">
<button type="submit">${label}<span class="visually-hidden"> delivery ${d.id}</span></button></form>`;
}

function deliveryRow(shell: Shell, d: DeliverySummary, back: string): SafeHtml {
  return html`<tr>
<td data-label="Time">${when(d.createdAt)}</td>
<td data-label="Kind"><a href="${dashUrl(`webhooks/${d.id}`, shell.project)}"><code>${d.kind}</code><span class="visually-hidden"> delivery ${d.id}</span></a></td>
<td data-label="URL"><code>${d.url}</code></td>
<td data-label="Session"><a href="${dashUrl(`sessions/${d.sessionId}`, shell.project)}"><code>${d.sessionId.slice(-8)}</code><span class="visually-hidden"> (session ${d.sessionId})</span></a></td>
<td data-label="Transfer">${d.transferId ? html`<a href="/statistics?transfer_id=${d.transferId}"><code>${d.transferId.slice(-8)}</code><span class="visually-hidden"> (transfer ${d.transferId})</span></a>` : '—'}</td>
<td data-label="State">${statePillOf(d)}</td>
<td data-label="Attempts">${String(d.attempts)}</td>
<td data-label="Last answer">${lastAnswer(d)}</td>
<td data-label="">${resendForm(shell, d, back)}</td>
</tr>`;
}

/** GET /dashboard/webhooks, GET /dashboard/webhooks/:id, POST /dashboard/webhooks/:id/resend. */
export default function webhooksPage(app: FastifyInstance): void {
  const { services } = app;
  const db = services.database.db;

  app.get('/dashboard/webhooks', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'webhooks');
    if (!shell) return reply;
    const q = request.query;
    const status = statusOf(field(q, 'state'));
    const kind = kindOf(field(q, 'kind'));
    const sessionId = isId(field(q, 'session_id')) ? field(q, 'session_id') : undefined;
    const after = /^[\w-]{1,200}$/.test(field(q, 'after')) ? field(q, 'after') : undefined;
    const page = await listDeliveries(db, shell.project.id, { limit: DELIVERIES_PER_PAGE, after, status, kind, sessionId });
    const params = { state: status, kind, session_id: sessionId };
    const here = dashUrl('webhooks', shell.project, { ...params, after });
    const body = html`<div class="page-head"><h1>Webhooks</h1><span class="muted">Deliveries of ${shell.project.name}, newest first</span></div>
${notice(NOTICES[field(q, 'done')])}
<section class="card" aria-labelledby="signing-heading">
  <h2 id="signing-heading">Signing</h2>
  <p class="help">Every delivery carries the <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code> headers of Standard Webhooks, signed with the project's signing secret: <a href="${dashUrl('settings', shell.project)}#webhook-heading">see it on the Settings page</a>. Deliveries that fail are retried with backoff; a session's deliveries go out in order unless it has <code>webhook_concurrency</code>.</p>
</section>
<section class="card">
<form method="get" action="/dashboard/webhooks" class="filters">
  <input type="hidden" name="project" value="${shell.project.id}">
  ${sessionId ? html`<input type="hidden" name="session_id" value="${sessionId}">` : ''}
  <div><label for="state">State</label>
  <select id="state" name="state">${STATES.map((s) => html`<option value="${s.value}"${s.value === (status ?? '') ? html` selected` : ''}>${s.label}</option>`)}</select></div>
  <div><label for="kind">Kind</label>
  <select id="kind" name="kind">${KINDS.map((k) => html`<option value="${k.value}"${k.value === (kind ?? '') ? html` selected` : ''}>${k.label}</option>`)}</select></div>
  <button type="submit">Apply</button>
  ${sessionId ? html`<span class="muted">Only session <code>${sessionId}</code> · <a href="${dashUrl('webhooks', shell.project, { state: status, kind })}">Show every session</a></span>` : ''}
</form>
${
  page.deliveries.length
    ? html`<div class="table-wrap" role="region" aria-label="Webhook deliveries, newest first" tabindex="0"><table class="data"><caption class="visually-hidden">Webhook deliveries, newest first</caption>
<thead><tr><th scope="col">Time</th><th scope="col">Kind</th><th scope="col">URL</th><th scope="col">Session</th><th scope="col">Transfer</th><th scope="col">State</th><th scope="col">Attempts</th><th scope="col">Last answer</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody>${page.deliveries.map((d) => deliveryRow(shell, d, here))}</tbody></table></div>`
    : html`<p>No deliveries${after ? ' on this page' : ''}.</p>`
}
${
  after || page.next
    ? html`<nav class="pager" aria-label="Pages of deliveries">
  <span>${after ? html`<a href="${dashUrl('webhooks', shell.project, params)}">← Newest</a>` : ''}</span>
  <span>${page.next ? html`<a href="${dashUrl('webhooks', shell.project, { ...params, after: page.next })}" rel="next">Older →</a>` : ''}</span>
</nav>`
    : ''
}
</section>`;
    return sendHtml(reply, dashboardPage(shell, { tab: 'webhooks', title: 'Webhooks', body }));
  });

  app.get<{ Params: { id: string } }>('/dashboard/webhooks/:id', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'webhooks');
    if (!shell) return reply;
    const d = await getDelivery(db, shell.project.id, request.params.id);
    const list = { href: dashUrl('webhooks', shell.project), label: 'Back to the deliveries' };
    if (!d) return sendNotFound(reply, shell, 'webhooks', 'This delivery', list);
    const pretty = d.decoded ? JSON.stringify(d.decoded, null, 2) : d.body;
    const cut = pretty.length > BODY_CHARS;
    const here = dashUrl(`webhooks/${d.id}`, shell.project);
    const body = html`<div class="page-head"><h1>${d.kind} webhook</h1><span class="muted"><code>${d.id}</code></span></div>
${notice(NOTICES[field(request.query, 'done')])}
<section class="card">
<dl>
  <dt>URL</dt><dd><code>${d.url}</code></dd>
  <dt>State</dt><dd>${statePillOf(d)}</dd>
  <dt>Attempts</dt><dd>${String(d.attempts)}</dd>
  <dt>Last answer</dt><dd>${lastAnswer(d)}</dd>
  <dt>Created</dt><dd>${when(d.createdAt)}</dd>
  ${d.nextAttemptAt !== null ? html`<dt>Next attempt</dt><dd>${when(d.nextAttemptAt)}</dd>` : ''}
  ${d.deliveredAt !== null ? html`<dt>Delivered</dt><dd>${when(d.deliveredAt)}</dd>` : ''}
  <dt>Session</dt><dd><a href="${dashUrl(`sessions/${d.sessionId}`, shell.project)}"><code>${d.sessionId}</code></a></dd>
  ${d.transferId ? html`<dt>Transfer</dt><dd><a href="/statistics?transfer_id=${d.transferId}"><code>${d.transferId}</code></a></dd>` : ''}
</dl>
<div class="actions">${resendForm(shell, d, here)}<a href="${list.href}">${list.label}</a></div>
</section>
<section class="card" aria-labelledby="body-heading">
  <h2 id="body-heading">Body</h2>
  <p class="help">Sent exactly as stored (here indented)${cut ? `; the first ${BODY_CHARS.toLocaleString('en')} characters are shown` : ''}.</p>
  <pre tabindex="0" aria-labelledby="body-heading">${cut ? pretty.slice(0, BODY_CHARS) : pretty}</pre>
</section>`;
    return sendHtml(reply, dashboardPage(shell, { tab: 'webhooks', title: `${d.kind} webhook`, body }));
  });

  app.post<{ Params: { id: string } }>('/dashboard/webhooks/:id/resend', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'webhooks');
    if (!shell) return reply;
    const result = await resendDelivery(services.database, shell.project.id, request.params.id);
    if (!result.ok && result.reason === 'not_found') {
      return sendNotFound(reply, shell, 'webhooks', 'This delivery', { href: dashUrl('webhooks', shell.project), label: 'Back to the deliveries' });
    }
    const back = new URL(safeNext(field(request.body, 'back') || dashUrl('webhooks', shell.project)), 'http://weft.invalid');
    back.searchParams.set('done', result.ok ? 'resent' : result.reason);
    return reply.redirect(back.pathname + back.search, 303);
  });
}
