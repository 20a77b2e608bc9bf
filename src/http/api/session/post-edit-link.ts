import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';

import { Errors } from '../../../errors.js';
import { EDIT_LINK_KINDS, type EditLinkKind, mintEditLink } from '../../../sessions/edit-links.js';
import { loadSession } from '../../../sessions/sessions.js';
import { EditLinkAnswer, errorResponses } from '../../openapi/schemas.js';
import { principalOf, SessionId, strict } from '../common.js';

export const Body = strict({ session_id: SessionId, kind: Type.Union(EDIT_LINK_KINDS.map((k) => Type.Literal(k))) });

/**
 * POST /api/session/edit-link — a link by which the end user may edit (`kind: "edit"`) or reauthenticate
 * (`"reauthenticate"`) a session: single-use, valid 15 minutes. The session's plain link never changes a
 * configured session.
 */
export default function postSessionEditLink(app: FastifyInstance): void {
  app.post<{ Body: { session_id: string; kind: EditLinkKind } }>(
    '/api/session/edit-link',
    {
      schema: {
        tags: ['Sessions'],
        operationId: 'postApiSessionEditLink',
        summary: 'Edit or Reauthenticate Link',
        description:
          "A single-use link, valid 15 minutes, by which the end user edits their choices (`kind: 'edit'`) or signs in to their app again (`'reauthenticate'`). The session's plain link never changes a configured session.",
        body: Body,
        response: { 200: EditLinkAnswer, ...errorResponses([Errors.invalidSession], { body: true }) },
      },
    },
    async (request) => {
      const { services } = app;
      const session = await loadSession(services.database.db, principalOf(request), request.body.session_id);
      const { token, expiresAt } = await mintEditLink(services.database.db, session.id, request.body.kind);
      const q = new URLSearchParams({ session_id: session.id, token });
      return { success: true, url: `${services.config.publicUrl}/session/${request.body.kind}?${q}`, expires_at: new Date(expiresAt).toISOString() };
    },
  );
}
