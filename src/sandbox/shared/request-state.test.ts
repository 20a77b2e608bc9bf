import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';

import { requestKind, requestStates, routeDeclaration, routeKind, routeOptions } from './request-state.js';

/** A made-up fake whose routes declare an error format and whether they write. */
type Declared = { format: 'xml' | 'json'; writes: boolean };

describe('route declarations', () => {
  it('reads back what a route declared, its counted kind, and nothing for undeclared routes', async () => {
    const { stateOf } = requestStates<string>('Made-up');
    const app = Fastify();
    const answer = async (request: Parameters<typeof routeDeclaration>[0]) => ({
      kind: stateOf(request).kind,
      declared: routeDeclaration<Declared>(request),
    });
    app.get('/items', routeOptions<Declared>('list', { format: 'xml', writes: false }), answer);
    app.post('/items', routeOptions<Declared>('create', { format: 'json', writes: true }), answer);
    app.get('/plain', answer);
    app.setNotFoundHandler(async (request) => ({ declared: routeDeclaration<Declared>(request) }));
    expect((await app.inject({ method: 'GET', url: '/items' })).json()).toEqual({ kind: 'list', declared: { format: 'xml', writes: false } });
    expect((await app.inject({ method: 'POST', url: '/items' })).json()).toEqual({ kind: 'create', declared: { format: 'json', writes: true } });
    expect((await app.inject({ method: 'GET', url: '/plain' })).json()).toEqual({ kind: 'other', declared: {} });
    expect((await app.inject({ method: 'GET', url: '/nowhere' })).json()).toEqual({ declared: {} });
    await app.close();
  });

  it('keeps its own copy of a declaration', () => {
    const declared: Declared = { format: 'xml', writes: false };
    const options = routeOptions('list', declared);
    declared.writes = true;
    expect(options.config).toEqual({ weftSandboxKind: 'list', weftSandboxRoute: { format: 'xml', writes: false } });
  });

  it('counts a route that declares only its kind under that kind, and declares nothing else', async () => {
    const { stateOf } = requestStates<string>('Made-up');
    const app = Fastify();
    const answer = async (request: Parameters<typeof routeDeclaration>[0]) => ({
      kind: stateOf(request).kind,
      declared: routeDeclaration<Declared>(request),
    });
    app.get('/gadgets', routeKind('list:gadgets'), answer);
    app.post('/gadgets/batch/:action', routeKind('batch'), answer);
    expect(routeKind('search')).toEqual({ config: { weftSandboxKind: 'search' } });
    expect((await app.inject({ method: 'GET', url: '/gadgets' })).json()).toEqual({ kind: 'list:gadgets', declared: {} });
    expect((await app.inject({ method: 'POST', url: '/gadgets/batch/read' })).json()).toEqual({ kind: 'batch-read', declared: {} });
    await app.close();
  });

  it("reads a request's kind for a fake that keeps its own request state", async () => {
    const app = Fastify();
    app.get('/gadgets/:id', routeKind('get'), async (request) => requestKind(request));
    app.post('/gadgets/batch/:action', routeKind('batch'), async (request) => requestKind(request));
    app.get('/plain', async (request) => requestKind(request));
    const kinds = await Promise.all(
      [
        ['GET', '/gadgets/7'],
        ['POST', '/gadgets/batch/archive'],
        ['GET', '/plain'],
      ].map(async ([method, url]) => (await app.inject({ method: method as 'GET', url })).body),
    );
    expect(kinds).toEqual(['get', 'batch-archive', 'other']);
    await app.close();
  });
});
