/**
 * The OAuth 2.0 authorization-code flow of a provider fake, parameterised by a
 * {@link CodeFlowSpec}:
 *
 * - `GET <authorize>?client_id&redirect_uri&state` shows the shared consent
 *   page; `POST <authorize>` is its form submission (sandbox only) and
 *   redirects to `redirect_uri?code=…&state=…`, or `?error=<declined>&state=…`.
 * - `POST <token>` with HTTP Basic client authentication (client_id and
 *   client_secret in the form body are accepted too), grants
 *   `authorization_code` and `refresh_token`.
 * - `POST <revoke>` (`token`, `token_type_hint`).
 *
 * Token errors answer `{"error":…,"error_description":…}` with the messages of
 * the node oauth2-server library (e.g. "Invalid grant: authorization_code is
 * invalid"; a bad Basic client gets 401 with `WWW-Authenticate`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { normalizeAccountName } from './account-registry.js';
import { renderAuthorizePage, renderErrorPage } from './authorize-page.js';
import { isHttpUrl, sendPage } from './http.js';
import type { GrantBase, OAuthClientConfig, OAuthStore } from './oauth-store.js';
import { appendQuery, bodyField, queryScalar, sleep } from './util.js';

/** What a provider declares to get the code flow. `G` is its grant (besides client and scopes), `A` its account. */
export interface CodeFlowSpec<G extends object, A> {
  /** e.g. "Pipedrive", on the consent and error pages. */
  providerName: string;
  paths: { authorize: string; token: string; revoke: string };
  store: OAuthStore<G>;
  /** Opens the account a name typed on the consent page names (undefined beyond the cap). */
  accounts: { open(name: string): A | undefined; readonly limitMessage: string };
  client(clientId: string | undefined): OAuthClientConfig | undefined;
  scopesOf(clientId: string): string[];
  /** The grant of an account that authorizes on the consent page. */
  grantOf(account: A): G;
  /** Issues tokens for a grant and renders the token endpoint's success body. */
  issue(grant: G & GrantBase): object;
  /** Counts a token request: `grant` is undefined when it failed. */
  count(grant: G | undefined, status: number): void;
  /** Added latency of token requests in ms. */
  latencyMs: number;
  /** The `error` the callback gets when the user declines, e.g. "user_denied". */
  declined: string;
  /** Further parameters of the redirect that carries the code (Zoho: the account's `location` and `accounts-server`). */
  callbackParams?(account: A): Record<string, string>;
  /**
   * Reads the authorization request's `scope` parameter, for a provider whose grant holds the scopes asked for (Zoho:
   * comma-separated): the scopes, or why the request is refused. Without it the grant holds the client's scopes.
   */
  requestedScopes?(scope: string | undefined): { scopes: string[] } | { error: string };
}

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
  /** The `scope` parameter as given and the scopes it names, where the provider reads it. */
  scope?: { raw: string; scopes: string[] };
}

type AnySpec = CodeFlowSpec<object, unknown>;

function validateAuthorize(spec: AnySpec, get: (name: string) => string | undefined): AuthorizeParams | { error: string } {
  const clientId = get('client_id');
  const redirectUri = get('redirect_uri');
  const client = spec.client(clientId);
  if (!clientId || !client) return { error: `Unknown client_id${clientId ? ` "${clientId}"` : ''}.` };
  if (!redirectUri || !isHttpUrl(redirectUri)) return { error: 'The redirect_uri is missing or is not an absolute http(s) URL.' };
  if (client.redirectUris && !client.redirectUris.includes(redirectUri)) {
    return { error: "The redirect_uri does not match the app's callback URL." };
  }
  const state = get('state');
  let scope: AuthorizeParams['scope'];
  if (spec.requestedScopes) {
    const raw = get('scope');
    const read = spec.requestedScopes(raw);
    if ('error' in read) return read;
    scope = { raw: raw ?? '', scopes: read.scopes };
  }
  return { clientId, redirectUri, ...(state === undefined ? {} : { state }), ...(scope ? { scope } : {}) };
}

function consentPage(spec: AnySpec, params: AuthorizeParams, extra: { accountName?: string; error?: string } = {}): string {
  return renderAuthorizePage({
    providerName: spec.providerName,
    formAction: spec.paths.authorize.split('/').pop() ?? 'authorize',
    hidden: { client_id: params.clientId, redirect_uri: params.redirectUri, state: params.state, scope: params.scope?.raw },
    clientId: params.clientId,
    redirectUri: params.redirectUri,
    scopes: params.scope?.scopes ?? spec.scopesOf(params.clientId),
    ...extra,
  });
}

function errorPage(spec: AnySpec, reply: FastifyReply, message: string): FastifyReply {
  return sendPage(reply, 400, renderErrorPage(spec.providerName, 'This app cannot be authorized', message));
}

async function authorizePost(spec: AnySpec, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const body = request.body;
  const checked = validateAuthorize(spec, (name) => bodyField(body, name));
  if ('error' in checked) return errorPage(spec, reply, checked.error);
  if (bodyField(body, 'decision') === 'cancel') {
    const location = appendQuery(checked.redirectUri, { error: spec.declined, state: checked.state });
    return reply.header('Cache-Control', 'no-store').redirect(location, 302);
  }
  const accountName = bodyField(body, 'account') ?? '';
  if (normalizeAccountName(accountName) === '') {
    return sendPage(reply, 400, consentPage(spec, checked, { accountName, error: 'Enter an account name.' }));
  }
  const account = spec.accounts.open(accountName);
  if (account === undefined) return sendPage(reply, 400, consentPage(spec, checked, { accountName, error: spec.accounts.limitMessage }));
  const code = spec.store.issueCode({
    ...spec.grantOf(account),
    clientId: checked.clientId,
    redirectUri: checked.redirectUri,
    scopes: checked.scope?.scopes ?? spec.scopesOf(checked.clientId),
  });
  const extra = spec.callbackParams?.(account) ?? {};
  return reply
    .header('Cache-Control', 'no-store')
    .redirect(appendQuery(checked.redirectUri, { code: code.code, state: checked.state, ...extra }), 302);
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

/** Authenticates the client of a token or revoke request. */
function authenticateClient(spec: AnySpec, request: FastifyRequest): OAuthClientConfig {
  const basic = basicCredentials(request);
  const clientId = basic?.clientId ?? bodyField(request.body, 'client_id');
  const clientSecret = basic?.clientSecret ?? bodyField(request.body, 'client_secret');
  if (!clientId || !clientSecret) throw new OAuthError(400, 'invalid_client', 'Invalid client: cannot retrieve client credentials');
  const client = spec.client(clientId);
  if (!client || client.clientSecret !== clientSecret) {
    const headers: Record<string, string> = basic ? { 'WWW-Authenticate': 'Basic realm="Service"' } : {};
    throw new OAuthError(basic ? 401 : 400, 'invalid_client', 'Invalid client: client is invalid', headers);
  }
  return client;
}

/** The grant a token request redeems (a code or a refresh token). */
function redeem(spec: AnySpec, request: FastifyRequest): object & GrantBase {
  const body = request.body;
  const grantType = bodyField(body, 'grant_type');
  if (!grantType) throw new OAuthError(400, 'invalid_request', 'Missing parameter: grant_type');
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    throw new OAuthError(400, 'unsupported_grant_type', 'Unsupported grant type: grant_type is invalid');
  }
  const client = authenticateClient(spec, request);
  if (grantType === 'refresh_token') {
    const token = bodyField(body, 'refresh_token');
    if (!token) throw new OAuthError(400, 'invalid_request', 'Missing parameter: refresh_token');
    const record = spec.store.takeRefreshToken(token, client.clientId);
    if (!record) throw new OAuthError(400, 'invalid_grant', 'Invalid grant: refresh_token is invalid');
    return record;
  }
  const code = bodyField(body, 'code');
  if (!code) throw new OAuthError(400, 'invalid_request', 'Missing parameter: code');
  const redirectUri = bodyField(body, 'redirect_uri');
  if (redirectUri !== undefined && !isHttpUrl(redirectUri))
    throw new OAuthError(400, 'invalid_request', 'Invalid request: redirect_uri is not a valid URI');
  const redeemed = spec.store.redeemCode(code, client.clientId, redirectUri);
  if (redeemed.ok) return redeemed.record;
  if (redeemed.reason === 'expired') throw new OAuthError(400, 'invalid_grant', 'Invalid grant: authorization_code has expired');
  if (redeemed.reason === 'redirect') throw new OAuthError(400, 'invalid_request', 'Invalid request: redirect_uri is invalid');
  throw new OAuthError(400, 'invalid_grant', 'Invalid grant: authorization_code is invalid');
}

function sendOAuthError(error: unknown, reply: FastifyReply): FastifyReply {
  if (!(error instanceof OAuthError)) throw error;
  return reply.code(error.statusCode).headers(error.headers).send({ error: error.error, error_description: error.message });
}

/** Registers the authorize (GET and form POST), token and revoke routes. */
export function registerCodeFlow<G extends object, A>(scope: FastifyInstance, typed: CodeFlowSpec<G, A>): void {
  const spec = typed as unknown as AnySpec;
  scope.get(spec.paths.authorize, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const checked = validateAuthorize(spec, (name) => queryScalar(query[name]));
    if ('error' in checked) return errorPage(spec, reply, checked.error);
    return sendPage(reply, 200, consentPage(spec, checked));
  });
  scope.post(spec.paths.authorize, async (request, reply) => authorizePost(spec, request, reply));
  scope.post(spec.paths.token, async (request, reply) => {
    await sleep(spec.latencyMs);
    try {
      const grant = redeem(spec, request);
      const body = spec.issue(grant);
      spec.count(grant, 200);
      return reply.code(200).header('Cache-Control', 'no-store').send(body);
    } catch (error) {
      if (error instanceof OAuthError) spec.count(undefined, error.statusCode);
      return sendOAuthError(error, reply);
    }
  });
  scope.post(spec.paths.revoke, async (request, reply) => {
    try {
      const client = authenticateClient(spec, request);
      const token = bodyField(request.body, 'token');
      if (!token) throw new OAuthError(400, 'invalid_request', 'Missing parameter: token');
      spec.store.revoke(decodeURIComponent(token), client.clientId);
      return reply.code(200).send({ success: true });
    } catch (error) {
      return sendOAuthError(error, reply);
    }
  });
}
