/**
 * GET /session/exit — the end user leaves the journey without finishing it. Nothing is stored or changed: a session
 * that was not connected stays unconnected, and an edit of a connected one keeps what it had. With `redirect_url`
 * the end user goes back to the developer's app with `error=user_exited` (and the session id) in the query;
 * otherwise a page says that nothing was shared.
 */
import type { FastifyInstance } from 'fastify';

import { isConfigured } from '../../sessions/sessions.js';
import { html } from '../html.js';
import { translatorFor } from '../i18n/index.js';
import { sendJourneyScreen } from './frame.js';
import { sessionFor } from './load.js';

/** The error code `redirect_url` receives when the end user exits the journey. */
export const EXIT_ERROR = 'user_exited';

/** `redirect_url` with the exit's error and the session id added to its query (what it had is kept). */
export function exitRedirect(redirectUrl: string, sessionId: string): string {
  const url = new URL(redirectUrl);
  url.searchParams.set('error', EXIT_ERROR);
  url.searchParams.set('session_id', sessionId);
  return url.toString();
}

export default function sessionExit(app: FastifyInstance): void {
  app.get<{ Querystring: Record<string, string | undefined> }>('/session/exit', { config: { auth: false } }, async (request, reply) => {
    const session = await sessionFor(app.services, reply, request.query['session_id']);
    if (!session) return reply;
    request.log.info({ session_id: session.id }, 'the end user exited the connect journey');
    const redirect = session.options.redirect_url;
    if (redirect && !isConfigured(session)) return reply.header('cache-control', 'no-store').redirect(exitRedirect(redirect, session.id), 303);
    const t = translatorFor(request, session);
    const title = isConfigured(session) ? t('exit.unchangedTitle') : t('common.notConnected');
    const body = isConfigured(session)
      ? html`<h1>${title}</h1><p role="status">${t('exit.unchanged')}</p>`
      : html`<h1>${title}</h1><p role="status">${t('exit.notConnected')}</p>
<p><a class="button" href="/session?session_id=${encodeURIComponent(session.id)}">${t('exit.startAgain')}</a></p>`;
    return sendJourneyScreen(app.services, reply, session, {
      title,
      body,
      step: 'done',
      outcome: 'exit',
    });
  });
}
