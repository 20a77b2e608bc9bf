/**
 * Pipedrive's part of the control API (../shared/control-routes.ts): companies under `/_sandbox/companies/{name}`
 * (alias `/_sandbox/accounts/{name}`), records by type with numeric ids and cursors, Pipedrive's v2 error body under
 * `pipedrive`.
 */
import type { FastifyInstance } from 'fastify';

import { ControlError, registerControlApi } from '../shared/control-routes.js';
import { cursorControlRecords, type CursorRecordsHandle, recordCounts } from '../shared/records-control.js';
import { PipedriveApiError } from './errors.js';
import { companyHandle, type PipedriveCompanyHandle } from './handles.js';
import type { PipedriveService } from './service.js';

const RECORD_TYPES = ['persons', 'organizations', 'deals'] as const;

function recordsOf(handle: PipedriveCompanyHandle, type: string): CursorRecordsHandle<unknown> {
  const known = RECORD_TYPES.find((name) => name === type);
  if (known === undefined) throw new ControlError(404, `Unknown record type ${type} (use persons, organizations or deals)`);
  return handle[known];
}

function summary(handle: PipedriveCompanyHandle): Record<string, unknown> {
  const { name, companyId, domain, users, customFieldKeys } = handle;
  return {
    ...{ name, companyId, domain, apiToken: handle.apiToken(), users, customFieldKeys },
    ...Object.fromEntries(RECORD_TYPES.map((type) => [type, recordCounts(handle[type])])),
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
    records: cursorControlRecords(recordsOf),
  });
}
