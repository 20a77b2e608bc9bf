import type { FastifyInstance } from 'fastify';

import { configurationDocument } from '../../../sessions/configuration.js';
import { loadSession } from '../../../sessions/sessions.js';
import { principalOf, SessionId, strict } from '../common.js';

/** GET /api/session/configuration — what the end user chose; "Session not yet configured." until they finish. */
export default function getSessionConfiguration(app: FastifyInstance): void {
  app.get<{ Querystring: { session_id: string } }>(
    '/api/session/configuration',
    { schema: { querystring: strict({ session_id: SessionId }) } },
    async (request) => {
      const session = await loadSession(app.services.database.db, principalOf(request), request.query.session_id);
      return configurationDocument(session, app.services.config.publicUrl);
    },
  );
}
