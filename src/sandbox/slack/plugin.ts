/**
 * The Slack fake as a Fastify plugin: the Web API under `/api/` behind the bot token (`Authorization: Bearer xoxb-…`;
 * `not_authed` without one, `invalid_auth` for one it does not know, both HTTP 200), each method's rate-limit tier
 * (429 with `Retry-After`), queued faults; the consent page `/oauth/v2/authorize` and the token exchange
 * `/api/oauth.v2.access`.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

import { registerAuthorizeRoutes } from '../shared/authorize-routes.js';
import { ensureFormParser, lenientJsonParser } from '../shared/body-parsers.js';
import { emptyNotFound, throwingCatchAll } from '../shared/catch-all-routes.js';
import { registerApiScope, registerControlScope } from '../shared/fake-scopes.js';
import { securePages } from '../shared/page-headers.js';
import { requestStates, routeDeclaration, routeKind } from '../shared/request-state.js';
import { serveFault } from '../shared/serve-fault.js';
import { bodyField, queryScalar, sleep } from '../shared/util.js';
import { registerControlRoutes } from './control-routes.js';
import { SLACK_ENDPOINTS } from './endpoints.js';
import { errorBody, RATELIMITED, registerErrorHandler, SlackApiError, slackError } from './errors.js';
import type { SlackAccountHandle } from './handles.js';
import { type Caller, registerApiRoutes } from './routes.js';
import { SLACK_SCOPES, type SlackService, type Tier } from './service.js';

export { SLACK_ENDPOINTS } from './endpoints.js';

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerOf(header: string | undefined): string | undefined {
  const m = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m ? (m[1] as string) : undefined;
}

/** Slack's scopes, comma-separated (spaces tolerated). */
const scopeList = (raw: string | undefined) => (raw ?? '').split(/[\s,]+/).filter((s) => s !== '');

/** Basic client credentials, or the form's (Slack takes either). */
function clientCredentials(request: FastifyRequest): { clientId?: string; clientSecret?: string } {
  const header = request.headers.authorization;
  const encoded = typeof header === 'string' ? /^Basic\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
  if (encoded !== undefined) {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const at = decoded.indexOf(':');
    if (at >= 0) return { clientId: decoded.slice(0, at), clientSecret: decoded.slice(at + 1) };
  }
  const get = (name: string) => bodyField(request.body, name) ?? queryScalar((request.query as Record<string, unknown>)[name]);
  const clientId = get('client_id');
  const clientSecret = get('client_secret');
  return { ...(clientId === undefined ? {} : { clientId }), ...(clientSecret === undefined ? {} : { clientSecret }) };
}

export function slackPlugin(service: SlackService, handle: (name: string) => SlackAccountHandle, controlToken: string | null): FastifyPluginAsync {
  const { stateOf } = requestStates<Caller>('Slack');
  const limits = service.settings.rateLimit;

  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (service.settings.latencyMs > 0) await sleep(service.settings.latencyMs);
    const token = bearerOf(request.headers.authorization);
    if (token === undefined) return reply.code(200).send(errorBody('not_authed'));
    const caller = service.authenticate(token);
    if (!caller) return reply.code(200).send(errorBody('invalid_auth'));
    const state = stateOf(request);
    state.account = caller;
    reply.header('x-oauth-scopes', caller.scopes.join(','));
    const tier = routeDeclaration<{ tier: Tier | null }>(request).tier;
    if (limits.enforce && tier !== undefined && tier !== null) {
      const wait = caller.account.take(tier);
      if (wait > 0) {
        state.outcome = 'rate-limited';
        return reply.code(429).header('retry-after', String(wait)).send(RATELIMITED);
      }
    }
    return serveFault(
      request,
      reply,
      caller.account.faults.take(request),
      (status) => (status === 429 ? RATELIMITED : status >= 500 ? errorBody('internal_error') : errorBody('invalid_arguments')),
      () => (state.outcome = 'faulted'),
      (status): Record<string, string> => (status === 429 ? { 'retry-after': '30' } : {}),
    );
  };

  return async (fastify) => {
    ensureFormParser(fastify);
    securePages(fastify);
    await fastify.register(async (pages) => {
      // The consent page (slack.com/oauth/v2/authorize): the bot scopes in `scope`, comma-separated; a declined
      // install comes back as error=access_denied.
      registerAuthorizeRoutes(pages, {
        providerName: 'Slack',
        path: SLACK_ENDPOINTS.authorizePath,
        client: (clientId) => service.client(clientId),
        redirectMismatch: 'redirect_uri did not match any configured URIs.',
        carried: ['scope', 'user_scope'],
        scopes: ({ params }) => ({ scopes: scopeList(params['scope']).length ? scopeList(params['scope']) : [...SLACK_SCOPES] }),
        declined: { error: 'access_denied' },
        openAccount: (name) => service.accounts.open(name),
        limitMessage: () => service.accounts.limitMessage,
        issueCode: ({ clientId, redirectUri, params }, account) => {
          const scopes = scopeList(params['scope']);
          return service.oauth.issueCode({ clientId, redirectUri, accountKey: account.key, scopes: scopes.length ? scopes : [...SLACK_SCOPES] }).code;
        },
      });
      // oauth.v2.access: the code for a bot token; refusals are HTTP 200 with {ok: false, error} as every method's.
      pages.route({
        method: ['GET', 'POST'],
        url: SLACK_ENDPOINTS.tokenPath,
        ...routeKind('token'),
        handler: async (request, reply) => {
          await sleep(service.settings.latencyMs);
          const refuse = (error: string) => {
            service.unattributed.record('token', 200);
            return reply.code(200).send(errorBody(error));
          };
          const { clientId, clientSecret } = clientCredentials(request);
          const client = service.client(clientId);
          if (!client || clientId === undefined) return refuse('invalid_client_id');
          if (client.clientSecret !== clientSecret) return refuse('bad_client_secret');
          const get = (name: string) => bodyField(request.body, name) ?? queryScalar((request.query as Record<string, unknown>)[name]);
          const grantType = get('grant_type');
          if (grantType !== undefined && grantType !== 'authorization_code')
            return refuse(grantType === 'refresh_token' ? 'invalid_refresh_token' : 'invalid_grant_type');
          const code = get('code');
          if (code === undefined) return refuse('invalid_code');
          const redeemed = service.oauth.redeemCode(code, clientId, get('redirect_uri'));
          if (!redeemed.ok) return refuse(redeemed.reason === 'redirect' ? 'bad_redirect_uri' : 'invalid_code');
          const grant = service.grant(clientId, redeemed.record.accountKey, redeemed.record.scopes);
          service.accounts.get(redeemed.record.accountKey).counters.record('token', 200);
          return reply.code(200).header('Cache-Control', 'no-store').send(grant);
        },
      });
    });
    await registerApiScope(fastify, {
      stateOf,
      unattributed: service.unattributed,
      countersOf: (caller: Caller) => caller.account.counters,
      guard,
      routes: (api) => {
        lenientJsonParser(api, () => slackError('invalid_json'));
        registerErrorHandler(api);
        registerApiRoutes(api, (request) => stateOf(request).account as Caller);
        throwingCatchAll(api, '/api/*', () => new SlackApiError(errorBody('unknown_method'), 404));
      },
    });
    await registerControlScope(fastify, controlToken, (control) => registerControlRoutes(control, service, handle));
    emptyNotFound(fastify);
  };
}
