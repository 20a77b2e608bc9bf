/**
 * Per-request state of the HubSpot sandbox routes (correlation id, route kind,
 * authenticated account), plus small helpers the route files share.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { CountedOutcome } from '../shared/counters.js';
import { uuid } from '../shared/util.js';
import type { HubSpotAccount } from './account.js';
import { HubSpotApiError, unknownObjectType } from './errors.js';
import type { ObjectTypeName } from './properties.js';
import { type CustomObjectSchema, namesCars } from './schemas.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Weft sandbox: the kind a route's requests are counted under (e.g. "list", "search"). */
    weftSandboxKind?: string;
  }
}

/** What the sandbox knows about a request while serving it. */
export interface RequestState {
  correlationId: string;
  kind: string;
  account?: HubSpotAccount;
  outcome: CountedOutcome;
}

const states = new WeakMap<FastifyRequest, RequestState>();

/** The kind of a request: the route's kind, refined for batch routes ("batch-read", …). */
function kindOf(request: FastifyRequest): string {
  const kind = request.routeOptions.config.weftSandboxKind ?? 'other';
  if (kind !== 'batch') return kind;
  const action = (request.params as Record<string, string | undefined>)['action'];
  return `batch-${action ?? 'unknown'}`;
}

/** The state of a request, created (with a fresh correlation id) on first use. */
export function stateOf(request: FastifyRequest): RequestState {
  let state = states.get(request);
  if (!state) {
    state = { correlationId: uuid(), kind: kindOf(request), outcome: 'served' };
    states.set(request, state);
  }
  return state;
}

/** The authenticated account of an API request. */
export function accountOf(request: FastifyRequest): HubSpotAccount {
  const account = stateOf(request).account;
  if (!account) throw new Error('HubSpot sandbox: API route reached without an authenticated account');
  return account;
}

/** Sends a HubSpot-shaped error. */
export function sendError(reply: FastifyReply, request: FastifyRequest, error: HubSpotApiError): FastifyReply {
  const body = error.render(stateOf(request).correlationId);
  reply.code(error.statusCode).headers(error.headers);
  return body === undefined ? reply.send() : reply.send(body);
}

const OBJECT_TYPES: Record<string, ObjectTypeName> = {
  contacts: 'contacts',
  contact: 'contacts',
  '0-1': 'contacts',
  companies: 'companies',
  company: 'companies',
  '0-2': 'companies',
};

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
  const standard = lower === undefined ? undefined : OBJECT_TYPES[lower];
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
