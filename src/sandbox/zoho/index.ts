/**
 * A faithful local fake of Zoho CRM (REST API v8 and Zoho Accounts' OAuth 2.0 with its data centres), served at
 * `${publicUrl}/zoho`: each data centre's accounts server at `/accounts/<location>` (consent, token, revoke) and API
 * domain at `/api/<location>` (`/crm/v8/…`). See ../README.md ("Zoho CRM API served").
 */
import type { FastifyPluginAsync } from 'fastify';

import { ensureFormParser, ensureMultipartFieldsParser, lenientJsonParser } from '../shared/body-parsers.js';
import { requireControlToken } from '../shared/control-auth.js';
import type { CounterSnapshot } from '../shared/counters.js';
import { type FakeOptions, fakeSettings } from '../shared/fake-options.js';
import type { FaultSpec } from '../shared/faults.js';
import { OAuthError } from '../shared/oauth-code-flow.js';
import type { OAuthClientConfig } from '../shared/oauth-store.js';
import { securePages } from '../shared/page-headers.js';
import { nonNegativeOption, nullableNonNegativeOption } from '../shared/sandbox-options.js';
import { registerControlRoutes } from './control-routes.js';
import { ZohoError } from './errors.js';
import { DATA_CENTRES, DEFAULT_ZOHO_CLIENT, type Location, LOCATIONS, ZOHO_ENDPOINTS, type ZohoGrant } from './oauth-store.js';
import type { ModuleName, ZohoOrg, ZohoRecord } from './org.js';
import { registerApiRoutes } from './routes.js';
import { readZohoScopes, ZohoService } from './service.js';
import { createRecord, type RecordAnswer, updateRecord } from './writes.js';

export { DEFAULT_ZOHO_CLIENT, ZOHO_ENDPOINTS } from './oauth-store.js';
export type { ModuleName, ZohoOrg, ZohoRecord };

export interface ZohoSandboxOptions extends FakeOptions<OAuthClientConfig & { scopes?: string[] }> {
  /** Seed sizes of every org (notes and tasks: one per deal). @defaultValue `{ contacts: 1000, companies: 200, deals: 200 }` */
  seed?: { contacts?: number; companies?: number; deals?: number };
  /** API credits per org per rolling 24 h; null: not enforced (headers still sent). @defaultValue 50,750 (Standard edition, 3 users) */
  credits?: number | null;
  /** Concurrent requests per org; null: not enforced. @defaultValue 10 (Standard edition) */
  concurrency?: number | null;
  /** Access-token lifetime in seconds. @defaultValue 3600 */
  tokenLifetimeSeconds?: number;
}

/** In-process access to the Zoho fake, for tests. */
export interface ZohoSandbox {
  /** The org of an account name (created and seeded on first use). */
  org(name: string): ZohoOrg;
  /** One record of an org's module, or undefined. */
  record(name: string, module: ModuleName, id: string): ZohoRecord | undefined;
  /**
   * Creates a record (no `id`) or updates one, as the org's admin, through the API's rules; the answer is the one the
   * API gives for that record (`status: 'error'` with its code when refused).
   */
  write(name: string, module: ModuleName, body: Record<string, unknown>, id?: string): RecordAnswer;
  /** Moves a record to the recycle bin, as the org's admin; false when there was none. */
  remove(name: string, module: ModuleName, id: string): boolean;
  /** The absolute URL of a data centre's API domain and accounts server under the fake. */
  apiDomain(location: Location): string;
  accountsServer(location: Location): string;
  /** Makes every access token of an org expired (its refresh tokens stay). */
  expireTokens(name: string): number;
  /** Sets the credits an org used in the current 24 h window. */
  setCreditsUsed(name: string, used: number): void;
  /** Queues failures for an org's next API requests. */
  injectFault(name: string, spec: FaultSpec): void;
  clearFaults(name: string): void;
  /** An org's request counters (kinds: `api`, `coql`, `token`). */
  counters(name: string): CounterSnapshot;
  resetCounters(name: string): void;
}

export interface ZohoSandboxInstance {
  plugin: FastifyPluginAsync;
  zoho: ZohoSandbox;
}

const P = 'Zoho';
const DEFAULT_CREDITS = 50_000 + 3 * 250;

export function createZohoSandboxWithUrl(
  opts: Omit<ZohoSandboxOptions, 'publicUrl'> & { publicUrl?: string },
  publicUrl: () => string,
): ZohoSandboxInstance {
  const common = fakeSettings(P, ZOHO_ENDPOINTS.mount, opts, publicUrl, DEFAULT_ZOHO_CLIENT);
  const service = new ZohoService({
    ...common,
    seed: {
      contacts: nonNegativeOption(P, opts.seed?.contacts, 1000, 'seed.contacts'),
      companies: nonNegativeOption(P, opts.seed?.companies, 200, 'seed.companies'),
      deals: nonNegativeOption(P, opts.seed?.deals, 200, 'seed.deals'),
    },
    credits: opts.credits === undefined ? DEFAULT_CREDITS : nullableNonNegativeOption(P, opts.credits, 'credits'),
    concurrency: opts.concurrency === undefined ? 10 : nullableNonNegativeOption(P, opts.concurrency, 'concurrency'),
    tokenLifetimeSeconds: nonNegativeOption(P, opts.tokenLifetimeSeconds, 3600, 'tokenLifetimeSeconds'),
  });
  return { plugin: zohoPlugin(service, opts.controlToken ?? null), zoho: handle(service) };
}

function handle(service: ZohoService): ZohoSandbox {
  return {
    org: (name) => service.accounts.get(name),
    record: (name, module, id) => service.accounts.get(name).records(module).get(id),
    write: (name, module, body, id) => {
      const org = service.accounts.get(name);
      return id === undefined ? createRecord(org, module, body, 0, org.admin) : updateRecord(org, module, body, 0, org.admin, id);
    },
    remove: (name, module, id) => {
      const org = service.accounts.get(name);
      return org.remove(module, id, org.admin);
    },
    apiDomain: (location) => service.apiDomain(location),
    accountsServer: (location) => service.accountsServer(location),
    expireTokens: (name) => service.oauth.expireAccountTokens(service.accounts.get(name).key),
    setCreditsUsed: (name, used) => service.accounts.get(name).credits.set(used),
    injectFault: (name, spec) => service.accounts.get(name).faults.enqueue(spec),
    clearFaults: (name) => service.accounts.get(name).faults.clear(),
    counters: (name) => service.accounts.get(name).counters.snapshot(),
    resetCounters: (name) => service.accounts.get(name).counters.reset(),
  };
}

/** The token response: `api_domain` of the org's data centre; a refresh answers no new refresh token (they do not rotate). */
function tokenBody(service: ZohoService, location: Location, grant: ZohoGrant & { clientId: string; scopes: string[] }) {
  const org = service.accounts.get(grant.orgKey);
  // An accounts server answers only for its own data centre's users.
  if (org.location !== location) throw new OAuthError(400, 'invalid_code', 'invalid_code');
  const refreshed = 'token' in grant && typeof grant.token === 'string';
  const base = { clientId: grant.clientId, scopes: grant.scopes, orgKey: grant.orgKey, userId: grant.userId };
  if (refreshed) service.oauth.keepRefreshToken(grant as typeof grant & { token: string });
  const access = service.oauth.issueAccessToken(base);
  return {
    access_token: access.token,
    ...(refreshed ? {} : { refresh_token: service.oauth.issueRefreshToken(base).token }),
    scope: grant.scopes.join(' '),
    api_domain: service.apiDomain(location),
    token_type: 'Bearer',
    expires_in: service.oauth.lifetimeSeconds,
  };
}

function zohoPlugin(service: ZohoService, controlToken: string | null): FastifyPluginAsync {
  return async (fastify) => {
    ensureFormParser(fastify);
    // Zoho's SDKs post the token request as multipart form data.
    ensureMultipartFieldsParser(fastify);
    securePages(fastify);
    for (const location of LOCATIONS) {
      await fastify.register(
        async (accounts) => {
          service.registerCodeFlow(accounts, {
            providerName: 'Zoho CRM',
            paths: { authorize: '/oauth/v2/auth', token: '/oauth/v2/token', revoke: '/oauth/v2/token/revoke' },
            scopesOf: (clientId) => service.scopesOf(clientId),
            requestedScopes: readZohoScopes,
            grantOf: (org) => ({ orgKey: org.key, userId: org.admin.id }),
            issue: (grant) => tokenBody(service, location, grant),
            declined: 'access_denied',
            // The redirect names the user's data centre and its accounts server, where the code is redeemed.
            callbackParams: (org) => ({ location: org.location, 'accounts-server': service.accountsServer(org.location) }),
          });
        },
        { prefix: `/accounts/${location}` },
      );
    }
    await fastify.register(
      async (api) => {
        lenientJsonParser(api, () => new ZohoError(400, 'INVALID_DATA', 'body is not a valid JSON'));
        // Zoho reads a JSON body whatever its Content-Type says (its SDK sends some without one).
        api.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
          const text = typeof body === 'string' ? body : body.toString('utf8');
          try {
            done(null, text.trim() === '' ? undefined : (JSON.parse(text) as unknown));
          } catch {
            done(new ZohoError(400, 'INVALID_DATA', 'body is not a valid JSON'), undefined);
          }
        });
        registerApiRoutes(api, service);
      },
      { prefix: '/api/:location' },
    );
    // The control API exists only with a control token, and then answers only to it.
    if (controlToken !== null) {
      await fastify.register(async (control) => {
        requireControlToken(control, controlToken);
        registerControlRoutes(control, service);
      });
    }
    fastify.all('/*', async (_request, reply) => reply.code(404).send());
  };
}

export { DATA_CENTRES };
