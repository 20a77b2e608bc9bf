/**
 * Per-request state of the HubSpot sandbox routes (correlation id, route kind,
 * authenticated account), plus small helpers the route files share.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

import { type RequestState as KitRequestState, requestStates } from '../shared/request-state.js';
import type { HubSpotAccount } from './account.js';
import { SINGULAR } from './associations.js';
import { HubSpotApiError, unknownObjectType } from './errors.js';
import { type ObjectTypeName, STANDARD_OBJECT_TYPES } from './properties.js';
import { type CustomObjectSchema, namesCars, OBJECT_TYPE_IDS } from './schemas.js';

/** What the sandbox knows about a request while serving it. */
export type RequestState = KitRequestState<HubSpotAccount>;

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

/** What resolving a custom object type needs: the portal's `cars` schema. */
export interface CustomTypeScope {
  carSchema: CustomObjectSchema;
}

/**
 * Resolves a path's object type: `contacts`, `contact`, `0-1`, `companies`,
 * `company`, `0-2`, and (given the portal) its custom object `cars` by
 * objectTypeId (`2-…`), fullyQualifiedName (`p<portalId>_cars`) or `p_cars`.
 * `bareCustomNames` also accepts `cars`/`car` (the sandbox's control API;
 * HubSpot's API no longer does).
 * @throws HubSpotApiError 400 "Unable to infer object type from: …"
 */
export function resolveObjectType(raw: string | undefined, scope?: CustomTypeScope, bareCustomNames = false): ObjectTypeName {
  const lower = raw?.toLowerCase();
  const standard = lower === undefined ? undefined : OBJECT_TYPES.get(lower);
  if (standard) return standard;
  if (lower !== undefined && scope && namesCars(scope.carSchema, lower)) return 'cars';
  if (bareCustomNames && (lower === 'cars' || lower === 'car')) return 'cars';
  throw unknownObjectType(raw ?? '');
}

/** Path parameters of the object routes. */
export interface ObjectParams {
  objectType: string;
  objectId?: string;
  action?: string;
  version?: string;
}

/** Date-versioned CRM object paths served as aliases of v3 (`/crm/objects/{version}/…`). */
export const DATED_VERSIONS: readonly string[] = ['2025-09', '2026-03', '2026-09', '2026-09-beta'];

/** Throws 404 (empty, like an unknown route) for an unknown date version. */
export function assertVersion(params: ObjectParams): void {
  if (params.version !== undefined && !DATED_VERSIONS.includes(params.version)) {
    throw new HubSpotApiError(404, `Unknown API version ${params.version}`, () => undefined);
  }
}
