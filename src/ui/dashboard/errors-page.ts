/**
 * The Errors tab: the project's error log (the one `GET /api/errors` serves), newest first, 25 a page, filtered by
 * state (and by session or transfer from links); errors are resolved or reopened one at a time or all shown at once.
 */
import type { FastifyInstance } from 'fastify';

import { type ErrorFilter, type ErrorRecord, listProjectErrors, setErrorsResolved } from '../../error-log/index.js';
import { isId } from '../../lib/ids.js';
import { html, type SafeHtml } from '../html.js';
import { ADMIN, field, fields, safeNext } from './context.js';
import { dashboardPage, dashUrl, formFields, type Shell } from './layout.js';
import { notice, pageNumber, pager, sendHtml, statePill, when } from './parts.js';
import { loadShell } from './shell.js';

/** Errors a page lists. */
export const ERRORS_PER_PAGE = 25;
const FILTERS: Array<{ value: ErrorFilter; label: string }> = [
  { value: 'unresolved', label: 'Unresolved' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'all', label: 'All' },
];

/** Where a resolve form sends the administrator back to: the page it was on. */
function backField(back: string): SafeHtml {
  return html`<input type="hidden" name="back" value="${back}">`;
}

function resolveForm(shell: Shell, ids: string[], resolved: boolean, label: SafeHtml | string, back: string, primary = false): SafeHtml {
  return html`<form method="post" action="/dashboard/errors/resolve" class="inline">${formFields(shell)}${backField(back)}
<input type="hidden" name="resolved" value="${resolved ? '1' : '0'}">${ids.map((id) => html`<input type="hidden" name="ids" value="${id}">`)}
<button type="submit"${primary ? html` class="primary"` : ''}>${label}</button></form>`;
}

function errorRow(shell: Shell, e: ErrorRecord, back: string): SafeHtml {
  const record = [e.record_index !== null ? `index ${e.record_index}` : '', e.internal_id ? `internal_id ${e.internal_id}` : '']
    .filter(Boolean)
    .join(', ');
  return html`<tr>
<td data-label="Time">${when(e.created_at)}</td>
<td data-label="Type"><code>${e.error_type}</code></td>
<td data-label="Message">${e.message}</td>
<td data-label="Transfer">${e.transfer_id ? html`<a href="/statistics?transfer_id=${e.transfer_id}"><code>${e.transfer_id.slice(-8)}</code><span class="visually-hidden"> (transfer ${e.transfer_id})</span></a>` : '—'}</td>
<td data-label="Session"><a href="${dashUrl(`sessions/${e.session_id}`, shell.project)}"><code>${e.session_id.slice(-8)}</code><span class="visually-hidden"> (session ${e.session_id})</span></a></td>
<td data-label="Record">${record || '—'}</td>
<td data-label="State">${e.resolved ? statePill('Resolved', 'ok') : statePill('Unresolved', 'bad')}</td>
<td data-label="">${resolveForm(shell, [e.id], !e.resolved, html`${e.resolved ? 'Reopen' : 'Resolve'}<span class="visually-hidden"> error ${e.id}</span>`, back)}</td>
</tr>`;
}

/** A table of errors with their resolve buttons; `back` is the page the buttons return to. */
export function errorTable(shell: Shell, rows: ErrorRecord[], context: { session_id?: string }, back?: string): SafeHtml {
  const to = back ?? (context.session_id ? dashUrl(`sessions/${context.session_id}`, shell.project) : dashUrl('errors', shell.project));
  return html`<div class="table-wrap" role="region" aria-label="Errors, newest first" tabindex="0"><table class="data"><caption class="visually-hidden">Errors, newest first</caption>
<thead><tr><th scope="col">Time</th><th scope="col">Type</th><th scope="col">Message</th><th scope="col">Transfer</th><th scope="col">Session</th><th scope="col">Record</th><th scope="col">State</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody>${rows.map((e) => errorRow(shell, e, to))}</tbody></table></div>`;
}

/** The notice after resolving or reopening errors (the `done` and `changed` parameters of the redirect). */
export function resolveNotice(query: unknown): string | null {
  const done = field(query, 'done');
  const changed = Number(field(query, 'changed'));
  if ((done !== 'resolved' && done !== 'reopened') || !Number.isSafeInteger(changed)) return null;
  return `${changed} error${changed === 1 ? '' : 's'} ${done}.`;
}

function readFilter(raw: string): ErrorFilter {
  return raw === 'resolved' || raw === 'all' ? raw : 'unresolved';
}

/** GET /dashboard/errors, POST /dashboard/errors/resolve. */
export default function errorsPage(app: FastifyInstance): void {
  const { services } = app;
  const db = services.database.db;

  app.get('/dashboard/errors', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'errors');
    if (!shell) return reply;
    const q = request.query;
    const filter = readFilter(field(q, 'state'));
    const sessionId = isId(field(q, 'session_id')) ? field(q, 'session_id') : undefined;
    const transferId = isId(field(q, 'transfer_id')) ? field(q, 'transfer_id') : undefined;
    const page = pageNumber(field(q, 'page'));
    const { total, rows } = await listProjectErrors(db, shell.project.id, {
      filter,
      sessionId,
      transferId,
      limit: ERRORS_PER_PAGE,
      offset: (page - 1) * ERRORS_PER_PAGE,
    });
    const params = { state: filter, session_id: sessionId, transfer_id: transferId };
    const here = dashUrl('errors', shell.project, { ...params, page: page > 1 ? page : undefined });
    const message = resolveNotice(q);
    const unresolvedShown = rows.filter((e) => !e.resolved).map((e) => e.id);
    const resolvedShown = rows.filter((e) => e.resolved).map((e) => e.id);
    const body = html`<div class="page-head"><h1>Errors</h1><span class="muted">${total} ${filter === 'all' ? '' : filter} in ${shell.project.name}</span></div>
${notice(message)}
<section class="card">
<form method="get" action="/dashboard/errors" class="filters">
  <input type="hidden" name="project" value="${shell.project.id}">
  ${sessionId ? html`<input type="hidden" name="session_id" value="${sessionId}">` : ''}
  ${transferId ? html`<input type="hidden" name="transfer_id" value="${transferId}">` : ''}
  <div><label for="state">Show</label>
  <select id="state" name="state">${FILTERS.map((f) => html`<option value="${f.value}"${f.value === filter ? html` selected` : ''}>${f.label}</option>`)}</select></div>
  <button type="submit">Apply</button>
  ${
    sessionId || transferId
      ? html`<span class="muted">Only ${sessionId ? html`session <code>${sessionId}</code>` : html`transfer <code>${transferId}</code>`} · <a href="${dashUrl('errors', shell.project, { state: filter })}">Show every session</a></span>`
      : ''
  }
</form>
${
  rows.length
    ? html`${errorTable(shell, rows, {}, here)}
  <div class="actions">
    ${unresolvedShown.length ? resolveForm(shell, unresolvedShown, true, `Resolve all ${unresolvedShown.length} shown`, here, true) : ''}
    ${resolvedShown.length ? resolveForm(shell, resolvedShown, false, `Reopen all ${resolvedShown.length} shown`, here) : ''}
  </div>
  ${pager({ total, page, perPage: ERRORS_PER_PAGE, noun: 'errors', url: (p) => dashUrl('errors', shell.project, { ...params, page: p }) })}`
    : html`<p>No ${filter === 'all' ? '' : filter} errors${page > 1 ? ' on this page' : ''}.</p>`
}
</section>`;
    return sendHtml(reply, dashboardPage(shell, { tab: 'errors', title: 'Errors', body }));
  });

  app.post('/dashboard/errors/resolve', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'errors');
    if (!shell) return reply;
    const resolved = field(request.body, 'resolved') !== '0';
    const changed = await setErrorsResolved(db, shell.project.id, fields(request.body, 'ids'), resolved);
    const back = new URL(safeNext(field(request.body, 'back') || dashUrl('errors', shell.project)), 'http://weft.invalid');
    back.searchParams.set('done', resolved ? 'resolved' : 'reopened');
    back.searchParams.set('changed', String(changed));
    return reply.redirect(back.pathname + back.search, 303);
  });
}
