/**
 * HubSpot's OAuth 2.0: the consent page `GET|POST /oauth/authorize` (the kit's; HubSpot serves it at app.hubspot.com),
 * `POST /oauth/v1/token` (authorization_code and refresh_token grants, form-encoded), `GET /oauth/v1/access-tokens/{t}`
 * and `GET|DELETE /oauth/v1/refresh-tokens/{t}`. Codes are single use and live 10 minutes; access tokens ("C" +
 * base64url) live `tokenLifetimeSeconds` (HubSpot: 1800); refresh tokens (UUIDs) neither rotate nor expire.
 */
import type { FastifyInstance } from 'fastify';

import { registerAuthorizeRoutes } from '../shared/authorize-routes.js';
import { fillTemplate } from '../shared/error-template.js';
import { hashString } from '../shared/prng.js';
import { routeKind } from '../shared/request-state.js';
import { redeemTokenRequest } from '../shared/token-grant.js';
import { sleep } from '../shared/util.js';
import type { HubSpotAccount } from './account.js';
import { HubSpotApiError, standardError, tokenError } from './errors.js';
import { sendError, stateOf } from './request-state.js';
import { ANSWERS, HUBSPOT_ENDPOINTS, type HubSpotService } from './service.js';

/** Splits HubSpot's space-separated scope list (also tolerates "+" and ","). */
function scopes(text: string | undefined): string[] {
  return (text ?? '').split(/[\s+,]+/).filter((scope) => scope.length > 0);
}

const notFound = (what: string) => standardError(404, { message: `${what} not found`, category: 'OBJECT_NOT_FOUND' });

/** What introspection reports of any token: its user and portal (a slug of the account's name), token and scopes. */
function tokenInfo(account: HubSpotAccount, record: { token: string; scopes: string[] }) {
  const slug = account.key.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'account';
  return { slug, token: record.token, scopes: record.scopes, hubId: account.hubId, userId: account.seed.userId };
}

/** Registers the OAuth routes. */
export function registerOAuthRoutes(scope: FastifyInstance, service: HubSpotService): void {
  registerAuthorizeRoutes(scope, {
    providerName: 'HubSpot',
    path: HUBSPOT_ENDPOINTS.authorizePath,
    client: (clientId) => service.client(clientId),
    redirectMismatch: ANSWERS.redirectMismatch,
    carried: ['scope', 'optional_scope'],
    scopes: ({ params }) => ({ scopes: scopes(params['scope']), optional: scopes(params['optional_scope']) }),
    declined: ANSWERS.declined,
    openAccount: (name) => service.accounts.open(name),
    limitMessage: () => service.accounts.limitMessage,
    issueCode: ({ clientId, redirectUri, params }, account) => {
      const granted = [...scopes(params['scope']), ...scopes(params['optional_scope'])];
      return service.oauth.issueCode({ clientId, redirectUri, accountKey: account.key, scopes: granted.length > 0 ? granted : ['oauth'] }).code;
    },
  });
  scope.post(HUBSPOT_ENDPOINTS.tokenPath, routeKind('token'), async (request, reply) => {
    stateOf(request);
    await sleep(service.settings.latencyMs);
    try {
      const redeemed = redeemTokenRequest(request.body, (id) => service.client(id), service.oauth, tokenError);
      const grant = service.grant(redeemed.clientId, redeemed.accountKey, redeemed.scopes, redeemed.refreshToken);
      service.accounts.get(redeemed.accountKey).counters.record('token', 200);
      return reply.code(200).header('Cache-Control', 'no-store').send(grant);
    } catch (error) {
      if (!(error instanceof HubSpotApiError)) throw error;
      service.unattributed.record('token', error.statusCode);
      return sendError(reply, request, error);
    }
  });
  const token = (params: unknown) => (params as { token: string }).token;
  scope.get('/oauth/v1/access-tokens/:token', routeKind('introspect'), async (request) => {
    const record = service.oauth.findAccessToken(token(request.params));
    const now = service.settings.now();
    if (!record || record.expiresAt <= now) throw notFound('access token');
    const account = service.accounts.get(record.accountKey);
    account.counters.record('introspect', 200);
    const appId = 100_000 + (hashString(`app:${record.clientId}`) % 9_899_999);
    const expiresIn = Math.max(0, Math.floor((record.expiresAt - now) / 1000));
    return fillTemplate(ANSWERS.accessTokenInfo, { ...tokenInfo(account, record), appId, expiresIn });
  });
  scope.get('/oauth/v1/refresh-tokens/:token', routeKind('introspect'), async (request) => {
    const record = service.oauth.findRefreshToken(token(request.params));
    if (!record) throw notFound('refresh token');
    return fillTemplate(ANSWERS.refreshTokenInfo, { ...tokenInfo(service.accounts.get(record.accountKey), record), clientId: record.clientId });
  });
  scope.delete('/oauth/v1/refresh-tokens/:token', routeKind('revoke'), async (request, reply) => {
    if (!service.oauth.revokeRefreshToken(token(request.params))) throw notFound('refresh token');
    return reply.code(204).send();
  });
}
