import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';

import { getConnector } from '../../connectors/index.js';
import { Errors, invalidRequest } from '../../errors.js';
import { optionalPrincipal } from '../../projects/index.js';
import { loadSession } from '../../sessions/sessions.js';
import type { Transfer } from '../../transfers/model.js';
import { loadTransfer } from '../../transfers/service.js';
import { latestSessionTransfer } from '../../transfers/session-data.js';
import { anonymousStatistics, transferStatistics } from '../../transfers/statistics.js';
import { errorResponses, StatisticsAnswer } from '../openapi/schemas.js';
import { strict } from './common.js';

/**
 * GET /api/statistics — the statistics of a transfer (by `transfer_id`), or of a session's latest transfer (by
 * `session_id`, optionally of one `method`).
 *
 * With the project's API key, the full answer. Without a key (as in Endgrate, whose SDK sends none for this call)
 * only the figures, nothing that leads further: no `session_id` by `transfer_id`, and neither `session_id` nor
 * `transfer_id` by `session_id` (a transfer id opens its statistics page). A key that is given must be valid (401),
 * and only sees its own project's transfers (404 for others').
 */
export default function getStatistics(app: FastifyInstance): void {
  app.get<{ Querystring: { transfer_id?: string; session_id?: string; method?: 'IMPORT' | 'EXPORT' } }>(
    '/api/statistics',
    {
      config: { auth: false },
      schema: {
        tags: ['Statistics'],
        operationId: 'getApiStatistics',
        summary: 'Get Statistics',
        description:
          "A transfer's statistics (by `transfer_id`), or those of a session's latest transfer (by `session_id`, optionally of one `method`). With the project's API key, the full answer; without one (Endgrate's SDK sends none here), only the figures: no `session_id`, and by `session_id` no `transfer_id`. A key that is given must be valid.",
        security: [{ BearerAuth: [] }, {}],
        response: { 200: StatisticsAnswer, ...errorResponses([Errors.invalidTransfer, Errors.invalidSession, Errors.unauthorized], { auth: false }) },
        querystring: strict({
          transfer_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          session_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          method: Type.Optional(Type.Union([Type.Literal('IMPORT'), Type.Literal('EXPORT')])),
        }),
      },
    },
    async (request) => {
      const { transfer_id, session_id, method } = request.query;
      const { services } = app;
      const principal = await optionalPrincipal(services.database, request.headers.authorization, (e) =>
        request.log.warn({ err: e }, "could not record the API key's last use; the request goes on"),
      );
      let transfer: Transfer | undefined;
      if (transfer_id) {
        transfer = await loadTransfer(services, principal, transfer_id);
      } else if (session_id) {
        const session = await loadSession(services.database.db, principal, session_id);
        transfer = await latestSessionTransfer(services.database.db, session.id, method);
        if (!transfer) throw Errors.invalidTransfer();
      } else {
        throw invalidRequest({ transfer_id: 'give a transfer_id or a session_id' });
      }
      const stats = transferStatistics(transfer, getConnector(transfer.provider)?.manifest);
      if (principal) return stats;
      const anonymous = anonymousStatistics(stats);
      if (transfer_id) return anonymous;
      const { transfer_id: _transferId, ...figures } = anonymous;
      return figures;
    },
  );
}
