/**
 * Helpers for tests that use the Pipedrive sandbox over HTTP: run the whole
 * OAuth flow the way a browser and a backend would (consent page → form post →
 * redirect with code → Basic-authenticated token exchange), or read a
 * company's API token from the API-token page.
 */
import { DEFAULT_PIPEDRIVE_CLIENT, type PipedriveTokenGrant } from './index.js';

/** Options of {@link authorizePipedrive}. */
export interface AuthorizePipedriveOptions {
  /** Sandbox base URL, e.g. "http://127.0.0.1:40123/sandbox" (Pipedrive is at `${sandboxUrl}/pipedrive`). */
  sandboxUrl: string;
  /** Account (company) name typed on the consent page. */
  account: string;
  clientId?: string;
  clientSecret?: string;
  redirectUri?: string;
  state?: string;
}

/** Runs the OAuth flow against a Pipedrive sandbox and returns the token response. */
export async function authorizePipedrive(options: AuthorizePipedriveOptions): Promise<PipedriveTokenGrant> {
  const base = `${options.sandboxUrl.replace(/\/+$/, '')}/pipedrive`;
  const clientId = options.clientId ?? DEFAULT_PIPEDRIVE_CLIENT.clientId;
  const clientSecret = options.clientSecret ?? DEFAULT_PIPEDRIVE_CLIENT.clientSecret;
  const redirectUri = options.redirectUri ?? 'http://127.0.0.1/oauth/callback';
  const state = options.state ?? 'weft-test-state';
  const page = await fetch(`${base}/oauth/authorize?${new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri, state })}`);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`Consent page answered ${page.status}: ${html.slice(0, 200)}`);
  const consent = await fetch(`${base}/oauth/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri, state, account: options.account, decision: 'authorize' }).toString(),
    redirect: 'manual',
  });
  await consent.arrayBuffer();
  const location = consent.headers.get('location');
  const code = location === null ? null : new URL(location).searchParams.get('code');
  if (code === null) throw new Error(`Consent form answered ${consent.status} without a code (${String(location)})`);
  const response = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }).toString(),
  });
  const body = (await response.json()) as PipedriveTokenGrant;
  if (response.status !== 200) throw new Error(`Token exchange answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

/** Reads a company's API token from the sandbox's API-token page, as a person would. */
export async function readPipedriveApiToken(sandboxUrl: string, account: string): Promise<string> {
  const response = await fetch(`${sandboxUrl.replace(/\/+$/, '')}/pipedrive/api-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ account }).toString(),
  });
  const html = await response.text();
  const token = /id="api-token" readonly value="([0-9a-f]{40})"/.exec(html)?.[1];
  if (response.status !== 200 || token === undefined) throw new Error(`API-token page answered ${response.status} without a token`);
  return token;
}
