/**
 * A faithful local fake of Salesforce: the OAuth 2.0 web-server flow, the REST
 * API (`/services/data/vNN.N/…`: SOQL query/queryAll, sObject rows, describe,
 * sObject Collections, updated/deleted, limits) and a `/_sandbox` control API,
 * with deterministic seed data per org name. jsforce (Salesforce's de-facto
 * Node SDK) is the referee: see `jsforce.test.ts`. See README.md ("Salesforce").
 */
import type { FastifyPluginAsync } from 'fastify';

import type { ProviderJournal } from '../shared/persistence.js';
import { MAX_SEED_VEHICLES } from '../shared/vehicles.js';
import { capOption, DEFAULT_MAX_ACCOUNTS, DEFAULT_MAX_WRITES_PER_ACCOUNT } from '../shared/write-budget.js';
import { type SalesforceSandbox, sandboxHandle } from './handles.js';
import { DEFAULT_SALESFORCE_CLIENT, type SalesforceClientConfig } from './oauth-store.js';
import { salesforcePlugin } from './plugin.js';
import { DEFAULT_SEED_OPPORTUNITIES, DEFAULT_SEED_VEHICLES } from './seed.js';
import { SalesforceService } from './service.js';

export { SalesforceApiError, SaveError } from './errors.js';
export type { DailyApiUsage, SalesforceObjectsHandle, SalesforceOrgHandle, SalesforceRecord, SalesforceSandbox } from './handles.js';
export type { SalesforceClientConfig } from './oauth-store.js';
export { DEFAULT_SALESFORCE_CLIENT } from './oauth-store.js';
export type { FieldValue } from './records.js';
export type { SalesforceTokenResponse } from './service.js';
export { DEFAULT_DAILY_API_LIMIT } from './service.js';

/** Options of {@link createSalesforceSandbox}. */
export interface SalesforceSandboxOptions {
  /** Where the SANDBOX root is mounted, e.g. "http://127.0.0.1:3000/sandbox"; Salesforce lives at `${publicUrl}/salesforce`. */
  publicUrl: string;
  /** The control API's bearer token; without one (the default) the control API is off (404). */
  controlToken?: string | null;
  /** Most records one account may gain by writes (seed records do not count); null: no cap. @defaultValue 10000 */
  maxWritesPerAccount?: number | null;
  /** Most accounts the sandbox's pages create for names typed there; null: no cap. @defaultValue 1000 */
  maxAccounts?: number | null;
  /**
   * Deterministic seed size of every sandbox org (`vehicles`: Vehicle__c records; `opportunities`: Opportunity records,
   * each with a contact role). @defaultValue `{ contacts: 1000, accounts: 200, vehicles: 120, opportunities: 200 }`
   */
  seed?: { contacts?: number; accounts?: number; vehicles?: number; opportunities?: number };
  /** API requests per rolling 24 h per org; null never rejects (the Sforce-Limit-Info header is still sent). @defaultValue 15000 (Developer Edition) */
  dailyApiLimit?: number | null;
  /** Access-token lifetime (the org's session timeout) in seconds. @defaultValue 7200 */
  sessionTimeoutSeconds?: number;
  /** Added latency per API and token request in ms. @defaultValue 0 */
  latencyMs?: number;
  /** OAuth clients (connected apps) the sandbox accepts. @defaultValue one client {@link DEFAULT_SALESFORCE_CLIENT} */
  clients?: SalesforceClientConfig[];
  /** Clock in epoch milliseconds, for tests. @defaultValue Date.now */
  now?: () => number;
  /** Where the fake's state is stored (see shared/persistence.ts); in memory only without it. */
  journal?: ProviderJournal;
}

function nonNegativeInteger(value: number | undefined, fallback: number, name: string): number {
  const result = value ?? fallback;
  if (!Number.isInteger(result) || result < 0) throw new Error(`Salesforce sandbox option ${name} must be a non-negative integer`);
  return result;
}

function seedVehicles(value: number | undefined): number {
  const count = nonNegativeInteger(value, DEFAULT_SEED_VEHICLES, 'seed.vehicles');
  if (count > MAX_SEED_VEHICLES) throw new Error(`Salesforce sandbox option seed.vehicles must be at most ${MAX_SEED_VEHICLES}`);
  return count;
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  const result = nonNegativeInteger(value, fallback, name);
  if (result < 1) throw new Error(`Salesforce sandbox option ${name} must be at least 1`);
  return result;
}

/**
 * Builds a Salesforce sandbox whose public URL is read lazily (for a server
 * whose port is known only after listen, as `startSandboxServer` does).
 * @param publicUrl - returns the sandbox root URL without a trailing slash
 * @throws Error for invalid options
 */
export function buildSalesforceSandbox(
  opts: Omit<SalesforceSandboxOptions, 'publicUrl'>,
  publicUrl: () => string,
): { plugin: FastifyPluginAsync; salesforce: SalesforceSandbox } {
  const clients = (opts.clients ?? [DEFAULT_SALESFORCE_CLIENT]).map((client) => ({ ...client }));
  if (clients.length === 0) throw new Error('Salesforce sandbox option clients must not be empty');
  const dailyApiLimit = opts.dailyApiLimit === null ? null : positiveInteger(opts.dailyApiLimit, 15_000, 'dailyApiLimit');
  const service = new SalesforceService({
    baseUrl: () => `${publicUrl().replace(/\/+$/, '')}/salesforce`,
    seed: {
      contacts: nonNegativeInteger(opts.seed?.contacts, 1000, 'seed.contacts'),
      accounts: nonNegativeInteger(opts.seed?.accounts, 200, 'seed.accounts'),
      vehicles: seedVehicles(opts.seed?.vehicles),
      opportunities: nonNegativeInteger(opts.seed?.opportunities, DEFAULT_SEED_OPPORTUNITIES, 'seed.opportunities'),
    },
    dailyApiLimit,
    tokenLifetimeSeconds: positiveInteger(opts.sessionTimeoutSeconds, 7200, 'sessionTimeoutSeconds'),
    latencyMs: nonNegativeInteger(opts.latencyMs, 0, 'latencyMs'),
    clients,
    maxWritesPerAccount: capOption(opts.maxWritesPerAccount, DEFAULT_MAX_WRITES_PER_ACCOUNT, 'maxWritesPerAccount'),
    maxAccounts: capOption(opts.maxAccounts, DEFAULT_MAX_ACCOUNTS, 'maxAccounts'),
    now: opts.now ?? Date.now,
    ...(opts.journal ? { journal: opts.journal } : {}),
  });
  return { plugin: salesforcePlugin(service, opts.controlToken ?? null), salesforce: sandboxHandle(service) };
}

/**
 * Creates a Salesforce sandbox. Nothing is generated up front: orgs appear on
 * first use and their seed records are computed on demand.
 * @throws Error for invalid options
 */
export function createSalesforceSandbox(opts: SalesforceSandboxOptions): { plugin: FastifyPluginAsync; salesforce: SalesforceSandbox } {
  let publicUrl: string;
  try {
    publicUrl = new URL(opts.publicUrl).href.replace(/\/+$/, '');
  } catch (error) {
    throw new Error(`Salesforce sandbox option publicUrl must be an absolute URL: ${String(opts.publicUrl)}`, { cause: error });
  }
  const { publicUrl: _ignored, ...rest } = opts;
  return buildSalesforceSandbox(rest, () => publicUrl);
}
