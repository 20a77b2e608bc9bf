/**
 * Mailchimp's part of the sandbox control API (../shared/control-routes.ts): accounts under `/_sandbox/accounts/{name}`,
 * records by object (lists, members) with their store ids, and Mailchimp's problem details under `mailchimp`.
 */
import type { FastifyInstance } from 'fastify';

import { registerControlApi } from '../shared/control-routes.js';
import { namedControlRecords } from '../shared/records-control.js';
import { MailchimpApiError } from './errors.js';
import type { MailchimpAccountHandle } from './handles.js';
import type { MailchimpService } from './service.js';

const RECORDS = namedControlRecords<MailchimpAccountHandle>(['lists', 'members']);

export function registerControlRoutes(scope: FastifyInstance, service: MailchimpService, handle: (name: string) => MailchimpAccountHandle): void {
  registerControlApi(scope, {
    provider: 'Mailchimp',
    accountLabel: 'account',
    bases: ['/_sandbox/accounts'],
    info: () => ({
      provider: 'mailchimp',
      baseUrl: service.baseUrl(),
      accounts: service.accounts.keys(),
      seed: service.settings.seed,
      concurrency: service.settings.concurrency,
      latencyMs: service.settings.latencyMs,
      unattributed: service.unattributed.snapshot(),
    }),
    handle,
    summary: (h) => ({ name: h.name, apiKey: h.apiKey, dc: h.dc, ...RECORDS.counts(h), rateLimit: h.rateLimit(), pendingFaults: h.pendingFaults() }),
    apiError: (error) =>
      error instanceof MailchimpApiError ? { statusCode: error.statusCode, body: { error: error.message, mailchimp: error.body } } : undefined,
    records: RECORDS.records,
  });
}
