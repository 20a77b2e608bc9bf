import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';

import { registerFaultHooks } from './faults.js';
import { faultHeaders, serveFault } from './serve-fault.js';

describe('kit fault headers', () => {
  it("sends the provider's headers for the status, the fault's Retry-After in place of theirs", () => {
    expect(faultHeaders({ status: 503 })).toEqual({});
    expect(faultHeaders({ status: 401 }, { 'x-gateway': 'true' })).toEqual({ 'x-gateway': 'true' });
    expect(faultHeaders({ status: 429 }, { 'retry-after': '2' })).toEqual({ 'retry-after': '2' });
    expect(faultHeaders({ status: 429, retryAfterSeconds: 7 }, { 'retry-after': '2', 'x-gateway': 'true' })).toEqual({
      'x-gateway': 'true',
      'Retry-After': '7',
    });
  });

  it('answers with them now and after the work, whatever the body', async () => {
    const app = Fastify();
    const faults: Record<string, Parameters<typeof serveFault>[2]> = {
      now: { status: 429 },
      ownRetry: { status: 429, retryAfterSeconds: 9 },
      ownBody: { status: 401, body: { own: true } },
      after: { status: 401, afterWork: true },
    };
    const providerHeaders = (status: number): Record<string, string> => (status === 429 ? { 'retry-after': '2' } : { 'x-gateway': 'true' });
    app.register(async (scope) => {
      registerFaultHooks(scope);
      scope.addHook('onRequest', async (request, reply) => {
        const fault = faults[(request.query as Record<string, string>)['fault'] ?? ''];
        return serveFault(
          request,
          reply,
          fault,
          (status) => ({ status }),
          () => undefined,
          providerHeaders,
        );
      });
      scope.get('/work', async () => ({ served: true }));
    });
    await app.ready();
    const answer = async (fault: string) => {
      const response = await app.inject({ method: 'GET', url: `/work?fault=${fault}` });
      return [response.statusCode, response.headers['retry-after'], response.headers['x-gateway'], response.json()];
    };
    expect(await answer('now')).toEqual([429, '2', undefined, { status: 429 }]);
    expect(await answer('ownRetry')).toEqual([429, '9', undefined, { status: 429 }]);
    expect(await answer('ownBody')).toEqual([401, undefined, 'true', { own: true }]);
    expect(await answer('after')).toEqual([401, undefined, 'true', { status: 401 }]);
    await app.close();
  });
});
