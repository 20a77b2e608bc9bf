import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { integrationInfo, providerInfo } from '../../connectors/catalog.js';
import { getConnector } from '../../connectors/index.js';
import { pageMeta } from '../../transfers/items.js';
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
      const { projectId } = principalOf(request);
      const q = request.query;
      const db = services.database.db;
      let base = db.selectFrom('errors').where('project_id', '=', projectId);
      if (q.session_id) base = base.where('session_id', '=', q.session_id);
      if (q.transfer_id) base = base.where('transfer_id', '=', q.transfer_id);
      if (q.resolved !== undefined) base = base.where('resolved', '=', q.resolved ? 1 : 0);
      const { count } = await base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      const rows = await base
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(q.limit)
        .offset(q.offset)
        .execute();
      const url = new URL(`${services.config.publicUrl}/api/errors`);
      const link = (offset: number) => {
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries({ ...q, offset })) if (v !== undefined) params.set(k, String(v));
        return `${url.toString()}?${params}`;
      };
      return {
        success: true,
        meta: pageMeta(Number(count), q.offset, q.limit, link),
        errors: rows.map((r) => {
          const connector = r.provider ? getConnector(r.provider) : undefined;
          return {
            pk: r.id,
            transfer_id: r.transfer_id,
            session_id: r.session_id,
            timestamp: new Date(r.created_at).toISOString(),
            error_resolve_text: r.message,
            error_type: r.error_type,
            resolved: r.resolved === 1,
            index: r.record_index,
            internal_id: r.internal_id,
            endgrate: connector
              ? {
                  provider_info: providerInfo(connector.manifest, services.config.publicUrl),
                  integration_info:
                    r.endgrate_type && r.method ? integrationInfo(connector.manifest, r.endgrate_type, r.method) : null,
                }
              : null,
          };
        }),
      };
    },
  );
}
