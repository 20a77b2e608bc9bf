/**
 * Asana's part of the sandbox control API (../shared/control-routes.ts): workspaces under `/_sandbox/accounts/{name}`,
 * records by object (users, projects, tasks) with their gids, and Asana's error body under `asana`.
 */
import type { FastifyInstance } from 'fastify';

import { registerControlApi } from '../shared/control-routes.js';
import { namedControlRecords } from '../shared/records-control.js';
import { AsanaApiError } from './errors.js';
import type { AsanaAccountHandle } from './handles.js';
import type { AsanaService } from './service.js';

const RECORDS = namedControlRecords<AsanaAccountHandle>(['users', 'projects', 'tasks']);

export function registerControlRoutes(scope: FastifyInstance, service: AsanaService, handle: (name: string) => AsanaAccountHandle): void {
  registerControlApi(scope, {
    provider: 'Asana',
    accountLabel: 'workspace',
    bases: ['/_sandbox/accounts'],
    info: () => ({
      provider: 'asana',
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
      workspaceGid: h.workspaceGid,
      ...RECORDS.counts(h),
      rateLimit: h.rateLimit(),
      pendingFaults: h.pendingFaults(),
    }),
    apiError: (error) =>
      error instanceof AsanaApiError ? { statusCode: error.statusCode, body: { error: error.message, asana: error.body } } : undefined,
    records: RECORDS.records,
  });
}
