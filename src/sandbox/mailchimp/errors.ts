/**
 * Mailchimp's error answers: problem details (RFC 7807) as `application/problem+json`: `type` (the errors page),
 * `title`, `status`, `detail`, `instance` (a request id); a validation error adds `errors: [{field, message}]`.
 * https://mailchimp.com/developer/marketing/docs/errors/
 */
import { randomUUID } from 'node:crypto';

import type { FastifyInstance } from 'fastify';

import { registerDialectErrorHandler } from '../shared/error-handler.js';

/** The `type` of every error. */
export const ERROR_TYPE = 'https://mailchimp.com/developer/marketing/docs/errors/';

export interface ProblemDetail {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: Array<{ field: string; message: string }>;
}

/** A problem-details body. */
export const problem = (status: number, title: string, detail: string, errors?: Array<{ field: string; message: string }>): ProblemDetail => ({
  type: ERROR_TYPE,
  title,
  status,
  detail,
  instance: randomUUID(),
  ...(errors ? { errors } : {}),
});

export class MailchimpApiError extends Error {
  constructor(readonly body: ProblemDetail) {
    super(`${body.title}: ${body.detail}`);
  }
  get statusCode(): number {
    return this.body.status;
  }
}

export const apiError = (status: number, title: string, detail: string, errors?: Array<{ field: string; message: string }>) =>
  new MailchimpApiError(problem(status, title, detail, errors));

/** A body the schema refuses, with the fields at fault. */
export const invalidResource = (errors: Array<{ field: string; message: string }>) =>
  apiError(400, 'Invalid Resource', "The resource submitted could not be validated. For field-specific details, see the 'errors' array.", errors);

/** A path naming no live resource. */
export const notFound = () => apiError(404, 'Resource Not Found', 'The requested resource could not be found.');

/** No credential at all. */
export const apiKeyMissing = () => problem(401, 'API Key Missing', 'Your request did not include an API key.');

/** A key or token Mailchimp does not know (or the key of another data center). */
export const apiKeyInvalid = () =>
  problem(401, 'API Key Invalid', "Your API key may be invalid, or you've attempted to access the wrong datacenter.");

/** Mailchimp's 429: more than ten requests of one account in flight at once. */
export const tooManyRequests = () => problem(429, 'Too Many Requests', 'You have exceeded the limit of 10 simultaneous connections.');

export const serverError = () =>
  problem(500, 'Internal Server Error', 'An unexpected internal error has occurred. Please contact Support for more information.');

export function registerErrorHandler(scope: FastifyInstance): void {
  registerDialectErrorHandler<MailchimpApiError>(scope, {
    provider: 'Mailchimp',
    isOwn: (e): e is MailchimpApiError => e instanceof MailchimpApiError,
    send: (reply, _request, e) => reply.code(e.statusCode).type('application/problem+json; charset=utf-8').send(JSON.stringify(e.body)),
    fromFastify: (e) => apiError(400, 'JSON Schema Validation Failed', e.message),
    internal: () => new MailchimpApiError(serverError()),
  });
}
