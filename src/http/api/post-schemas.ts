import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';

import { Errors, invalidRequest } from '../../errors.js';
import { normaliseSchemas } from '../../sessions/schemas.js';
import { findSchema, loadSession, setSessionSchemas, unservedType } from '../../sessions/sessions.js';
import { errorResponses, SessionIdAnswer } from '../openapi/schemas.js';
import { principalOf, SessionId, strict } from './common.js';

/** The body's schema (exported for the table-driven tests of every optional field). */
export const Body = strict({
  session_id: SessionId,
  data: Type.Array(strict({ endgrate_type: Type.String({ minLength: 1, maxLength: 200 }), associations: Type.Optional(Type.Boolean()) }), {
    minItems: 1,
    maxItems: 100,
  }),
});

/**
 * POST /api/schemas ("Set Schemas") — turns associations on or off for schemas of a session, and adds schemas the
 * session does not have yet (default schemas of the given endgrate_type).
 */
export default function postSchemas(app: FastifyInstance): void {
  app.post<{ Body: { session_id: string; data: Array<{ endgrate_type: string; associations?: boolean }> } }>(
    '/api/schemas',
    {
      schema: {
        tags: ['Sessions'],
        operationId: 'postApiSchemas',
        summary: 'Set Schemas',
        description:
          'Turns associations on or off for schemas of a session, and adds the default schemas of `endgrate_type`s the session does not have yet.',
        body: Body,
        response: { 200: SessionIdAnswer, ...errorResponses([Errors.invalidSession], { body: true }) },
      },
    },
    async (request) => {
      const db = app.services.database.db;
      const session = await loadSession(db, principalOf(request), request.body.session_id);
      const schemas = [...session.schemas];
      // A schema is named as in transfers (its key, title, or the endgrate_type of the one schema of that type).
      const added = normaliseSchemas(request.body.data.filter((d) => !findSchema(session, d.endgrate_type)).map((d) => ({ ...d })));
      // A type no provider serves (an accounting or ecommerce type, for now) is refused, as at initiate.
      for (const s of added) {
        const why = s.endgrate_type === null ? null : unservedType(session.kind, s.endgrate_type);
        if (why) throw invalidRequest({ [`data/${request.body.data.findIndex((d) => d.endgrate_type === s.key)}/endgrate_type`]: why });
      }
      schemas.push(...added);
      for (const d of request.body.data) {
        const s = findSchema({ schemas }, d.endgrate_type);
        if (s && d.associations !== undefined) {
          s.associations = d.associations;
          s.schema = { ...s.schema, associations: d.associations };
        }
      }
      await setSessionSchemas(db, session, schemas);
      return { success: true, session_id: session.id };
    },
  );
}
