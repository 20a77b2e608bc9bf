/** `GET /session/edit` and `GET /session/reauthenticate`: the journey again, for a session already connected. */
import type { FastifyInstance } from 'fastify';
import { getConnector } from '../../../connectors/index.js';
import { bypassAuthMethod } from '../../../sessions/bypass.js';
import { continueJourney } from '../finish.js';
import { sessionFor } from '../load.js';
import { authenticationStep } from '../post-connect.js';

export default function editAndReauthenticate(app: FastifyInstance): void {
  /** Edit: the selection steps again (with the earlier choices), without authenticating again. */
  app.get<{ Querystring: Record<string, string | undefined> }>('/session/edit', { config: { auth: false } }, async (request, reply) => {
    const session = await sessionFor(app.services, reply, request.query['session_id']);
    if (!session) return reply;
    if (!session.configuration) return reply.redirect(`/session?session_id=${encodeURIComponent(session.id)}`, 303);
    return continueJourney(reply, app.services, session, null);
  });

  /** Reauthenticate: the same provider's authentication again (expired or revoked credentials); choices are kept. */
  app.get<{ Querystring: Record<string, string | undefined> }>('/session/reauthenticate', { config: { auth: false } }, async (request, reply) => {
    const session = await sessionFor(app.services, reply, request.query['session_id']);
    if (!session) return reply;
    const connector = session.provider ? getConnector(session.provider) : undefined;
    if (!connector) return reply.redirect(`/session?session_id=${encodeURIComponent(session.id)}`, 303);
    // Bypassing the UI, Weft chooses how to authenticate (no choice page), as on the session link.
    const method = session.options.bypass_ui === true ? await bypassAuthMethod(app.services, session, connector) : undefined;
    return reply.redirect(await authenticationStep(app.services, { request, reply }, session, connector, method), 303);
  });
}
