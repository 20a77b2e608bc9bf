/**
 * HubSpot's part of the sandbox control API (../shared/control-routes.ts):
 * accounts under `/_sandbox/accounts/{name}`, records by object type
 * (contacts, companies, cars) with `archived`, and HubSpot's error body under
 * `hubspot` for API errors.
 */
import type { FastifyInstance } from 'fastify';

import { ControlError, type ControlRecords, positiveInteger, registerControlApi } from '../shared/control-routes.js';
import { queryScalar } from '../shared/util.js';
import { HubSpotApiError } from './errors.js';
import { accountHandle, type HubSpotAccountHandle, type HubSpotObjectsHandle, type PropertyInput } from './handles.js';
import { resolveObjectType } from './request-state.js';
import type { HubSpotService } from './service.js';

function propertiesOf(body: Record<string, unknown>): Record<string, PropertyInput> {
  const properties = body['properties'];
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    throw new ControlError(400, 'properties must be an object');
  }
  return properties as Record<string, PropertyInput>;
}

function summary(handle: HubSpotAccountHandle): Record<string, unknown> {
  return {
    name: handle.name,
    hubId: handle.hubId,
    userId: handle.userId,
    contacts: { live: handle.contacts.count(), archived: handle.contacts.count({ archived: true }) },
    companies: { live: handle.companies.count(), archived: handle.companies.count({ archived: true }) },
    cars: { live: handle.cars.count(), archived: handle.cars.count({ archived: true }), schema: handle.carSchema },
    rateLimit: handle.rateLimit(),
    pendingFaults: handle.pendingFaults(),
  };
}

function records(service: HubSpotService): ControlRecords<HubSpotAccountHandle> {
  const objectsOf = (handle: HubSpotAccountHandle, type: string): HubSpotObjectsHandle => {
    switch (resolveObjectType(type, service.accounts.get(handle.name), true)) {
      case 'contacts':
        return handle.contacts;
      case 'companies':
        return handle.companies;
      case 'cars':
        return handle.cars;
    }
  };
  return {
    list: (handle, type, query) => {
      const objects = objectsOf(handle, type);
      const options: { limit?: number; after?: string; archived?: boolean } = { archived: queryScalar(query['archived']) === 'true' };
      const limit = positiveInteger(queryScalar(query['limit']), 'limit');
      const after = queryScalar(query['after']);
      if (limit !== undefined) options.limit = limit;
      if (after !== undefined) {
        if (!/^\d+$/.test(after)) throw new ControlError(400, 'after must be a record id');
        options.after = after;
      }
      return objects.list(options);
    },
    create: (handle, type, body) => {
      const objects = objectsOf(handle, type);
      const json = body();
      const associateWith = Array.isArray(json['associateWith']) ? json['associateWith'].map(String) : undefined;
      return objects.create(propertiesOf(json), associateWith ? { associateWith } : {});
    },
    get: (handle, type, id, query) => {
      const objects = objectsOf(handle, type);
      const archived = queryScalar(query['archived']) === 'true';
      const record = objects.get(id, { archived });
      if (!record) throw new ControlError(404, `No ${archived ? 'archived' : 'live'} record ${id}`);
      return record;
    },
    update: (handle, type, id, body) => {
      const objects = objectsOf(handle, type);
      if (!objects.get(id)) throw new ControlError(404, `No live record ${id}`);
      return objects.update(id, propertiesOf(body()));
    },
    remove: (handle, type, id) => {
      if (!objectsOf(handle, type).archive(id)) throw new ControlError(404, `No live record ${id}`);
    },
  };
}

/** Registers the control API. */
export function registerControlRoutes(scope: FastifyInstance, service: HubSpotService): void {
  registerControlApi(scope, {
    provider: 'HubSpot',
    accountLabel: 'account',
    bases: ['/_sandbox/accounts'],
    info: () => ({
      provider: 'hubspot',
      baseUrl: service.settings.baseUrl(),
      accounts: service.accounts.keys(),
      seed: { contacts: service.settings.seed.contacts, companies: service.settings.seed.companies },
      customObjects: { cars: service.settings.seed.cars },
      rateLimit: service.settings.rateLimit,
      searchRateLimit: service.settings.searchRateLimit,
      tokenLifetimeSeconds: service.settings.tokenLifetimeSeconds,
      latencyMs: service.settings.latencyMs,
      clients: service.settings.clients.map((client) => client.clientId),
      unattributed: service.unattributed.snapshot(),
    }),
    handle: (name) => accountHandle(service, service.accounts.get(name)),
    summary,
    apiError: (error) =>
      error instanceof HubSpotApiError
        ? { statusCode: error.statusCode, body: { error: error.message, hubspot: error.render('control') } }
        : undefined,
    tokensKeepApiErrors: true,
    records: records(service),
  });
}
