/**
 * Slack's part of the sandbox control API (../shared/control-routes.ts): workspaces under `/_sandbox/accounts/{name}`,
 * records by object (users, channels, messages) with their numeric ids, and Slack's error body under `slack`.
 */
import type { FastifyInstance } from 'fastify';

import { registerControlApi } from '../shared/control-routes.js';
import { namedControlRecords } from '../shared/records-control.js';
import { SlackApiError } from './errors.js';
import type { SlackAccountHandle } from './handles.js';
import type { SlackService } from './service.js';

const RECORDS = namedControlRecords<SlackAccountHandle>(['users', 'channels', 'messages']);

export function registerControlRoutes(scope: FastifyInstance, service: SlackService, handle: (name: string) => SlackAccountHandle): void {
  registerControlApi(scope, {
    provider: 'Slack',
    accountLabel: 'workspace',
    bases: ['/_sandbox/accounts'],
    info: () => ({
      provider: 'slack',
      baseUrl: service.baseUrl(),
      accounts: service.accounts.keys(),
      seed: service.settings.seed,
      rateLimit: service.settings.rateLimit,
      latencyMs: service.settings.latencyMs,
      unattributed: service.unattributed.snapshot(),
    }),
    handle,
    summary: (h) => ({ name: h.name, team: h.team, ...RECORDS.counts(h), rateLimit: h.rateLimit(), pendingFaults: h.pendingFaults() }),
    apiError: (error) => (error instanceof SlackApiError ? { statusCode: 400, body: { error: error.message, slack: error.body } } : undefined),
    records: RECORDS.records,
  });
}
