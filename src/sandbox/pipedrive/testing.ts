/**
 * Helpers for tests that use the Pipedrive sandbox over HTTP: run the whole
 * OAuth flow the way a browser and a backend would (consent page → form post →
 * redirect with code → Basic-authenticated token exchange), or read a
 * company's API token from the API-token page.
 */
import { readApiToken } from '../shared/api-token-page.js';
import { type FakeFlowOptions, runFakeFlow } from '../shared/oauth-test-flow.js';
import type { PipedriveTokenGrant } from './index.js';
import { PIPEDRIVE_ENDPOINTS } from './oauth-store.js';

/** Options of {@link authorizePipedrive} (Pipedrive is at `${sandboxUrl}/pipedrive`; the account is the company name). */
export type AuthorizePipedriveOptions = FakeFlowOptions;

/** Runs the OAuth flow against a Pipedrive sandbox and returns the token response (the client authenticates by HTTP Basic). */
export async function authorizePipedrive(options: AuthorizePipedriveOptions): Promise<PipedriveTokenGrant> {
  return runFakeFlow<PipedriveTokenGrant>(PIPEDRIVE_ENDPOINTS, options, { clientAuth: 'basic' });
}

/** Reads a company's API token from the sandbox's API-token page, as a person would. */
export async function readPipedriveApiToken(sandboxUrl: string, account: string): Promise<string> {
  return readApiToken(`${sandboxUrl.replace(/\/+$/, '')}/pipedrive/api-token`, account);
}
