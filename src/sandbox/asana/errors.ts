/**
 * Asana's error answers: `{"errors": [{"message": "<text>", "help": "<where to read more>"}]}` for every status (a 500
 * also carries a `phrase` to quote to Asana's support).
 * https://developers.asana.com/docs/errors
 */
import type { FastifyInstance } from 'fastify';

import { registerDialectErrorHandler } from '../shared/error-handler.js';

/** The `help` of every error. */
export const HELP =
  'For more information on API status codes and how to handle them, read the docs on errors: https://developers.asana.com/docs/errors';

/** Asana's error body of one message. */
export const errorBody = (message: string, extra: Record<string, unknown> = {}) => ({ errors: [{ message, help: HELP, ...extra }] });

export class AsanaApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: unknown,
  ) {
    super(typeof body === 'object' && body !== null ? JSON.stringify(body) : String(body));
  }
}

export const apiError = (status: number, message: string) => new AsanaApiError(status, errorBody(message));

export const badRequest = (message: string) => apiError(400, message);

/** A gid that names no live record of the object. */
export const unknownObject = (gid: string) => apiError(404, `Unknown object: ${gid}`);

/** The answer to a missing, expired or revoked token. */
export const NOT_AUTHORIZED = errorBody('Not Authorized');

/** The body of a rate-limited request. */
export const TOO_MANY_REQUESTS = errorBody('You have made too many requests recently. Please, be chill.');

/** The body of a server error, with the phrase Asana asks to quote. */
export const SERVER_ERROR = errorBody('Server Error', { phrase: '6 sad squid snuggle softly' });

export function registerErrorHandler(scope: FastifyInstance): void {
  registerDialectErrorHandler<AsanaApiError>(scope, {
    provider: 'Asana',
    isOwn: (e): e is AsanaApiError => e instanceof AsanaApiError,
    send: (reply, _request, e) => reply.code(e.statusCode).send(e.body),
    fromFastify: (e) => badRequest(e.message),
    internal: () => new AsanaApiError(500, SERVER_ERROR),
  });
}
