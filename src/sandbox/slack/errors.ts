/**
 * Slack's error answers: HTTP 200 with `{"ok": false, "error": "<code>"}` for every refused call (`not_authed`,
 * `invalid_auth`, `channel_not_found`, `not_in_channel`, `invalid_cursor`, `no_text`, `missing_scope` with `needed`
 * and `provided`…), HTTP 429 with `Retry-After` and `{"ok": false, "error": "ratelimited"}` for a rate limit, and
 * `internal_error` (HTTP 500) when the fake itself fails.
 */
import type { FastifyInstance } from 'fastify';

import { registerDialectErrorHandler } from '../shared/error-handler.js';

export interface SlackErrorBody {
  ok: false;
  error: string;
  [extra: string]: unknown;
}

export class SlackApiError extends Error {
  constructor(
    readonly body: SlackErrorBody,
    readonly statusCode = 200,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.error);
  }
}

export const errorBody = (error: string, extra: Record<string, unknown> = {}): SlackErrorBody => ({ ok: false, error, ...extra });

/** A refused call, answered with HTTP 200 as Slack does. */
export const slackError = (error: string, extra: Record<string, unknown> = {}) => new SlackApiError(errorBody(error, extra));

/** The body of a rate-limited call (HTTP 429 with `Retry-After`). */
export const RATELIMITED = errorBody('ratelimited');

/** A rate-limited call: HTTP 429, `Retry-After` in seconds. */
export const rateLimited = (retryAfter: number) => new SlackApiError(RATELIMITED, 429, { 'retry-after': String(retryAfter) });

export function registerErrorHandler(scope: FastifyInstance): void {
  registerDialectErrorHandler<SlackApiError>(scope, {
    provider: 'Slack',
    isOwn: (e): e is SlackApiError => e instanceof SlackApiError,
    send: (reply, _request, e) => reply.code(e.statusCode).headers(e.headers).send(e.body),
    fromFastify: () => slackError('invalid_arguments'),
    internal: () => new SlackApiError(errorBody('internal_error'), 500),
  });
}
