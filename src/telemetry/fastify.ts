/**
 * One span per HTTP request (only when tracing is on: see ./index.ts): named and labelled by the route's pattern
 * (never the raw URL, whose ids and query could carry secrets), with the method and the status. The span is the active
 * context of the request's hooks and handler, so that jobs enqueued by the request carry its trace.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { type Context, runInContext, type Span, SpanKind, startSpan } from './index.js';

export function traceRequests(app: FastifyInstance): void {
  const open = new WeakMap<FastifyRequest, { span: Span; context: Context }>();
  const finish = (request: FastifyRequest, status: number | null) => {
    const started = open.get(request);
    if (!started) return;
    open.delete(request);
    const route = request.routeOptions.url ?? 'unmatched';
    started.span.updateName(`${request.method} ${route}`);
    started.span.setAttribute('http.route', route);
    if (status === null) started.span.setAttribute('error.type', 'aborted');
    else started.span.setAttribute('http.response.status_code', status);
    if (status === null || status >= 500) started.span.setStatus({ code: 2 });
    started.span.end();
  };
  // The rest of the request (hooks, body, handler) runs in the span's context: async continuations keep it.
  app.addHook('onRequest', (request, _reply, done) => {
    const started = startSpan(request.method, SpanKind.SERVER, { 'http.request.method': request.method });
    if (!started) return done();
    open.set(request, started);
    runInContext(started.context, done);
  });
  app.addHook('onResponse', (request, reply, done) => {
    finish(request, reply.statusCode);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    finish(request, null);
    done();
  });
}
