/**
 * Salesforce's OAuth 2.0 and identity endpoints (the login host and the
 * instance are the same base URL in the sandbox):
 * - `GET /services/oauth2/authorize` (the consent page) and `POST /services/oauth2/authorize` (its form, sandbox-only);
 * - `POST /services/oauth2/token`: `authorization_code` (with optional PKCE) and `refresh_token` grants, form-encoded,
 *   client credentials in the body or HTTP Basic;
 * - `POST|GET /services/oauth2/revoke`;
 * - `GET|POST /services/oauth2/userinfo` and `GET /id/{orgId}/{userId}` (the identity URL).
 *
 * Token errors are OAuth JSON `{error, error_description}` with status 400,
 * with Salesforce's codes and texts (captured in public issues):
 * `invalid_client_id`/"client identifier invalid", `invalid_client`/"invalid
 * client credentials", `invalid_grant`/"invalid authorization code",
 * "expired authorization code", "expired access/refresh token",
 * `redirect_uri_mismatch`/"redirect_uri must match configuration",
 * `unsupported_grant_type`/"grant type not supported". A failed revoke answers
 * 400 `error=unsupported_token_type&error_description=this%20token%20type%20is%20not%20supported`
 * form-encoded (omniphx/forrest#213). The identity endpoints answer 403
 * `Bad_OAuth_Token`/`Missing_OAuth_Token`/`Wrong_Org` and 404 `Bad_Id` as
 * plain text (Salesforce Help, "Identity URLs").
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { normalizeAccountName } from '../shared/account-registry.js';
import { renderAuthorizePage, renderErrorPage } from '../shared/authorize-page.js';
import { isHttpUrl, sendPage } from '../shared/http.js';
import { routeKind } from '../shared/request-state.js';
import { appendQuery, bodyField, queryScalar, sleep } from '../shared/util.js';
import { SALESFORCE_ENDPOINTS, type SalesforceClientConfig } from './oauth-store.js';
import type { SalesforceOrg } from './org.js';
import { JSON_TYPE, stateOf } from './request-state.js';
import { DEFAULT_SCOPES, KNOWN_SCOPES, type SalesforceService, type SalesforceTokenResponse } from './service.js';

type Lookup = (name: string) => string | undefined;

/** The parameters of an authorization request. */
interface AuthorizeParams {
  client: SalesforceClientConfig;
  redirectUri: string;
  responseType?: string;
  scope?: string;
  state?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  loginHint?: string;
}

/** Splits a space-separated scope list (also tolerates "+" and ","). */
function scopesOf(text: string | undefined): string[] {
  return [...new Set((text ?? '').split(/[\s+,]+/).filter((scope) => scope.length > 0))];
}

/** Checks client_id and redirect_uri; returns the error page text, or the params. */
function validateAuthorize(service: SalesforceService, get: Lookup): AuthorizeParams | { error: string; description: string } {
  const client = service.client(get('client_id'));
  if (!client) return { error: 'invalid_client_id', description: 'client identifier invalid' };
  const redirectUri = get('redirect_uri');
  const allowed = client.redirectUris;
  if (!redirectUri || !isHttpUrl(redirectUri) || (allowed !== undefined && !allowed.includes(redirectUri))) {
    return { error: 'redirect_uri_mismatch', description: 'redirect_uri must match configuration' };
  }
  const params: AuthorizeParams = { client, redirectUri };
  const optional: Array<[keyof AuthorizeParams, string]> = [
    ['responseType', 'response_type'],
    ['scope', 'scope'],
    ['state', 'state'],
    ['codeChallenge', 'code_challenge'],
    ['codeChallengeMethod', 'code_challenge_method'],
    ['loginHint', 'login_hint'],
  ];
  for (const [key, name] of optional) {
    const value = get(name);
    if (value !== undefined) (params as unknown as Record<string, string>)[key] = value;
  }
  return params;
}

/** An error that goes back to the app on its redirect URI (RFC 6749 §4.1.2.1). */
function redirectError(params: AuthorizeParams): { error: string; description: string } | undefined {
  if (params.responseType !== 'code') return { error: 'unsupported_response_type', description: 'response type not supported' };
  if (scopesOf(params.scope).some((scope) => !KNOWN_SCOPES.has(scope))) {
    return { error: 'invalid_scope', description: 'the requested scope is not allowed' };
  }
  if (params.codeChallengeMethod !== undefined && params.codeChallengeMethod !== 'S256' && params.codeChallengeMethod !== 'plain') {
    return { error: 'invalid_request', description: 'invalid code_challenge_method' };
  }
  return undefined;
}

function errorPage(reply: FastifyReply, failure: { error: string; description: string }): FastifyReply {
  return sendPage(
    reply,
    400,
    renderErrorPage(
      'Salesforce',
      'This app cannot be authorized',
      `error=${failure.error}&error_description=${encodeURIComponent(failure.description)}`,
    ),
  );
}

function consentPage(params: AuthorizeParams, extra: { accountName?: string; error?: string } = {}): string {
  return renderAuthorizePage({
    providerName: 'Salesforce',
    formAction: 'authorize',
    hidden: {
      response_type: params.responseType,
      client_id: params.client.clientId,
      redirect_uri: params.redirectUri,
      scope: params.scope,
      state: params.state,
      code_challenge: params.codeChallenge,
      code_challenge_method: params.codeChallengeMethod,
    },
    clientId: params.client.clientId,
    redirectUri: params.redirectUri,
    scopes: params.scope === undefined ? DEFAULT_SCOPES : scopesOf(params.scope),
    ...(params.loginHint === undefined ? {} : { accountName: params.loginHint }),
    ...extra,
  });
}

function redirect(reply: FastifyReply, location: string): FastifyReply {
  return reply.header('Cache-Control', 'no-store').redirect(location, 302);
}

function authorizeGet(service: SalesforceService) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const q = (request.query ?? {}) as Record<string, unknown>;
    const checked = validateAuthorize(service, (name) => queryScalar(q[name]));
    if ('error' in checked) return errorPage(reply, checked);
    const failure = redirectError(checked);
    if (failure)
      return redirect(
        reply,
        appendQuery(checked.redirectUri, { error: failure.error, error_description: failure.description, state: checked.state }),
      );
    return sendPage(reply, 200, consentPage(checked));
  };
}

function authorizePost(service: SalesforceService) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body;
    const checked = validateAuthorize(service, (name) => bodyField(body, name));
    if ('error' in checked) return errorPage(reply, checked);
    const failure = redirectError(checked);
    if (failure)
      return redirect(
        reply,
        appendQuery(checked.redirectUri, { error: failure.error, error_description: failure.description, state: checked.state }),
      );
    if (bodyField(body, 'decision') === 'cancel') {
      return redirect(
        reply,
        appendQuery(checked.redirectUri, { error: 'access_denied', error_description: 'end-user denied authorization', state: checked.state }),
      );
    }
    const accountName = bodyField(body, 'account') ?? '';
    if (normalizeAccountName(accountName) === '') {
      return sendPage(reply, 400, consentPage(checked, { accountName, error: 'Enter an account name (the sandbox org).' }));
    }
    const org = service.accounts.open(accountName);
    if (org === undefined) return sendPage(reply, 400, consentPage(checked, { accountName, error: service.accounts.limitMessage }));
    const scopes = checked.scope === undefined ? [...DEFAULT_SCOPES] : scopesOf(checked.scope);
    const code = service.oauth.issueCode({
      clientId: checked.client.clientId,
      redirectUri: checked.redirectUri,
      orgKey: org.key,
      scopes,
      ...(checked.codeChallenge === undefined
        ? {}
        : { codeChallenge: { value: checked.codeChallenge, method: checked.codeChallengeMethod === 'plain' ? 'plain' : 'S256' } }),
    });
    return redirect(reply, appendQuery(checked.redirectUri, { code: code.code, state: checked.state }));
  };
}

/** A token-endpoint failure. */
class TokenError extends Error {
  readonly error: string;
  constructor(error: string, description: string) {
    super(description);
    this.name = 'TokenError';
    this.error = error;
  }
}

/** Client credentials from HTTP Basic or the form body. */
function clientCredentials(request: FastifyRequest): { clientId?: string; clientSecret?: string } {
  const header = request.headers.authorization;
  const basic = typeof header === 'string' ? /^Basic\s+(\S+)$/i.exec(header) : null;
  if (basic?.[1] !== undefined) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) {
      return { clientId: decodeURIComponent(decoded.slice(0, colon)), clientSecret: decodeURIComponent(decoded.slice(colon + 1)) };
    }
  }
  const result: { clientId?: string; clientSecret?: string } = {};
  const clientId = bodyField(request.body, 'client_id');
  const clientSecret = bodyField(request.body, 'client_secret');
  if (clientId !== undefined) result.clientId = clientId;
  if (clientSecret !== undefined) result.clientSecret = clientSecret;
  return result;
}

/** Handles one token request. @throws TokenError */
function exchange(service: SalesforceService, request: FastifyRequest): { grant: SalesforceTokenResponse; org: SalesforceOrg } {
  const body = request.body;
  const grantType = bodyField(body, 'grant_type');
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    throw new TokenError('unsupported_grant_type', 'grant type not supported');
  }
  const { clientId, clientSecret } = clientCredentials(request);
  const client = service.client(clientId);
  if (!client) throw new TokenError('invalid_client_id', 'client identifier invalid');
  if (clientSecret !== client.clientSecret) throw new TokenError('invalid_client', 'invalid client credentials');
  if (grantType === 'refresh_token') {
    const token = bodyField(body, 'refresh_token');
    const record = token === undefined ? undefined : service.oauth.findRefreshToken(token);
    if (!record || record.clientId !== client.clientId) throw new TokenError('invalid_grant', 'expired access/refresh token');
    return { grant: service.grant(client, record.orgKey, record.scopes, record.token), org: service.accounts.get(record.orgKey) };
  }
  const code = bodyField(body, 'code');
  if (code === undefined) throw new TokenError('invalid_grant', 'invalid authorization code');
  const redeemed = service.oauth.redeemCode(code, client.clientId, bodyField(body, 'redirect_uri'), bodyField(body, 'code_verifier'));
  if (!redeemed.ok) {
    if (redeemed.reason === 'expired') throw new TokenError('invalid_grant', 'expired authorization code');
    if (redeemed.reason === 'redirect') throw new TokenError('redirect_uri_mismatch', 'redirect_uri must match configuration');
    if (redeemed.reason === 'verifier') throw new TokenError('invalid_grant', 'invalid code verifier');
    throw new TokenError('invalid_grant', 'invalid authorization code');
  }
  const { record } = redeemed;
  return { grant: service.grant(client, record.orgKey, record.scopes), org: service.accounts.get(record.orgKey) };
}

function tokenRoute(service: SalesforceService) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    stateOf(request);
    await sleep(service.settings.latencyMs);
    reply.header('Cache-Control', 'no-cache,no-store').type(JSON_TYPE);
    try {
      const { grant, org } = exchange(service, request);
      org.counters.record('token', 200);
      return reply.code(200).send(grant);
    } catch (error) {
      if (!(error instanceof TokenError)) throw error;
      service.unattributed.record('token', 400);
      return reply.code(400).send({ error: error.error, error_description: error.message });
    }
  };
}

function revokeRoute(service: SalesforceService) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bodyField(request.body, 'token') ?? queryScalar((request.query as Record<string, unknown>)['token']);
    if (token === undefined || !service.oauth.revoke(token)) {
      service.unattributed.record('revoke', 400);
      return reply
        .code(400)
        .type('application/x-www-form-urlencoded')
        .send(`error=unsupported_token_type&error_description=${encodeURIComponent('this token type is not supported')}`);
    }
    service.unattributed.record('revoke', 200);
    return reply.code(200).send();
  };
}

/** The access token of an identity request (header, or `oauth_token`/`access_token` query parameter). */
function identityToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(header) : null;
  if (match?.[1] !== undefined) return match[1];
  const q = (request.query ?? {}) as Record<string, unknown>;
  return queryScalar(q['oauth_token']) ?? queryScalar(q['access_token']);
}

function identityUrls(service: SalesforceService, org: SalesforceOrg): Record<string, string> {
  const base = service.baseUrl();
  const orgId = org.orgId;
  return {
    enterprise: `${base}/services/Soap/c/{version}/${orgId}`,
    metadata: `${base}/services/Soap/m/{version}/${orgId}`,
    partner: `${base}/services/Soap/u/{version}/${orgId}`,
    rest: `${base}/services/data/v{version}/`,
    sobjects: `${base}/services/data/v{version}/sobjects/`,
    search: `${base}/services/data/v{version}/search/`,
    query: `${base}/services/data/v{version}/query/`,
    recent: `${base}/services/data/v{version}/recent/`,
    profile: `${base}/${org.apiUserId}`,
    custom_domain: base,
  };
}

function identityOf(service: SalesforceService, org: SalesforceOrg): Record<string, unknown> {
  const user = org.seed.users[0];
  return {
    id: service.identityUrl(org),
    asserted_user: true,
    user_id: org.apiUserId,
    organization_id: org.orgId,
    username: user?.username ?? '',
    nick_name: user?.alias ?? '',
    display_name: user === undefined ? '' : `${user.firstName} ${user.lastName}`,
    email: user?.email ?? '',
    email_verified: true,
    first_name: user?.firstName ?? '',
    last_name: user?.lastName ?? '',
    timezone: 'GMT',
    status: { created_date: null, body: null },
    urls: identityUrls(service, org),
    active: true,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_US',
    utcOffset: 0,
    last_modified_date: '2023-01-09T15:30:00.000+0000',
    is_app_installed: true,
  };
}

function userInfoOf(service: SalesforceService, org: SalesforceOrg): Record<string, unknown> {
  const identity = identityOf(service, org);
  return {
    sub: identity['id'],
    user_id: identity['user_id'],
    organization_id: identity['organization_id'],
    preferred_username: identity['username'],
    nickname: identity['nick_name'],
    name: identity['display_name'],
    email: identity['email'],
    email_verified: true,
    given_name: identity['first_name'],
    family_name: identity['last_name'],
    zoneinfo: 'GMT',
    address: {},
    is_salesforce_integration_user: false,
    urls: identity['urls'],
    active: true,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_US',
    utcOffset: 0,
    updated_at: '2023-01-09T15:30:00Z',
    is_app_installed: true,
  };
}

function plainError(reply: FastifyReply, status: number, text: string): FastifyReply {
  return reply.code(status).type('text/plain; charset=utf-8').send(text);
}

function identityRoute(service: SalesforceService, shape: 'userinfo' | 'identity') {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = identityToken(request);
    if (token === undefined) return plainError(reply, 403, 'Missing_OAuth_Token');
    const record = service.oauth.peekAccessToken(token);
    if (!record) return plainError(reply, 403, 'Bad_OAuth_Token');
    const org = service.orgOf(record);
    if (shape === 'identity') {
      const { orgId, userId } = request.params as { orgId: string; userId: string };
      if (orgId.slice(0, 15) !== org.orgId.slice(0, 15)) return plainError(reply, 403, 'Wrong_Org');
      if (userId.slice(0, 15) !== org.apiUserId.slice(0, 15)) return plainError(reply, 404, 'Bad_Id');
    }
    org.counters.record(shape, 200);
    return reply.type(JSON_TYPE).send(shape === 'identity' ? identityOf(service, org) : userInfoOf(service, org));
  };
}

/** Registers the OAuth and identity routes. */
export function registerOAuthRoutes(scope: FastifyInstance, service: SalesforceService): void {
  scope.get(SALESFORCE_ENDPOINTS.authorizePath, routeKind('authorize'), authorizeGet(service));
  scope.post(SALESFORCE_ENDPOINTS.authorizePath, routeKind('authorize'), authorizePost(service));
  scope.post(SALESFORCE_ENDPOINTS.tokenPath, routeKind('token'), tokenRoute(service));
  scope.post('/services/oauth2/revoke', routeKind('revoke'), revokeRoute(service));
  scope.get('/services/oauth2/revoke', routeKind('revoke'), revokeRoute(service));
  scope.get('/services/oauth2/userinfo', routeKind('userinfo'), identityRoute(service, 'userinfo'));
  scope.post('/services/oauth2/userinfo', routeKind('userinfo'), identityRoute(service, 'userinfo'));
  scope.get('/id/:orgId/:userId', routeKind('identity'), identityRoute(service, 'identity'));
}
