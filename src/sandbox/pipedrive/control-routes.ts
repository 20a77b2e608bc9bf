/**
 * Pipedrive's part of the sandbox control API (../shared/control-routes.ts):
 * companies under `/_sandbox/companies/{name}` (alias `/_sandbox/accounts/{name}`,
 * as in the HubSpot sandbox), records by type (persons, organizations, deals)
 * with numeric ids and cursors, and Pipedrive's v2 error body under `pipedrive`.
 */
import type { FastifyInstance } from 'fastify';

import { ControlError, type ControlRecords, positiveInteger, registerControlApi } from '../shared/control-routes.js';
import { queryScalar } from '../shared/util.js';
import { PipedriveApiError } from './errors.js';
import { companyHandle, type PipedriveCompanyHandle, type PipedriveRecordsHandle } from './handles.js';
import type { PipedriveService } from './service.js';

function recordsOf(handle: PipedriveCompanyHandle, type: string): PipedriveRecordsHandle<Record<string, unknown>> {
  if (type === 'persons') return handle.persons;
  if (type === 'organizations') return handle.organizations;
  if (type === 'deals') return handle.deals;
  throw new ControlError(404, `Unknown record type ${type} (use persons, organizations or deals)`);
}

function idOf(id: string): number {
  if (!/^\d{1,15}$/.test(id)) throw new ControlError(400, 'id must be a positive integer');
  return Number(id);
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

const records: ControlRecords<PipedriveCompanyHandle> = {
  list: (handle, type, query) => {
    const store = recordsOf(handle, type);
    const options: { limit?: number; cursor?: string } = {};
    const limit = positiveInteger(queryScalar(query['limit']), 'limit');
    const cursor = queryScalar(query['cursor']);
    if (limit !== undefined) options.limit = limit;
    if (cursor !== undefined) options.cursor = cursor;
    return store.list(options);
  },
  create: (handle, type, body) => recordsOf(handle, type).create(body()),
  get: (handle, type, id) => {
    const store = recordsOf(handle, type);
    const numeric = idOf(id);
    const record = store.get(numeric);
    if (!record) throw new ControlError(404, `No record ${numeric}`);
    return record;
  },
  update: (handle, type, id, body) => {
    const store = recordsOf(handle, type);
    return store.update(idOf(id), body());
  },
  remove: (handle, type, id) => {
    const store = recordsOf(handle, type);
    const numeric = idOf(id);
    if (!store.delete(numeric)) throw new ControlError(404, `No live record ${numeric}`);
  },
};

/** Registers the control API. */
export function registerControlRoutes(scope: FastifyInstance, service: PipedriveService): void {
  registerControlApi(scope, {
    provider: 'Pipedrive',
    accountLabel: 'company',
    bases: ['/_sandbox/companies', '/_sandbox/accounts'],
    info: () => ({
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
    }),
    handle: (name) => companyHandle(service, service.companies.get(name)),
    summary,
    apiError: (error) =>
      error instanceof PipedriveApiError
        ? { statusCode: error.statusCode, body: { error: error.message, pipedrive: error.render('v2') } }
        : undefined,
    records,
  });
}
