/** Zoho CRM's error answers: `{code, details, message, status: "error"}` with the HTTP status of the code. */
export class ZohoError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly details: Record<string, unknown>;
  constructor(statusCode: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
    this.details = details;
  }

  body() {
    return { code: this.code, details: this.details, message: this.message, status: 'error' };
  }
}

export const authenticationFailure = () => new ZohoError(401, 'AUTHENTICATION_FAILURE', 'Authentication failed');
export const invalidToken = () => new ZohoError(401, 'INVALID_TOKEN', 'invalid oauth token');
export const scopeMismatch = () => new ZohoError(401, 'OAUTH_SCOPE_MISMATCH', 'invalid oauth scope to access this URL');
export const invalidModule = () => new ZohoError(400, 'INVALID_MODULE', 'the module name given seems to be invalid', { resource_path_index: 2 });
export const requiredParam = (param: string) => new ZohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param });
export const invalidParam = (param: string, message = 'invalid data') => new ZohoError(400, 'INVALID_DATA', message, { param });
export const invalidRequest = (message: string) => new ZohoError(400, 'INVALID_REQUEST', message);
export const tooManyRequests = (message: string) => new ZohoError(429, 'TOO_MANY_REQUESTS', message);

/** One record's error in a `data[]` answer. */
export function recordError(code: string, message: string, details: Record<string, unknown>) {
  return { code, details, message, status: 'error' as const };
}
