/**
 * Attio's error body (every error of the REST API): `{status_code, type, code, message}`, with `type`
 * `invalid_request_error` for 4xx refusals, `auth_error` for a bad token, `rate_limit_error` for 429.
 */
export class AttioError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly type: string;

  constructor(statusCode: number, code: string, message: string, type?: string) {
    super(message);
    this.name = 'AttioError';
    this.statusCode = statusCode;
    this.code = code;
    this.type =
      type ??
      (statusCode === 401 ? 'auth_error' : statusCode === 429 ? 'rate_limit_error' : statusCode >= 500 ? 'api_error' : 'invalid_request_error');
  }

  get body(): Record<string, unknown> {
    return { status_code: this.statusCode, type: this.type, code: this.code, message: this.message };
  }
}

export const notFound = (what = 'The referenced object was not found.') => new AttioError(404, 'not_found', what);
export const badRequest = (message: string) => new AttioError(400, 'validation_type', message);

/** The default body of an error status (faults, unknown paths). */
export function bodyOfStatus(status: number): Record<string, unknown> {
  if (status === 429) return new AttioError(429, 'rate_limit_exceeded', 'Rate limit exceeded, please try again later').body;
  if (status === 401) return new AttioError(401, 'unauthorized', 'Authentication failed.').body;
  if (status === 404) return notFound().body;
  if (status >= 500) return new AttioError(status, 'internal_server_error', 'An internal error occurred.').body;
  return new AttioError(status, 'validation_type', 'The request was refused.').body;
}
