/**
 * OAuth 2.0 authorization-code and refresh-token grants, through oauth4webapi (a small, spec-strict client). Provider
 * quirks stay outside: extra token-response fields (HubSpot's hub_id, Salesforce's instance_url, Pipedrive's
 * api_domain) come back in `raw`, and non-standard error bodies are turned into readable messages.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

import * as oauth from 'oauth4webapi';

import { asText } from '../../lib/text.js';
import type { OAuth2Manifest } from './manifest.js';

/** An OAuth app Weft uses for a provider: the real provider's, or the sandbox's. */
export interface OAuthApp {
  mode: 'live' | 'sandbox';
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
}

export interface TokenSet {
  accessToken: string;
  refreshToken: string | null;
  /** Epoch ms, or null when the provider does not say (Salesforce). */
  expiresAt: number | null;
  scope: string | null;
  /** The whole token response, for provider-specific fields. */
  raw: Record<string, unknown>;
}

export class OAuthGrantError extends Error {
  override readonly name = 'OAuthGrantError';
  constructor(
    message: string,
    /** True when the grant itself is refused (bad or revoked code/refresh token), not a passing failure. */
    readonly invalidGrant: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A PKCE pair (RFC 7636, S256): the verifier Weft keeps, and the challenge the authorization request carries. */
export interface PkcePair {
  verifier: string;
  challenge: string;
}

/** A new PKCE pair: a 43-character random verifier and its base64url SHA-256. */
export async function newPkcePair(): Promise<PkcePair> {
  const verifier = oauth.generateRandomCodeVerifier();
  return { verifier, challenge: await oauth.calculatePKCECodeChallenge(verifier) };
}

/**
 * The provider's authorization URL. `codeChallenge` is sent (with `code_challenge_method=S256`) only to a provider
 * whose manifest says it takes PKCE.
 */
export function authorizationUrl(
  manifest: OAuth2Manifest,
  app: OAuthApp,
  params: { redirectUri: string; state: string; loginHint?: string; codeChallenge?: string },
): string {
  const url = new URL(app.authorizeUrl);
  url.searchParams.set('client_id', app.clientId);
  url.searchParams.set('redirect_uri', params.redirectUri);
  url.searchParams.set('response_type', 'code');
  if (manifest.scopes.length) url.searchParams.set('scope', manifest.scopes.join(manifest.scopeSeparator ?? ' '));
  if (manifest.optionalScopes?.length && manifest.optionalScopeParam) {
    url.searchParams.set(manifest.optionalScopeParam, manifest.optionalScopes.join(' '));
  }
  for (const [name, value] of Object.entries(manifest.authorizeParams ?? {})) url.searchParams.set(name, value);
  url.searchParams.set('state', params.state);
  if (manifest.loginHintParam && params.loginHint) url.searchParams.set(manifest.loginHintParam, params.loginHint);
  if (manifest.pkce && params.codeChallenge) {
    url.searchParams.set('code_challenge', params.codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url.toString();
}

function server(app: OAuthApp): oauth.AuthorizationServer {
  return {
    issuer: new URL(app.tokenUrl).origin,
    authorization_endpoint: app.authorizeUrl,
    token_endpoint: app.tokenUrl,
  };
}

function clientAuth(manifest: OAuth2Manifest, app: OAuthApp): oauth.ClientAuth {
  return manifest.clientAuth === 'client_secret_basic' ? basicAuth(app) : oauth.ClientSecretPost(app.clientSecret);
}

/**
 * HTTP Basic client authentication. oauth4webapi's own form-encodes even unreserved characters ("-" becomes %2D),
 * which providers that compare the decoded header as-is (Pipedrive documents plain base64(client_id:client_secret))
 * may refuse; this encodes only what must be encoded, which RFC 6749 decoders read the same way.
 */
function basicAuth(app: OAuthApp): oauth.ClientAuth {
  return (_as, _client, _body, headers) => {
    const pair = `${encodeURIComponent(app.clientId)}:${encodeURIComponent(app.clientSecret)}`;
    headers.set('authorization', `Basic ${Buffer.from(pair).toString('base64')}`);
  };
}

function requestOptions(app: OAuthApp): oauth.TokenEndpointRequestOptions {
  return new URL(app.tokenUrl).protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {};
}

/**
 * Exchanges an authorization code (whose `state` the caller has already checked) for tokens, with the PKCE
 * `codeVerifier` of the authorization request when it carried a challenge.
 */
export async function exchangeCode(
  manifest: OAuth2Manifest,
  app: OAuthApp,
  params: { code: string; redirectUri: string; codeVerifier?: string },
  now = Date.now(),
): Promise<TokenSet> {
  const as = server(app);
  const client: oauth.Client = { client_id: app.clientId };
  try {
    const callback = oauth.validateAuthResponse(as, client, new URLSearchParams({ code: params.code }), oauth.skipStateCheck);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      clientAuth(manifest, app),
      callback,
      params.redirectUri,
      params.codeVerifier ?? oauth.nopkce,
      requestOptions(app),
    );
    const read =
      manifest.tokenTypeDefault || manifest.neverExpiringTokens
        ? await withTokenType(response, manifest.tokenTypeDefault, manifest.neverExpiringTokens === true)
        : response;
    return toTokenSet(await oauth.processAuthorizationCodeResponse(as, client, read, tokenTypes(manifest)), now);
  } catch (e) {
    throw await grantError(e);
  }
}

/** Uses a refresh token. When the response carries no new refresh token, the old one is kept. */
export async function refreshTokens(manifest: OAuth2Manifest, app: OAuthApp, refreshToken: string, now = Date.now()): Promise<TokenSet> {
  const as = server(app);
  const client: oauth.Client = { client_id: app.clientId };
  try {
    const response = await oauth.refreshTokenGrantRequest(as, client, clientAuth(manifest, app), refreshToken, requestOptions(app));
    const set = toTokenSet(await oauth.processRefreshTokenResponse(as, client, response, tokenTypes(manifest)), now);
    return { ...set, refreshToken: set.refreshToken ?? refreshToken };
  } catch (e) {
    throw await grantError(e);
  }
}

/** The provider's token types besides bearer, accepted as they are (their tokens are sent as bearer tokens). */
function tokenTypes(manifest: OAuth2Manifest): { recognizedTokenTypes?: Record<string, () => void> } {
  const extra = manifest.extraTokenTypes ?? [];
  return extra.length ? { recognizedTokenTypes: Object.fromEntries(extra.map((t) => [t.toLowerCase(), () => undefined])) } : {};
}

function toTokenSet(res: oauth.TokenEndpointResponse, now: number): TokenSet {
  return {
    accessToken: res.access_token,
    refreshToken: typeof res.refresh_token === 'string' ? res.refresh_token : null,
    expiresAt: typeof res.expires_in === 'number' ? now + res.expires_in * 1000 : null,
    scope: typeof res.scope === 'string' ? res.scope : null,
    raw: { ...res },
  };
}

async function grantError(e: unknown): Promise<OAuthGrantError> {
  if (e instanceof oauth.ResponseBodyError) {
    const invalid = e.error === 'invalid_grant' || e.error === 'invalid_client' || e.error === 'unauthorized_client';
    return new OAuthGrantError(`${e.error}${e.error_description ? `: ${e.error_description}` : ''}`, invalid, { cause: e });
  }
  const cause = (e as { cause?: unknown }).cause;
  if (cause instanceof Response) {
    let detail = `HTTP ${cause.status}`;
    let body: unknown;
    try {
      const text = await cause.text();
      body = text;
      body = JSON.parse(text);
    } catch {
      // The body is shown as text when it is not JSON (already in `body`).
    }
    if (body && typeof body === 'object') {
      const b = body as Record<string, unknown>;
      const code = b['status'] ?? b['error'] ?? b['errorCode'];
      const message = b['message'] ?? b['error_description'];
      detail += `${code ? ` ${asText(code)}` : ''}${message ? `: ${asText(message)}` : ''}`;
    } else if (typeof body === 'string' && body) {
      detail += `: ${body.slice(0, 200)}`;
    }
    return new OAuthGrantError(detail, cause.status >= 400 && cause.status < 500, { cause: e });
  }
  return new OAuthGrantError((e as Error).message ?? String(e), false, { cause: e });
}

/**
 * A successful token response whose JSON names no `token_type`, given `type`; with `neverExpiring`, without an
 * `expires_in` of 0 and a null `scope` (other answers as they are).
 */
async function withTokenType(response: Response, type: string | undefined, neverExpiring = false): Promise<Response> {
  if (!response.ok || !/json/i.test(response.headers.get('content-type') ?? '')) return response;
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON after all: handed on as it came, for oauth4webapi to refuse with its own message.
    return new Response(text, { status: response.status, headers: response.headers });
  }
  let fixed = body;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const b: Record<string, unknown> = { ...(body as Record<string, unknown>) };
    if (type !== undefined && !('token_type' in b)) b['token_type'] = type;
    if (neverExpiring && b['expires_in'] === 0) delete b['expires_in'];
    if (neverExpiring && b['scope'] === null) delete b['scope'];
    fixed = b;
  }
  return new Response(JSON.stringify(fixed), { status: response.status, headers: response.headers });
}

/** The app with `{name}` in its authorize and token URLs replaced by the connection fields' values (Shopify's shop). */
export function filledOAuthApp(app: OAuthApp, values: Readonly<Record<string, string>>): OAuthApp {
  const fill = (url: string) =>
    url.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) =>
      Object.hasOwn(values, name) ? encodeURIComponent(values[name] as string) : whole,
    );
  return { ...app, authorizeUrl: fill(app.authorizeUrl), tokenUrl: fill(app.tokenUrl) };
}

/**
 * What is wrong with a signed callback (Shopify's `hmac`), or undefined when it holds: the HMAC-SHA256 (hex) of the
 * other parameters sorted by name and form-encoded, keyed with the client secret, and each matched parameter equal
 * to its connection field.
 */
export function signedCallbackError(
  manifest: OAuth2Manifest,
  query: Readonly<Record<string, string | undefined>>,
  clientSecret: string,
  fields: Readonly<Record<string, string>>,
): string | undefined {
  const spec = manifest.signedCallback;
  if (!spec) return undefined;
  const given = query[spec.hmacParam];
  if (typeof given !== 'string' || !/^[0-9a-f]{64}$/i.test(given)) return 'the callback carries no signature';
  const rest = Object.entries(query)
    .filter((e): e is [string, string] => e[0] !== spec.hmacParam && e[0] !== 'signature' && typeof e[1] === 'string')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const expected = createHmac('sha256', clientSecret).update(new URLSearchParams(rest).toString()).digest();
  if (!timingSafeEqual(expected, Buffer.from(given, 'hex'))) return 'the callback’s signature does not match';
  for (const [param, field] of Object.entries(spec.matchFields)) {
    if (query[param] !== fields[field]) return `the callback names another ${param} than the one typed`;
  }
  return undefined;
}
