/**
 * The one registry of Weft's error codes. Every error an API caller can see is created here, with a stable code,
 * an HTTP status and a message. Codes are never renamed or reused; `docs/errors.md` documents each one and a test
 * keeps the two in step.
 *
 * On the wire every error has Endgrate's shape, plus the code:
 *   { "success": false, "code": "WEFT_ERR_…", "message": "…", "errors": { "<field>": "<problem>" } }
 */

/** Details of a rejected request, keyed by the offending field (a JSON pointer into the body or a query name). */
export type ErrorDetails = Record<string, string>;

export class WeftError extends Error {
  override readonly name = 'WeftError';
  constructor(
    readonly code: ErrorCode,
    readonly statusCode: number,
    message: string,
    readonly details: ErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toBody(): ErrorBody {
    return { success: false, code: this.code, message: this.message, errors: this.details };
  }
}

export interface ErrorBody {
  success: false;
  code: ErrorCode;
  message: string;
  errors: ErrorDetails;
}

interface ErrorFactory<A extends unknown[]> {
  (...args: A): WeftError;
  readonly code: ErrorCode;
  readonly statusCode: number;
}

function define<A extends unknown[] = []>(
  code: string,
  statusCode: number,
  message: string | ((...args: A) => string),
): ErrorFactory<[...A, ErrorDetails?]> {
  const factory = (...args: [...A, ErrorDetails?]) => {
    const arity = typeof message === 'function' ? message.length : 0;
    const details = (args.length > arity ? args[arity] : undefined) as ErrorDetails | undefined;
    const text = typeof message === 'function' ? message(...(args.slice(0, arity) as A)) : message;
    return new WeftError(code as ErrorCode, statusCode, text, details ?? {});
  };
  return Object.assign(factory, { code: code as ErrorCode, statusCode });
}

export const Errors = {
  // Requests
  unauthorized: define('WEFT_ERR_UNAUTHORIZED', 401, 'Invalid or missing API key.'),
  routeNotFound: define<[string, string]>('WEFT_ERR_ROUTE_NOT_FOUND', 404, (method, url) => `Route ${method} ${url} not found.`),
  invalidJson: define('WEFT_ERR_INVALID_JSON', 400, 'The request body is not valid JSON.'),
  unsupportedMediaType: define<[string]>(
    'WEFT_ERR_UNSUPPORTED_MEDIA_TYPE',
    415,
    (type) => `The body is not JSON (its content type is ${type}); send a JSON object.`,
  ),
  bodyTooDeep: define<[number]>('WEFT_ERR_BODY_TOO_DEEP', 400, (max) => `The request body is nested more than ${max} levels deep.`),
  headersTooLarge: define('WEFT_ERR_HEADERS_TOO_LARGE', 431, 'The request headers are too large.'),
  malformedRequest: define('WEFT_ERR_MALFORMED_REQUEST', 400, 'The request is not well-formed HTTP.'),
  requestTimeout: define('WEFT_ERR_REQUEST_TIMEOUT', 408, 'The request was not received in time.'),
  bodyTooLarge: define<[number]>('WEFT_ERR_BODY_TOO_LARGE', 413, (limit) => `The request body is larger than the limit of ${limit} bytes.`),
  validation: define('WEFT_ERR_VALIDATION', 400, 'The request is invalid.'),
  databaseUnavailable: define(
    'WEFT_ERR_DATABASE_UNAVAILABLE',
    503,
    "Weft's database does not answer right now; nothing was stored. Try again in a few seconds.",
  ),
  overloaded: define('WEFT_ERR_OVERLOADED', 503, 'Weft is overloaded right now; send the request again in a moment.'),
  shuttingDown: define('WEFT_ERR_SHUTTING_DOWN', 503, 'This Weft server is restarting; send the request again in a moment.'),
  storageFull: define('WEFT_ERR_STORAGE_FULL', 503, "Weft's storage is full; nothing was stored. Try again once the operator has made room."),

  // Sessions
  invalidSession: define('WEFT_ERR_INVALID_SESSION', 404, 'Invalid or expired session.'),
  sessionNotConfigured: define('WEFT_ERR_SESSION_NOT_CONFIGURED', 400, 'Session not yet configured.'),
  unknownEndgrateType: define<[string]>('WEFT_ERR_UNKNOWN_ENDGRATE_TYPE', 400, (t) => `Unknown endgrate_type '${t}'.`),
  typeNotInSession: define<[string]>('WEFT_ERR_TYPE_NOT_IN_SESSION', 400, (t) => `'${t}' is not an endgrate_type or schema title of this session.`),
  ambiguousType: define<[string, string[]]>(
    'WEFT_ERR_AMBIGUOUS_TYPE',
    400,
    (t, keys) => `'${t}' names ${keys.length} schemas of this session (${keys.map((k) => `'${k}'`).join(', ')}); name one by its title.`,
  ),
  methodNotAllowedForSession: define<[string]>('WEFT_ERR_SESSION_METHOD', 400, (m) => `This session was not initiated to ${m} data.`),
  unknownProvider: define<[string]>('WEFT_ERR_UNKNOWN_PROVIDER', 400, (p) => `Unknown integration provider '${p}'.`),
  providerUnsupported: define<[string, string, string]>(
    'WEFT_ERR_PROVIDER_UNSUPPORTED',
    400,
    (provider, type, method) => `Provider '${provider}' does not support ${method} of '${type}'.`,
  ),
  sandboxUnavailable: define(
    'WEFT_ERR_SANDBOX_UNAVAILABLE',
    400,
    'This is a test key, and test sessions connect to the sandbox, which this Weft server does not have (WEFT_SANDBOX is false and WEFT_SANDBOX_URL is not set). Use a live key, or turn the sandbox on.',
  ),
  providerNotInMode: define<[string, string]>('WEFT_ERR_PROVIDER_NOT_IN_MODE', 400, (provider, mode) =>
    mode === 'live'
      ? `Provider '${provider}' is not available to live sessions: this Weft server has no ${provider} OAuth app (set one on the dashboard or in WEFT_${provider.toUpperCase()}_CLIENT_ID and _SECRET), and live sessions never use the sandbox.`
      : `Provider '${provider}' is not available to test sessions.`,
  ),

  schemaNotSelected: define<[string, string]>(
    'WEFT_ERR_SCHEMA_NOT_SELECTED',
    400,
    (key, method) => `The end user did not select '${key}' for ${method} on the session page.`,
  ),

  // Transfers
  invalidTransfer: define('WEFT_ERR_INVALID_TRANSFER', 404, 'Invalid or expired transfer.'),
  transferNotCompleted: define('WEFT_ERR_TRANSFER_NOT_COMPLETED', 400, 'Transfer has not yet completed.'),
  transferTypeMismatch: define<[string]>('WEFT_ERR_TRANSFER_TYPE_MISMATCH', 400, (t) => `The transfer is not a transfer of '${t}'.`),
  transferMethodMismatch: define<[string]>(
    'WEFT_ERR_TRANSFER_METHOD_MISMATCH',
    400,
    (endpoint) => `The transfer is of the other direction; read it with ${endpoint}.`,
  ),

  idempotencyKeyInvalid: define('WEFT_ERR_IDEMPOTENCY_KEY_INVALID', 400, 'The Idempotency-Key header must be 1 to 255 visible ASCII characters.'),
  idempotencyMismatch: define(
    'WEFT_ERR_IDEMPOTENCY_MISMATCH',
    422,
    'This Idempotency-Key was used in the last 24 hours with a different request body; use a new key for a different push.',
  ),

  notSupported: define<[string]>('WEFT_ERR_NOT_SUPPORTED', 400, (what) => `${what} is not supported by this version of Weft yet.`),

  // Bugs only
  internal: define('WEFT_ERR_INTERNAL', 500, 'Internal server error.'),
} as const;

export type ErrorCode = string & { readonly __errorCode: unique symbol };

/** A WEFT_ERR_VALIDATION error whose message names the first problem; `problems` go to `errors`. */
export function invalidRequest(problems: ErrorDetails): WeftError {
  const first = Object.entries(problems)[0];
  const message = first ? `Invalid request: '${first[0]}' ${first[1]}.` : 'The request is invalid.';
  return new WeftError(Errors.validation.code, Errors.validation.statusCode, message, problems);
}

/** Every code in the registry, for the documentation check. */
export function allErrorCodes(): Array<{ code: string; statusCode: number }> {
  return Object.values(Errors).map((f) => ({ code: f.code, statusCode: f.statusCode }));
}

export function isWeftError(e: unknown): e is WeftError {
  return e instanceof WeftError;
}
