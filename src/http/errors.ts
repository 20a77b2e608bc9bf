/**
 * Every error leaves the server in Endgrate's shape with the right status. Fastify's own errors (bad JSON, wrong
 * content type, body too large) are translated; anything unexpected is logged and answered with a generic 500 that
 * reveals nothing.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Errors, WeftError, invalidRequest, isWeftError } from '../errors.js';

export function toWeftError(error: FastifyError | Error, bodyLimit: number): WeftError | null {
  if (isWeftError(error)) return error;
  const code = (error as FastifyError).code;
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return Errors.invalidJson();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return Errors.unsupportedMediaType(String((error as FastifyError).message.match(/'([^']*)'/)?.[1] ?? 'unknown'));
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return Errors.bodyTooLarge(bodyLimit);
    default:
  }
  if (error instanceof SyntaxError && (error as FastifyError).statusCode === 400) return Errors.invalidJson();
  // PostgreSQL refusing a value it cannot store (a stray NUL byte, an invalid text encoding): the input's fault.
  if (code === '22021' || code === '22P05' || code === '22P02') {
    return invalidRequest({ request: 'contains characters or values the database cannot store' });
  }
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    return new WeftError(Errors.validation.code, status, 'The request is invalid.', { request: error.message });
  }
  return null;
}

export function installErrorHandling(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const known = toWeftError(error, bodyLimit);
    if (known) {
      if (known.statusCode >= 500) request.log.error({ err: error }, 'request failed');
      return reply.status(known.statusCode).send(known.toBody());
    }
    request.log.error({ err: error }, 'request failed with an unexpected error');
    const internal = Errors.internal();
    return reply.status(500).send(internal.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const err = Errors.routeNotFound(request.method, request.url.split('?')[0] ?? '/');
    return reply.status(404).send(err.toBody());
  });
}
