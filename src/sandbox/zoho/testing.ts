/** Helpers for tests that use the Zoho fake over HTTP: a local server, and the OAuth flow as a browser and backend run it. */
import type { FastifyInstance } from 'fastify';

import { serveOnFreePort } from '../shared/test-server.js';
import { createZohoSandboxWithUrl, DEFAULT_ZOHO_CLIENT, type ZohoSandboxInstance, type ZohoSandboxOptions } from './index.js';

export interface ZohoTestServer {
  app: FastifyInstance;
  sandbox: ZohoSandboxInstance;
  /** `http://127.0.0.1:PORT/sandbox/zoho`. */
  baseUrl: string;
}

/** Starts a Zoho fake on 127.0.0.1 (free port) under `/sandbox/zoho`; close it with `app.close()`. */
export async function startZohoTestServer(opts: Omit<ZohoSandboxOptions, 'publicUrl'> = {}): Promise<ZohoTestServer> {
  let root = '';
  const sandbox = createZohoSandboxWithUrl(opts, () => root);
  const served = await serveOnFreePort(sandbox.plugin, 'zoho', 'The Zoho fake');
  root = served.root;
  return { app: served.app, sandbox, baseUrl: `${root}/zoho` };
}

export const TEST_REDIRECT = 'http://127.0.0.1:9/oauth/callback';

/** The consent form posted for `account` at accounts.zoho.com's stand-in; the redirect's URL. */
/** The scopes Weft asks for, joined as Zoho wants them. */
export const TEST_SCOPE = 'ZohoCRM.modules.ALL,ZohoCRM.users.READ,ZohoCRM.settings.READ,ZohoCRM.coql.READ';

export async function consent(baseUrl: string, account: string, scope = TEST_SCOPE): Promise<URL> {
  const res = await fetch(`${baseUrl}/accounts/us/oauth/v2/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: DEFAULT_ZOHO_CLIENT.clientId,
      redirect_uri: TEST_REDIRECT,
      state: 's1',
      scope,
      account,
      decision: 'authorize',
    }).toString(),
    redirect: 'manual',
  });
  if (res.status !== 302) throw new Error(`consent answered ${res.status}`);
  return new URL(res.headers.get('location') ?? '');
}

export interface ZohoTokens {
  access_token: string;
  refresh_token?: string;
  api_domain: string;
  token_type: string;
  expires_in: number;
  scope: string;
}

/** A token request (form body with the client's id and secret, as Zoho takes them) at an accounts server. */
export async function tokenRequest(
  accountsServer: string,
  fields: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${accountsServer}/oauth/v2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: DEFAULT_ZOHO_CLIENT.clientId, client_secret: DEFAULT_ZOHO_CLIENT.clientSecret, ...fields }).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The whole flow for `account`: consent, then the code redeemed at the accounts server the redirect names. */
export async function authorizeZoho(baseUrl: string, account: string): Promise<ZohoTokens> {
  const back = await consent(baseUrl, account);
  const server = back.searchParams.get('accounts-server') ?? '';
  const res = await tokenRequest(server, {
    grant_type: 'authorization_code',
    code: back.searchParams.get('code') ?? '',
    redirect_uri: TEST_REDIRECT,
  });
  if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as unknown as ZohoTokens;
}
