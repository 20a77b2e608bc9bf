import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { getConnector } from '../../connectors/index.js';
import { Errors, invalidRequest } from '../../errors.js';
import { loadSession } from '../../sessions/sessions.js';
import { loadTransfer } from '../../transfers/service.js';
import { transferStatistics } from '../../transfers/statistics.js';
import type { Transfer } from '../../transfers/model.js';
import { strict } from './common.js';

/**
 * GET /api/statistics — the statistics of a transfer (by `transfer_id`), or of a session's latest transfer (by
 * `session_id`, optionally of one `method`). No API key needed, as in Endgrate: ids are unguessable.
 */
export default function getStatistics(app: FastifyInstance): void {
  app.get<{ Querystring: { transfer_id?: string; session_id?: string; method?: 'IMPORT' | 'EXPORT' } }>(
    '/api/statistics',
    {
      config: { auth: false },
      schema: {
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
      let transfer: Transfer | undefined;
      if (transfer_id) {
        transfer = await loadTransfer(services, null, transfer_id);
      } else if (session_id) {
        const session = await loadSession(services.database.db, null, session_id);
        let q = services.database.db.selectFrom('transfers').selectAll().where('session_id', '=', session.id);
        if (method) q = q.where('method', '=', method);
        transfer = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
        if (!transfer) throw Errors.invalidTransfer();
      } else {
        throw invalidRequest({ transfer_id: 'give a transfer_id or a session_id' });
      }
      return transferStatistics(transfer, getConnector(transfer.provider)?.manifest);
    },
  );
}
