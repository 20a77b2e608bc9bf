/**
 * Freshsales' part of the sandbox control API (../shared/control-routes.ts): accounts under
 * `/_sandbox/accounts/{name}`, records by module (contacts, sales_accounts, deals, tasks, notes) with numeric ids and
 * cursors, and Freshsales' error body under `freshsales`.
 */
import type { FastifyInstance } from 'fastify';

import { ControlError, registerControlApi } from '../shared/control-routes.js';
import { cursorControlRecords, type CursorRecordsHandle, recordCounts } from '../shared/records-control.js';
import { FreshsalesApiError } from './errors.js';
import type { FreshsalesAccountHandle } from './handles.js';
import type { FreshsalesService } from './service.js';

const MODULES = {
  contacts: 'contacts',
  sales_accounts: 'salesAccounts',
  deals: 'deals',
  tasks: 'tasks',
  notes: 'notes',
  appointments: 'appointments',
} as const;

function recordsOf(handle: FreshsalesAccountHandle, type: string): CursorRecordsHandle<unknown> {
  const key = Object.hasOwn(MODULES, type) ? MODULES[type as keyof typeof MODULES] : undefined;
  if (key === undefined) throw new ControlError(404, `Unknown record type ${type} (use ${Object.keys(MODULES).join(', ')})`);
  return handle[key];
}

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
      ...Object.fromEntries(Object.entries(MODULES).map(([type, key]) => [type, recordCounts(h[key])])),
      rateLimit: h.rateLimit(),
      pendingFaults: h.pendingFaults(),
    }),
    apiError: (error) =>
      error instanceof FreshsalesApiError ? { statusCode: error.statusCode, body: { error: error.message, freshsales: error.body } } : undefined,
    records: cursorControlRecords(recordsOf),
  });
}
