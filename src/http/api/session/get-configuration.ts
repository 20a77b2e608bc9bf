import type { FastifyInstance } from 'fastify';

import { Errors } from '../../../errors.js';
import { configurationDocument } from '../../../sessions/configuration.js';
import { loadSession } from '../../../sessions/sessions.js';
import { ConfigurationAnswer, errorResponses } from '../../openapi/schemas.js';
import { principalOf, SessionId, strict } from '../common.js';

/** GET /api/session/configuration — what the end user chose; "Session not yet configured." until they finish. */
export default function getSessionConfiguration(app: FastifyInstance): void {
  app.get<{ Querystring: { session_id: string } }>(
    '/api/session/configuration',
    {
      schema: {
        tags: ['Sessions'],
        operationId: 'getApiSessionConfiguration',
        summary: 'Get Session Configuration',
        description:
          'What the end user chose: the provider, and per schema its integration, selection and field mapping. `WEFT_ERR_SESSION_NOT_CONFIGURED` until they finish.',
        querystring: strict({ session_id: SessionId }),
        response: { 200: ConfigurationAnswer, ...errorResponses([Errors.invalidSession, Errors.sessionNotConfigured]) },
      },
    },
    async (request) => {
      const session = await loadSession(app.services.database.db, principalOf(request), request.query.session_id);
      return configurationDocument(session, app.services.config.publicUrl);
    },
  );
}
