/**
 * HubSpot's error bodies, reproduced as the real API sends them.
 *
 * Sources (verified 2026, see README "Fidelity notes"):
 * - Standard envelope `{status:"error", message, correlationId, category, context?, errors?}`:
 *   HubSpot public spec `Error` model and many captured responses.
 * - 401 missing/unknown token: "Authentication credentials not found. This API supports OAuth 2.0
 *   authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",
 *   category INVALID_AUTHENTICATION (captured body quoted in HubSpot community threads).
 * - 401 expired token: "The OAuth token used to make this call expired N second(s)|minute(s)|hour(s)|day(s) ago.",
 *   category EXPIRED_AUTHENTICATION, context {"expire time": [ISO]} (captured body in airbytehq/airbyte#74726).
 * - 404: "Object not found.  objectId are usually numeric." (two spaces), context {id:[…]}, category
 *   OBJECT_NOT_FOUND (captured body in HubSpot/hubspot-api-nodejs#669).
 * - 409: "Contact already exists. Existing ID: N", category CONFLICT (HubSpot/hubspot-api-python#51).
 * - 400 unknown property: "Property values were not valid: [json]" with PROPERTY_DOESNT_EXIST,
 *   localizedErrorMessage, portalId, plus `errors[]` with code and context.propertyName (captured bodies).
 * - 400 batch too large: "The maximum number of inputs supported in a batch is 100. Please reduce the number
 *   of items and try again" (captured body).
 * - 429: `{status, message:"You have reached your ten_secondly_rolling limit.", errorType:"RATE_LIMIT",
 *   correlationId, policyName:"TEN_SECONDLY_ROLLING", requestId}`; search: "You have reached your secondly
 *   limit." with policyName "SECONDLY" (captured bodies; the official Node SDK's RetryDecorator keys its
 *   retries on exactly these two values).
 * - OAuth token errors: `{status:"BAD_AUTH_CODE", message:"missing or unknown auth code", correlationId}`,
 *   `{status:"BAD_REFRESH_TOKEN", message:"missing or invalid refresh token"}` (captured bodies); the other
 *   token statuses follow the same pattern (their messages are not verified).
 */

import { asText } from '../../lib/text.js';
import { type ErrorDialectSpec, fillTemplate, TemplateError, type TemplateValues } from '../shared/error-template.js';

/** Renders a body for a correlation id (undefined for an empty body). */
export type ErrorRenderer = (correlationId: string) => Record<string, unknown> | undefined;

/** One `errors[]` entry of a standard error. */
export interface ErrorDetail {
  message: string;
  code?: string;
  in?: string;
  subCategory?: string;
  context?: Record<string, string[]>;
}

/** Fields of the standard error envelope. */
export interface StandardErrorFields {
  message: string;
  category?: string;
  subCategory?: string;
  context?: Record<string, string[]>;
  errors?: ErrorDetail[];
}

/** HubSpot's standard error envelope, in its key order (fields left unset are left out), and its other bodies. */
export const HUBSPOT_ERRORS: ErrorDialectSpec = {
  template: {
    status: 'error',
    message: '{message}',
    correlationId: '{correlationId}',
    errors: '{errors?}',
    context: '{context?}',
    category: '{category?}',
    subCategory: '{subCategory?}',
  },
  variants: {
    expired: { status: 'error', message: '{message}', correlationId: '{correlationId}', category: 'EXPIRED_AUTHENTICATION', context: '{context}' },
    token: { status: '{code}', message: '{message}', correlationId: '{correlationId}' },
  },
};

/** An error that is answered with a HubSpot-shaped response: the standard envelope, a variant, or a body of its own. */
export class HubSpotApiError extends TemplateError {
  /** @param body - the standard envelope's fields (with `variant`, a variant's), or a renderer of another body */
  constructor(
    statusCode: number,
    message: string,
    body: (Omit<StandardErrorFields, 'message'> & { variant?: string; code?: string }) | ErrorRenderer,
    headers: Record<string, string> = {},
  ) {
    const own =
      typeof body === 'function'
        ? { renderBody: (context: TemplateValues) => body(asText(context['correlationId'])) }
        : { fields: body, variant: body.variant };
    super({ status: statusCode, message, headers, ...own });
    this.name = 'HubSpotApiError';
  }

  /** The body answered for a correlation id (undefined for an empty body). */
  render(correlationId: string): Record<string, unknown> | undefined {
    return this.bodyIn(HUBSPOT_ERRORS, { correlationId });
  }
}

/** The standard envelope. */
export function standardBody(fields: StandardErrorFields, correlationId: string): Record<string, unknown> {
  return fillTemplate(HUBSPOT_ERRORS.template, { ...fields, correlationId });
}

/** An error answered with the standard envelope. */
export function standardError(statusCode: number, { message, ...fields }: StandardErrorFields): HubSpotApiError {
  return new HubSpotApiError(statusCode, message, fields);
}

/** The OAuth documentation link HubSpot puts in its 401 message. */
const OAUTH_DOCS = 'https://developers.hubspot.com/docs/methods/auth/oauth-overview';

/** 401 for a missing, malformed or unknown access token. */
export function invalidAuthentication(): HubSpotApiError {
  return standardError(401, {
    message: `Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at ${OAUTH_DOCS}`,
    category: 'INVALID_AUTHENTICATION',
  });
}

/** "N second(s)|minute(s)|hour(s)|day(s)" as in HubSpot's expiry message (largest whole unit). */
export function expiredAgo(milliseconds: number): string {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  if (seconds < 60) return `${seconds} second(s)`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} minute(s)`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} hour(s)`;
  return `${Math.floor(hours / 24)} day(s)`;
}

/** 401 for an access token past its lifetime. */
export function expiredAuthentication(expiredAtMs: number, nowMs: number): HubSpotApiError {
  const message = `The OAuth token used to make this call expired ${expiredAgo(nowMs - expiredAtMs)} ago.`;
  return new HubSpotApiError(401, message, { variant: 'expired', context: { 'expire time': [new Date(expiredAtMs).toISOString()] } });
}

/** 404 for an id that does not exist (or is archived). */
export function objectNotFound(id: string): HubSpotApiError {
  return standardError(404, {
    message: 'Object not found.  objectId are usually numeric.',
    context: { id: [id] },
    category: 'OBJECT_NOT_FOUND',
  });
}

/** 400 VALIDATION_ERROR with a plain message. */
export function validationError(message: string, extra: Omit<StandardErrorFields, 'message' | 'category'> = {}): HubSpotApiError {
  return standardError(400, { message, category: 'VALIDATION_ERROR', ...extra });
}

/**
 * 400 for a record beyond the account's record limit (HubSpot caps the records an account may store per object,
 * see its limits tracking API); the sandbox's cap is on records gained by writes.
 */
export function recordLimitReached(objectType: string, max: number): HubSpotApiError {
  return standardError(400, {
    message: `You have reached the limit of ${max} records created in this sandbox account; no more ${objectType} can be created.`,
    category: 'VALIDATION_ERROR',
    subCategory: 'RecordLimitError.LIMIT_REACHED',
  });
}

/** The generic 400 message HubSpot's search endpoints answer with. */
export const GENERIC_BAD_REQUEST = 'There was a problem with the request.';

/** 400 for more than 100 batch inputs. */
export function batchTooLarge(max = 100): HubSpotApiError {
  return validationError(`The maximum number of inputs supported in a batch is ${max}. Please reduce the number of items and try again`);
}

/** 400 for an object type the sandbox does not know (HubSpot sends no category here). */
export function unknownObjectType(objectType: string): HubSpotApiError {
  return new HubSpotApiError(400, `Unable to infer object type from: ${objectType}`, {});
}

/** 400 for a body that is not valid JSON. */
export function invalidJson(detail: string): HubSpotApiError {
  return validationError(`Invalid input JSON on line 1, column 1: ${detail}`);
}

/** 409 for a contact e-mail that is already taken. */
export function contactConflict(existingId: string): HubSpotApiError {
  return standardError(409, { message: `Contact already exists. Existing ID: ${existingId}`, category: 'CONFLICT' });
}

/**
 * 400 for a value of a unique property (`hasUniqueValue`) that another record
 * already holds. The sandbox reports it in the "Property values were not valid"
 * envelope; the wording "already has that value" is what clients match on
 * (assumed, see README).
 */
export function uniqueValueTaken(name: string, value: string, existingId: string, portalId: number): HubSpotApiError {
  return propertyValidationError(
    [
      {
        name,
        error: 'INVALID_UNIQUE_VALUE',
        message: `${value} already has that value on object ${existingId} (property ${name} has unique values)`,
      },
    ],
    portalId,
  );
}

/** 400 for a create that leaves out required properties of a custom object schema (assumed wording, see README). */
export function requiredPropertiesMissing(names: readonly string[], portalId: number): HubSpotApiError {
  return propertyValidationError(
    names.map((name) => ({ name, error: 'REQUIRED_PROPERTY', message: `Required property ${name} is missing` })),
    portalId,
  );
}

/** One rejected property value. */
export interface PropertyFailure {
  name: string;
  /** HubSpot's code, e.g. PROPERTY_DOESNT_EXIST, INVALID_EMAIL, INVALID_OPTION, READ_ONLY_VALUE. */
  error: string;
  message: string;
}

/** 400 "Property values were not valid: [...]" for rejected property values. */
export function propertyValidationError(failures: readonly PropertyFailure[], portalId: number): HubSpotApiError {
  const summary = failures.map((failure) => ({
    isValid: false,
    message: failure.message,
    error: failure.error,
    name: failure.name,
    localizedErrorMessage: failure.message,
    portalId,
  }));
  return standardError(400, {
    message: `Property values were not valid: ${JSON.stringify(summary)}`,
    errors: failures.map((failure) => ({
      message: failure.message,
      code: failure.error,
      context: { propertyName: [failure.name] },
    })),
    category: 'VALIDATION_ERROR',
  });
}

/** Which 429 policy fired. */
export type RateLimitPolicy = 'TEN_SECONDLY_ROLLING' | 'SECONDLY';

/** The body of a 429 answer. */
export function rateLimitBody(policy: RateLimitPolicy, correlationId: string, requestId: string): Record<string, unknown> {
  return {
    status: 'error',
    message: policy === 'SECONDLY' ? 'You have reached your secondly limit.' : 'You have reached your ten_secondly_rolling limit.',
    errorType: 'RATE_LIMIT',
    correlationId,
    policyName: policy,
    requestId,
  };
}

const FAULT_CATEGORY: Record<number, string> = {
  400: 'VALIDATION_ERROR',
  401: 'INVALID_AUTHENTICATION',
  403: 'MISSING_SCOPES',
  404: 'OBJECT_NOT_FOUND',
  409: 'CONFLICT',
};

const FAULT_MESSAGE: Record<number, string> = {
  500: 'internal error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * The default body of an injected failure. 5xx bodies are JSON in the standard
 * envelope; the real edge may answer some 502/503 with HTML, which a client must
 * not rely on anyway.
 */
export function faultBody(status: number, correlationId: string, requestId: string): Record<string, unknown> {
  if (status === 429) return rateLimitBody('TEN_SECONDLY_ROLLING', correlationId, requestId);
  return standardBody(
    {
      message: FAULT_MESSAGE[status] ?? 'An error occurred.',
      category: FAULT_CATEGORY[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_ERROR'),
    },
    correlationId,
  );
}

/** 400 from the OAuth token endpoint: `{status:"BAD_…", message, correlationId}`. */
export function tokenError(status: string, message: string): HubSpotApiError {
  return new HubSpotApiError(400, message, { variant: 'token', code: status });
}
