/**
 * `buildApp()` assembles the HTTP server (without listening: tests use `inject()`): the Endgrate-compatible API under
 * /api, the hosted pages, and, when given, the provider sandbox under /sandbox.
 */
import './types.js';

import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';

import { Errors } from '../errors.js';
import { countRequest } from '../metrics/index.js';
import { authenticate } from '../projects/index.js';
import type { Services } from '../services.js';
import { traceRequests } from '../telemetry/fastify.js';
import { tracing } from '../telemetry/index.js';
import { type DashboardOptions, dashboardPlugin } from '../ui/dashboard/index.js';
import { uiPlugin } from '../ui/index.js';
import getErrors from './api/get-errors.js';
import getIntegrations from './api/get-integrations.js';
import getStatistics from './api/get-statistics.js';
import postSchemas from './api/post-schemas.js';
import getPullData from './api/pull/get-data.js';
import postPullInitiate from './api/pull/post-initiate.js';
import postPullTransfer from './api/pull/post-transfer.js';
import getPushData from './api/push/get-data.js';
import postPushInitiate from './api/push/post-initiate.js';
import postPushTransfer from './api/push/post-transfer.js';
import getSessionConfiguration from './api/session/get-configuration.js';
import postSessionDelete from './api/session/post-delete.js';
import postSessionEditLink from './api/session/post-edit-link.js';
import postSessionInitiate from './api/session/post-initiate.js';
import { clientErrorHandler, installErrorHandling, installJsonParser } from './errors.js';
import { lenientHook } from './lenient.js';
import { installLoadShedding } from './load-shedding.js';
import { registerOpenApi, registerOpenApiRoutes } from './openapi/index.js';
import getHealthz from './ops/get-healthz.js';
import getMetrics from './ops/get-metrics.js';
import getReadyz from './ops/get-readyz.js';
import { validatorCompiler } from './validation.js';

export interface AppOptions {
  /** The sandbox plugin, mounted at /sandbox (see src/sandbox). */
  sandbox?: FastifyPluginAsync | null;
  /** Options of the dashboard (mounted at /dashboard), or false to leave it out (its tests mount it themselves). */
  dashboard?: DashboardOptions | false;
}

const ENDPOINTS = [
  postSessionInitiate,
  postPullInitiate,
  postPushInitiate,
  getSessionConfiguration,
  postSessionDelete,
  postSessionEditLink,
  postPullTransfer,
  getPullData,
  postPushTransfer,
  getPushData,
  getErrors,
  getIntegrations,
  getStatistics,
  postSchemas,
];

const MEDIA_TYPE = /^\s*[\w!#$%&'*+.^`|~-]+\/[\w!#$%&'*+.^`|~-]+\s*(;.*)?$/;

/** An API path's trailing slashes removed (`/api/errors/?limit=5` → `/api/errors?limit=5`); other URLs unchanged. */
export function apiWithoutTrailingSlash(url: string): string {
  if (!url.startsWith('/api/')) return url;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (!path.endsWith('/')) return url;
  return path.replace(/\/+$/, '') + (q === -1 ? '' : url.slice(q));
}

/**
 * Routes whose requests are not logged at info (their warnings and errors still are): the probes and the scrape
 * (`/healthz`, `/readyz`, `/metrics`), and static assets (scripts, logos).
 */
export function isQuietRoute(url: string): boolean {
  return url === '/healthz' || url === '/readyz' || url === '/metrics' || url.startsWith('/static/') || url.startsWith('/dashboard/assets/');
}

/**
 * Routes a client calls many times a second (the data pages, 250 items each): their requests are logged at debug,
 * not info (two info lines per request cost 10–25 % of a cheap page). A failed request is logged as on any route.
 */
export function isHotRoute(url: string): boolean {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  return path === '/api/pull/data' || path === '/api/push/data';
}

/** Fastify's request logs, with the hot routes' (see isHotRoute) at debug. */
class WeftLogController extends LogController {
  override incomingRequest(request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>): void {
    if (!isHotRoute(request.url)) return super.incomingRequest(request, reply, metadata);
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>): void {
    if (error || reply.statusCode >= 400 || !isHotRoute(request.url)) return super.requestCompleted(error, request, reply, metadata);
    reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

/** WEFT_TRUST_PROXY as Fastify takes it (a hop count as the function Fastify itself makes of one). */
function fastifyTrustProxy(trust: Services['config']['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return typeof trust === 'boolean' ? trust : [...trust];
}

export async function buildApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: services.log as FastifyBaseLogger,
    logController: new WeftLogController(),
    bodyLimit: services.config.bodyLimit,
    // Behind a proxy, the public URL comes from configuration, never from request headers; the client's address (for
    // the dashboard's sign-in limits and logs) comes from X-Forwarded-For only when WEFT_TRUST_PROXY says which proxies.
    trustProxy: fastifyTrustProxy(services.config.trustProxy),
    ajv: { customOptions: { allErrors: true } },
    // `/api/pull/transfer/` is `/api/pull/transfer`, as on Endgrate (API paths only: the sandbox keeps the
    // providers' own slash rules).
    rewriteUrl: (req) => apiWithoutTrailingSlash(req.url ?? '/'),
    // Refusals Node makes before a route runs (headers too large, a malformed request line) in the error shape too.
    clientErrorHandler,
    // Requests that arrive while the server stops are answered by the hook below, in the error shape.
    return503OnClosing: false,
    // A client that trickles its request (a slow body) is cut off with 408 instead of holding a connection.
    requestTimeout: services.config.requestTimeoutMs,
  });
  // Node checks request timeouts every 30 s by default; check often enough for the timeout to mean what it says. Its
  // headers timeout (60 s) must not exceed the request timeout, or the request timeout is never applied.
  (app.server as { connectionsCheckingInterval?: number }).connectionsCheckingInterval = Math.max(
    250,
    Math.min(5_000, Math.floor(services.config.requestTimeoutMs / 4)),
  );
  app.server.headersTimeout = Math.min(app.server.headersTimeout, services.config.requestTimeoutMs);
  app.decorate('services', services);
  // A span per request when OpenTelemetry traces are on (first, so that it covers every other hook).
  if (tracing()) traceRequests(app);
  // Probes, the scrape and static assets log their requests at warn and above only (see isQuietRoute).
  app.addHook('onRoute', (route) => {
    // (Fastify has already filled in the instance's level: raise it, never lower a stricter one.)
    if (isQuietRoute(route.url) && !['warn', 'error', 'fatal', 'silent'].includes(route.logLevel ?? '')) route.logLevel = 'warn';
  });
  // Every answer counted for /metrics by the route's pattern (never the raw URL: ids would make endless series).
  app.addHook('onResponse', async (request, reply) => {
    countRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
  app.decorateRequest('principal', null);
  app.setValidatorCompiler(validatorCompiler);
  // Response schemas document the answers (OpenAPI) and never change them: sent as JSON.stringify makes them.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  // Before the routes: the document is made from the routes as they are added.
  await registerOpenApi(app, services.config.publicUrl);
  installErrorHandling(app, services.config.bodyLimit);
  // Under sustained overload, shed requests with a clean 503 until the server catches up.
  if (services.config.maxEventLoopUtilization > 0) installLoadShedding(app, services.config.maxEventLoopUtilization);
  app.addHook('onRequest', async (_request, reply) => {
    if (!services.stopping.aborted) return;
    reply.header('connection', 'close');
    throw Errors.shuttingDown();
  });
  // Answers sent while stopping (synchronous requests cut short) close their connection, so that the server can close.
  app.addHook('onSend', async (_request, reply) => {
    if (services.stopping.aborted) reply.header('connection', 'close');
  });

  await app.register(async (api) => {
    // The API speaks JSON only: a body that is valid JSON is read as JSON whatever its content type says.
    installJsonParser(api, services.config.bodyLimit);
    api.addHook('preValidation', lenientHook);
    api.addHook('onRequest', async (request) => {
      // While the database is out of reach, answer at once instead of waiting for a timeout.
      if (services.health.down) throw Errors.databaseUnavailable();
      // A content type that is not a media type at all would be refused before any parser runs; without it, a
      // JSON body is still read as JSON.
      const type = request.headers['content-type'];
      if (type !== undefined && !MEDIA_TYPE.test(type)) delete request.headers['content-type'];
      if (request.routeOptions.config.auth === false || request.routeOptions.url === undefined) return;
      const principal = await authenticate(services.database, request.headers.authorization, Date.now(), (e) =>
        request.log.warn({ err: e }, "could not record the API key's last use; the request goes on"),
      );
      if (!principal) throw Errors.unauthorized();
      request.principal = principal;
    });
    for (const register of ENDPOINTS) register(api);
  });
  // Probes and metrics: outside the API's scope (no API key, and no 503 short-cut while the database is down: /readyz
  // says so itself).
  getHealthz(app);
  getReadyz(app);
  getMetrics(app);
  await registerOpenApiRoutes(app);
  await app.register(uiPlugin);
  if (options.dashboard !== false) await app.register(dashboardPlugin, options.dashboard ?? {});
  if (options.sandbox) await app.register(options.sandbox, { prefix: '/sandbox' });
  return app;
}
