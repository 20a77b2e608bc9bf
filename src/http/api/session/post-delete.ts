import type { FastifyInstance } from 'fastify';

import { Errors } from '../../../errors.js';
import { deleteSessions } from '../../../session-deletion.js';
import { loadSession } from '../../../sessions/sessions.js';
import { errorResponses, SessionIdAnswer } from '../../openapi/schemas.js';
import { principalOf, SessionId, strict } from '../common.js';

/** The body's schema (exported for the table-driven tests of every optional field). */
export const Body = strict({ session_id: SessionId });

/** POST /api/session/delete — the session and everything under it. */
export default function postSessionDelete(app: FastifyInstance): void {
  app.post<{ Body: { session_id: string } }>(
    '/api/session/delete',
    {
      schema: {
        tags: ['Sessions'],
        operationId: 'postApiSessionDelete',
        summary: 'Delete Session',
        description: 'Deletes the session and everything under it: its credentials, transfers, records and errors.',
        body: Body,
        response: { 200: SessionIdAnswer, ...errorResponses([Errors.invalidSession], { body: true }) },
      },
    },
    async (request) => {
      const session = await loadSession(app.services.database.db, principalOf(request), request.body.session_id);
      await deleteSessions(app.services.database, [session.id]);
      app.services.events.emit('job');
      return { success: true, session_id: session.id };
    },
  );
}
