import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';

import { errorListItem, listErrors } from '../../error-log/index.js';
import { pageMeta } from '../../transfers/items.js';
import { errorResponses, ErrorsAnswer } from '../openapi/schemas.js';
import { Limit, Offset, principalOf, strict } from './common.js';

interface ErrorsQuery {
  limit: number;
  offset: number;
  session_id?: string;
  transfer_id?: string;
  resolved?: boolean;
}

/** GET /api/errors — the project's error log, newest first, optionally of one session or transfer. */
export default function getErrors(app: FastifyInstance): void {
  app.get<{ Querystring: ErrorsQuery }>(
    '/api/errors',
    {
      schema: {
        tags: ['Errors'],
        operationId: 'getApiErrors',
        summary: 'Get Error Logs',
        description: "The project's error log, newest first, optionally of one session or transfer, or only resolved or unresolved errors.",
        response: { 200: ErrorsAnswer, ...errorResponses([]) },
        querystring: strict({
          limit: Limit,
          offset: Offset,
          session_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          transfer_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          resolved: Type.Optional(Type.Boolean()),
        }),
      },
    },
    async (request) => {
      const { services } = app;
      const q = request.query;
      const { count, rows } = await listErrors(services.database.db, principalOf(request), {
        sessionId: q.session_id,
        transferId: q.transfer_id,
        resolved: q.resolved,
        limit: q.limit,
        offset: q.offset,
      });
      const url = new URL(`${services.config.publicUrl}/api/errors`);
      const link = (offset: number) => {
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries({ ...q, offset })) if (v !== undefined) params.set(k, String(v));
        return `${url.toString()}?${params}`;
      };
      return {
        success: true,
        meta: pageMeta(count, q.offset, q.limit, link),
        errors: rows.map((r) => errorListItem(r, services.config.publicUrl)),
      };
    },
  );
}
