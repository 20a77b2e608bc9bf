/**
 * The Sessions tab: the project's sessions, newest first, 25 a page; each links to its detail page and to the
 * hosted session page, and can be deleted (after a confirmation) with everything under it.
 */
import type { FastifyInstance } from 'fastify';

import { getConnector } from '../../connectors/index.js';
import { deleteSessions } from '../../session-deletion.js';
import { describeSession, findSessionRow, listSessions, type SessionRow, type SessionState } from '../../sessions/session-list.js';
import { html, type SafeHtml } from '../html.js';
import { ADMIN, field } from './context.js';
import { dashboardPage, dashUrl, formFields, type Shell } from './layout.js';
import { notice, pageNumber, pager, sendHtml, statePill, when } from './parts.js';
import { loadShell, sendNotFound } from './shell.js';

/** Sessions a page lists. */
export const SESSIONS_PER_PAGE = 25;

const STATES: Record<SessionState, { text: string; tone: 'ok' | 'bad' | 'muted' }> = {
  waiting: { text: 'Waiting for the end user', tone: 'muted' },
  connected: { text: 'Connected', tone: 'ok' },
  expired: { text: 'Expired', tone: 'bad' },
};

/** The pill of a session's state. */
export function sessionStatePill(state: SessionState): SafeHtml {
  return statePill(STATES[state].text, STATES[state].tone);
}

/** A provider's display name (the name itself for an unknown one, a dash for none). */
export function providerName(name: string | null): string {
  return name ? (getConnector(name)?.manifest.displayName ?? name) : '—';
}

function sessionTitle(s: Pick<SessionRow, 'label' | 'id'>): string {
  return s.label ?? `Session ${s.id.slice(-8)}`;
}

function row(shell: Shell, s: SessionRow): SafeHtml {
  return html`<tr>
<td data-label="Session"><a href="${dashUrl(`sessions/${s.id}`, shell.project)}">${sessionTitle(s)}</a><br><code class="muted">${s.id}</code></td>
<td data-label="Provider">${providerName(s.provider)}</td>
<td data-label="State">${sessionStatePill(s.state)}</td>
<td data-label="Created">${when(s.createdAt)}</td>
<td data-label="Expires">${s.expiresAt === null ? 'never (saved)' : when(s.expiresAt)}</td>
<td data-label="">${s.state === 'expired' ? '' : html`<a href="/session?session_id=${s.id}">Session page<span class="visually-hidden"> of ${sessionTitle(s)}</span></a> · `}<a href="${dashUrl(`sessions/${s.id}/delete`, shell.project)}" class="danger-link">Delete<span class="visually-hidden"> ${sessionTitle(s)}</span></a></td>
</tr>`;
}

/** GET /dashboard/sessions; GET and POST /dashboard/sessions/:id/delete. */
export default function sessionsPage(app: FastifyInstance): void {
  const { services } = app;
  const db = services.database.db;

  app.get('/dashboard/sessions', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'sessions');
    if (!shell) return reply;
    const page = pageNumber(field(request.query, 'page'));
    const { total, rows } = await listSessions(db, shell.project.id, { limit: SESSIONS_PER_PAGE, offset: (page - 1) * SESSIONS_PER_PAGE });
    const deleted = field(request.query, 'done') === 'session_deleted';
    const body = html`<div class="page-head"><h1>Sessions</h1><span class="muted">${total} in ${shell.project.name}</span></div>
${notice(deleted ? 'The session is deleted, with its credentials, transfers and errors. The API now answers 404 for it.' : null)}
<section class="card">
${
  rows.length
    ? html`<div class="table-wrap" role="region" aria-label="Sessions, newest first" tabindex="0"><table class="data"><caption class="visually-hidden">Sessions, newest first</caption>
  <thead><tr><th scope="col">Session</th><th scope="col">Provider</th><th scope="col">State</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
  <tbody>${rows.map((s) => row(shell, s))}</tbody></table></div>
  ${pager({ total, page, perPage: SESSIONS_PER_PAGE, noun: 'sessions', url: (p) => dashUrl('sessions', shell.project, { page: p }) })}`
    : html`<p>No sessions${page > 1 ? ' on this page' : ' yet'}.</p><p class="muted">Sessions appear here when your product calls <code>POST /api/session/initiate</code>.</p>`
}
</section>`;
    return sendHtml(reply, dashboardPage(shell, { tab: 'sessions', title: 'Sessions', body }));
  });

  app.get<{ Params: { id: string } }>('/dashboard/sessions/:id/delete', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'sessions');
    if (!shell) return reply;
    const found = await findSessionRow(db, shell.project.id, request.params.id);
    const back = { href: dashUrl('sessions', shell.project), label: 'Back to sessions' };
    if (!found) return sendNotFound(reply, shell, 'sessions', 'This session', back);
    const s = describeSession(found);
    const body = html`<h1>Delete session “${sessionTitle(s)}”?</h1>
<div class="card">
  <p>This deletes the session <code>${s.id}</code> with the end user's stored credentials, its transfers and their data, and its errors. The API will answer 404 for it. This cannot be undone.</p>
  <form method="post" action="/dashboard/sessions/${s.id}/delete" class="actions">${formFields(shell)}
    <button type="submit" class="danger">Delete session</button>
    <a href="${back.href}">Cancel</a>
  </form>
</div>`;
    return sendHtml(reply, dashboardPage(shell, { tab: 'sessions', title: 'Delete session', body }));
  });

  app.post<{ Params: { id: string } }>('/dashboard/sessions/:id/delete', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'sessions');
    if (!shell) return reply;
    const found = await findSessionRow(db, shell.project.id, request.params.id);
    if (!found)
      return sendNotFound(reply, shell, 'sessions', 'This session', { href: dashUrl('sessions', shell.project), label: 'Back to sessions' });
    await deleteSessions(services.database, [found.id]);
    request.log.info({ project: shell.project.id, session: found.id, admin: shell.admin.userId }, 'session deleted on the dashboard');
    return reply.redirect(dashUrl('sessions', shell.project, { done: 'session_deleted' }), 303);
  });
}
