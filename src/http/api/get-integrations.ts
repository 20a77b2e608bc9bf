import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';

import { integrationsOf, providerInfo } from '../../connectors/catalog.js';
import { CONNECTORS } from '../../connectors/index.js';
import { loadSession } from '../../sessions/sessions.js';
import { strict } from './common.js';

/** GET /api/integrations — the providers, and what each supports. No API key needed. */
export default function getIntegrations(app: FastifyInstance): void {
  app.get<{ Querystring: { provider?: string; category?: string; session_id?: string } }>(
    '/api/integrations',
    {
      config: { auth: false },
      schema: {
        querystring: strict({
          provider: Type.Optional(Type.String({ maxLength: 100 })),
          category: Type.Optional(Type.String({ maxLength: 50 })),
          session_id: Type.Optional(Type.String({ maxLength: 64 })),
        }),
      },
    },
    async (request) => {
      const { provider, category, session_id } = request.query;
      const types = session_id
        ? (await loadSession(app.services.database.db, null, session_id)).schemas.map((s) => s.endgrate_type).filter((t): t is string => !!t)
        : [];
      const providers = CONNECTORS.filter(
        (c) =>
          (!provider || c.manifest.name === provider) &&
          (!category || c.manifest.category.toLowerCase() === category.toLowerCase()) &&
          types.every((t) => t in c.manifest.schemas),
      ).map((c) => ({
        provider: providerInfo(c.manifest, app.services.config.publicUrl),
        integrations: integrationsOf(c.manifest).filter((i) => !types.length || types.includes(i.endgrate_type)),
      }));
      return { providers };
    },
  );
}
