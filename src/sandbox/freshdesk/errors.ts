/**
 * Freshdesk's error answers (https://developers.freshdesk.com/api/#error): a failed validation is
 * `400 {"description":"Validation failed","errors":[{"field","message","code"}]}` (409 for a value that must be
 * unique, with `additional_info`), a refused key `401 {"code":"invalid_credentials","message":…}`, a missing record
 * a 404 with an empty body, malformed JSON `400 {"code":"invalid_json","message":…}`.
 */
import type { FastifyInstance } from 'fastify';

import { registerDialectErrorHandler } from '../shared/error-handler.js';

export class FreshdeskApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: unknown,
  ) {
    super(body === undefined ? `Freshdesk ${statusCode}` : JSON.stringify(body));
  }
}

export interface FieldError {
  field: string;
  message: string;
  code: string;
  additional_info?: Record<string, unknown>;
}

/** A validation failure of some fields (400, or 409 for a duplicate value). */
export const validation = (errors: FieldError[], status = 400) => new FreshdeskApiError(status, { description: 'Validation failed', errors });

export const invalidValue = (field: string, message: string) => validation([{ field, message, code: 'invalid_value' }]);
export const missingField = (field: string, message: string) => validation([{ field, message, code: 'missing_field' }]);

/** A missing record: 404, no body. */
export const notFound = () => new FreshdeskApiError(404, undefined);

export const INVALID_CREDENTIALS = { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' } as const;

export const invalidJson = () => new FreshdeskApiError(400, { code: 'invalid_json', message: 'Request body has invalid json format' });

export function registerErrorHandler(scope: FastifyInstance): void {
  registerDialectErrorHandler<FreshdeskApiError>(scope, {
    provider: 'Freshdesk',
    isOwn: (e): e is FreshdeskApiError => e instanceof FreshdeskApiError,
    send: (reply, _request, e) => (e.body === undefined ? reply.code(e.statusCode).send() : reply.code(e.statusCode).send(e.body)),
    fromFastify: () => invalidJson(),
    internal: () => new FreshdeskApiError(500, { code: 'internal_error', message: 'We are facing some problems. Please try again later.' }),
  });
}
