/**
 * The sandbox control API under `/_sandbox`: not part of HubSpot. It lets a test
 * or benchmark running in another process inspect and steer an account
 * (records, counters, faults, tokens, reset).
 * Registered only with a control token, and then behind it (see ../shared/control-auth.ts). Answers are plain JSON; failures are `{ "error": "…" }`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { parseFaultSpec } from '../shared/faults.js';
import { queryScalar } from '../shared/util.js';
import { HubSpotApiError } from './errors.js';
import { accountHandle, type HubSpotAccountHandle, type HubSpotObjectsHandle, type PropertyInput } from './handles.js';
import { resolveObjectType } from './request-state.js';
import type { HubSpotService } from './service.js';

/** A control-API failure answered as `{ error }`. */
class ControlError extends Error {
  readonly statusCode: number;
  constructor(statusCode: number, message: string) {
    super(message);
    this.name = 'ControlError';
    this.statusCode = statusCode;
  }
}

function accountFor(service: HubSpotService, request: FastifyRequest): HubSpotAccountHandle {
  const { account } = request.params as { account: string };
  if (account.trim() === '') throw new ControlError(400, 'The account name must not be empty');
  return accountHandle(service, service.accounts.get(account));
}

function objectsFor(service: HubSpotService, handle: HubSpotAccountHandle, request: FastifyRequest): HubSpotObjectsHandle {
  const { objectType } = request.params as { objectType: string };
  switch (resolveObjectType(objectType, service.accounts.get(handle.name), true)) {
    case 'contacts':
      return handle.contacts;
    case 'companies':
      return handle.companies;
    case 'cars':
      return handle.cars;
  }
}

function jsonBody(request: FastifyRequest): Record<string, unknown> {
  const body = request.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new ControlError(400, 'The body must be a JSON object');
  return body as Record<string, unknown>;
}

function propertiesOf(body: Record<string, unknown>): Record<string, PropertyInput> {
  const properties = body['properties'];
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    throw new ControlError(400, 'properties must be an object');
  }
  return properties as Record<string, PropertyInput>;
}

function summary(handle: HubSpotAccountHandle): Record<string, unknown> {
  return {
    name: handle.name,
    hubId: handle.hubId,
    userId: handle.userId,
    contacts: { live: handle.contacts.count(), archived: handle.contacts.count({ archived: true }) },
    companies: { live: handle.companies.count(), archived: handle.companies.count({ archived: true }) },
    cars: { live: handle.cars.count(), archived: handle.cars.count({ archived: true }), schema: handle.carSchema },
    rateLimit: handle.rateLimit(),
    pendingFaults: handle.pendingFaults(),
  };
}

/** Registers the control API. */
export function registerControlRoutes(scope: FastifyInstance, service: HubSpotService): void {
  scope.setErrorHandler((error: unknown, request, reply: FastifyReply) => {
    if (error instanceof ControlError) return reply.code(error.statusCode).send({ error: error.message });
    if (error instanceof HubSpotApiError) {
      return reply.code(error.statusCode).send({ error: error.message, hubspot: error.render('control') });
    }
    if (error instanceof Error && 'statusCode' in error && typeof error.statusCode === 'number' && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ error: error.message });
    }
    request.log.error({ err: error }, 'HubSpot sandbox control API: unexpected error');
    return reply.code(500).send({ error: error instanceof Error ? error.message : String(error) });
  });

  scope.get('/_sandbox', async () => ({
    provider: 'hubspot',
    baseUrl: service.settings.baseUrl(),
    accounts: service.accounts.keys(),
    seed: { contacts: service.settings.seed.contacts, companies: service.settings.seed.companies },
    customObjects: { cars: service.settings.seed.cars },
    rateLimit: service.settings.rateLimit,
    searchRateLimit: service.settings.searchRateLimit,
    tokenLifetimeSeconds: service.settings.tokenLifetimeSeconds,
    latencyMs: service.settings.latencyMs,
    clients: service.settings.clients.map((client) => client.clientId),
    unattributed: service.unattributed.snapshot(),
  }));

  scope.get('/_sandbox/accounts/:account', async (request) => summary(accountFor(service, request)));

  scope.post('/_sandbox/accounts/:account/reset', async (request) => {
    const handle = accountFor(service, request);
    handle.reset();
    return summary(handle);
  });

  scope.get('/_sandbox/accounts/:account/counters', async (request) => accountFor(service, request).counters());

  scope.post('/_sandbox/accounts/:account/counters/reset', async (request, reply) => {
    accountFor(service, request).resetCounters();
    return reply.code(204).send();
  });

  scope.post('/_sandbox/accounts/:account/faults', async (request) => {
    const handle = accountFor(service, request);
    let spec;
    try {
      spec = parseFaultSpec(request.body);
    } catch (error) {
      throw new ControlError(400, error instanceof Error ? error.message : String(error));
    }
    handle.injectFault(spec);
    return { pending: handle.pendingFaults() };
  });

  scope.delete('/_sandbox/accounts/:account/faults', async (request) => {
    const handle = accountFor(service, request);
    handle.clearFaults();
    return { pending: handle.pendingFaults() };
  });

  scope.post('/_sandbox/accounts/:account/expire-tokens', async (request) => ({
    expired: accountFor(service, request).expireAccessTokens(),
  }));

  scope.post('/_sandbox/accounts/:account/tokens', async (request) => {
    const body = jsonBody(request);
    const options: { clientId?: string; scopes?: string[] } = {};
    if (typeof body['clientId'] === 'string') options.clientId = body['clientId'];
    if (Array.isArray(body['scopes'])) options.scopes = body['scopes'].filter((s): s is string => typeof s === 'string');
    try {
      return accountFor(service, request).issueTokens(options);
    } catch (error) {
      if (error instanceof HubSpotApiError) throw error;
      throw new ControlError(400, error instanceof Error ? error.message : String(error));
    }
  });

  scope.get('/_sandbox/accounts/:account/:objectType', async (request) => {
    const objects = objectsFor(service, accountFor(service, request), request);
    const q = (request.query ?? {}) as Record<string, unknown>;
    const options: { limit?: number; after?: string; archived?: boolean } = {
      archived: queryScalar(q['archived']) === 'true',
    };
    const limit = queryScalar(q['limit']);
    const after = queryScalar(q['after']);
    if (limit !== undefined) {
      const parsed = Number(limit);
      if (!Number.isInteger(parsed) || parsed < 1) throw new ControlError(400, 'limit must be a positive integer');
      options.limit = parsed;
    }
    if (after !== undefined) {
      if (!/^\d+$/.test(after)) throw new ControlError(400, 'after must be a record id');
      options.after = after;
    }
    return objects.list(options);
  });

  scope.post('/_sandbox/accounts/:account/:objectType', async (request, reply) => {
    const objects = objectsFor(service, accountFor(service, request), request);
    const body = jsonBody(request);
    const associateWith = Array.isArray(body['associateWith']) ? body['associateWith'].map(String) : undefined;
    const created = objects.create(propertiesOf(body), associateWith ? { associateWith } : {});
    return reply.code(201).send(created);
  });

  scope.get('/_sandbox/accounts/:account/:objectType/:id', async (request) => {
    const objects = objectsFor(service, accountFor(service, request), request);
    const { id } = request.params as { id: string };
    const archived = queryScalar((request.query as Record<string, unknown>)['archived']) === 'true';
    const record = objects.get(id, { archived });
    if (!record) throw new ControlError(404, `No ${archived ? 'archived' : 'live'} record ${id}`);
    return record;
  });

  scope.patch('/_sandbox/accounts/:account/:objectType/:id', async (request) => {
    const objects = objectsFor(service, accountFor(service, request), request);
    const { id } = request.params as { id: string };
    if (!objects.get(id)) throw new ControlError(404, `No live record ${id}`);
    return objects.update(id, propertiesOf(jsonBody(request)));
  });

  scope.delete('/_sandbox/accounts/:account/:objectType/:id', async (request, reply) => {
    const objects = objectsFor(service, accountFor(service, request), request);
    const { id } = request.params as { id: string };
    if (!objects.archive(id)) throw new ControlError(404, `No live record ${id}`);
    return reply.code(204).send();
  });
}
