/**
 * Helpers for tests that use the Salesforce sandbox over HTTP: run it on its
 * own Fastify server (mounted at `/sandbox/salesforce`, as the app does), and
 * run the whole OAuth web-server flow the way a browser and a backend would
 * (consent page → form post → redirect with code → token exchange).
 */
import type { FastifyInstance } from 'fastify';

import { serveOnFreePort } from '../shared/test-server.js';
import {
  buildSalesforceSandbox,
  DEFAULT_SALESFORCE_CLIENT,
  type SalesforceSandbox,
  type SalesforceSandboxOptions,
  type SalesforceTokenResponse,
} from './index.js';

/** A Salesforce sandbox listening on a local port. */
export interface SalesforceTestServer {
  app: FastifyInstance;
  /** `http://127.0.0.1:PORT/sandbox/salesforce`: login host and instance URL. */
  baseUrl: string;
  salesforce: SalesforceSandbox;
  close(): Promise<void>;
}

/** Starts a sandbox on 127.0.0.1 (free port), registered under `/sandbox/salesforce`. */
export async function startSalesforceTestServer(opts: Omit<SalesforceSandboxOptions, 'publicUrl'> = {}): Promise<SalesforceTestServer> {
  let root = '';
  const { plugin, salesforce } = buildSalesforceSandbox(opts, () => root);
  const { app, root: served } = await serveOnFreePort(plugin, 'salesforce', 'The Salesforce sandbox');
  root = served;
  return {
    app,
    baseUrl: `${root}/salesforce`,
    salesforce,
    close: async () => {
      await app.close();
    },
  };
}

/** Options of {@link authorizeSalesforce}. */
export interface AuthorizeSalesforceOptions {
  /** The Salesforce base URL, e.g. "http://127.0.0.1:40123/sandbox/salesforce". */
  baseUrl: string;
  /** Org name typed on the consent page. */
  org: string;
  clientId?: string;
  clientSecret?: string;
  redirectUri?: string;
  /** Space-separated scopes. @defaultValue "api refresh_token" */
  scope?: string;
  state?: string;
}

/** Posts the consent form like a browser would; returns the redirect location. */
export async function submitSalesforceConsent(baseUrl: string, fields: Record<string, string>): Promise<URL> {
  const response = await fetch(`${baseUrl}/services/oauth2/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  const location = response.headers.get('location');
  await response.arrayBuffer();
  if (location === null) throw new Error(`Consent form answered ${response.status} without a redirect`);
  return new URL(location);
}

/** Runs the consent step and returns the authorization code. */
export async function salesforceAuthorizationCode(options: AuthorizeSalesforceOptions): Promise<string> {
  const clientId = options.clientId ?? DEFAULT_SALESFORCE_CLIENT.clientId;
  const redirectUri = options.redirectUri ?? 'http://127.0.0.1/oauth/callback';
  const fields: Record<string, string> = {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: options.scope ?? 'api refresh_token',
    state: options.state ?? 'weft-test-state',
  };
  const page = await fetch(`${options.baseUrl}/services/oauth2/authorize?${new URLSearchParams(fields)}`);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`Consent page answered ${page.status}: ${html.slice(0, 200)}`);
  const location = await submitSalesforceConsent(options.baseUrl, { ...fields, account: options.org, decision: 'authorize' });
  const code = location.searchParams.get('code');
  if (code === null) throw new Error(`No code in redirect ${location.href}`);
  return code;
}

/** Runs the whole OAuth flow against a Salesforce sandbox and returns the token response. */
export async function authorizeSalesforce(options: AuthorizeSalesforceOptions): Promise<SalesforceTokenResponse> {
  const code = await salesforceAuthorizationCode(options);
  const response = await fetch(`${options.baseUrl}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: options.clientId ?? DEFAULT_SALESFORCE_CLIENT.clientId,
      client_secret: options.clientSecret ?? DEFAULT_SALESFORCE_CLIENT.clientSecret,
      redirect_uri: options.redirectUri ?? 'http://127.0.0.1/oauth/callback',
      code,
    }).toString(),
  });
  const body = (await response.json()) as SalesforceTokenResponse;
  if (response.status !== 200) throw new Error(`Token exchange answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}
