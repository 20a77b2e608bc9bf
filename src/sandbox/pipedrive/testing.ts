/**
 * Helpers for tests that use the Pipedrive sandbox over HTTP: run the whole OAuth flow the way a browser and a
 * backend would (consent page → form post → redirect with code → Basic-authenticated token exchange), or read a
 * company's API token from the API-token page.
 */
import type { FastifyInstance } from 'fastify';

import { readApiToken } from '../shared/api-token-page.js';
import { type FakeFlowOptions, runFakeFlow } from '../shared/oauth-test-flow.js';
import { serveOnFreePort } from '../shared/test-server.js';
import { createPipedriveSandbox, type PipedriveSandboxInstance, type PipedriveSandboxOptions, type PipedriveTokenGrant } from './index.js';
import { PIPEDRIVE_ENDPOINTS } from './oauth-store.js';

/** A Pipedrive sandbox listening on a local port (for the vendor SDK's tests). */
export interface PipedriveTestServer {
  app: FastifyInstance;
  sandbox: PipedriveSandboxInstance;
  /** `http://127.0.0.1:PORT/sandbox/pipedrive`: the SDKs' base is `${baseUrl}/v1` or `${baseUrl}/api/v2`. */
  baseUrl: string;
}

/** Starts a sandbox on 127.0.0.1 (free port), registered under `/sandbox/pipedrive`; close it with `app.close()`. */
export async function startPipedriveTestServer(opts: PipedriveSandboxOptions): Promise<PipedriveTestServer> {
  const sandbox = createPipedriveSandbox(opts);
  const { app, root } = await serveOnFreePort(sandbox.plugin, 'pipedrive', 'The Pipedrive sandbox');
  return { app, sandbox, baseUrl: `${root}/pipedrive` };
}

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
