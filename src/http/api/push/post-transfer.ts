import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';

import { Errors } from '../../../errors.js';
import { idempotencyClaim } from '../../../transfers/idempotency.js';
import { type PushTransferBody, startPush, waitForTransfer } from '../../../transfers/service.js';
import { checkWebhookUrls } from '../../../webhooks/index.js';
import { errorResponses, TRANSFER_ERRORS, TransferAnswer } from '../../openapi/schemas.js';
import { closedSignal, principalOf, SessionId, strict, transferResponse, TransferWebhook } from '../common.js';

/** Most items one push transfer may carry. */
export const MAX_PUSH_ITEMS = 100_000;

/** The body's schema (exported for the table-driven tests of every optional field). */
export const Body = strict({
  session_id: SessionId,
  endgrate_type: Type.String({ minLength: 1, maxLength: 200 }),
  // Items are checked one by one: an invalid item is reported and the others are still pushed.
  transfer_data: Type.Array(Type.Unknown(), { minItems: 1, maxItems: MAX_PUSH_ITEMS }),
  synchronous: Type.Optional(Type.Boolean()),
  bypass_rate_limit: Type.Optional(Type.Boolean()),
  data_webhook: Type.Optional(TransferWebhook),
  completed_webhook: Type.Optional(TransferWebhook),
  error_webhook: Type.Optional(TransferWebhook),
});

/**
 * POST /api/push/transfer — validates the items, stores the valid ones and starts the push. An `Idempotency-Key`
 * header makes a retry of the same request give back the first transfer instead of pushing again.
 */
export default function postPushTransfer(app: FastifyInstance): void {
  app.post<{ Body: PushTransferBody }>(
    '/api/push/transfer',
    {
      schema: {
        tags: ['Push'],
        operationId: 'postApiPushTransfer',
        summary: 'Trigger Push',
        description:
          'Checks every item, stores the valid ones and starts the push; an invalid item is reported (`GET /api/errors`) and the others are still pushed. An `Idempotency-Key` header makes a retry of the same request give back the first transfer (answer header `Idempotent-Replayed: true`). With `synchronous: true`, answers when it has finished (up to 5 minutes).',
        body: Body,
        response: {
          200: TransferAnswer,
          ...errorResponses([...TRANSFER_ERRORS, Errors.idempotencyKeyInvalid, Errors.idempotencyMismatch], { body: true }),
        },
      },
    },
    async (request, reply) => {
      const { services } = app;
      checkWebhookUrls(services.egress.policy, request.body);
      const claim = idempotencyClaim(request.headers['idempotency-key'], request.body);
      const started = await startPush(services, principalOf(request), request.body, claim);
      const { replayed } = started;
      let { transfer } = started;
      if (replayed) reply.header('idempotent-replayed', 'true');
      if (request.body.synchronous) {
        transfer = await waitForTransfer(services, transfer, services.config.syncTimeoutMs, closedSignal(reply.raw, services.stopping));
      }
      return transferResponse(reply, services.config.publicUrl, transfer, request.body.synchronous === true);
    },
  );
}
