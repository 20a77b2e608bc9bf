/**
 * Salesforce's part of the sandbox control API (../shared/control-routes.ts):
 * orgs under `/_sandbox/orgs/{name}`, records by sObject (Contact, Account,
 * Opportunity, Vehicle__c) with `deleted`, the org's daily API usage (`/limits`), and the
 * REST API's error body under `salesforce` for validation failures.
 */
import type { FastifyInstance } from 'fastify';

import { ControlError, type ControlRecords, jsonBody, positiveInteger, registerControlApi } from '../shared/control-routes.js';
import { queryScalar } from '../shared/util.js';
import { SalesforceApiError, SaveError } from './errors.js';
import { orgHandle, type SalesforceObjectsHandle, type SalesforceOrgHandle } from './handles.js';
import { ACCOUNT, CONTACT, OPPORTUNITY, sobjectByName, VEHICLE } from './schema.js';
import type { SalesforceService } from './service.js';

function objectsFor(handle: SalesforceOrgHandle, sobject: string): SalesforceObjectsHandle {
  const lower = sobject.toLowerCase();
  const def = lower === 'vehicles' || lower === 'vehicle' ? VEHICLE : (sobjectByName(sobject.replace(/s$/i, '')) ?? sobjectByName(sobject));
  if (def === ACCOUNT) return handle.accounts;
  if (def === CONTACT) return handle.contacts;
  if (def === VEHICLE) return handle.vehicles;
  if (def === OPPORTUNITY || lower === 'opportunities') return handle.opportunities;
  throw new ControlError(404, `Unknown sObject type ${sobject} (Contact, Account, Opportunity or Vehicle__c)`);
}

function summary(handle: SalesforceOrgHandle): Record<string, unknown> {
  return {
    name: handle.name,
    orgId: handle.orgId,
    userId: handle.userId,
    contacts: { live: handle.contacts.count(), deleted: handle.contacts.count({ deleted: true }) },
    accounts: { live: handle.accounts.count(), deleted: handle.accounts.count({ deleted: true }) },
    vehicles: { live: handle.vehicles.count(), deleted: handle.vehicles.count({ deleted: true }) },
    opportunities: { live: handle.opportunities.count(), deleted: handle.opportunities.count({ deleted: true }) },
    dailyApiRequests: handle.limits(),
    openQueryCursors: handle.openQueryCursors(),
    pendingFaults: handle.pendingFaults(),
  };
}

const records: ControlRecords<SalesforceOrgHandle> = {
  list: (handle, type, query) => {
    const objects = objectsFor(handle, type);
    const options: { limit?: number; after?: string; deleted?: boolean } = { deleted: queryScalar(query['deleted']) === 'true' };
    const limit = positiveInteger(queryScalar(query['limit']), 'limit');
    const after = queryScalar(query['after']);
    if (limit !== undefined) options.limit = limit;
    if (after !== undefined) options.after = after;
    return objects.list(options);
  },
  create: (handle, type, body) => objectsFor(handle, type).create(body()),
  get: (handle, type, id, query) => {
    const objects = objectsFor(handle, type);
    const deleted = queryScalar(query['deleted']) === 'true';
    const record = objects.get(id, { deleted });
    if (!record) throw new ControlError(404, `No ${deleted ? 'deleted' : 'live'} record ${id}`);
    return record;
  },
  update: (handle, type, id, body) => {
    const objects = objectsFor(handle, type);
    if (!objects.get(id)) throw new ControlError(404, `No live record ${id}`);
    return objects.update(id, body());
  },
  remove: (handle, type, id) => {
    if (!objectsFor(handle, type).delete(id)) throw new ControlError(404, `No live record ${id}`);
  },
};

/** Registers the control API. */
export function registerControlRoutes(scope: FastifyInstance, service: SalesforceService): void {
  registerControlApi(scope, {
    provider: 'Salesforce',
    accountLabel: 'org',
    bases: ['/_sandbox/orgs'],
    info: () => ({
      provider: 'salesforce',
      baseUrl: service.baseUrl(),
      orgs: service.accounts.keys(),
      seed: { contacts: service.settings.seed.contacts, accounts: service.settings.seed.accounts },
      customObjects: { Vehicle__c: service.settings.seed.vehicles },
      dailyApiLimit: service.settings.dailyApiLimit,
      sessionTimeoutSeconds: service.settings.tokenLifetimeSeconds,
      latencyMs: service.settings.latencyMs,
      clients: service.settings.clients.map((client) => client.clientId),
      unattributed: service.unattributed.snapshot(),
    }),
    handle: (name) => orgHandle(service, service.accounts.get(name)),
    summary,
    apiError: (error) => {
      if (!(error instanceof SalesforceApiError || error instanceof SaveError)) return undefined;
      const apiError = error instanceof SaveError ? error.toApiError() : error;
      return { statusCode: apiError.statusCode, body: { error: apiError.message, salesforce: apiError.body() } };
    },
    extraRoutes: (routes, path, handleOf) => {
      routes.get(`${path}/limits`, async (request) => handleOf(request).limits());
      routes.put(`${path}/limits`, async (request) => {
        const handle = handleOf(request);
        const remaining = jsonBody(request)['remaining'];
        if (typeof remaining !== 'number' || !Number.isInteger(remaining) || remaining < 0) {
          throw new ControlError(400, 'remaining must be a non-negative integer');
        }
        handle.setRemainingDailyRequests(remaining);
        return handle.limits();
      });
    },
    records,
  });
}
