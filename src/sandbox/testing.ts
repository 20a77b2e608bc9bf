/**
 * Helpers for tests that use the sandbox over HTTP: run the full HubSpot OAuth
 * flow the way a browser and a backend would (consent page → form post →
 * redirect with code → token exchange).
 */
import { DEFAULT_HUBSPOT_CLIENT, type TokenGrant } from './index.js';

/** Options of {@link authorizeHubSpot}. */
export interface AuthorizeHubSpotOptions {
  /** Sandbox base URL, e.g. "http://127.0.0.1:40123/sandbox". */
  sandboxUrl: string;
  /** Account name typed on the consent page. */
  account: string;
  clientId?: string;
  clientSecret?: string;
  redirectUri?: string;
  scopes?: string[];
  state?: string;
}

/** The redirect a consent decision produced. */
export interface AuthorizationRedirect {
  status: number;
  location: URL;
}

/** Posts the consent form like a browser would. */
export async function submitHubSpotConsent(sandboxUrl: string, fields: Record<string, string>): Promise<AuthorizationRedirect> {
  const response = await fetch(`${sandboxUrl}/hubspot/oauth/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  const location = response.headers.get('location');
  await response.arrayBuffer();
  if (location === null) throw new Error(`Consent form answered ${response.status} without a redirect`);
  return { status: response.status, location: new URL(location) };
}

/** Runs the whole OAuth flow against a HubSpot sandbox and returns the token response. */
export async function authorizeHubSpot(options: AuthorizeHubSpotOptions): Promise<TokenGrant> {
  const clientId = options.clientId ?? DEFAULT_HUBSPOT_CLIENT.clientId;
  const clientSecret = options.clientSecret ?? DEFAULT_HUBSPOT_CLIENT.clientSecret;
  const redirectUri = options.redirectUri ?? 'http://127.0.0.1/oauth/callback';
  const state = options.state ?? 'weft-test-state';
  const scope = (options.scopes ?? ['oauth', 'crm.objects.contacts.read', 'crm.objects.companies.read']).join(' ');
  const page = await fetch(
    `${options.sandboxUrl}/hubspot/oauth/authorize?${new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri, scope, state })}`,
  );
  const html = await page.text();
  if (page.status !== 200) throw new Error(`Consent page answered ${page.status}: ${html.slice(0, 200)}`);
  const redirect = await submitHubSpotConsent(options.sandboxUrl, {
    client_id: clientId,
    redirect_uri: redirectUri,
    scope,
    state,
    account: options.account,
    decision: 'authorize',
  });
  const code = redirect.location.searchParams.get('code');
  if (code === null) throw new Error(`No code in redirect ${redirect.location.href}`);
  const response = await fetch(`${options.sandboxUrl}/hubspot/oauth/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uri: redirectUri,
      code,
    }).toString(),
  });
  const body = (await response.json()) as TokenGrant;
  if (response.status !== 200) throw new Error(`Token exchange answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

/** A control token for tests that turn the sandbox's control API on (`controlToken` of the sandbox's options). */
export const TEST_CONTROL_TOKEN = 'sandbox-control-token-for-tests';

/** `fetch` with the control API's `authorization: Bearer <token>` header. */
export function controlFetch(url: string, init: RequestInit = {}, token: string = TEST_CONTROL_TOKEN): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return fetch(url, { ...init, headers });
}
