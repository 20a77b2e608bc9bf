/**
 * The OAuth authorize endpoint every provider fake serves the same way:
 * `GET {authorizePath}` shows the shared consent page for a known client and
 * redirect URI, `POST {authorizePath}` is its form submission (sandbox only): a
 * decline redirects with the provider's decline parameters, an accepted form
 * opens (or creates) the named account, issues a code and redirects with
 * `code` and `state`. A provider declares its name, the parameters it carries,
 * its scopes and how it issues a code for an account.
 */
import './request-state.js';

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { normalizeAccountName } from './account-registry.js';
import { renderAuthorizePage, renderErrorPage } from './authorize-page.js';
import { isHttpUrl, sendPage } from './http.js';
import type { OAuthClientConfig } from './oauth-store.js';
import { routeKind } from './request-state.js';
import { appendQuery, bodyField, queryScalar } from './util.js';

/** A checked authorization request: the client, its redirect URI and the other parameters carried through the form. */
export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  /** The declared extra parameters that were given (e.g. scope, state). */
  params: Record<string, string>;
}

/** How a provider's authorize endpoint behaves. */
export interface AuthorizeDialect<A> {
  /** Shown on the pages, e.g. "HubSpot". */
  providerName: string;
  /** The path of the endpoint (relative to the fake's mount). */
  path: string;
  /** The configured client with this id. */
  client: (clientId: string) => OAuthClientConfig | undefined;
  /** The error page's message for a redirect URI the client does not list. */
  redirectMismatch: string;
  /** Parameters besides client_id and redirect_uri carried through the form (`state` is always carried). */
  carried?: readonly string[];
  /** Scopes shown on the page (and optional ones). */
  scopes: (request: AuthorizeRequest) => { scopes: readonly string[]; optional?: readonly string[] };
  /** Query parameters of the redirect when the person declines (`state` is added). */
  declined: Record<string, string>;
  /** The account a typed name opens; undefined when no more accounts may be created. */
  openAccount: (name: string) => A | undefined;
  /** The page's message when no more accounts may be created. */
  limitMessage: () => string;
  /** Issues an authorization code for the account. */
  issueCode: (request: AuthorizeRequest, account: A) => string;
}

type Lookup = (name: string) => string | undefined;

/** Checks client_id and redirect_uri; returns an error message for the error page, or the request. */
function check<A>(dialect: AuthorizeDialect<A>, get: Lookup): AuthorizeRequest | { error: string } {
  const clientId = get('client_id');
  const redirectUri = get('redirect_uri');
  const client = clientId ? dialect.client(clientId) : undefined;
  if (!clientId || !client) return { error: `Unknown client_id${clientId ? ` "${clientId}"` : ''}.` };
  if (!redirectUri || !isHttpUrl(redirectUri)) return { error: 'The redirect_uri is missing or is not an absolute http(s) URL.' };
  if (client.redirectUris && !client.redirectUris.includes(redirectUri)) return { error: dialect.redirectMismatch };
  const params: Record<string, string> = {};
  for (const name of [...(dialect.carried ?? []), 'state']) {
    const value = get(name);
    if (value !== undefined) params[name] = value;
  }
  return { clientId, redirectUri, params };
}

function consentPage<A>(dialect: AuthorizeDialect<A>, request: AuthorizeRequest, extra: { accountName?: string; error?: string } = {}): string {
  const { scopes, optional } = dialect.scopes(request);
  return renderAuthorizePage({
    providerName: dialect.providerName,
    formAction: 'authorize',
    hidden: { client_id: request.clientId, redirect_uri: request.redirectUri, ...request.params },
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    scopes,
    ...(optional ? { optionalScopes: optional } : {}),
    ...extra,
  });
}

function redirect(reply: FastifyReply, to: string): FastifyReply {
  return reply.header('Cache-Control', 'no-store').redirect(to, 302);
}

/** Registers `GET` and `POST` of the authorize endpoint, counted as kind "authorize". */
export function registerAuthorizeRoutes<A>(scope: FastifyInstance, dialect: AuthorizeDialect<A>): void {
  const refuse = (reply: FastifyReply, error: string) =>
    sendPage(reply, 400, renderErrorPage(dialect.providerName, 'This app cannot be authorized', error));
  const config = routeKind('authorize');
  scope.get(dialect.path, config, async (request: FastifyRequest, reply: FastifyReply) => {
    const q = (request.query ?? {}) as Record<string, unknown>;
    const checked = check(dialect, (name) => queryScalar(q[name]));
    return 'error' in checked ? refuse(reply, checked.error) : sendPage(reply, 200, consentPage(dialect, checked));
  });
  scope.post(dialect.path, config, async (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body;
    const checked = check(dialect, (name) => bodyField(body, name));
    if ('error' in checked) return refuse(reply, checked.error);
    const state = checked.params['state'];
    if (bodyField(body, 'decision') === 'cancel') return redirect(reply, appendQuery(checked.redirectUri, { ...dialect.declined, state }));
    const accountName = bodyField(body, 'account') ?? '';
    const retry = (error: string) => sendPage(reply, 400, consentPage(dialect, checked, { accountName, error }));
    if (normalizeAccountName(accountName) === '') return retry('Enter an account name.');
    const account = dialect.openAccount(accountName);
    if (account === undefined) return retry(dialect.limitMessage());
    return redirect(reply, appendQuery(checked.redirectUri, { code: dialect.issueCode(checked, account), state }));
  });
}
