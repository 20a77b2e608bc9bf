import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';

import { Errors } from '../../errors.js';
import { framePage, pageMeta } from '../../transfers/items.js';
import { isFinished } from '../../transfers/model.js';
import { loadTransferPage } from '../../transfers/service.js';
import { pushRequestOf, requestOf } from '../../transfers/stored.js';
import { DataPageAnswer, errorResponses, PushDataAnswer } from '../openapi/schemas.js';
import { Limit, Offset, principalOf, strict } from './common.js';

export interface DataQuery {
  endgrate_type: string;
  transfer_id: string;
  limit: number;
  offset: number;
}

const DataQuerySchema = strict({
  endgrate_type: Type.String({ minLength: 1, maxLength: 200 }),
  transfer_id: Type.String({ minLength: 1, maxLength: 64 }),
  limit: Limit,
  offset: Offset,
});

/**
 * GET /api/pull/data and GET /api/push/data: a page of a finished transfer's items. The transfer and the stored JSON
 * of the page's items are read by one statement, and the body is assembled from that JSON without parsing it again.
 */
export function registerDataPage(app: FastifyInstance, method: 'IMPORT' | 'EXPORT'): void {
  const path = method === 'IMPORT' ? '/api/pull/data' : '/api/push/data';
  const other = method === 'IMPORT' ? 'GET /api/push/data' : 'GET /api/pull/data';
  const schema = {
    tags: [method === 'IMPORT' ? 'Pull' : 'Push'],
    operationId: method === 'IMPORT' ? 'getApiPullData' : 'getApiPushData',
    summary: method === 'IMPORT' ? 'Get Pull Data' : 'Get Push Data',
    description:
      method === 'IMPORT'
        ? 'The records a finished pull read, in the common model of its `endgrate_type`, a page (up to 250) at a time; `meta.next.link` is the next page.'
        : 'Per item of a finished push, in the order sent: the provider id and the outcome, a page (up to 250) at a time.',
    querystring: DataQuerySchema,
    response: {
      200: method === 'IMPORT' ? DataPageAnswer : PushDataAnswer,
      ...errorResponses([Errors.invalidTransfer, Errors.transferMethodMismatch, Errors.transferTypeMismatch, Errors.transferNotCompleted]),
    },
  };
  app.get<{ Querystring: DataQuery }>(path, { schema }, async (request, reply: FastifyReply) => {
    const { services } = app;
    const q = request.query;
    const { transfer, page } = await loadTransferPage(services, principalOf(request), q.transfer_id, q.offset, q.limit);
    if (transfer.method !== method) throw Errors.transferMethodMismatch(other);
    // The transfer is stored under its schema's key; the schema's other names (its endgrate_type, its title) also do.
    if (transfer.endgrate_type !== q.endgrate_type && !(requestOf(transfer).names ?? []).includes(q.endgrate_type)) {
      throw Errors.transferTypeMismatch(q.endgrate_type);
    }
    if (!isFinished(transfer)) throw Errors.transferNotCompleted();
    const count = method === 'IMPORT' ? transfer.item_count : pushRequestOf(transfer).total;
    const base = `${services.config.publicUrl}${path}`;
    const link = (offset: number) =>
      `${base}?${new URLSearchParams({ endgrate_type: q.endgrate_type, transfer_id: transfer.id, limit: String(q.limit), offset: String(offset) })}`;
    const meta = pageMeta(count, q.offset, q.limit, link);
    const errors = transfer.error_count > 0 || transfer.status === 'failed';
    // The page's stored JSON came with the transfer, in one statement; the answer is sent as one Buffer (writing a
    // large string costs several times as much).
    const head = `{"success":true,"transfer_errors":${errors},"meta":${JSON.stringify(meta)},"transfer_data":[`;
    return reply.type('application/json; charset=utf-8').send(framePage(head, page, ']}'));
  });
}
