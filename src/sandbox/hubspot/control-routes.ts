/**
 * HubSpot's part of the sandbox control API (../shared/control-routes.ts):
 * accounts under `/_sandbox/accounts/{name}`, records by object type
 * (contacts, companies, deals, tickets, products, the activities, cars) with `archived`, and HubSpot's error body under
 * `hubspot` for API errors.
 */
import type { FastifyInstance } from 'fastify';

import { viewControlRecords } from '../shared/control-records.js';
import { ControlError, registerControlApi } from '../shared/control-routes.js';
import { DEFAULT_SEED_DEALS } from './account.js';
import { HubSpotApiError } from './errors.js';
import { accountHandle, type HubSpotAccountHandle, type PropertyInput } from './handles.js';
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

function records(service: HubSpotService) {
  return viewControlRecords<HubSpotAccountHandle>((handle, type) => {
    const objects = handle.objects(resolveObjectType(type, service.accounts.get(handle.name), true));
    return {
      view: objects,
      create: (json) => {
        const associateWith = Array.isArray(json['associateWith']) ? json['associateWith'].map(String) : undefined;
        return objects.create(propertiesOf(json), associateWith ? { associateWith } : {});
      },
      update: (id, json) => objects.update(id, propertiesOf(json)),
      archive: (id) => objects.archive(id),
    };
  });
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
      seed: {
        contacts: service.settings.seed.contacts,
        companies: service.settings.seed.companies,
        deals: service.settings.seed.deals ?? DEFAULT_SEED_DEALS,
      },
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
