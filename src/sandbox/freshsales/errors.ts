/**
 * Freshsales' error answers: a refused key is `401 {"login":"failed","message":"Incorrect or expired API key"}`; other
 * errors are `{"errors":{"code":<status>,"message":["…"]}}` with the HTTP status in `code`.
 */
import type { FastifyInstance } from 'fastify';

import { registerDialectErrorHandler } from '../shared/error-handler.js';

export class FreshsalesApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: unknown,
  ) {
    super(typeof body === 'object' && body !== null ? JSON.stringify(body) : String(body));
  }
}

/** The `errors` answer of a status with its messages. */
export const errorBody = (code: number, ...messages: string[]) => ({ errors: { code, message: messages } });

export const apiError = (code: number, ...messages: string[]) => new FreshsalesApiError(code, errorBody(code, ...messages));

export const badRequest = (...messages: string[]) => apiError(400, ...messages);

export const notFound = () => apiError(404, 'Record not found');

export const LOGIN_FAILED = { login: 'failed', message: 'Incorrect or expired API key' } as const;

/** The answer of a rate-limited request. */
export const tooManyRequests = () => errorBody(429, 'Too many requests. Please try again after some time.');

export function registerErrorHandler(scope: FastifyInstance): void {
  registerDialectErrorHandler<FreshsalesApiError>(scope, {
    provider: 'Freshsales',
    isOwn: (e): e is FreshsalesApiError => e instanceof FreshsalesApiError,
    send: (reply, _request, e) => reply.code(e.statusCode).send(e.body),
    fromFastify: (e) => badRequest(e.message),
    internal: () => apiError(500, 'Internal server error'),
  });
}
