/**
 * `GET /session/edit` and `GET /session/reauthenticate`: the journey again, for a session already connected. A
 * configured session is only changed through a link `POST /api/session/edit-link` minted: its token is used once,
 * opens an edit window in this browser (src/ui/session/edit-window.ts), and the page reloads without it. Without a
 * token or window the page says that a fresh link is needed (200, as Endgrate's links of these names answer).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { getConnector } from '../../../connectors/index.js';
import { bypassAuthMethod } from '../../../sessions/bypass.js';
import { consumeEditLink, type EditLinkKind } from '../../../sessions/edit-links.js';
import { isConfigured, type Session } from '../../../sessions/sessions.js';
import { messagePage } from '../../html.js';
import { translator, translatorFor } from '../../i18n/index.js';
import { hasEditWindow, openEditWindow } from '../edit-window.js';
import { continueJourney } from '../finish.js';
import { sessionFor } from '../load.js';
import { authenticationStep } from '../post-connect.js';

type Query = { Querystring: Record<string, string | undefined> };

/** The refusals in English (the pages say them in the end user's language). */
export const FRESH_LINK_NEEDED = translator('en')('edit.freshLink');
export const LINK_USED = translator('en')('edit.linkUsed');

export default function editAndReauthenticate(app: FastifyInstance): void {
  /** Edit: the selection steps again (with the earlier choices), without authenticating again. */
  app.get<Query>('/session/edit', { config: { auth: false } }, async (request, reply) => {
    const session = await sessionFor(app.services, reply, request.query['session_id']);
    if (!session) return reply;
    if (!session.configuration) return reply.redirect(`/session?session_id=${encodeURIComponent(session.id)}`, 303);
    if (!(await mayEdit(app, request, reply, session, 'edit'))) return reply;
    return continueJourney(reply, app.services, session, null);
  });

  /** Reauthenticate: the same provider's authentication again (expired or revoked credentials); choices are kept. */
  app.get<Query>('/session/reauthenticate', { config: { auth: false } }, async (request, reply) => {
    const session = await sessionFor(app.services, reply, request.query['session_id']);
    if (!session) return reply;
    const connector = session.provider ? getConnector(session.provider) : undefined;
    if (!connector) return reply.redirect(`/session?session_id=${encodeURIComponent(session.id)}`, 303);
    if (!(await mayEdit(app, request, reply, session, 'reauthenticate'))) return reply;
    // Bypassing the UI, Weft chooses how to authenticate (no choice page), as on the session link.
    const method = session.options.bypass_ui === true ? await bypassAuthMethod(app.services, session, connector) : undefined;
    return reply.redirect(await authenticationStep(app.services, { request, reply }, session, connector, method), 303);
  });
}

/**
 * Whether the page may go on: a session not configured yet (its journey), or a browser with an open edit window.
 * A link's token is used here (the window opens, and the page reloads without the token); otherwise the page that
 * says why not has been sent.
 */
async function mayEdit(
  app: FastifyInstance,
  request: FastifyRequest<Query>,
  reply: FastifyReply,
  session: Session,
  kind: EditLinkKind,
): Promise<boolean> {
  const { services } = app;
  const t = translatorFor(request, session);
  const token = request.query['token'];
  if (token !== undefined) {
    if (!(await consumeEditLink(services.database.db, session.id, kind, token))) {
      await reply
        .status(403)
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(messagePage(t('common.linkExpired'), t('edit.linkUsed'), undefined, t.locale));
      return false;
    }
    openEditWindow(services, { request, reply }, session.id);
    await reply.header('cache-control', 'no-store').redirect(`/session/${kind}?session_id=${encodeURIComponent(session.id)}`, 303);
    return false;
  }
  if (!isConfigured(session) || hasEditWindow(services, request, session.id)) return true;
  await reply
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(messagePage(t('edit.freshLinkTitle'), t('edit.freshLink'), undefined, t.locale));
  return false;
}
