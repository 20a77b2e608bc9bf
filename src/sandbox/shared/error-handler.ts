/**
 * The error handler of a fake's routes: its own errors are sent as built,
 * Fastify's request errors (a body it cannot parse, a wrong content type, …)
 * become the provider's error for them, anything else is logged and answered
 * as the provider's internal error.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { isFastifyError } from './http.js';

/** How a provider answers errors. */
export interface ErrorHandlerDialect<E> {
  provider: string;
  /** Whether an error is the provider's own. */
  isOwn: (error: unknown) => error is E;
  send: (reply: FastifyReply, request: FastifyRequest, error: E) => FastifyReply;
  /** The provider's error for a content-type-parser error (`FST_ERR_CTP_…`) or another Fastify 4xx. */
  fromFastify: (error: FastifyError) => E;
  /** The provider's error for anything unexpected (a 500). */
  internal: () => E;
}

/** Sets the scope's error handler. */
export function registerDialectErrorHandler<E>(scope: FastifyInstance, dialect: ErrorHandlerDialect<E>): void {
  scope.setErrorHandler((error: unknown, request, reply) => {
    if (dialect.isOwn(error)) return dialect.send(reply, request, error);
    if (isFastifyError(error) && (error.code.startsWith('FST_ERR_CTP_') || (error.statusCode !== undefined && error.statusCode < 500))) {
      return dialect.send(reply, request, dialect.fromFastify(error));
    }
    request.log.error({ err: error }, `${dialect.provider} sandbox: unexpected error`);
    return dialect.send(reply, request, dialect.internal());
  });
}
