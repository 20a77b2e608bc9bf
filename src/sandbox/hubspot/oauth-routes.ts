/**
 * HubSpot's OAuth 2.0 endpoints:
 * - `GET /oauth/authorize` (the consent page; HubSpot serves it at app.hubspot.com) and
 *   `POST /oauth/authorize` (its form submission, sandbox-only);
 * - `POST /oauth/v1/token` (authorization_code and refresh_token grants, form-encoded);
 * - `GET /oauth/v1/access-tokens/{token}` and `GET|DELETE /oauth/v1/refresh-tokens/{token}`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { normalizeAccountName } from '../shared/account-registry.js';
import { renderAuthorizePage, renderErrorPage } from '../shared/authorize-page.js';
import { isHttpUrl, sendPage } from '../shared/http.js';
import { hashString } from '../shared/prng.js';
import { appendQuery, bodyField, queryScalar, sleep } from '../shared/util.js';
import { HubSpotApiError, standardError, tokenError } from './errors.js';
import { HUBSPOT_ENDPOINTS, type HubSpotClientConfig } from './oauth-store.js';
import { sendError, stateOf } from './request-state.js';
import type { HubSpotService } from './service.js';

/** The parameters of an authorization request. */
interface AuthorizeParams {
  clientId: string;
  redirectUri: string;
  scope?: string;
  optionalScope?: string;
  state?: string;
}

type Lookup = (name: string) => string | undefined;

/** Splits HubSpot's space-separated scope list (also tolerates "+" and ","). */
function scopes(text: string | undefined): string[] {
  return (text ?? '').split(/[\s+,]+/).filter((scope) => scope.length > 0);
}

/** Checks client_id and redirect_uri; returns an error message for the error page, or the params. */
function validateAuthorize(service: HubSpotService, get: Lookup): AuthorizeParams | { error: string } {
  const clientId = get('client_id');
  const redirectUri = get('redirect_uri');
  const client: HubSpotClientConfig | undefined = service.client(clientId);
  if (!clientId || !client) return { error: `Unknown client_id${clientId ? ` "${clientId}"` : ''}.` };
  if (!redirectUri || !isHttpUrl(redirectUri)) return { error: 'The redirect_uri is missing or is not an absolute http(s) URL.' };
  if (client.redirectUris && !client.redirectUris.includes(redirectUri)) {
    return { error: "The redirect_uri does not match any of the app's redirect URLs." };
  }
  const params: AuthorizeParams = { clientId, redirectUri };
  const scope = get('scope');
  const optionalScope = get('optional_scope');
  const state = get('state');
  if (scope !== undefined) params.scope = scope;
  if (optionalScope !== undefined) params.optionalScope = optionalScope;
  if (state !== undefined) params.state = state;
  return params;
}

function consentPage(params: AuthorizeParams, extra: { accountName?: string; error?: string } = {}): string {
  return renderAuthorizePage({
    providerName: 'HubSpot',
    formAction: 'authorize',
    hidden: {
      client_id: params.clientId,
      redirect_uri: params.redirectUri,
      scope: params.scope,
      optional_scope: params.optionalScope,
      state: params.state,
    },
    clientId: params.clientId,
    redirectUri: params.redirectUri,
    scopes: scopes(params.scope),
    optionalScopes: scopes(params.optionalScope),
    ...extra,
  });
}

function authorizeGet(service: HubSpotService) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const q = (request.query ?? {}) as Record<string, unknown>;
    const checked = validateAuthorize(service, (name) => queryScalar(q[name]));
    if ('error' in checked) return sendPage(reply, 400, renderErrorPage('HubSpot', 'This app cannot be authorized', checked.error));
    return sendPage(reply, 200, consentPage(checked));
  };
}

function authorizePost(service: HubSpotService) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body;
    const checked = validateAuthorize(service, (name) => bodyField(body, name));
    if ('error' in checked) return sendPage(reply, 400, renderErrorPage('HubSpot', 'This app cannot be authorized', checked.error));
    const state = checked.state;
    if (bodyField(body, 'decision') === 'cancel') {
      const location = appendQuery(checked.redirectUri, {
        error: 'access_denied',
        error_description: 'The user declined to authorize the app.',
        state,
      });
      return reply.header('Cache-Control', 'no-store').redirect(location, 302);
    }
    const accountName = bodyField(body, 'account') ?? '';
    if (normalizeAccountName(accountName) === '') {
      return sendPage(reply, 400, consentPage(checked, { accountName, error: 'Enter an account name.' }));
    }
    const account = service.accounts.open(accountName);
    if (account === undefined) return sendPage(reply, 400, consentPage(checked, { accountName, error: service.accounts.limitMessage }));
    const granted = [...scopes(checked.scope), ...scopes(checked.optionalScope)];
    const code = service.oauth.issueCode({
      clientId: checked.clientId,
      redirectUri: checked.redirectUri,
      accountKey: account.key,
      scopes: granted.length > 0 ? granted : ['oauth'],
    });
    const location = appendQuery(checked.redirectUri, { code: code.code, state });
    return reply.header('Cache-Control', 'no-store').redirect(location, 302);
  };
}

/** Handles one token request; throws HubSpotApiError for HubSpot's token errors. */
function exchange(service: HubSpotService, body: unknown): { grant: ReturnType<HubSpotService['grant']>; accountKey: string } {
  const grantType = bodyField(body, 'grant_type');
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    throw tokenError('BAD_GRANT_TYPE', 'missing or unknown grant type');
  }
  const clientId = bodyField(body, 'client_id');
  const client = service.client(clientId);
  if (!client || clientId === undefined) throw tokenError('BAD_CLIENT_ID', 'missing or invalid client id');
  if (bodyField(body, 'client_secret') !== client.clientSecret) {
    throw tokenError('BAD_CLIENT_SECRET', 'missing or invalid client secret');
  }
  if (grantType === 'refresh_token') {
    const token = bodyField(body, 'refresh_token');
    const record = token === undefined ? undefined : service.oauth.findRefreshToken(token);
    if (!record || record.clientId !== clientId) throw tokenError('BAD_REFRESH_TOKEN', 'missing or invalid refresh token');
    return { grant: service.grant(clientId, record.accountKey, record.scopes, record.token), accountKey: record.accountKey };
  }
  const code = bodyField(body, 'code');
  if (code === undefined) throw tokenError('BAD_AUTH_CODE', 'missing or unknown auth code');
  const redeemed = service.oauth.redeemCode(code, clientId, bodyField(body, 'redirect_uri'));
  if (!redeemed.ok) {
    if (redeemed.reason === 'expired') throw tokenError('EXPIRED_AUTH_CODE', 'auth code is expired');
    if (redeemed.reason === 'redirect') throw tokenError('BAD_REDIRECT_URI', 'redirect_uri does not match initial auth code URI');
    throw tokenError('BAD_AUTH_CODE', 'missing or unknown auth code');
  }
  const { record } = redeemed;
  return { grant: service.grant(clientId, record.accountKey, record.scopes), accountKey: record.accountKey };
}

function tokenRoute(service: HubSpotService) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    stateOf(request);
    await sleep(service.settings.latencyMs);
    try {
      const { grant, accountKey } = exchange(service, request.body);
      service.accounts.get(accountKey).counters.record('token', 200);
      return reply.code(200).header('Cache-Control', 'no-store').send(grant);
    } catch (error) {
      if (!(error instanceof HubSpotApiError)) throw error;
      service.unattributed.record('token', error.statusCode);
      return sendError(reply, request, error);
    }
  };
}

function notFound(what: string): HubSpotApiError {
  return standardError(404, { message: `${what} not found`, category: 'OBJECT_NOT_FOUND' });
}

/** Stable app id for a client id (introspection reports an `app_id`). */
function appIdOf(clientId: string): number {
  return 100_000 + (hashString(`app:${clientId}`) % 9_899_999);
}

function userOf(accountKey: string): { user: string; hubDomain: string } {
  const slug = accountKey.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'account';
  return { user: `sandbox-user@${slug}.example.com`, hubDomain: `${slug}.sandbox.example.com` };
}

function introspectAccess(service: HubSpotService) {
  return async (request: FastifyRequest) => {
    const { token } = request.params as { token: string };
    const record = service.oauth.findAccessToken(token);
    const now = service.settings.now();
    if (!record || record.expiresAt <= now) throw notFound('access token');
    const account = service.accounts.get(record.accountKey);
    const { user, hubDomain } = userOf(account.key);
    account.counters.record('introspect', 200);
    return {
      token: record.token,
      user,
      hub_domain: hubDomain,
      scopes: record.scopes,
      hub_id: account.hubId,
      app_id: appIdOf(record.clientId),
      expires_in: Math.max(0, Math.floor((record.expiresAt - now) / 1000)),
      user_id: account.seed.userId,
      token_type: 'access',
    };
  };
}

function introspectRefresh(service: HubSpotService) {
  return async (request: FastifyRequest) => {
    const { token } = request.params as { token: string };
    const record = service.oauth.findRefreshToken(token);
    if (!record) throw notFound('refresh token');
    const account = service.accounts.get(record.accountKey);
    const { user, hubDomain } = userOf(account.key);
    return {
      token: record.token,
      user,
      hub_domain: hubDomain,
      scopes: record.scopes,
      hub_id: account.hubId,
      client_id: record.clientId,
      user_id: account.seed.userId,
      token_type: 'refresh',
    };
  };
}

/** Registers the OAuth routes. */
export function registerOAuthRoutes(scope: FastifyInstance, service: HubSpotService): void {
  scope.get(HUBSPOT_ENDPOINTS.authorizePath, { config: { weftSandboxKind: 'authorize' } }, authorizeGet(service));
  scope.post(HUBSPOT_ENDPOINTS.authorizePath, { config: { weftSandboxKind: 'authorize' } }, authorizePost(service));
  scope.post(HUBSPOT_ENDPOINTS.tokenPath, { config: { weftSandboxKind: 'token' } }, tokenRoute(service));
  scope.get('/oauth/v1/access-tokens/:token', { config: { weftSandboxKind: 'introspect' } }, introspectAccess(service));
  scope.get('/oauth/v1/refresh-tokens/:token', { config: { weftSandboxKind: 'introspect' } }, introspectRefresh(service));
  scope.delete('/oauth/v1/refresh-tokens/:token', { config: { weftSandboxKind: 'revoke' } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    if (!service.oauth.revokeRefreshToken(token)) throw notFound('refresh token');
    return reply.code(204).send();
  });
}
