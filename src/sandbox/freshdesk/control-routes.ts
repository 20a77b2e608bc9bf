/**
 * Freshdesk's part of the sandbox control API (../shared/control-routes.ts): help desks under
 * `/_sandbox/accounts/{name}`, records by kind (contacts, companies, tickets, conversations) with numeric ids and
 * cursors, and Freshdesk's error body under `freshdesk`.
 */
import type { FastifyInstance } from 'fastify';

import { registerControlApi } from '../shared/control-routes.js';
import { namedControlRecords } from '../shared/records-control.js';
import { FreshdeskApiError } from './errors.js';
import type { FreshdeskAccountHandle } from './handles.js';
import type { FreshdeskService } from './service.js';

const RECORDS = namedControlRecords<FreshdeskAccountHandle>({
  contacts: 'contacts',
  companies: 'companies',
  tickets: 'tickets',
  conversations: 'conversations',
} as const);

export function registerControlRoutes(scope: FastifyInstance, service: FreshdeskService, handle: (name: string) => FreshdeskAccountHandle): void {
  registerControlApi(scope, {
    provider: 'Freshdesk',
    accountLabel: 'help desk',
    bases: ['/_sandbox/accounts'],
    info: () => ({
      provider: 'freshdesk',
      baseUrl: service.baseUrl(),
      accounts: service.accounts.keys(),
      seed: service.settings.seed,
      minuteLimit: service.settings.minuteLimit,
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
      error instanceof FreshdeskApiError
        ? { statusCode: error.statusCode, body: { error: error.message, freshdesk: error.body ?? null } }
        : undefined,
    records: RECORDS.records,
  });
}
