import type { FastifyInstance } from 'fastify';

import { getConnector } from '../../../connectors/index.js';
import { invalidRequest } from '../../../errors.js';
import { Errors } from '../../../errors.js';
import { prepareInitiate } from '../../../sessions/bypass.js';
import type { SessionInitiate, SessionKind } from '../../../sessions/options.js';
import { PullInitiateBody, PushInitiateBody, SessionInitiateBody } from '../../../sessions/options.js';
import { checkInitiateMode } from '../../../sessions/provider-env.js';
import { providerListExists } from '../../../sessions/provider-lists.js';
import { createSession } from '../../../sessions/sessions.js';
import { checkWebhookUrls } from '../../../webhooks/index.js';
import { addIgnoredFields } from '../../lenient.js';
import { errorResponses, SessionIdAnswer } from '../../openapi/schemas.js';
import { principalOf } from '../common.js';

const BODIES = { session: SessionInitiateBody, pull: PullInitiateBody, push: PushInitiateBody } as const;

const DOCS = {
  session: { operationId: 'postApiSessionInitiate', summary: 'Initiate (Push + Pull) Session', what: 'pulls and pushes' },
  pull: { operationId: 'postApiPullInitiate', summary: 'Initiate Pull Session', what: 'only pulls' },
  push: { operationId: 'postApiPushInitiate', summary: 'Initiate Push Session', what: 'only pushes' },
} as const;

const INITIATE_ERRORS = [
  Errors.unknownProvider,
  Errors.providerUnsupported,
  Errors.sandboxUnavailable,
  Errors.providerNotInMode,
  Errors.unknownEndgrateType,
  Errors.notSupported,
];

/** POST /api/{session,pull,push}/initiate: the three differ only in the options they accept. */
export function registerInitiate(app: FastifyInstance, path: string, kind: SessionKind): void {
  const doc = DOCS[kind];
  const schema = {
    tags: ['Sessions'],
    operationId: doc.operationId,
    summary: doc.summary,
    description: `A session that ${doc.what}: send the end user to \`/session?session_id=…\` to connect their app. Options Weft does not read are named in the \`Weft-Ignored-Fields\` answer header, never refused.`,
    body: BODIES[kind],
    response: { 200: SessionIdAnswer, ...errorResponses(INITIATE_ERRORS, { body: true }) },
  };
  app.post<{ Body: SessionInitiate }>(path, { schema }, async (request, reply) => {
    const principal = principalOf(request);
    const { projectId, mode } = principal;
    // Options Weft does not read (the UI options of a bypass session, unknown prepopulate keys) are named, not refused.
    const { body, ignored } = prepareInitiate(request.body);
    checkWebhookUrls(app.services.egress.policy, body);
    const listId = body.integration_provider_list_id;
    if (listId !== undefined && !(await providerListExists(app.services, projectId, listId))) {
      throw invalidRequest({ integration_provider_list_id: "is not the id of one of this project's provider lists" });
    }
    // A test key needs a sandbox; a preset provider must be available in the key's mode.
    await checkInitiateMode(app.services, principal, body.provider === undefined ? undefined : getConnector(body.provider));
    const session = await createSession(app.services.database.db, {
      projectId,
      mode,
      kind,
      body,
      ttlMs: app.services.config.sessionTtlMs,
      sealer: app.services.sealer,
    });
    addIgnoredFields(reply, ignored);
    return { success: true, session_id: session.id };
  });
}
