import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';

import { integrationsOf, providerInfo } from '../../connectors/catalog.js';
import { CONNECTORS } from '../../connectors/index.js';
import { Errors } from '../../errors.js';
import { providersForSession } from '../../sessions/journey.js';
import { loadSession } from '../../sessions/sessions.js';
import { errorResponses, IntegrationsAnswer } from '../openapi/schemas.js';
import { strict } from './common.js';

/** GET /api/integrations — the providers, and what each supports. No API key needed. */
export default function getIntegrations(app: FastifyInstance): void {
  app.get<{ Querystring: { provider?: string; category?: string; session_id?: string } }>(
    '/api/integrations',
    {
      config: { auth: false },
      schema: {
        tags: ['Integrations'],
        operationId: 'getApiIntegrations',
        summary: 'Get Integrations',
        description:
          "The providers and what each supports, by `endgrate_type`. With a `session_id`, the providers its end user may pick, with the session's types. No API key needed.",
        security: [],
        response: { 200: IntegrationsAnswer, ...errorResponses([Errors.invalidSession], { auth: false }) },
        querystring: strict({
          provider: Type.Optional(Type.String({ maxLength: 100 })),
          category: Type.Optional(Type.String({ maxLength: 50 })),
          session_id: Type.Optional(Type.String({ maxLength: 64 })),
        }),
      },
    },
    async (request) => {
      const { provider, category, session_id } = request.query;
      // With a session: the providers its end user may pick (in its directions), and of each the session's types.
      const session = session_id ? await loadSession(app.services.database.db, null, session_id) : undefined;
      const types = session ? session.schemas.map((s) => s.endgrate_type).filter((t): t is string => !!t) : [];
      const candidates = session ? providersForSession(session) : CONNECTORS;
      const providers = candidates
        .filter((c) => (!provider || c.manifest.name === provider) && (!category || c.manifest.category.toLowerCase() === category.toLowerCase()))
        .map((c) => ({
          provider: providerInfo(c.manifest, app.services.config.publicUrl),
          integrations: integrationsOf(c.manifest).filter((i) => !types.length || types.includes(i.endgrate_type)),
        }));
      return { providers };
    },
  );
}
