/**
 * Close's part of the sandbox control API (../shared/control-routes.ts): organizations under
 * `/_sandbox/accounts/{name}`, records by object (leads, contacts, opportunities, tasks, notes) with the store's numeric
 * ids and cursors (the records themselves carry their Close ids), and Close's error body under `close`.
 */
import type { FastifyInstance } from 'fastify';

import { ControlError, registerControlApi } from '../shared/control-routes.js';
import { cursorControlRecords, type CursorRecordsHandle, recordCounts } from '../shared/records-control.js';
import { CloseApiError } from './errors.js';
import type { CloseAccountHandle } from './handles.js';
import type { CloseService } from './service.js';

const OBJECTS = ['leads', 'contacts', 'opportunities', 'tasks', 'notes', 'calls', 'meetings'] as const;

function recordsOf(handle: CloseAccountHandle, type: string): CursorRecordsHandle<unknown> {
  const key = OBJECTS.find((o) => o === type);
  if (key === undefined) throw new ControlError(404, `Unknown record type ${type} (use ${OBJECTS.join(', ')})`);
  return handle[key];
}

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
      ...Object.fromEntries(OBJECTS.map((o) => [o, recordCounts(h[o])])),
      rateLimit: h.rateLimit(),
      pendingFaults: h.pendingFaults(),
    }),
    apiError: (error) =>
      error instanceof CloseApiError ? { statusCode: error.statusCode, body: { error: error.message, close: error.body } } : undefined,
    records: cursorControlRecords(recordsOf),
  });
}
