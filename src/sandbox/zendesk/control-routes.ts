/**
 * Zendesk's part of the sandbox control API (../shared/control-routes.ts): accounts under `/_sandbox/accounts/{name}`,
 * records by object (organizations, users, tickets, comments) with their Zendesk ids, and Zendesk's error body under
 * `zendesk`.
 */
import type { FastifyInstance } from 'fastify';

import { registerControlApi } from '../shared/control-routes.js';
import { namedControlRecords } from '../shared/records-control.js';
import { ZendeskApiError } from './errors.js';
import type { ZendeskAccountHandle } from './handles.js';
import type { ZendeskService } from './service.js';

const RECORDS = namedControlRecords<ZendeskAccountHandle>(['organizations', 'users', 'tickets', 'comments']);

export function registerControlRoutes(scope: FastifyInstance, service: ZendeskService, handle: (name: string) => ZendeskAccountHandle): void {
  registerControlApi(scope, {
    provider: 'Zendesk',
    accountLabel: 'account',
    bases: ['/_sandbox/accounts'],
    info: () => ({
      provider: 'zendesk',
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
      apiToken: h.apiToken,
      ownerEmail: h.ownerEmail,
      ...RECORDS.counts(h),
      rateLimit: h.rateLimit(),
      pendingFaults: h.pendingFaults(),
    }),
    apiError: (error) =>
      error instanceof ZendeskApiError ? { statusCode: error.statusCode, body: { error: error.message, zendesk: error.body } } : undefined,
    records: RECORDS.records,
  });
}
