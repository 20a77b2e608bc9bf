/**
 * Typeform's part of the sandbox control API (../shared/control-routes.ts): accounts under `/_sandbox/accounts/{name}`,
 * records by object (forms, responses) with their record numbers, and Typeform's error body under `typeform`.
 */
import type { FastifyInstance } from 'fastify';

import { registerControlApi } from '../shared/control-routes.js';
import { namedControlRecords } from '../shared/records-control.js';
import { TypeformApiError } from './errors.js';
import type { TypeformAccountHandle } from './handles.js';
import type { TypeformService } from './service.js';

const RECORDS = namedControlRecords<TypeformAccountHandle>(['forms', 'responses']);

export function registerControlRoutes(scope: FastifyInstance, service: TypeformService, handle: (name: string) => TypeformAccountHandle): void {
  registerControlApi(scope, {
    provider: 'Typeform',
    accountLabel: 'account',
    bases: ['/_sandbox/accounts'],
    info: () => ({
      provider: 'typeform',
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
      personalAccessToken: h.personalAccessToken,
      ...RECORDS.counts(h),
      rateLimit: h.rateLimit(),
      pendingFaults: h.pendingFaults(),
    }),
    apiError: (error) =>
      error instanceof TypeformApiError ? { statusCode: error.statusCode, body: { error: error.message, typeform: error.body } } : undefined,
    records: RECORDS.records,
  });
}
