/**
 * Pipedrive's OAuth 2.0 endpoints (Pipedrive serves them at
 * https://oauth.pipedrive.com; the sandbox at its own mount):
 *
 * - `GET /oauth/authorize?client_id&redirect_uri&state` shows the shared
 *   consent page; `POST /oauth/authorize` is its form submission (sandbox only)
 *   and redirects to `redirect_uri?code=…&state=…`, or `?error=user_denied…`.
 * - `POST /oauth/token` with HTTP Basic client authentication (as the official
 *   SDK sends it; client_id/client_secret in the form body are accepted too),
 *   grants `authorization_code` and `refresh_token`.
 * - `POST /oauth/revoke` (`token`, `token_type_hint`), as the SDK's `revokeToken`.
 *
 * Token errors: the messages are those of Pipedrive's "OAuth status codes"
 * page (e.g. "Invalid grant: authorization_code is invalid"); the body shape
 * `{"error":"invalid_grant","error_description":…}` is inferred (those messages
 * are the ones of the node oauth2-server library, which answers that way, and
 * integrations detect a dead refresh token by `error` containing "invalid_grant").
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { normalizeAccountName } from '../shared/account-registry.js';
import { renderAuthorizePage, renderErrorPage } from '../shared/authorize-page.js';
import { isHttpUrl, sendPage } from '../shared/http.js';
import { appendQuery, bodyField, queryScalar, sleep } from '../shared/util.js';
import { PIPEDRIVE_ENDPOINTS, type PipedriveClientConfig } from './oauth-store.js';
import type { PipedriveService, PipedriveTokenGrant } from './service.js';

/** An OAuth token-endpoint error. */
export class OAuthError extends Error {
  readonly statusCode: number;
  readonly error: string;
  readonly headers: Record<string, string>;

  constructor(statusCode: number, error: string, description: string, headers: Record<string, string> = {}) {
    super(description);
    this.name = 'OAuthError';
    this.statusCode = statusCode;
    this.error = error;
    this.headers = headers;
  }
}

interface AuthorizeParams {
  clientId: string;
  redirectUri: string;
  state?: string;
}

type Lookup = (name: string) => string | undefined;

function validateAuthorize(service: PipedriveService, get: Lookup): AuthorizeParams | { error: string } {
  const clientId = get('client_id');
  const redirectUri = get('redirect_uri');
  const client = service.client(clientId);
  if (!clientId || !client) return { error: `Unknown client_id${clientId ? ` "${clientId}"` : ''}.` };
  if (!redirectUri || !isHttpUrl(redirectUri)) return { error: 'The redirect_uri is missing or is not an absolute http(s) URL.' };
  if (client.redirectUris && !client.redirectUris.includes(redirectUri)) {
    return { error: "The redirect_uri does not match the app's callback URL." };
  }
  const params: AuthorizeParams = { clientId, redirectUri };
  const state = get('state');
  if (state !== undefined) params.state = state;
  return params;
}

function consentPage(service: PipedriveService, params: AuthorizeParams, extra: { accountName?: string; error?: string } = {}): string {
  return renderAuthorizePage({
    providerName: 'Pipedrive',
    formAction: 'authorize',
    hidden: { client_id: params.clientId, redirect_uri: params.redirectUri, state: params.state },
    clientId: params.clientId,
    redirectUri: params.redirectUri,
    scopes: service.scopesOf(params.clientId),
    ...extra,
  });
}

function authorizeGet(service: PipedriveService) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const q = (request.query ?? {}) as Record<string, unknown>;
    const checked = validateAuthorize(service, (name) => queryScalar(q[name]));
    if ('error' in checked) return sendPage(reply, 400, renderErrorPage('Pipedrive', 'This app cannot be authorized', checked.error));
    return sendPage(reply, 200, consentPage(service, checked));
  };
}

function authorizePost(service: PipedriveService) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body;
    const checked = validateAuthorize(service, (name) => bodyField(body, name));
    if ('error' in checked) return sendPage(reply, 400, renderErrorPage('Pipedrive', 'This app cannot be authorized', checked.error));
    if (bodyField(body, 'decision') === 'cancel') {
      // Pipedrive sends the decline to the callback URL as error=user_denied (recalled from its docs).
      const location = appendQuery(checked.redirectUri, { error: 'user_denied', state: checked.state });
      return reply.header('Cache-Control', 'no-store').redirect(location, 302);
    }
    const accountName = bodyField(body, 'account') ?? '';
    if (normalizeAccountName(accountName) === '') {
      return sendPage(reply, 400, consentPage(service, checked, { accountName, error: 'Enter an account name.' }));
    }
    const company = service.companies.open(accountName);
    if (company === undefined) return sendPage(reply, 400, consentPage(service, checked, { accountName, error: service.companies.limitMessage }));
    const code = service.oauth.issueCode({
      clientId: checked.clientId,
      redirectUri: checked.redirectUri,
      companyKey: company.key,
      userId: company.admin.id,
      scopes: service.scopesOf(checked.clientId),
    });
    return reply.header('Cache-Control', 'no-store').redirect(appendQuery(checked.redirectUri, { code: code.code, state: checked.state }), 302);
  };
}

/** Reads `Authorization: Basic base64(id:secret)`. */
function basicCredentials(request: FastifyRequest): { clientId: string; clientSecret: string } | undefined {
  const header = request.headers.authorization;
  const encoded = typeof header === 'string' ? /^Basic\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const at = decoded.indexOf(':');
  if (at < 0) return undefined;
  return { clientId: decoded.slice(0, at), clientSecret: decoded.slice(at + 1) };
}

/** Authenticates the client of a token request. */
function authenticateClient(service: PipedriveService, request: FastifyRequest): PipedriveClientConfig {
  const basic = basicCredentials(request);
  const clientId = basic?.clientId ?? bodyField(request.body, 'client_id');
  const clientSecret = basic?.clientSecret ?? bodyField(request.body, 'client_secret');
  if (!clientId || !clientSecret) throw new OAuthError(400, 'invalid_client', 'Invalid client: cannot retrieve client credentials');
  const client = service.client(clientId);
  if (!client || client.clientSecret !== clientSecret) {
    const headers: Record<string, string> = basic ? { 'WWW-Authenticate': 'Basic realm="Service"' } : {};
    throw new OAuthError(basic ? 401 : 400, 'invalid_client', 'Invalid client: client is invalid', headers);
  }
  return client;
}

function exchange(service: PipedriveService, request: FastifyRequest): { grant: PipedriveTokenGrant; companyKey: string } {
  const body = request.body;
  const grantType = bodyField(body, 'grant_type');
  if (!grantType) throw new OAuthError(400, 'invalid_request', 'Missing parameter: grant_type');
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    throw new OAuthError(400, 'unsupported_grant_type', 'Unsupported grant type: grant_type is invalid');
  }
  const client = authenticateClient(service, request);
  if (grantType === 'refresh_token') {
    const token = bodyField(body, 'refresh_token');
    if (!token) throw new OAuthError(400, 'invalid_request', 'Missing parameter: refresh_token');
    const record = service.oauth.takeRefreshToken(token, client.clientId);
    if (!record) throw new OAuthError(400, 'invalid_grant', 'Invalid grant: refresh_token is invalid');
    return { grant: service.grant(client.clientId, record.companyKey, record.userId, record.scopes), companyKey: record.companyKey };
  }
  const code = bodyField(body, 'code');
  if (!code) throw new OAuthError(400, 'invalid_request', 'Missing parameter: code');
  const redirectUri = bodyField(body, 'redirect_uri');
  if (redirectUri !== undefined && !isHttpUrl(redirectUri))
    throw new OAuthError(400, 'invalid_request', 'Invalid request: redirect_uri is not a valid URI');
  const redeemed = service.oauth.redeemCode(code, client.clientId, redirectUri);
  if (!redeemed.ok) {
    if (redeemed.reason === 'expired') throw new OAuthError(400, 'invalid_grant', 'Invalid grant: authorization_code has expired');
    if (redeemed.reason === 'redirect') throw new OAuthError(400, 'invalid_request', 'Invalid request: redirect_uri is invalid');
    throw new OAuthError(400, 'invalid_grant', 'Invalid grant: authorization_code is invalid');
  }
  const { record } = redeemed;
  return { grant: service.grant(client.clientId, record.companyKey, record.userId, record.scopes), companyKey: record.companyKey };
}

function tokenRoute(service: PipedriveService) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    await sleep(service.settings.latencyMs);
    try {
      const { grant, companyKey } = exchange(service, request);
      service.companies.get(companyKey).counters.record('token', 200);
      return reply.code(200).header('Cache-Control', 'no-store').send(grant);
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      service.unattributed.record('token', error.statusCode);
      return reply.code(error.statusCode).headers(error.headers).send({ error: error.error, error_description: error.message });
    }
  };
}

function revokeRoute(service: PipedriveService) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      const client = authenticateClient(service, request);
      const token = bodyField(request.body, 'token');
      if (!token) throw new OAuthError(400, 'invalid_request', 'Missing parameter: token');
      service.oauth.revoke(decodeURIComponent(token), client.clientId);
      return reply.code(200).send({ success: true });
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      return reply.code(error.statusCode).headers(error.headers).send({ error: error.error, error_description: error.message });
    }
  };
}

/** Registers the OAuth routes. */
export function registerOAuthRoutes(scope: FastifyInstance, service: PipedriveService): void {
  scope.get(PIPEDRIVE_ENDPOINTS.authorizePath, authorizeGet(service));
  scope.post(PIPEDRIVE_ENDPOINTS.authorizePath, authorizePost(service));
  scope.post(PIPEDRIVE_ENDPOINTS.tokenPath, tokenRoute(service));
  scope.post('/oauth/revoke', revokeRoute(service));
}
