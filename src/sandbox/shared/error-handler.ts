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

/** How a fake that leaves server errors to Fastify answers the rest. */
export interface ClientErrorDialect<E> {
  isOwn: (error: unknown) => error is E;
  send: (reply: FastifyReply, request: FastifyRequest, error: E) => FastifyReply;
  /** The provider's error for any other error of a 4xx status (a body Fastify cannot parse, a wrong content type, …). */
  clientError: (status: number, message: string) => E;
}

/**
 * Sets the scope's error handler for a fake that leaves server errors to Fastify (WooCommerce, BigCommerce): its own
 * errors are sent as built, any other error whose `statusCode` is 4xx becomes the provider's error of that status and
 * message, and anything else goes on to Fastify's default handler (a 500).
 */
export function registerClientErrorHandler<E>(scope: FastifyInstance, dialect: ClientErrorDialect<E>): void {
  scope.setErrorHandler(async (error: unknown, request, reply) => {
    if (dialect.isOwn(error)) return dialect.send(reply, request, error);
    const status = (error as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return dialect.send(reply, request, dialect.clientError(status, (error as Error).message));
    throw error;
  });
}
