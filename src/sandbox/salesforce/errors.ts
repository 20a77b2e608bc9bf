/**
 * Salesforce's error bodies, reproduced as the REST API sends them.
 *
 * Request-level errors are a JSON array of `{message, errorCode}` (plus
 * `fields` for record save errors); per-record errors inside collection
 * results are `{statusCode, message, fields}` (REST API Developer Guide,
 * "Status Codes and Error Responses" and the sObject Collections pages).
 *
 * Messages verified from public material (captured responses in issues and
 * threads, Salesforce docs and help articles; see README "Fidelity notes"):
 * "Session expired or invalid" / "This session is not valid for use with the
 * REST API" (INVALID_SESSION_ID), "TotalRequests Limit exceeded."
 * (REQUEST_LIMIT_EXCEEDED), "The requested resource does not exist"
 * (NOT_FOUND), "Provided external ID field does not exist or is not
 * accessible: X" (NOT_FOUND), "No such column 'X' on sobject of type Contact"
 * and "No such column 'X' on entity 'Contact'. If you are attempting to use a
 * custom field, …" (INVALID_FIELD), "Required fields are missing: [LastName]"
 * (REQUIRED_FIELD_MISSING), "Account ID: id value of incorrect type: X"
 * (MALFORMED_ID), "invalid query locator" (INVALID_QUERY_LOCATOR), "entity is
 * deleted" (ENTITY_IS_DELETED), "invalid ID field: X" in SOQL filters.
 */

/** One entry of a request-level error body. */
export interface ErrorItem {
  message: string;
  errorCode: string;
  fields?: string[];
}

/** An error answered with a Salesforce-shaped body (a JSON array of {@link ErrorItem}). */
export class SalesforceApiError extends Error {
  readonly statusCode: number;
  readonly items: ErrorItem[];
  readonly headers: Record<string, string>;

  constructor(statusCode: number, items: ErrorItem[], headers: Record<string, string> = {}) {
    super(items.map((item) => `${item.errorCode}: ${item.message}`).join('; '));
    this.name = 'SalesforceApiError';
    this.statusCode = statusCode;
    this.items = items;
    this.headers = headers;
  }

  /** The response body. */
  body(): ErrorItem[] {
    return this.items.map((item) => ({ ...item }));
  }
}

/** A failed save of one record (DML error): rendered per record in collections, or as a 400 for single-record calls. */
export class SaveError extends Error {
  readonly statusCode: string;
  readonly fields: string[];
  /** HTTP status of the single-record REST call that fails this way (400 unless noted). */
  readonly httpStatus: number;

  constructor(statusCode: string, message: string, fields: string[] = [], httpStatus = 400) {
    super(message);
    this.name = 'SaveError';
    this.statusCode = statusCode;
    this.fields = fields;
    this.httpStatus = httpStatus;
  }

  /** As a collection result error `{statusCode, message, fields}`. */
  toResultError(): { statusCode: string; message: string; fields: string[] } {
    return { statusCode: this.statusCode, message: this.message, fields: [...this.fields] };
  }

  /** As a single-record REST error. */
  toApiError(): SalesforceApiError {
    return new SalesforceApiError(this.httpStatus, [{ message: this.message, errorCode: this.statusCode, fields: [...this.fields] }]);
  }
}

/** Shorthand for a one-item request error. */
export function apiError(statusCode: number, errorCode: string, message: string): SalesforceApiError {
  return new SalesforceApiError(statusCode, [{ message, errorCode }]);
}

/** 401 for a missing, unknown, revoked or expired access token. */
export function invalidSession(): SalesforceApiError {
  return apiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
}

/** 401 for a token whose scopes do not include `api` (or `full`). */
export function sessionNotValidForRest(): SalesforceApiError {
  return apiError(401, 'INVALID_SESSION_ID', 'This session is not valid for use with the REST API');
}

/** 403 when the org's daily API allocation is used up. */
export function requestLimitExceeded(): SalesforceApiError {
  return apiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
}

/** 404 for an unknown resource, record or API version. */
export function notFound(): SalesforceApiError {
  return apiError(404, 'NOT_FOUND', 'The requested resource does not exist');
}

/** 404 for a path segment that is neither an id nor an external id field. */
export function externalIdFieldNotFound(segment: string): SalesforceApiError {
  return apiError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${segment}`);
}

/** 400 for an unknown field in a write body. */
export function unknownWriteField(fieldName: string, typeName: string): SalesforceApiError {
  return apiError(400, 'INVALID_FIELD', `No such column '${fieldName}' on sobject of type ${typeName}`);
}

/** 400 JSON_PARSER_ERROR. */
export function jsonParserError(message: string): SalesforceApiError {
  return apiError(400, 'JSON_PARSER_ERROR', message);
}

/** 400 INVALID_QUERY_LOCATOR for an unknown, expired or released cursor. */
export function invalidQueryLocator(): SalesforceApiError {
  return apiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
}

/** 405 with Salesforce's message listing the allowed methods. */
export function methodNotAllowed(method: string, allowed: readonly string[]): SalesforceApiError {
  return new SalesforceApiError(
    405,
    [{ message: `HTTP Method '${method}' not allowed. Allowed are ${allowed.join(',')}`, errorCode: 'METHOD_NOT_ALLOWED' }],
    { Allow: allowed.join(', ') },
  );
}

/** The default body of an injected fault with this status. */
export function faultItems(status: number): ErrorItem[] {
  switch (status) {
    case 401:
      return invalidSession().body();
    case 403:
      return requestLimitExceeded().body();
    case 404:
      return notFound().body();
    case 503:
      return [{ message: 'Server is temporarily unavailable', errorCode: 'SERVER_UNAVAILABLE' }];
    default:
      if (status >= 500) {
        const errorId = `${1_000_000_000 + Math.floor(Math.random() * 899_999_999)}-${10_000 + Math.floor(Math.random() * 89_999)} (${-Math.floor(Math.random() * 999_999_999)})`;
        return [
          { message: `An unexpected error occurred. Please include this ErrorId if you contact support: ${errorId}`, errorCode: 'UNKNOWN_EXCEPTION' },
        ];
      }
      return [{ message: 'Bad Request', errorCode: 'INVALID_INPUT' }];
  }
}
