/** Pieces shared by the API's endpoint files. */
import type { ServerResponse } from 'node:http';

import { type TSchema, Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';

import { Errors } from '../../errors.js';
import type { Principal } from '../../projects/index.js';
import { URL_PATTERN } from '../../sessions/options.js';
import { isFinished, type Transfer } from '../../transfers/model.js';

export const SessionId = Type.String({ minLength: 1, maxLength: 64 });
export const Limit = Type.Integer({ minimum: 1, maximum: 250, default: 250 });
export const Offset = Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0 });

export const TransferWebhook = Type.Object(
  {
    endpoint: Type.Optional(Type.String({ pattern: URL_PATTERN, maxLength: 2048 })),
    url: Type.Optional(Type.String({ pattern: URL_PATTERN, maxLength: 2048 })),
    metadata: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: false, anyOf: [{ required: ['endpoint'] }, { required: ['url'] }] },
);

/**
 * A strict object schema. At the top of a body or query, unknown fields are then ignored and named in
 * `Weft-Ignored-Fields` (src/http/lenient.ts); in a nested object they are refused.
 */
export function strict<T extends Record<string, TSchema>>(props: T) {
  return Type.Object(props, { additionalProperties: false });
}

/** The authenticated caller (routes behind the auth hook always have one). */
export function principalOf(request: { principal: Principal | null }): Principal {
  if (!request.principal) throw Errors.unauthorized();
  return request.principal;
}

export function statisticsUrl(publicUrl: string, transferId: string): string {
  return `${publicUrl}/statistics?transfer_id=${encodeURIComponent(transferId)}`;
}

/** Endgrate's TransferResponseSchema, for a transfer just started or finished. */
export function transferResponse(reply: FastifyReply, publicUrl: string, transfer: Transfer, synchronous = false): FastifyReply {
  const base = { transfer_id: transfer.id, statistics: statisticsUrl(publicUrl, transfer.id) };
  if (transfer.status === 'failed') {
    return reply.send({ success: false, ...base, message: `The transfer failed: ${transfer.last_error ?? 'unknown error'}` });
  }
  if (synchronous && !isFinished(transfer)) {
    // A synchronous wait that ended before the transfer (its time limit, or the server shutting down): its true state.
    return reply.send({
      success: true,
      ...base,
      completed: false,
      status: transfer.status,
      message: 'The transfer has not finished yet; it goes on (and resumes after a restart). Follow it with GET /api/statistics or its webhooks.',
    });
  }
  return reply.send({ success: true, ...base });
}

/** Aborts when the client goes away (or `also` aborts: the server shutting down), so that a synchronous wait stops early. */
export function closedSignal(res: ServerResponse, also?: AbortSignal): AbortSignal {
  const ctrl = new AbortController();
  res.once('close', () => ctrl.abort());
  return also ? AbortSignal.any([ctrl.signal, also]) : ctrl.signal;
}
