import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';

import { type PullTransferBody, startPull, waitForTransfer } from '../../../transfers/service.js';
import { checkWebhookUrls } from '../../../webhooks/index.js';
import { errorResponses, TRANSFER_ERRORS, TransferAnswer } from '../../openapi/schemas.js';
import { closedSignal, principalOf, SessionId, strict, transferResponse, TransferWebhook } from '../common.js';

/** The body's schema (exported for the table-driven tests of every optional field). */
export const Body = strict({
  session_id: SessionId,
  endgrate_type: Type.String({ minLength: 1, maxLength: 200 }),
  synchronous: Type.Optional(Type.Boolean()),
  bypass_rate_limit: Type.Optional(Type.Boolean()),
  // An object of field conditions, or a list of them (any one of which may match); checked by the transfer service.
  params: Type.Optional(Type.Union([Type.Object({}, { additionalProperties: true }), Type.Array(Type.Unknown(), { maxItems: 100 })])),
  associations: Type.Optional(Type.Record(Type.String(), Type.Boolean())),
  data_webhook: Type.Optional(TransferWebhook),
  completed_webhook: Type.Optional(TransferWebhook),
  error_webhook: Type.Optional(TransferWebhook),
});

/** POST /api/pull/transfer — starts a pull; with `synchronous: true`, answers when it has finished (up to 5 minutes). */
export default function postPullTransfer(app: FastifyInstance): void {
  app.post<{ Body: PullTransferBody }>(
    '/api/pull/transfer',
    {
      schema: {
        tags: ['Pull'],
        operationId: 'postApiPullTransfer',
        summary: 'Trigger Pull',
        description:
          'Starts a pull of one `endgrate_type` of a configured session. Asynchronous by default: follow it with `GET /api/statistics` or the webhooks, then read its records with `GET /api/pull/data`. With `synchronous: true`, answers when it has finished (up to 5 minutes).',
        body: Body,
        response: {
          200: TransferAnswer,
          ...errorResponses(TRANSFER_ERRORS, { body: true }),
        },
      },
    },
    async (request, reply) => {
      const { services } = app;
      checkWebhookUrls(services.egress.policy, request.body);
      let transfer = await startPull(services, principalOf(request), request.body);
      if (request.body.synchronous) {
        transfer = await waitForTransfer(services, transfer, services.config.syncTimeoutMs, closedSignal(reply.raw, services.stopping));
      }
      return transferResponse(reply, services.config.publicUrl, transfer, request.body.synchronous === true);
    },
  );
}
