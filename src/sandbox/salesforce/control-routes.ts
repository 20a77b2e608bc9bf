/**
 * The sandbox control API under `/_sandbox`: not part of Salesforce. It lets a
 * test or benchmark in another process inspect and steer an org (records,
 * counters, faults, tokens, daily usage, reset).
 * Registered only with a control token, and then behind it (see ../shared/control-auth.ts). Answers are plain JSON; failures are
 * `{ "error": "…" }` (plus `salesforce`, the REST API's error body, for
 * validation failures).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { parseFaultSpec } from '../shared/faults.js';
import { queryScalar } from '../shared/util.js';
import { SalesforceApiError, SaveError } from './errors.js';
import { orgHandle, type SalesforceObjectsHandle, type SalesforceOrgHandle } from './handles.js';
import { ACCOUNT, CONTACT, sobjectByName, VEHICLE } from './schema.js';
import type { SalesforceService } from './service.js';

/** A control-API failure answered as `{ error }`. */
class ControlError extends Error {
  readonly statusCode: number;
  constructor(statusCode: number, message: string) {
    super(message);
    this.name = 'ControlError';
    this.statusCode = statusCode;
  }
}

function orgFor(service: SalesforceService, request: FastifyRequest): SalesforceOrgHandle {
  const { org } = request.params as { org: string };
  if (org.trim() === '') throw new ControlError(400, 'The org name must not be empty');
  return orgHandle(service, service.orgs.get(org));
}

function objectsFor(handle: SalesforceOrgHandle, request: FastifyRequest): SalesforceObjectsHandle {
  const { sobject } = request.params as { sobject: string };
  const lower = sobject.toLowerCase();
  const def = lower === 'vehicles' || lower === 'vehicle' ? VEHICLE : (sobjectByName(sobject.replace(/s$/i, '')) ?? sobjectByName(sobject));
  if (def === ACCOUNT) return handle.accounts;
  if (def === CONTACT) return handle.contacts;
  if (def === VEHICLE) return handle.vehicles;
  throw new ControlError(404, `Unknown sObject type ${sobject} (Contact, Account or Vehicle__c)`);
}

function jsonBody(request: FastifyRequest): Record<string, unknown> {
  const body = request.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new ControlError(400, 'The body must be a JSON object');
  return body as Record<string, unknown>;
}

function summary(handle: SalesforceOrgHandle): Record<string, unknown> {
  return {
    name: handle.name,
    orgId: handle.orgId,
    userId: handle.userId,
    contacts: { live: handle.contacts.count(), deleted: handle.contacts.count({ deleted: true }) },
    accounts: { live: handle.accounts.count(), deleted: handle.accounts.count({ deleted: true }) },
    vehicles: { live: handle.vehicles.count(), deleted: handle.vehicles.count({ deleted: true }) },
    dailyApiRequests: handle.limits(),
    openQueryCursors: handle.openQueryCursors(),
    pendingFaults: handle.pendingFaults(),
  };
}

function positiveInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new ControlError(400, `${name} must be a positive integer`);
  return parsed;
}

/** Registers the control API. */
export function registerControlRoutes(scope: FastifyInstance, service: SalesforceService): void {
  scope.setErrorHandler((error: unknown, request, reply: FastifyReply) => {
    if (error instanceof ControlError) return reply.code(error.statusCode).send({ error: error.message });
    if (error instanceof SalesforceApiError || error instanceof SaveError) {
      const apiError = error instanceof SaveError ? error.toApiError() : error;
      return reply.code(apiError.statusCode).send({ error: apiError.message, salesforce: apiError.body() });
    }
    if (error instanceof Error && 'statusCode' in error && typeof error.statusCode === 'number' && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ error: error.message });
    }
    request.log.error({ err: error }, 'Salesforce sandbox control API: unexpected error');
    return reply.code(500).send({ error: error instanceof Error ? error.message : String(error) });
  });

  scope.get('/_sandbox', async () => ({
    provider: 'salesforce',
    baseUrl: service.baseUrl(),
    orgs: service.orgs.keys(),
    seed: { contacts: service.settings.seed.contacts, accounts: service.settings.seed.accounts },
    customObjects: { Vehicle__c: service.settings.seed.vehicles },
    dailyApiLimit: service.settings.dailyApiLimit,
    sessionTimeoutSeconds: service.settings.sessionTimeoutSeconds,
    latencyMs: service.settings.latencyMs,
    clients: service.settings.clients.map((client) => client.clientId),
    unattributed: service.unattributed.snapshot(),
  }));

  scope.get('/_sandbox/orgs/:org', async (request) => summary(orgFor(service, request)));

  scope.post('/_sandbox/orgs/:org/reset', async (request) => {
    const handle = orgFor(service, request);
    handle.reset();
    return summary(handle);
  });

  scope.get('/_sandbox/orgs/:org/counters', async (request) => orgFor(service, request).counters());

  scope.post('/_sandbox/orgs/:org/counters/reset', async (request, reply) => {
    orgFor(service, request).resetCounters();
    return reply.code(204).send();
  });

  scope.post('/_sandbox/orgs/:org/faults', async (request) => {
    const handle = orgFor(service, request);
    let spec;
    try {
      spec = parseFaultSpec(request.body);
    } catch (error) {
      throw new ControlError(400, error instanceof Error ? error.message : String(error));
    }
    handle.injectFault(spec);
    return { pending: handle.pendingFaults() };
  });

  scope.delete('/_sandbox/orgs/:org/faults', async (request) => {
    const handle = orgFor(service, request);
    handle.clearFaults();
    return { pending: handle.pendingFaults() };
  });

  scope.post('/_sandbox/orgs/:org/expire-tokens', async (request) => ({ expired: orgFor(service, request).expireAccessTokens() }));

  scope.post('/_sandbox/orgs/:org/tokens', async (request) => {
    const body = jsonBody(request);
    const options: { clientId?: string; scopes?: string[] } = {};
    if (typeof body['clientId'] === 'string') options.clientId = body['clientId'];
    if (Array.isArray(body['scopes'])) options.scopes = body['scopes'].filter((s): s is string => typeof s === 'string');
    try {
      return orgFor(service, request).issueTokens(options);
    } catch (error) {
      throw new ControlError(400, error instanceof Error ? error.message : String(error));
    }
  });

  scope.get('/_sandbox/orgs/:org/limits', async (request) => orgFor(service, request).limits());

  scope.put('/_sandbox/orgs/:org/limits', async (request) => {
    const handle = orgFor(service, request);
    const remaining = jsonBody(request)['remaining'];
    if (typeof remaining !== 'number' || !Number.isInteger(remaining) || remaining < 0) {
      throw new ControlError(400, 'remaining must be a non-negative integer');
    }
    handle.setRemainingDailyRequests(remaining);
    return handle.limits();
  });

  scope.get('/_sandbox/orgs/:org/:sobject', async (request) => {
    const objects = objectsFor(orgFor(service, request), request);
    const q = (request.query ?? {}) as Record<string, unknown>;
    const options: { limit?: number; after?: string; deleted?: boolean } = { deleted: queryScalar(q['deleted']) === 'true' };
    const limit = positiveInteger(queryScalar(q['limit']), 'limit');
    const after = queryScalar(q['after']);
    if (limit !== undefined) options.limit = limit;
    if (after !== undefined) options.after = after;
    return objects.list(options);
  });

  scope.post('/_sandbox/orgs/:org/:sobject', async (request, reply) => {
    const objects = objectsFor(orgFor(service, request), request);
    return reply.code(201).send(objects.create(jsonBody(request)));
  });

  scope.get('/_sandbox/orgs/:org/:sobject/:id', async (request) => {
    const objects = objectsFor(orgFor(service, request), request);
    const { id } = request.params as { id: string };
    const deleted = queryScalar((request.query as Record<string, unknown>)['deleted']) === 'true';
    const record = objects.get(id, { deleted });
    if (!record) throw new ControlError(404, `No ${deleted ? 'deleted' : 'live'} record ${id}`);
    return record;
  });

  scope.patch('/_sandbox/orgs/:org/:sobject/:id', async (request) => {
    const objects = objectsFor(orgFor(service, request), request);
    const { id } = request.params as { id: string };
    if (!objects.get(id)) throw new ControlError(404, `No live record ${id}`);
    return objects.update(id, jsonBody(request));
  });

  scope.delete('/_sandbox/orgs/:org/:sobject/:id', async (request, reply) => {
    const objects = objectsFor(orgFor(service, request), request);
    const { id } = request.params as { id: string };
    if (!objects.delete(id)) throw new ControlError(404, `No live record ${id}`);
    return reply.code(204).send();
  });
}
