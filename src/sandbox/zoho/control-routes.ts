/**
 * Zoho's part of the sandbox control API (../shared/control-routes.ts): orgs under `/_sandbox/orgs/{name}`, records by
 * module (Contacts, Accounts, Deals, …) with Zoho's text ids, listed in id order from `after`; creates and updates go
 * through the same rules as the API's (as the org's administrator), refused ones answered in Zoho's shape.
 */
import type { FastifyInstance } from 'fastify';

import { ControlError, positiveInteger, registerControlApi } from '../shared/control-routes.js';
import type { FaultSpec } from '../shared/faults.js';
import { queryScalar } from '../shared/util.js';
import { ZohoError } from './errors.js';
import { type ModuleName, MODULES, type ZohoOrg } from './org.js';
import type { ZohoService } from './service.js';
import { createRecord, type RecordAnswer, updateRecord } from './writes.js';

interface Handle {
  org: ZohoOrg;
  reset(): void;
  counters(): unknown;
  resetCounters(): void;
  injectFault(spec: FaultSpec): void;
  clearFaults(): void;
  pendingFaults(): number;
  expireAccessTokens(): number;
  issueTokens(options: { clientId?: string; scopes?: string[] }): unknown;
}

const moduleOf = (type: string): ModuleName => {
  const found = MODULES.find((m) => m.toLowerCase() === type.toLowerCase());
  if (!found) throw new ControlError(404, `Unknown module ${type} (use ${MODULES.join(', ')})`);
  return found;
};

/** A write's record answer: the record on success, else the answer as a 400. */
function written(org: ZohoOrg, module: ModuleName, answer: RecordAnswer) {
  if (answer.status !== 'success') throw new ZohoError(400, answer.code, answer.message, answer.details);
  return org.records(module).get(String(answer.details['id']));
}

export function registerControlRoutes(scope: FastifyInstance, service: ZohoService): void {
  registerControlApi<Handle>(scope, {
    provider: 'Zoho',
    accountLabel: 'org',
    bases: ['/_sandbox/orgs'],
    info: () => ({
      provider: 'zoho',
      baseUrl: service.baseUrl(),
      orgs: service.accounts.keys(),
      seed: service.settings.seed,
      credits: service.settings.credits,
      concurrency: service.settings.concurrency,
    }),
    handle: (name) => {
      const org = service.accounts.get(name);
      return {
        org,
        reset: () => org.reset(),
        counters: () => org.counters.snapshot(),
        resetCounters: () => org.counters.reset(),
        injectFault: (spec) => org.faults.enqueue(spec),
        clearFaults: () => org.faults.clear(),
        pendingFaults: () => org.faults.pending(),
        expireAccessTokens: () => service.oauth.expireAccountTokens(org.key),
        issueTokens: ({ clientId, scopes }) => {
          const client = service.client(clientId ?? service.settings.clients[0]?.clientId);
          if (!client) throw new ControlError(400, `Unknown client ${clientId ?? ''}`);
          const grant = { clientId: client.clientId, scopes: scopes ?? service.scopesOf(client.clientId), orgKey: org.key, userId: org.admin.id };
          return {
            access_token: service.oauth.issueAccessToken(grant).token,
            api_domain: service.apiDomain(org.location),
            token_type: 'Bearer',
            expires_in: service.oauth.lifetimeSeconds,
          };
        },
      };
    },
    summary: ({ org }) => ({
      name: org.key,
      orgId: org.orgId,
      location: org.location,
      apiDomain: service.apiDomain(org.location),
      accountsServer: service.accountsServer(org.location),
      records: Object.fromEntries(MODULES.map((m) => [m, org.records(m).size])),
      creditsUsed: org.credits.used(),
      pendingFaults: org.faults.pending(),
    }),
    apiError: (error) => (error instanceof ZohoError ? { statusCode: error.statusCode, body: error.body() } : undefined),
    records: {
      list: ({ org }, type, query) => {
        const limit = positiveInteger(queryScalar(query['limit']), 'limit') ?? 100;
        const after = queryScalar(query['after']);
        const ids = [...org.records(moduleOf(type)).keys()].sort();
        const from = after === undefined ? 0 : ids.findIndex((id) => id > after);
        const page = from < 0 ? [] : ids.slice(from, from + limit);
        const more = from >= 0 && from + limit < ids.length;
        return { results: page.map((id) => org.records(moduleOf(type)).get(id)), ...(more ? { after: page[page.length - 1] } : {}) };
      },
      get: ({ org }, type, id) => {
        const record = org.records(moduleOf(type)).get(id);
        if (!record) throw new ControlError(404, `No record ${id}`);
        return record;
      },
      create: ({ org }, type, body) => written(org, moduleOf(type), createRecord(org, moduleOf(type), body(), 0, org.admin)),
      update: ({ org }, type, id, body) => {
        const module = moduleOf(type);
        if (!org.records(module).has(id)) throw new ControlError(404, `No live record ${id}`);
        return written(org, module, updateRecord(org, module, body(), 0, org.admin, id));
      },
      remove: ({ org }, type, id) => {
        if (!org.remove(moduleOf(type), id, org.admin)) throw new ControlError(404, `No live record ${id}`);
      },
    },
  });
}
