/**
 * Freshsales' part of the sandbox control API (../shared/control-routes.ts): accounts under
 * `/_sandbox/accounts/{name}`, records by module (contacts, sales_accounts, deals, tasks, notes) with numeric ids and
 * cursors, and Freshsales' error body under `freshsales`.
 */
import type { FastifyInstance } from 'fastify';

import { registerControlApi } from '../shared/control-routes.js';
import { namedControlRecords } from '../shared/records-control.js';
import { FreshsalesApiError } from './errors.js';
import type { FreshsalesAccountHandle } from './handles.js';
import type { FreshsalesService } from './service.js';

const RECORDS = namedControlRecords<FreshsalesAccountHandle>({
  contacts: 'contacts',
  sales_accounts: 'salesAccounts',
  deals: 'deals',
  tasks: 'tasks',
  notes: 'notes',
  appointments: 'appointments',
} as const);

export function registerControlRoutes(scope: FastifyInstance, service: FreshsalesService, handle: (name: string) => FreshsalesAccountHandle): void {
  registerControlApi(scope, {
    provider: 'Freshsales',
    accountLabel: 'account',
    bases: ['/_sandbox/accounts'],
    info: () => ({
      provider: 'freshsales',
      baseUrl: service.baseUrl(),
      accounts: service.accounts.keys(),
      seed: service.settings.seed,
      hourlyLimit: service.settings.hourlyLimit,
      latencyMs: service.settings.latencyMs,
      unattributed: service.unattributed.snapshot(),
    }),
    handle,
    summary: (h) => ({
      name: h.name,
      apiKey: h.apiKey,
      domain: h.domain,
      ...RECORDS.counts(h),
      rateLimit: h.rateLimit(),
      pendingFaults: h.pendingFaults(),
    }),
    apiError: (error) =>
      error instanceof FreshsalesApiError ? { statusCode: error.statusCode, body: { error: error.message, freshsales: error.body } } : undefined,
    records: RECORDS.records,
  });
}
