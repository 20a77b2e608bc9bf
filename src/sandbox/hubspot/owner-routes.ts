/**
 * `GET /crm/v3/owners/` and `GET /crm/v3/owners/{ownerId}`: the portal's owners (the users `hubspot_owner_id`
 * points at), as HubSpot's CRM Owners API v3 answers them: `limit` 1–500 (default 100), an `after` cursor,
 * `email` to find one, `archived=true` for the deactivated ones (none in the sandbox), `idProperty=userId` to read
 * one by its user id. Reference: developers.hubspot.com/docs/api/crm/owners.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { queryScalar } from '../shared/util.js';
import { standardError } from './errors.js';
import { accountOf } from './request-state.js';
import { type SeedOwner, seedOwners } from './seed.js';

const config = { config: { weftSandboxKind: 'owners' } };

function publicOwner(owner: SeedOwner) {
  return {
    id: owner.id,
    email: owner.email,
    type: 'PERSON',
    firstName: owner.firstName,
    lastName: owner.lastName,
    userId: owner.userId,
    userIdIncludingInactive: owner.userId,
    createdAt: owner.createdAt,
    updatedAt: owner.createdAt,
    archived: false,
  };
}

const badQuery = (message: string) => standardError(400, { message, category: 'VALIDATION_ERROR' });

/** Registers the owner routes (the scope must have the API guard). */
export function registerOwnerRoutes(scope: FastifyInstance): void {
  const list = async (request: FastifyRequest) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const rawLimit = queryScalar(query['limit']);
    const limit = rawLimit === undefined ? 100 : Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw badQuery(`limit must be between 1 and 500, got ${rawLimit ?? ''}`);
    const rawAfter = queryScalar(query['after']);
    const start = rawAfter === undefined ? 0 : Number(rawAfter);
    if (!Number.isInteger(start) || start < 0) throw badQuery(`after must be a cursor given by a previous page, got ${rawAfter ?? ''}`);
    const email = queryScalar(query['email'])?.toLowerCase();
    const archived = queryScalar(query['archived']) === 'true';
    const all = archived ? [] : seedOwners(accountOf(request).seed).filter((o) => email === undefined || o.email === email);
    const results = all.slice(start, start + limit).map(publicOwner);
    const next = start + limit < all.length ? String(start + limit) : undefined;
    const path = request.url.split('?')[0] ?? '';
    return {
      results,
      ...(next ? { paging: { next: { after: next, link: `${path}?after=${next}&limit=${limit}` } } } : {}),
    };
  };
  scope.get('/crm/v3/owners', config, list);
  scope.get('/crm/v3/owners/', config, list);
  scope.get('/crm/v3/owners/:ownerId', config, async (request: FastifyRequest) => {
    const { ownerId } = request.params as { ownerId: string };
    const byUser = queryScalar((request.query as Record<string, unknown>)['idProperty']) === 'userId';
    const owner = seedOwners(accountOf(request).seed).find((o) => (byUser ? String(o.userId) : o.id) === ownerId);
    if (!owner) throw standardError(404, { message: `No owner found with ${byUser ? 'userId' : 'id'} ${ownerId}`, category: 'OBJECT_NOT_FOUND' });
    return publicOwner(owner);
  });
}
