/**
 * Close's error answers: `{"error": "<message>"}` for a refused key, a missing object, a bad parameter and a 429 (whose
 * `error` is an object with `rate_reset`, the seconds to wait, and `message`), and `{"errors": [...], "field-errors":
 * {<field>: <message>}}` for a write Close validated and refused.
 */
import type { FastifyInstance } from 'fastify';

import { registerDialectErrorHandler } from '../shared/error-handler.js';

export class CloseApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: unknown,
  ) {
    super(typeof body === 'object' && body !== null ? JSON.stringify(body) : String(body));
  }
}

export const apiError = (status: number, message: string) => new CloseApiError(status, { error: message });

export const badRequest = (message: string) => apiError(400, message);

/** A write refused field by field. */
export const fieldErrors = (errors: Record<string, string>) => new CloseApiError(400, { errors: [], 'field-errors': errors });

export const notFound = (model: string) => apiError(404, `Empty query: ${model} matching query does not exist.`);

export const UNAUTHORIZED = { error: 'Unauthorized: API key is invalid or not provided' } as const;

/** The answer to an OAuth access token that expired, was revoked or never was. */
export const INVALID_TOKEN = { error: 'Unauthorized: the access token is invalid or has expired' } as const;

/** The answer of a rate-limited request. */
export const tooManyRequests = (resetSeconds: number) => ({
  error: { rate_reset: resetSeconds, message: `API call count exceeded for this period. Try again in ${resetSeconds} seconds.` },
});

export function registerErrorHandler(scope: FastifyInstance): void {
  registerDialectErrorHandler<CloseApiError>(scope, {
    provider: 'Close',
    isOwn: (e): e is CloseApiError => e instanceof CloseApiError,
    send: (reply, _request, e) => reply.code(e.statusCode).send(e.body),
    fromFastify: (e) => badRequest(e.message),
    internal: () => apiError(500, 'Internal server error'),
  });
}
