/**
 * The sandbox control API under `/_sandbox`: not part of Pipedrive. It lets a
 * test or benchmark in another process inspect and steer a company (API
 * token, records, counters, faults, tokens, reset).
 * Registered only with a control token, and then behind it (see ../shared/control-auth.ts). Answers are plain JSON; failures `{ "error": "…" }`.
 * Companies are addressed as `/_sandbox/companies/{name}` (alias
 * `/_sandbox/accounts/{name}`, as in the HubSpot sandbox).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { parseFaultSpec } from '../shared/faults.js';
import { queryScalar } from '../shared/util.js';
import { PipedriveApiError } from './errors.js';
import { companyHandle, type PipedriveCompanyHandle, type PipedriveRecordsHandle } from './handles.js';
import type { PipedriveService } from './service.js';

/** A control-API failure answered as `{ error }`. */
class ControlError extends Error {
  readonly statusCode: number;
  constructor(statusCode: number, message: string) {
    super(message);
    this.name = 'ControlError';
    this.statusCode = statusCode;
  }
}

function companyFor(service: PipedriveService, request: FastifyRequest): PipedriveCompanyHandle {
  const { company } = request.params as { company: string };
  if (company.trim() === '') throw new ControlError(400, 'The company name must not be empty');
  return companyHandle(service, service.companies.get(company));
}

function recordsFor(handle: PipedriveCompanyHandle, request: FastifyRequest): PipedriveRecordsHandle<Record<string, unknown>> {
  const { type } = request.params as { type: string };
  if (type === 'persons') return handle.persons;
  if (type === 'organizations') return handle.organizations;
  if (type === 'deals') return handle.deals;
  throw new ControlError(404, `Unknown record type ${type} (use persons, organizations or deals)`);
}

function idOf(request: FastifyRequest): number {
  const { id } = request.params as { id: string };
  if (!/^\d{1,15}$/.test(id)) throw new ControlError(400, 'id must be a positive integer');
  return Number(id);
}

function jsonBody(request: FastifyRequest): Record<string, unknown> {
  const body = request.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new ControlError(400, 'The body must be a JSON object');
  return body as Record<string, unknown>;
}

function summary(handle: PipedriveCompanyHandle): Record<string, unknown> {
  return {
    name: handle.name,
    companyId: handle.companyId,
    domain: handle.domain,
    apiToken: handle.apiToken(),
    users: handle.users,
    customFieldKeys: handle.customFieldKeys,
    persons: { live: handle.persons.count(), deleted: handle.persons.count({ deleted: true }) },
    organizations: { live: handle.organizations.count(), deleted: handle.organizations.count({ deleted: true }) },
    deals: { live: handle.deals.count(), deleted: handle.deals.count({ deleted: true }) },
    burstLimit: handle.burstLimit(),
    dailyBudget: handle.dailyBudget() ?? null,
    pendingFaults: handle.pendingFaults(),
  };
}

function registerCompanyRoutes(scope: FastifyInstance, service: PipedriveService, base: string): void {
  scope.get(base, async (request) => summary(companyFor(service, request)));

  scope.post(`${base}/reset`, async (request) => {
    const handle = companyFor(service, request);
    handle.reset();
    return summary(handle);
  });

  scope.get(`${base}/counters`, async (request) => companyFor(service, request).counters());

  scope.post(`${base}/counters/reset`, async (request, reply) => {
    companyFor(service, request).resetCounters();
    return reply.code(204).send();
  });

  scope.post(`${base}/faults`, async (request) => {
    const handle = companyFor(service, request);
    let spec;
    try {
      spec = parseFaultSpec(request.body);
    } catch (error) {
      throw new ControlError(400, error instanceof Error ? error.message : String(error));
    }
    handle.injectFault(spec);
    return { pending: handle.pendingFaults() };
  });

  scope.delete(`${base}/faults`, async (request) => {
    const handle = companyFor(service, request);
    handle.clearFaults();
    return { pending: handle.pendingFaults() };
  });

  scope.post(`${base}/expire-tokens`, async (request) => ({ expired: companyFor(service, request).expireAccessTokens() }));

  scope.post(`${base}/tokens`, async (request) => {
    const body = jsonBody(request);
    const options: { clientId?: string; scopes?: string[] } = {};
    if (typeof body['clientId'] === 'string') options.clientId = body['clientId'];
    if (Array.isArray(body['scopes'])) options.scopes = body['scopes'].filter((s): s is string => typeof s === 'string');
    try {
      return companyFor(service, request).issueTokens(options);
    } catch (error) {
      throw new ControlError(400, error instanceof Error ? error.message : String(error));
    }
  });

  scope.get(`${base}/:type`, async (request) => {
    const records = recordsFor(companyFor(service, request), request);
    const q = (request.query ?? {}) as Record<string, unknown>;
    const options: { limit?: number; cursor?: string } = {};
    const limit = queryScalar(q['limit']);
    const cursor = queryScalar(q['cursor']);
    if (limit !== undefined) {
      const parsed = Number(limit);
      if (!Number.isInteger(parsed) || parsed < 1) throw new ControlError(400, 'limit must be a positive integer');
      options.limit = parsed;
    }
    if (cursor !== undefined) options.cursor = cursor;
    return records.list(options);
  });

  scope.post(`${base}/:type`, async (request, reply) => {
    const records = recordsFor(companyFor(service, request), request);
    return reply.code(201).send(records.create(jsonBody(request)));
  });

  scope.get(`${base}/:type/:id`, async (request) => {
    const records = recordsFor(companyFor(service, request), request);
    const id = idOf(request);
    const record = records.get(id);
    if (!record) throw new ControlError(404, `No record ${id}`);
    return record;
  });

  scope.patch(`${base}/:type/:id`, async (request) => {
    const records = recordsFor(companyFor(service, request), request);
    return records.update(idOf(request), jsonBody(request));
  });

  scope.delete(`${base}/:type/:id`, async (request, reply) => {
    const records = recordsFor(companyFor(service, request), request);
    const id = idOf(request);
    if (!records.delete(id)) throw new ControlError(404, `No live record ${id}`);
    return reply.code(204).send();
  });
}

/** Registers the control API. */
export function registerControlRoutes(scope: FastifyInstance, service: PipedriveService): void {
  scope.setErrorHandler((error: unknown, request, reply: FastifyReply) => {
    if (error instanceof ControlError) return reply.code(error.statusCode).send({ error: error.message });
    if (error instanceof PipedriveApiError) {
      return reply.code(error.statusCode).send({ error: error.message, pipedrive: error.render('v2') });
    }
    if (error instanceof Error && 'statusCode' in error && typeof error.statusCode === 'number' && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ error: error.message });
    }
    request.log.error({ err: error }, 'Pipedrive sandbox control API: unexpected error');
    return reply.code(500).send({ error: error instanceof Error ? error.message : String(error) });
  });

  scope.get('/_sandbox', async () => ({
    provider: 'pipedrive',
    baseUrl: service.baseUrl(),
    companies: service.companies.keys(),
    seed: { persons: service.settings.seed.persons, organizations: service.settings.seed.organizations },
    customObjects: { deals: service.settings.seed.deals },
    burstLimit: service.settings.burstLimit,
    searchBurstLimit: service.settings.searchBurstLimit,
    dailyTokenBudget: service.settings.dailyTokenBudget,
    tokenLifetimeSeconds: service.settings.tokenLifetimeSeconds,
    latencyMs: service.settings.latencyMs,
    clients: service.settings.clients.map((client) => client.clientId),
    unattributed: service.unattributed.snapshot(),
  }));

  registerCompanyRoutes(scope, service, '/_sandbox/companies/:company');
  registerCompanyRoutes(scope, service, '/_sandbox/accounts/:company');
}
