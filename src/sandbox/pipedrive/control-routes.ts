/**
 * Pipedrive's part of the control API (../shared/control-routes.ts): companies under `/_sandbox/companies/{name}`
 * (alias `/_sandbox/accounts/{name}`), records by type with numeric ids and cursors, Pipedrive's v2 error body under
 * `pipedrive`.
 */
import type { FastifyInstance } from 'fastify';

import { registerControlApi } from '../shared/control-routes.js';
import { namedControlRecords } from '../shared/records-control.js';
import { PipedriveApiError } from './errors.js';
import { companyHandle, type PipedriveCompanyHandle } from './handles.js';
import type { PipedriveService } from './service.js';

const RECORDS = namedControlRecords<PipedriveCompanyHandle>(['persons', 'organizations', 'deals'], 'persons, organizations or deals');

function summary(handle: PipedriveCompanyHandle): Record<string, unknown> {
  const { name, companyId, domain, users, customFieldKeys } = handle;
  return {
    ...{ name, companyId, domain, apiToken: handle.apiToken(), users, customFieldKeys },
    ...RECORDS.counts(handle),
    ...{ burstLimit: handle.burstLimit(), dailyBudget: handle.dailyBudget() ?? null, pendingFaults: handle.pendingFaults() },
  };
}

/** Registers the control API. */
export function registerControlRoutes(scope: FastifyInstance, service: PipedriveService): void {
  registerControlApi(scope, {
    provider: 'Pipedrive',
    accountLabel: 'company',
    bases: ['/_sandbox/companies', '/_sandbox/accounts'],
    info: () => ({
      provider: 'pipedrive',
      baseUrl: service.baseUrl(),
      companies: service.accounts.keys(),
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
    handle: (name) => companyHandle(service, service.accounts.get(name)),
    summary,
    apiError: (error) =>
      error instanceof PipedriveApiError
        ? { statusCode: error.statusCode, body: { error: error.message, pipedrive: error.render('v2') } }
        : undefined,
    records: RECORDS.records,
  });
}
