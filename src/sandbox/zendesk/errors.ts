/**
 * Zendesk's error answers: `{"error": "<Name>", "description": "<text>"}` for a missing record, a bad parameter or a
 * rate limit; `{"error": "RecordInvalid", "description": "Record validation errors", "details": {<field>: [{description,
 * error}]}}` for a write Zendesk validated and refused (422); `{"error": "Couldn't authenticate you"}` for bad
 * credentials (401).
 */
import type { FastifyInstance } from 'fastify';

import { registerDialectErrorHandler } from '../shared/error-handler.js';

export class ZendeskApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: unknown,
  ) {
    super(typeof body === 'object' && body !== null ? JSON.stringify(body) : String(body));
  }
}

export const apiError = (status: number, error: string, description: string) => new ZendeskApiError(status, { error, description });

export const badRequest = (description: string) => apiError(400, 'InvalidValue', description);

export const notFound = () => apiError(404, 'RecordNotFound', 'Not found');

/** A field's problem in a 422: Zendesk's `error` code and its sentence. */
export interface FieldProblem {
  description: string;
  error: string;
}

/** A write refused field by field. */
export const recordInvalid = (details: Record<string, FieldProblem[]>) =>
  new ZendeskApiError(422, { error: 'RecordInvalid', description: 'Record validation errors', details });

/** The answer to missing or wrong credentials (a password, an API token or an e-mail address that does not fit). */
export const UNAUTHORIZED = { error: "Couldn't authenticate you" } as const;

/** The answer to an OAuth access token that expired, was revoked or never was. */
export const INVALID_TOKEN = {
  error: 'invalid_token',
  error_description: 'The access token provided is expired, revoked, malformed or invalid for other reasons.',
} as const;

/** The body of a rate-limited request. */
export const TOO_MANY_REQUESTS = { error: 'APIRateLimitExceeded', description: 'Number of allowed API requests per minute exceeded' } as const;

export function registerErrorHandler(scope: FastifyInstance): void {
  registerDialectErrorHandler<ZendeskApiError>(scope, {
    provider: 'Zendesk',
    isOwn: (e): e is ZendeskApiError => e instanceof ZendeskApiError,
    send: (reply, _request, e) => reply.code(e.statusCode).send(e.body),
    fromFastify: (e) => badRequest(e.message),
    internal: () => apiError(500, 'InternalError', 'Internal server error'),
  });
}
