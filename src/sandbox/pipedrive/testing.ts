/**
 * Helpers for tests that use the Pipedrive sandbox over HTTP: run the whole
 * OAuth flow the way a browser and a backend would (consent page → form post →
 * redirect with code → Basic-authenticated token exchange), or read a
 * company's API token from the API-token page.
 */
import { readApiToken } from '../shared/api-token-page.js';
import { runCodeFlow } from '../shared/oauth-test-flow.js';
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

/** Runs the OAuth flow against a Pipedrive sandbox and returns the token response (the client authenticates by HTTP Basic). */
export async function authorizePipedrive(options: AuthorizePipedriveOptions): Promise<PipedriveTokenGrant> {
  const base = `${options.sandboxUrl.replace(/\/+$/, '')}/pipedrive`;
  return runCodeFlow<PipedriveTokenGrant>({
    authorizeUrl: `${base}/oauth/authorize`,
    tokenUrl: `${base}/oauth/token`,
    clientId: options.clientId ?? DEFAULT_PIPEDRIVE_CLIENT.clientId,
    clientSecret: options.clientSecret ?? DEFAULT_PIPEDRIVE_CLIENT.clientSecret,
    redirectUri: options.redirectUri ?? 'http://127.0.0.1/oauth/callback',
    state: options.state ?? 'weft-test-state',
    account: options.account,
    clientAuth: 'basic',
  });
}

/** Reads a company's API token from the sandbox's API-token page, as a person would. */
export async function readPipedriveApiToken(sandboxUrl: string, account: string): Promise<string> {
  return readApiToken(`${sandboxUrl.replace(/\/+$/, '')}/pipedrive/api-token`, account);
}
