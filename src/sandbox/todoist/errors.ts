/**
 * Todoist's error answers (API v1): `{"error": "<text>", "error_code": <n>, "error_extra": {...}, "error_tag":
 * "<TAG>", "http_code": <status>}`, for a missing record (404 `NOT_FOUND`), a missing or bad argument (400
 * `ARGUMENT_MISSING`, `INVALID_ARGUMENT_VALUE`), a token Todoist does not know (401 `AUTH_INVALID_TOKEN`) and too
 * many requests (429 `LIMITS_REACHED`, with `retry_after` in `error_extra` and the `Retry-After` header).
 */
import type { FastifyInstance } from 'fastify';

import { registerDialectErrorHandler } from '../shared/error-handler.js';

export class TodoistApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: TodoistErrorBody,
  ) {
    super(body.error);
  }
}

export interface TodoistErrorBody {
  error: string;
  error_code: number;
  error_extra: Record<string, unknown>;
  error_tag: string;
  http_code: number;
}

export const errorBody = (status: number, error: string, code: number, tag: string, extra: Record<string, unknown> = {}): TodoistErrorBody => ({
  error,
  error_code: code,
  error_extra: extra,
  error_tag: tag,
  http_code: status,
});

export const apiError = (status: number, error: string, code: number, tag: string, extra: Record<string, unknown> = {}) =>
  new TodoistApiError(status, errorBody(status, error, code, tag, extra));

/** A record that is not there (or not the caller's). */
export const notFound = (what: 'Task' | 'Project' | 'Item') => apiError(404, `${what} not found`, 478, 'NOT_FOUND');

/** A required argument left out. */
export const argumentMissing = (argument: string) => apiError(400, 'Required argument is missing', 19, 'ARGUMENT_MISSING', { argument });

/** An argument of the wrong kind or value. */
export const invalidArgument = (argument: string, explanation = 'Invalid argument value') =>
  apiError(400, explanation, 20, 'INVALID_ARGUMENT_VALUE', { argument });

/** The answer to a missing, unknown or revoked token. */
export const INVALID_TOKEN = errorBody(401, 'Invalid token', 401, 'AUTH_INVALID_TOKEN');

/** The body of a rate-limited request. */
export const tooManyRequests = (retryAfter: number) =>
  errorBody(429, 'Too many requests. Limits reached. Try again later', 35, 'LIMITS_REACHED', { retry_after: retryAfter });

export function registerErrorHandler(scope: FastifyInstance): void {
  registerDialectErrorHandler<TodoistApiError>(scope, {
    provider: 'Todoist',
    isOwn: (e): e is TodoistApiError => e instanceof TodoistApiError,
    send: (reply, _request, e) => reply.code(e.statusCode).send(e.body),
    fromFastify: (e) => apiError(400, e.message, 20, 'INVALID_ARGUMENT_VALUE'),
    internal: () => apiError(500, 'Internal server error', 500, 'INTERNAL_SERVER_ERROR'),
  });
}
