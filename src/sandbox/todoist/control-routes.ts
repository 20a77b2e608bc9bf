/**
 * Todoist's part of the sandbox control API (../shared/control-routes.ts): accounts under `/_sandbox/accounts/{name}`,
 * records by object (users, projects, tasks) with their Todoist ids, and Todoist's error body under `todoist`.
 */
import type { FastifyInstance } from 'fastify';

import { registerControlApi } from '../shared/control-routes.js';
import { namedControlRecords } from '../shared/records-control.js';
import { TodoistApiError } from './errors.js';
import type { TodoistAccountHandle } from './handles.js';
import type { TodoistService } from './service.js';

const RECORDS = namedControlRecords<TodoistAccountHandle>(['users', 'projects', 'tasks']);

export function registerControlRoutes(scope: FastifyInstance, service: TodoistService, handle: (name: string) => TodoistAccountHandle): void {
  registerControlApi(scope, {
    provider: 'Todoist',
    accountLabel: 'account',
    bases: ['/_sandbox/accounts'],
    info: () => ({
      provider: 'todoist',
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
      error instanceof TodoistApiError ? { statusCode: error.statusCode, body: { error: error.message, todoist: error.body } } : undefined,
    records: RECORDS.records,
  });
}
