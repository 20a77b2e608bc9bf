/**
 * Typeform's error answers: `{"code": "<CODE>", "description": "<text>"}`, with `details` (`[{code, description, field,
 * in}]`) for a request's invalid parameters.
 * https://www.typeform.com/developers/get-started/ (errors), https://www.typeform.com/developers/responses/reference/retrieve-responses/
 */
import type { FastifyInstance } from 'fastify';

import { registerDialectErrorHandler } from '../shared/error-handler.js';

export interface TypeformErrorDetail {
  code: string;
  description: string;
  field: string;
  in: 'query' | 'path' | 'body';
}

/** Typeform's error body. */
export const errorBody = (code: string, description: string, details?: TypeformErrorDetail[]) => ({
  code,
  description,
  ...(details ? { details } : {}),
});

export class TypeformApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: ReturnType<typeof errorBody>,
  ) {
    super(`${body.code}: ${body.description}`);
  }
}

export const apiError = (status: number, code: string, description: string, details?: TypeformErrorDetail[]) =>
  new TypeformApiError(status, errorBody(code, description, details));

/** A query parameter Typeform refuses: 400 VALIDATION_ERROR naming it in `details`. */
export const invalidParam = (field: string, description: string) =>
  apiError(400, 'VALIDATION_ERROR', 'The request contained invalid data', [{ code: 'INVALID_PARAMETER', description, field, in: 'query' }]);

/** A form id that names no form of the account. */
export const formNotFound = (id: string) => apiError(404, 'FORM_NOT_FOUND', `Non existing form with uid ${id}`);

/** The answer to a missing, expired or revoked token. */
export const AUTHENTICATION_FAILED = errorBody('AUTHENTICATION_FAILED', 'Authentication credentials not found on the Request Headers');

/** The body of a rate-limited request. */
export const RATE_LIMITED = errorBody('RATE_LIMITED', 'Too many requests: the account sent more than 2 requests a second');

/** The body of a server error. */
export const SERVER_ERROR = errorBody('INTERNAL_SERVER_ERROR', 'Internal server error');

export function registerErrorHandler(scope: FastifyInstance): void {
  registerDialectErrorHandler<TypeformApiError>(scope, {
    provider: 'Typeform',
    isOwn: (e): e is TypeformApiError => e instanceof TypeformApiError,
    send: (reply, _request, e) => reply.code(e.statusCode).send(e.body),
    fromFastify: (e) => apiError(400, 'BAD_REQUEST', e.message),
    internal: () => new TypeformApiError(500, SERVER_ERROR),
  });
}
