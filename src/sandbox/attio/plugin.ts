/**
 * The Attio fake as a Fastify plugin (registered at `/attio`). It serves:
 *
 * - `/v2/…`: the REST API, behind the guard: latency → the bearer token (an API key or an OAuth access token; 401
 *   otherwise) → Attio's rate limits, 100 read and 25 write requests per second per workspace (429
 *   `rate_limit_error` with `Retry-After`, an HTTP date) → an injected fault;
 * - `/authorize` and `/oauth/token` (app.attio.com's OAuth 2.0 pages: the consent page asks for an account name);
 * - `/api-keys`: the stand-in for the workspace settings page where an API key is made.
 *
 * Other paths answer Attio's 404 body.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

import { registerApiTokenPage } from '../shared/api-token-page.js';
import { ensureFormParser, lenientJsonParser } from '../shared/body-parsers.js';
import { registerDialectErrorHandler } from '../shared/error-handler.js';
import { registerGuardHooks } from '../shared/faults.js';
import { securePages } from '../shared/page-headers.js';
import { serveFault } from '../shared/serve-fault.js';
import { ANY_METHOD } from '../shared/unknown-routes.js';
import { sleep } from '../shared/util.js';
import { AttioError, bodyOfStatus, notFound } from './errors.js';
import { callers, registerRoutes } from './routes.js';
import { ATTIO_ENDPOINTS, ATTIO_SCOPES, type AttioService, type Workspace } from './service.js';

/** Reads are GETs and the record queries; everything else is a write. */
export function isRead(request: FastifyRequest): boolean {
  return request.method === 'GET' || (request.method === 'POST' && request.url.split('?')[0]?.endsWith('/records/query') === true);
}

/** A request's kind in the counters: its method and route below the mount, e.g. `POST /v2/objects/:object/records/query`. */
function kindOf(request: FastifyRequest): string {
  const url = request.routeOptions.url ?? '';
  const at = url.indexOf('/v2/');
  return `${request.method} ${at < 0 ? 'unknown' : url.slice(at)}`;
}

const outcomes = new WeakMap<FastifyRequest, 'served' | 'rate-limited' | 'faulted'>();

function send(reply: FastifyReply, error: AttioError, headers: Record<string, string> = {}): FastifyReply {
  return reply.code(error.statusCode).headers(headers).send(error.body);
}

/** A 429 as Attio answers it: `Retry-After` is the date the limit resets at (the next second). */
function rateLimited(reply: FastifyReply, now: number, retryAfterMs: number): FastifyReply {
  const resetAt = Math.ceil((now + Math.max(1, retryAfterMs)) / 1000) * 1000;
  return send(reply, new AttioError(429, 'rate_limit_exceeded', 'Rate limit exceeded, please try again later'), {
    'retry-after': new Date(resetAt).toUTCString(),
  });
}

async function guard(service: AttioService, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  await sleep(service.settings.latencyMs);
  const token = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  const found = token === undefined ? undefined : service.authenticate(token);
  if (!found || token === undefined) return send(reply, new AttioError(401, 'unauthorized', 'Authentication failed. Check your access token.'));
  const access = found.via === 'oauth' ? service.oauth.peekAccessToken(token) : undefined;
  callers.set(request, { ...found, ...(access ? { clientId: access.clientId, scopes: access.scopes } : {}) });
  const workspace = found.workspace;
  const decision = (isRead(request) ? workspace.reads : workspace.writes).tryAcquire();
  if (!decision.allowed) {
    outcomes.set(request, 'rate-limited');
    return rateLimited(reply, service.settings.now(), decision.retryAfterMs);
  }
  return serveFault(
    request,
    reply,
    workspace.faults.take(request),
    bodyOfStatus,
    () => void outcomes.set(request, 'faulted'),
    (status): Record<string, string> =>
      status === 429 ? { 'retry-after': new Date(Math.ceil((service.settings.now() + 1) / 1000) * 1000).toUTCString() } : {},
  );
}

function registerApi(api: FastifyInstance, service: AttioService): void {
  lenientJsonParser(api, () => new AttioError(400, 'validation_type', 'Body payload validation error: the body is not valid JSON.'));
  registerGuardHooks(
    api,
    async (request, reply) => guard(service, request, reply),
    (request) => ({
      counters: callers.get(request)?.workspace.counters ?? service.unattributed,
      kind: kindOf(request),
      outcome: outcomes.get(request) ?? 'served',
    }),
  );
  registerDialectErrorHandler(api, {
    provider: 'Attio',
    isOwn: (error): error is AttioError => error instanceof AttioError,
    send: (reply, _request, error) => send(reply, error),
    fromFastify: (error) => new AttioError(error.statusCode ?? 400, 'validation_type', `Body payload validation error: ${error.message}`),
    internal: () => new AttioError(500, 'internal_server_error', 'An internal error occurred.'),
  });
  registerRoutes(api, service);
  api.route({
    method: ANY_METHOD,
    url: '/v2/*',
    exposeHeadRoute: false,
    handler: async () => {
      throw notFound('Route not found.');
    },
  });
}

/** Builds the plugin of an Attio fake. */
export function attioPlugin(service: AttioService, registerControl?: (scope: FastifyInstance) => void): FastifyPluginAsync {
  return async (fastify) => {
    ensureFormParser(fastify);
    securePages(fastify);
    await fastify.register(async (pages) => {
      service.registerCodeFlow(pages, {
        providerName: 'Attio',
        paths: { authorize: ATTIO_ENDPOINTS.authorizePath, token: ATTIO_ENDPOINTS.tokenPath, revoke: '/oauth/revoke' },
        scopesOf: () => [...ATTIO_SCOPES],
        grantOf: (workspace: Workspace) => ({ workspaceKey: workspace.key }),
        issue: (grant) => service.grant(grant.clientId, grant.workspaceKey, grant.scopes),
        declined: 'access_denied',
      });
      // The stand-in for Attio's "Workspace settings → Developers → New access token" page.
      registerApiTokenPage(pages, {
        provider: 'Attio',
        path: ATTIO_ENDPOINTS.keyPagePath,
        intro: "Every sandbox workspace has one API key (an access token with every scope). Type the workspace's account name to see it.",
        header: 'authorization: Bearer',
        apiBase: () => service.baseUrl(),
        accounts: service.accounts,
        show: (workspace) => ({ token: workspace.apiKey, detail: { label: 'workspace id', value: workspace.identity.workspaceId } }),
      });
    });
    await fastify.register(async (api) => registerApi(api, service));
    if (registerControl) await fastify.register(async (control) => registerControl(control));
    fastify.route({
      method: ANY_METHOD,
      url: '/*',
      exposeHeadRoute: false,
      handler: async (_request, reply) => reply.code(404).send(notFound('Route not found.').body),
    });
  };
}
