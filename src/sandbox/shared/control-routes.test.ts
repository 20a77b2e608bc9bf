import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ControlError, registerControlApi } from './control-routes.js';
import type { FaultSpec } from './faults.js';

class ApiError extends Error {
  readonly statusCode = 422;
}

interface Handle {
  name: string;
  faults: FaultSpec[];
  records: Map<string, Record<string, unknown>>;
  reset(): void;
  counters(): unknown;
  resetCounters(): void;
  injectFault(spec: FaultSpec): void;
  clearFaults(): void;
  pendingFaults(): number;
  expireAccessTokens(): number;
  issueTokens(options: { clientId?: string }): unknown;
}

function handleFor(name: string): Handle {
  const handle: Handle = {
    name,
    faults: [],
    records: new Map(),
    reset: () => handle.records.clear(),
    counters: () => ({ calls: 1 }),
    resetCounters: () => undefined,
    injectFault: (spec) => handle.faults.push(spec),
    clearFaults: () => (handle.faults.length = 0),
    pendingFaults: () => handle.faults.length,
    expireAccessTokens: () => 2,
    issueTokens: (options) => {
      if (options.clientId === 'api') throw new ApiError('api says no');
      if (options.clientId !== undefined) throw new Error(`Unknown client ${options.clientId}`);
      return { access_token: 't' };
    },
  };
  return handle;
}

async function app(keepApiErrors: boolean): Promise<FastifyInstance> {
  const handles = new Map<string, Handle>();
  const server = Fastify();
  registerControlApi<Handle>(server, {
    provider: 'Test',
    accountLabel: 'org',
    bases: ['/_sandbox/orgs', '/_sandbox/accounts'],
    info: () => ({ provider: 'test' }),
    handle: (name) => handles.get(name) ?? handles.set(name, handleFor(name)).get(name)!,
    summary: (handle) => ({ name: handle.name, records: handle.records.size, pendingFaults: handle.pendingFaults() }),
    apiError: (error) => (error instanceof ApiError ? { statusCode: error.statusCode, body: { error: error.message, test: true } } : undefined),
    tokensKeepApiErrors: keepApiErrors,
    records: {
      list: (handle, type) => ({ type, results: [...handle.records.values()] }),
      create: (handle, _type, body) => {
        const record = { id: String(handle.records.size + 1), ...body() };
        handle.records.set(record.id, record);
        return record;
      },
      get: (handle, _type, id) => {
        const record = handle.records.get(id);
        if (!record) throw new ControlError(404, `No live record ${id}`);
        return record;
      },
      update: (handle, _type, id, body) => ({ ...handle.records.get(id), ...body() }),
      remove: (handle, _type, id) => {
        if (!handle.records.delete(id)) throw new ControlError(404, `No live record ${id}`);
      },
    },
  });
  await server.ready();
  return server;
}

describe('kit control API skeleton', () => {
  let server: FastifyInstance;
  let keeping: FastifyInstance;
  beforeAll(async () => {
    server = await app(false);
    keeping = await app(true);
  });
  afterAll(async () => {
    await server.close();
    await keeping.close();
  });

  it('serves info, summaries under every base, counters, faults, token expiry and reset', async () => {
    expect((await server.inject({ url: '/_sandbox' })).json()).toEqual({ provider: 'test' });
    expect((await server.inject({ url: '/_sandbox/accounts/acme' })).json()).toEqual({ name: 'acme', records: 0, pendingFaults: 0 });
    const blank = await server.inject({ url: '/_sandbox/orgs/%20' });
    expect([blank.statusCode, blank.json()]).toEqual([400, { error: 'The org name must not be empty' }]);
    expect((await server.inject({ url: '/_sandbox/orgs/acme/counters' })).json()).toEqual({ calls: 1 });
    expect((await server.inject({ method: 'POST', url: '/_sandbox/orgs/acme/counters/reset' })).statusCode).toBe(204);
    const fault = await server.inject({ method: 'POST', url: '/_sandbox/orgs/acme/faults', payload: { status: 503 } });
    expect(fault.json()).toEqual({ pending: 1 });
    expect((await server.inject({ method: 'POST', url: '/_sandbox/orgs/acme/faults', payload: { status: 'x' } })).statusCode).toBe(400);
    expect((await server.inject({ method: 'DELETE', url: '/_sandbox/orgs/acme/faults' })).json()).toEqual({ pending: 0 });
    expect((await server.inject({ method: 'POST', url: '/_sandbox/orgs/acme/expire-tokens' })).json()).toEqual({ expired: 2 });
  });

  it('mints tokens, answering failures as 400 unless the provider keeps its API errors', async () => {
    expect((await server.inject({ method: 'POST', url: '/_sandbox/orgs/a/tokens', payload: {} })).json()).toEqual({ access_token: 't' });
    const unknown = await server.inject({ method: 'POST', url: '/_sandbox/orgs/a/tokens', payload: { clientId: 'x' } });
    expect([unknown.statusCode, unknown.json()]).toEqual([400, { error: 'Unknown client x' }]);
    const wrapped = await server.inject({ method: 'POST', url: '/_sandbox/orgs/a/tokens', payload: { clientId: 'api' } });
    expect([wrapped.statusCode, wrapped.json()]).toEqual([400, { error: 'api says no' }]);
    const kept = await keeping.inject({ method: 'POST', url: '/_sandbox/orgs/a/tokens', payload: { clientId: 'api' } });
    expect([kept.statusCode, kept.json()]).toEqual([422, { error: 'api says no', test: true }]);
    const array = await server.inject({ method: 'POST', url: '/_sandbox/orgs/a/tokens', payload: [1] });
    expect([array.statusCode, array.json()]).toEqual([400, { error: 'The body must be a JSON object' }]);
  });

  it('routes records to the provider’s operations', async () => {
    const created = await server.inject({ method: 'POST', url: '/_sandbox/orgs/r/people', payload: { name: 'Ada' } });
    expect([created.statusCode, created.json()]).toEqual([201, { id: '1', name: 'Ada' }]);
    expect((await server.inject({ url: '/_sandbox/orgs/r/people' })).json()).toEqual({ type: 'people', results: [{ id: '1', name: 'Ada' }] });
    expect((await server.inject({ url: '/_sandbox/orgs/r/people/1' })).json()).toEqual({ id: '1', name: 'Ada' });
    const patched = await server.inject({ method: 'PATCH', url: '/_sandbox/orgs/r/people/1', payload: { name: 'Grace' } });
    expect(patched.json()).toEqual({ id: '1', name: 'Grace' });
    expect((await server.inject({ method: 'DELETE', url: '/_sandbox/orgs/r/people/1' })).statusCode).toBe(204);
    const gone = await server.inject({ method: 'DELETE', url: '/_sandbox/orgs/r/people/1' });
    expect([gone.statusCode, gone.json()]).toEqual([404, { error: 'No live record 1' }]);
    expect((await server.inject({ method: 'POST', url: '/_sandbox/orgs/r/reset' })).json()).toEqual({ name: 'r', records: 0, pendingFaults: 0 });
  });
});
