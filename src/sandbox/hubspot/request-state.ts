/** Per-request state of the HubSpot routes (correlation id, route kind, account) and the readers the routes share. */
import type { FastifyReply, FastifyRequest } from 'fastify';

import { requestStates } from '../shared/request-state.js';
import type { HubSpotAccount } from './account.js';
import { SINGULAR } from './associations.js';
import { type HubSpotApiError, hubspotError } from './errors.js';
import { type ObjectTypeName, STANDARD_OBJECT_TYPES } from './properties.js';
import { type CustomObjectSchema, namesCars, OBJECT_TYPE_IDS } from './schemas.js';

export const { stateOf, accountOf } = requestStates<HubSpotAccount>('HubSpot');

/** Sends a HubSpot-shaped error. */
export function sendError(reply: FastifyReply, request: FastifyRequest, error: HubSpotApiError): FastifyReply {
  const body = error.render(stateOf(request).correlationId);
  reply.code(error.statusCode).headers(error.headers);
  return body === undefined ? reply.send() : reply.send(body);
}

/** The names of the standard object types a path may use: plural, singular, objectTypeId (a Map: `constructor` is no type). */
const OBJECT_TYPES: ReadonlyMap<string, ObjectTypeName> = new Map(
  STANDARD_OBJECT_TYPES.flatMap((type) => [type, SINGULAR[type], OBJECT_TYPE_IDS[type] ?? type].map((name) => [name, type] as const)),
);

/**
 * A path's object type: `contacts`, `contact`, `0-1`, …, and (given the portal) its custom object `cars` by
 * objectTypeId (`2-…`), fullyQualifiedName (`p<portalId>_cars`) or `p_cars`; `bareCustomNames` also accepts
 * `cars`/`car` (the control API; HubSpot's API no longer does).
 * @throws HubSpotApiError 400 "Unable to infer object type from: …"
 */
export function resolveObjectType(raw: string | undefined, scope?: { carSchema: CustomObjectSchema }, bareCustomNames = false): ObjectTypeName {
  const lower = raw?.toLowerCase();
  const standard = lower === undefined ? undefined : OBJECT_TYPES.get(lower);
  if (standard) return standard;
  if (lower !== undefined && scope && namesCars(scope.carSchema, lower)) return 'cars';
  if (bareCustomNames && (lower === 'cars' || lower === 'car')) return 'cars';
  throw hubspotError('unknownObjectType', { objectType: raw ?? '' });
}

/** Path parameters of the object routes. */
export interface ObjectParams {
  objectType: string;
  objectId?: string;
  action?: string;
  version?: string;
}

/** Date-versioned CRM object paths served as aliases of v3 (`/crm/objects/{version}/…`); others are an empty 404. */
const DATED_VERSIONS: readonly string[] = ['2025-09', '2026-03', '2026-09', '2026-09-beta'];

export function assertVersion(params: ObjectParams): void {
  if (params.version !== undefined && !DATED_VERSIONS.includes(params.version))
    throw hubspotError('emptyNotFound', { message: `Unknown API version ${params.version}` });
}
