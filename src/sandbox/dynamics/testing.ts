/** Helpers for tests that use the Dataverse fake over HTTP: a local server, and the OAuth flow as a browser and backend run it. */
import type { FastifyInstance } from 'fastify';

import { serveOnFreePort } from '../shared/test-server.js';
import { createDynamicsSandboxWithUrl, DEFAULT_DYNAMICS_CLIENT, type DynamicsSandboxInstance, type DynamicsSandboxOptions } from './index.js';

export interface DynamicsTestServer {
  app: FastifyInstance;
  sandbox: DynamicsSandboxInstance;
  /** `http://127.0.0.1:PORT/sandbox/dynamics`. */
  baseUrl: string;
}

/** Starts a Dataverse fake on 127.0.0.1 (free port) under `/sandbox/dynamics`; close it with `app.close()`. */
export async function startDynamicsTestServer(opts: Omit<DynamicsSandboxOptions, 'publicUrl'> = {}): Promise<DynamicsTestServer> {
  let root = '';
  const sandbox = createDynamicsSandboxWithUrl(opts, () => root);
  const served = await serveOnFreePort(sandbox.plugin, 'dynamics', 'The Dataverse fake');
  root = served.root;
  return { app: served.app, sandbox, baseUrl: `${root}/dynamics` };
}

export const TEST_REDIRECT = 'http://127.0.0.1:9/oauth/callback';
export const TEST_SCOPE = 'https://contoso.crm.dynamics.com/user_impersonation offline_access';

/** The consent form posted for `account`; the redirect's URL. */
export async function consent(baseUrl: string, account: string, scope = TEST_SCOPE): Promise<{ status: number; location: URL | null; text: string }> {
  const res = await fetch(`${baseUrl}/organizations/oauth2/v2.0/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: DEFAULT_DYNAMICS_CLIENT.clientId,
      redirect_uri: TEST_REDIRECT,
      state: 's1',
      scope,
      account,
      decision: 'authorize',
    }).toString(),
    redirect: 'manual',
  });
  const location = res.headers.get('location');
  return { status: res.status, location: location === null ? null : new URL(location), text: await res.text() };
}

export interface DynamicsTokens {
  access_token: string;
  refresh_token?: string;
  token_type: string;
  expires_in: number;
  scope: string;
}

/** A token request with the client's id and secret in the form body. */
export async function tokenRequest(baseUrl: string, fields: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}/organizations/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: DEFAULT_DYNAMICS_CLIENT.clientId,
      client_secret: DEFAULT_DYNAMICS_CLIENT.clientSecret,
      ...fields,
    }).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The whole flow for `account`: consent, then the code redeemed. */
export async function authorizeDynamics(baseUrl: string, account: string, scope = TEST_SCOPE): Promise<DynamicsTokens> {
  const back = await consent(baseUrl, account, scope);
  const res = await tokenRequest(baseUrl, {
    grant_type: 'authorization_code',
    code: back.location?.searchParams.get('code') ?? '',
    redirect_uri: TEST_REDIRECT,
  });
  if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as unknown as DynamicsTokens;
}
