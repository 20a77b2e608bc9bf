/**
 * HubSpot's error bodies, as the real API sends them (verified 2026, see README "Fidelity notes"):
 * - envelope `{status:"error", message, correlationId, category, context?, errors?}`: public spec `Error` model;
 * - 401 "Authentication credentials not found. …", INVALID_AUTHENTICATION (captured, HubSpot community threads);
 * - 401 "The OAuth token used to make this call expired N second(s)|… ago.", EXPIRED_AUTHENTICATION, context
 *   {"expire time": [ISO]} (airbytehq/airbyte#74726);
 * - 404 "Object not found.  objectId are usually numeric." (two spaces), OBJECT_NOT_FOUND (hubspot-api-nodejs#669);
 * - 409 "Contact already exists. Existing ID: N", CONFLICT (hubspot-api-python#51);
 * - 400 "Property values were not valid: [json]" with PROPERTY_DOESNT_EXIST, localizedErrorMessage, portalId and
 *   `errors[]` with code and context.propertyName; 400 "The maximum number of inputs supported in a batch is 100. …"
 *   (captured bodies);
 * - 429 `{status, message:"You have reached your ten_secondly_rolling limit.", errorType:"RATE_LIMIT", correlationId,
 *   policyName:"TEN_SECONDLY_ROLLING", requestId}`, search "secondly" / "SECONDLY" (captured; the Node SDK's
 *   RetryDecorator keys its retries on these two);
 * - token errors `{status:"BAD_AUTH_CODE", message:"missing or unknown auth code", correlationId}`, BAD_REFRESH_TOKEN
 *   (captured); the other token statuses follow the pattern (messages not verified).
 */
import { elapsedUnit } from '../shared/elapsed-unit.js';
import { type ErrorDialectSpec, type ErrorTemplate, fillTemplate, TemplateError } from '../shared/error-template.js';
import type { FieldFailure } from '../shared/fields.js';
import { NAMED_ERROR_SHAPE, namedErrors } from '../shared/named-errors.js';
import { providerData } from '../shared/provider-data.js';
import type { TokenFailure } from '../shared/token-grant.js';
import ERRORS_JSON from './data/errors.json' with { type: 'json' };

/**
 * `data/errors.json`: HubSpot's standard envelope in its key order (unset fields left out) and its other bodies, the
 * named errors below, the 429 body with its message per policy, the category and message of an injected failure, and
 * the code and message of each kind of refused property value and of each failed token request.
 */
const DATA = providerData('hubspot/data/errors.json', ERRORS_JSON, {
  template: 'json',
  variants: ['record', 'json'],
  errors: ['record', NAMED_ERROR_SHAPE],
  rateLimit: { body: 'json', messages: ['record', 'string'] },
  faults: { categories: ['record', 'string'], messages: ['record', 'string'] },
  propertyFailures: ['record', ['tuple', 'string', 'string']],
  tokenFailures: ['record', ['tuple', 'string', 'string']],
});
const HUBSPOT_ERRORS = { template: DATA.template, variants: DATA.variants } as ErrorDialectSpec;

/** Fields of the standard error envelope. */
interface StandardErrorFields {
  message: string;
  category?: string;
  subCategory?: string;
  context?: Record<string, string[]>;
  errors?: Array<{ message: string; code?: string; context?: Record<string, string[]> }>;
}

/** An error answered with a HubSpot-shaped response: the standard envelope or a variant. */
export class HubSpotApiError extends TemplateError {
  constructor(statusCode: number, message: string, fields: Omit<StandardErrorFields, 'message'> & { variant?: string; code?: string }) {
    super({ status: statusCode, message, fields, variant: fields.variant });
    this.name = 'HubSpotApiError';
  }

  /** The body answered for a correlation id (undefined for an empty body). */
  render(correlationId: string): Record<string, unknown> | undefined {
    return this.bodyIn(HUBSPOT_ERRORS, { correlationId });
  }
}

/** A declared error of `data/errors.json` by name, filled from `values` (e.g. `hubspotError('objectNotFound', { id })`). */
export const hubspotError = namedErrors(
  DATA.errors,
  ({ status, message, fields, variant }) => new HubSpotApiError(status, message, { ...fields, variant }),
);

/** An error answered with the standard envelope. */
export function standardError(statusCode: number, { message, ...fields }: StandardErrorFields): HubSpotApiError {
  return new HubSpotApiError(statusCode, message, fields);
}

/** 401 for an access token past its lifetime ("N second(s)|minute(s)|hour(s)|day(s)": the largest whole unit). */
export function expiredAuthentication(expiredAtMs: number, nowMs: number): HubSpotApiError {
  const { amount, unit } = elapsedUnit((nowMs - expiredAtMs) / 1000);
  return hubspotError('expiredAuthentication', { amount, unit, expiredAt: new Date(expiredAtMs).toISOString() });
}

/** 404 for an id that does not exist (or is archived). */
export const objectNotFound = (id: string): HubSpotApiError => hubspotError('objectNotFound', { id });

/** 400 VALIDATION_ERROR with a plain message. */
export function validationError(message: string, extra: Pick<StandardErrorFields, 'context' | 'errors'> = {}): HubSpotApiError {
  return hubspotError('validationError', { message, ...extra });
}

/** 409 for a contact e-mail that is already taken. */
export const contactConflict = (id: string): HubSpotApiError => hubspotError('contactConflict', { id });

/** 400 from the OAuth token endpoint: `{status:"BAD_…", message, correlationId}` for a failed step. */
export function tokenError(failure: TokenFailure): HubSpotApiError {
  const [code, message] = DATA.tokenFailures[failure] ?? ['', ''];
  return hubspotError('tokenError', { code, message });
}

/** One rejected property value: HubSpot's code (PROPERTY_DOESNT_EXIST, INVALID_EMAIL, …) and message. */
export interface PropertyFailure {
  name: string;
  error: string;
  message: string;
}

/** A refused value as HubSpot reports it: its code and message (`data/errors.json`). */
export function propertyFailure({ name, code, raw, text, allowed = [] }: FieldFailure): PropertyFailure {
  const [error, template] = DATA.propertyFailures[code] ?? ['', ''];
  const values = { name, raw: String(JSON.stringify(raw)), text: String(text), allowed: allowed.join(', ') };
  return { name, error, message: String(fillTemplate({ message: template }, values)['message']) };
}

/** 400 "Property values were not valid: [...]" for rejected property values. */
export function propertyValidationError(failures: readonly PropertyFailure[], portalId: number): HubSpotApiError {
  const summary = failures.map(({ message, error, name }) => ({ isValid: false, message, error, name, localizedErrorMessage: message, portalId }));
  return validationError(`Property values were not valid: ${JSON.stringify(summary)}`, {
    errors: failures.map(({ message, error, name }) => ({ message, code: error, context: { propertyName: [name] } })),
  });
}

/**
 * 400 for a value of a unique property another record holds, in the "Property values were not valid" envelope; the
 * wording "already has that value" is what clients match on (assumed, see README).
 */
export function uniqueValueTaken(name: string, value: string, existingId: string, portalId: number): HubSpotApiError {
  const message = `${value} already has that value on object ${existingId} (property ${name} has unique values)`;
  return propertyValidationError([{ name, error: 'INVALID_UNIQUE_VALUE', message }], portalId);
}

/** 400 for a create that leaves out required properties of a custom object schema (assumed wording, see README). */
export function requiredPropertiesMissing(names: readonly string[], portalId: number): HubSpotApiError {
  return propertyValidationError(
    names.map((name) => ({ name, error: 'REQUIRED_PROPERTY', message: `Required property ${name} is missing` })),
    portalId,
  );
}

/** The body of a 429 answer. */
export function rateLimitBody(policy: 'TEN_SECONDLY_ROLLING' | 'SECONDLY', correlationId: string, requestId: string): Record<string, unknown> {
  return fillTemplate(DATA.rateLimit.body as ErrorTemplate, { message: DATA.rateLimit.messages[policy], correlationId, policy, requestId });
}

/** The default body of an injected failure: the standard envelope (the real edge may answer some 502/503 with HTML). */
export function faultBody(status: number, correlationId: string, requestId: string): Record<string, unknown> {
  if (status === 429) return rateLimitBody('TEN_SECONDLY_ROLLING', correlationId, requestId);
  const category = DATA.faults.categories[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_ERROR');
  return fillTemplate(HUBSPOT_ERRORS.template, { message: DATA.faults.messages[status] ?? 'An error occurred.', category, correlationId });
}

/** The generic 400 message HubSpot's search endpoints answer with. */
export const GENERIC_BAD_REQUEST = 'There was a problem with the request.';
