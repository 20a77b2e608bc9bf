/**
 * HubSpot's part of the sandbox control API (../shared/control-routes.ts): accounts under `/_sandbox/accounts/{name}`,
 * records of every object type with `archived`, and HubSpot's error body under `hubspot` for API errors.
 */
import type { FastifyInstance } from 'fastify';

import { viewControlRecords } from '../shared/control-records.js';
import { ControlError, registerControlApi } from '../shared/control-routes.js';
import { jsonObject } from '../shared/objects-routes.js';
import { DEFAULT_SEED_DEALS } from './account.js';
import { HubSpotApiError } from './errors.js';
import { accountHandle, type HubSpotAccountHandle, type HubSpotObjectsHandle, type PropertyInput } from './handles.js';
import { resolveObjectType } from './request-state.js';
import type { HubSpotService } from './service.js';

/** A control write's `properties`, which must be an object. */
const propertiesOf = (body: Record<string, unknown>) =>
  jsonObject(body['properties'], () => new ControlError(400, 'properties must be an object')) as Record<string, PropertyInput>;

const counts = (objects: HubSpotObjectsHandle) => ({ live: objects.count(), archived: objects.count({ archived: true }) });

function summary(handle: HubSpotAccountHandle): Record<string, unknown> {
  return {
    name: handle.name,
    hubId: handle.hubId,
    userId: handle.userId,
    contacts: counts(handle.contacts),
    companies: counts(handle.companies),
    cars: { ...counts(handle.cars), schema: handle.carSchema },
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
    info: () => {
      const { seed, rateLimit, searchRateLimit, tokenLifetimeSeconds, latencyMs, clients } = service.settings;
      return {
        provider: 'hubspot',
        baseUrl: service.settings.baseUrl(),
        accounts: service.accounts.keys(),
        seed: { contacts: seed.contacts, companies: seed.companies, deals: seed.deals ?? DEFAULT_SEED_DEALS },
        customObjects: { cars: seed.cars },
        ...{ rateLimit, searchRateLimit, tokenLifetimeSeconds, latencyMs },
        clients: clients.map((client) => client.clientId),
        unattributed: service.unattributed.snapshot(),
      };
    },
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
