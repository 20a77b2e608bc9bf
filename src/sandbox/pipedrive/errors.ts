/**
 * Pipedrive's error bodies: the gateway's 401 and 429, API v2's `{"success":false,"error":"…","code":"ERR_…"}` and API
 * v1's with `error_info`, `data` and `additional_data` (sources, and what is assumed: ../README.md, "Pipedrive
 * fidelity notes").
 */
import { byStatus, type ErrorDialectSpec, TemplateError } from '../shared/error-template.js';
import { NAMED_ERROR_SHAPE, namedErrors } from '../shared/named-errors.js';
import { providerData } from '../shared/provider-data.js';
import ERRORS_JSON from './data/errors.json' with { type: 'json' };

/** Which error dialect a route speaks. */
export type ErrorDialect = 'v1' | 'v2';

/**
 * The bodies above as templates (`data/errors.json`): the gateway's `error_info` (401, 429), the v1 and v2 bodies,
 * the v2 `code` of each status (`5xx` for any server error, `default` for the rest), the texts of injected faults and
 * the errors the routes throw by name (../shared/named-errors.ts), each with the status's v2 `code`.
 */
const ERRORS = providerData('pipedrive/data/errors.json', ERRORS_JSON, {
  gateway: 'json',
  v1: ['record', 'json'],
  v2: ['record', 'json'],
  v2Codes: ['record', 'string'],
  faults: ['record', 'string'],
  named: ['record', NAMED_ERROR_SHAPE],
});

const variants = { gateway: ERRORS.gateway as Record<string, unknown> };
const DIALECTS: Record<ErrorDialect, ErrorDialectSpec> = {
  v1: { template: ERRORS.v1, variants },
  v2: {
    template: ERRORS.v2,
    variants,
    defaults: (status) => ({ code: byStatus(status, ERRORS.v2Codes as Record<number | '5xx' | 'default', string>) }),
  },
};

/** An error answered with a Pipedrive-shaped body. */
export class PipedriveApiError extends TemplateError {
  /** @param spec - `code` is v2's (e.g. ERR_NOT_FOUND); `variant` `gateway`: the gateway's body whatever the dialect (401, 429) */
  constructor(spec: { status: number; message: string; code?: string; variant?: string | undefined; headers?: Record<string, string> }) {
    const { code, ...rest } = spec;
    super({ ...rest, fields: code === undefined ? {} : { code } });
    this.name = 'PipedriveApiError';
  }

  /** The body in a dialect. */
  render(dialect: ErrorDialect): Record<string, unknown> {
    return this.renderIn(DIALECTS[dialect]);
  }
}

const named = namedErrors(ERRORS.named, ({ status, message, variant }) => new PipedriveApiError({ status, message, variant }));
/** A named error with headers. */
const withHeaders = (error: PipedriveApiError, headers: Record<string, string>) => Object.assign(error, { headers });

/** The gateway's 401 for missing, unknown or expired credentials. */
export const unauthorized = () => withHeaders(named('unauthorized'), { 'x-401-by-gw': 'true' });

/**
 * 429 of the burst window or the daily budget. The body text is assumed ("Request over limit", in the gateway's
 * shape): Pipedrive's rate-limit page shows a body that the stored copies cut off.
 */
export const overLimit = (retryAfterSeconds: number) =>
  withHeaders(named('overLimit'), { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) });

/** v2 400 `Validation failed: <field>: <reason>` (ERR_SCHEMA_VALIDATION_FAILED). */
export const validationFailed = (field: string, reason: string) => named('validationFailed', { field, reason });

/** 404 (ERR_NOT_FOUND) for a missing entity, e.g. "Person not found". */
export const notFound = (entity: string) => named('notFound', { entity });

/** v1's answer to an unknown path (authenticated): 404 "Unknown method ." (recalled, not re-verified). */
export const unknownMethod = () => named('unknownMethod');

/** 403 (ERR_FORBIDDEN) for a record beyond the company's cap on records gained by writes (the sandbox's memory bound). */
export const recordLimitReached = (max: number) => named('recordLimitReached', { max });

/** 403 (ERR_FORBIDDEN) for fields that need a feature the sandbox company does not have (contact sync). */
export const featureNotEnabled = (field: string) => named('featureNotEnabled', { field });

/** Default body of an injected fault, in the route's dialect. */
export function faultError(status: number): PipedriveApiError {
  if (status === 429) return overLimit(2);
  if (status === 401) return unauthorized();
  return new PipedriveApiError({ status, message: ERRORS.faults[status] ?? `Request failed with status ${status}` });
}
