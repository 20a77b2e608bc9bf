/**
 * Every error leaves the server in Endgrate's shape with the right status. Fastify's own errors (bad JSON, wrong
 * content type, body too large) are translated; anything unexpected is logged and answered with a generic 500 that
 * reveals nothing.
 */
import type { Socket } from 'node:net';

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { Errors, invalidRequest, isWeftError, WeftError } from '../errors.js';
import { errorPage, wantsPage } from '../ui/html.js';
import { translatorFor } from '../ui/i18n/index.js';

/** Deepest nesting of objects and arrays a JSON body may have (no API body needs more than a handful). */
export const MAX_JSON_DEPTH = 64;

/** How deep `value` nests, counted without recursion; stops counting past `limit`. */
export function jsonDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * The API's one body parser: any content type (or none), read as JSON with Fastify's own prototype-poisoning checks.
 * A body that is not JSON is 415 when it was not labelled JSON, 400 when it was; a body nested deeper than
 * MAX_JSON_DEPTH is 400.
 */
export function installJsonParser(api: FastifyInstance, bodyLimit: number): void {
  const parseJson = api.getDefaultJsonParser('error', 'error');
  api.removeAllContentTypeParsers();
  api.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (request, body, done) => {
    void parseJson(request, body as string, (err, value) => {
      if (err) {
        const type = request.headers['content-type'];
        const labelledJson = type !== undefined && /^application\/([\w.+-]*\+)?json\b/i.test(type.trim());
        if (labelledJson || (err as FastifyError).code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return done(Errors.invalidJson(), undefined);
        return done(Errors.unsupportedMediaType(type === undefined ? 'missing or malformed' : `'${type.slice(0, 100)}'`), undefined);
      }
      if (jsonDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return done(Errors.bodyTooDeep(MAX_JSON_DEPTH), undefined);
      done(null, value);
    });
  });
}

/** Errors of a connection before a request reaches Fastify's routing (Node's own 400, 408 and 431), in the error shape. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
  const known =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? Errors.headersTooLarge()
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? Errors.requestTimeout()
        : Errors.malformedRequest();
  const body = JSON.stringify(known.toBody());
  const status = `${known.statusCode} ${known.statusCode === 431 ? 'Request Header Fields Too Large' : known.statusCode === 408 ? 'Request Timeout' : 'Bad Request'}`;
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

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

/** Seconds a client is told to wait after a 503 of each kind. */
const RETRY_AFTER_S: Record<string, number> = {
  WEFT_ERR_DATABASE_UNAVAILABLE: 5,
  WEFT_ERR_STORAGE_FULL: 30,
  WEFT_ERR_SHUTTING_DOWN: 2,
  WEFT_ERR_OVERLOADED: 1,
};

/** Last time a full disk was logged: once a minute is enough, not a stack trace per request. */
let storageFullLoggedAt = 0;

/** An error page for a browser: inline styles only, never framed. */
function sendPage(reply: FastifyReply, status: 404 | 500): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .send(errorPage(status, translatorFor(reply.request)));
}

export function installErrorHandling(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const down = isWeftError(error) ? null : app.services.health.classify(error);
    if (down === 'unavailable') {
      // Logged once by the health, which now answers further requests at once until the database is back.
      app.services.health.reportFailure(error);
      return sendUnavailable(reply, Errors.databaseUnavailable());
    }
    if (down === 'storage_full') {
      if (Date.now() - storageFullLoggedAt > 60_000) {
        storageFullLoggedAt = Date.now();
        request.log.error({ err: error }, 'a write found no room: the storage is full (answering 503; logged once a minute)');
      }
      return sendUnavailable(reply, Errors.storageFull());
    }
    if (isWeftError(error) && error.statusCode === 503) return sendUnavailable(reply, error);
    const known = toWeftError(error, bodyLimit);
    if (known) {
      if (known.statusCode >= 500) request.log.error({ err: error }, 'request failed');
      return reply.status(known.statusCode).send(known.toBody());
    }
    request.log.error({ err: error }, 'request failed with an unexpected error');
    if (wantsPage(request)) return sendPage(reply, 500);
    const internal = Errors.internal();
    return reply.status(500).send(internal.toBody());
  });
  /** A 503 with its Retry-After (database out of reach or full, shutting down, overloaded). */
  function sendUnavailable(reply: FastifyReply, err: WeftError) {
    reply.header('retry-after', String(RETRY_AFTER_S[err.code] ?? 5));
    return reply.status(503).send(err.toBody());
  }
  app.setNotFoundHandler((request, reply) => {
    if (wantsPage(request)) return sendPage(reply, 404);
    const err = Errors.routeNotFound(request.method, request.url.split('?')[0] ?? '/');
    return reply.status(404).send(err.toBody());
  });
}
