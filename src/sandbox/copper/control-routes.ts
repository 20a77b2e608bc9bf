/**
 * Copper's part of the sandbox control API (../shared/control-routes.ts): accounts under `/_sandbox/accounts/{name}`,
 * records by entity (people, companies, opportunities, leads, tasks, activities) with numeric ids, listed in id order
 * from `after`; creates and updates go through the same rules as the API's (422 bodies under the control API's
 * error handler). Copper's keys do not expire: there are no tokens to expire or mint.
 */
import type { FastifyInstance } from 'fastify';

import { type AccountControls, apiKeyAccountControls } from '../shared/account-controls.js';
import { ControlError, positiveInteger, registerControlApi } from '../shared/control-routes.js';
import { queryScalar } from '../shared/util.js';
import { CopperError } from './errors.js';
import type { CopperRow } from './seed.js';
import { type CopperAccount, type CopperEntity, type CopperService, ENTITIES } from './service.js';
import { readWrite } from './writes.js';

interface Handle extends AccountControls<never> {
  account: CopperAccount;
}

function handleOf(account: CopperAccount): Handle {
  const reset = () => {
    account.data.resetRecords();
    account.counters.reset();
    account.faults.clear();
    account.limiter.reset();
  };
  return { account, ...apiKeyAccountControls(account, reset, 'Copper uses API keys, not tokens: read the account summary') };
}

const entityOf = (type: string): CopperEntity => {
  const found = ENTITIES.find((e) => e === type);
  if (!found) throw new ControlError(404, `Unknown record type ${type} (use ${ENTITIES.join(', ')})`);
  return found;
};

const shown = (row: CopperRow) => {
  const { deletedAt: _deleted, ...rest } = row;
  return rest;
};

/** Registers the control API. */
export function registerControlRoutes(scope: FastifyInstance, service: CopperService): void {
  const now = () => service.settings.now();
  registerControlApi<Handle>(scope, {
    provider: 'Copper',
    accountLabel: 'account',
    bases: ['/_sandbox/accounts'],
    info: () => ({
      provider: 'copper',
      baseUrl: service.baseUrl(),
      accounts: service.accounts.keys(),
      seed: service.settings.seed,
      rateLimit: service.settings.rateLimit,
    }),
    handle: (name) => handleOf(service.accounts.get(name)),
    summary: ({ account }) => ({
      name: account.key,
      apiKey: account.apiKey,
      email: account.email,
      users: account.users,
      records: Object.fromEntries(ENTITIES.map((e) => [e, account.data.store(e).countLive()])),
      remaining: account.limiter.remaining(),
      pendingFaults: account.faults.pending(),
    }),
    apiError: (error) => (error instanceof CopperError ? { statusCode: error.status, body: error.body } : undefined),
    records: {
      list: ({ account }, type, query) => {
        const limit = positiveInteger(queryScalar(query['limit']), 'limit') ?? 100;
        const after = queryScalar(query['after']);
        if (after !== undefined && !/^\d+$/.test(after)) throw new ControlError(400, 'after must be a record id');
        const page = account.data.store(entityOf(type)).page(limit, after === undefined ? undefined : Number(after));
        return { results: page.records.map(shown), ...(page.nextAfter === undefined ? {} : { after: String(page.nextAfter) }) };
      },
      get: ({ account }, type, id) => {
        const row = /^\d+$/.test(id) ? account.data.store(entityOf(type)).get(Number(id)) : undefined;
        if (!row) throw new ControlError(404, `No record ${id}`);
        return shown(row);
      },
      create: ({ account }, type, body) => {
        const entity = entityOf(type);
        const fields = readWrite(account, entity, body(), now());
        return shown(account.data.store(entity).insert((id) => ({ tags: [], custom_fields: [], ...fields, id })));
      },
      update: ({ account }, type, id, body) => {
        const entity = entityOf(type);
        const current = /^\d+$/.test(id) ? account.data.store(entity).live(Number(id)) : undefined;
        if (!current) throw new ControlError(404, `No live record ${id}`);
        const fields = readWrite(account, entity, body(), now(), current);
        return shown(account.data.store(entity).update(current.id, (copy) => Object.assign(copy, fields)));
      },
      remove: ({ account }, type, id) => {
        if (!/^\d+$/.test(id) || !account.data.store(entityOf(type)).remove(Number(id))) throw new ControlError(404, `No live record ${id}`);
      },
    },
  });
}
