/**
 * Close's part of the sandbox control API (../shared/control-routes.ts): organizations under
 * `/_sandbox/accounts/{name}`, records by object (leads, contacts, opportunities, tasks, notes) with the store's numeric
 * ids and cursors (the records themselves carry their Close ids), and Close's error body under `close`.
 */
import type { FastifyInstance } from 'fastify';

import { registerControlApi } from '../shared/control-routes.js';
import { namedControlRecords } from '../shared/records-control.js';
import { CloseApiError } from './errors.js';
import type { CloseAccountHandle } from './handles.js';
import type { CloseService } from './service.js';

const RECORDS = namedControlRecords<CloseAccountHandle>(['leads', 'contacts', 'opportunities', 'tasks', 'notes', 'calls', 'meetings']);

export function registerControlRoutes(scope: FastifyInstance, service: CloseService, handle: (name: string) => CloseAccountHandle): void {
  registerControlApi(scope, {
    provider: 'Close',
    accountLabel: 'organization',
    bases: ['/_sandbox/accounts'],
    info: () => ({
      provider: 'close',
      baseUrl: service.baseUrl(),
      accounts: service.accounts.keys(),
      seed: service.settings.seed,
      rateLimit: service.settings.rateLimit,
      latencyMs: service.settings.latencyMs,
      unattributed: service.unattributed.snapshot(),
    }),
    handle,
    summary: (h) => ({
      name: h.name,
      apiKey: h.apiKey,
      ...RECORDS.counts(h),
      rateLimit: h.rateLimit(),
      pendingFaults: h.pendingFaults(),
    }),
    apiError: (error) =>
      error instanceof CloseApiError ? { statusCode: error.statusCode, body: { error: error.message, close: error.body } } : undefined,
    records: RECORDS.records,
  });
}
