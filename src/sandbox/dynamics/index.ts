/**
 * A faithful local fake of Microsoft Dataverse (Dynamics 365's Web API, OData v4) and the Microsoft identity
 * platform's OAuth 2.0 pages, served at `${publicUrl}/dynamics`: `/organizations/oauth2/v2.0/{authorize,token}` and
 * `/api/data/v9.2/…`, behind the service protection limits (6,000 requests per user per five minutes, 52 at once; a
 * 429 with `Retry-After` in seconds; `x-ms-ratelimit-*` headers on every answer). See ../README.md ("Dataverse API
 * served").
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

import type { AccountControls } from '../shared/account-controls.js';
import { ensureFormParser, lenientJsonParser } from '../shared/body-parsers.js';
import { requireControlToken } from '../shared/control-auth.js';
import { ControlError, registerControlApi } from '../shared/control-routes.js';
import { registerDialectErrorHandler } from '../shared/error-handler.js';
import { type FakeOptions, fakeSettings } from '../shared/fake-options.js';
import { registerGuardHooks } from '../shared/faults.js';
import { bearerToken } from '../shared/http.js';
import type { OAuthClientConfig } from '../shared/oauth-store.js';
import type { SandboxBasics } from '../shared/objects-sandbox-handle.js';
import { securePages } from '../shared/page-headers.js';
import { nonNegativeOption, nullableNonNegativeOption } from '../shared/sandbox-options.js';
import { serveFault } from '../shared/serve-fault.js';
import { sleep } from '../shared/util.js';
import { bodyOfStatus, DataverseError, tooManyConcurrent, tooManyRequests } from './errors.js';
import { ENTITIES, type Row } from './model.js';
import { aadError, DEFAULT_DYNAMICS_CLIENT, DYNAMICS_ENDPOINTS, ENVIRONMENT_HOST, readScopes } from './oauth.js';
import { comparator, serialize, serializeParty } from './odata.js';
import { type DataverseOrg, EXECUTION_MS } from './org.js';
import { kinds, principals, registerApiRoutes, type WriteIntent, writeRow } from './routes.js';
import { DataverseService } from './service.js';

export { DEFAULT_DYNAMICS_CLIENT, DYNAMICS_ENDPOINTS } from './oauth.js';
export type { DataverseOrg };

export interface DynamicsSandboxOptions extends FakeOptions<OAuthClientConfig> {
  /** Seed rows of every org (tasks and notes: one per opportunity, leads: one per two). @defaultValue `{ contacts: 1000, accounts: 200, opportunities: 200 }` */
  seed?: { contacts?: number; accounts?: number; opportunities?: number };
  /** Requests per user per five minutes; null: not enforced (headers still sent). @defaultValue 6000 */
  requests?: number | null;
  /** Concurrent requests per user; null: not enforced. @defaultValue 52 */
  concurrency?: number | null;
  /** Access-token lifetime in seconds. @defaultValue 3599 */
  tokenLifetimeSeconds?: number;
}

type Json = Record<string, unknown>;

/** One org in-process: its rows as the API answers them, and the controls. */
export interface DynamicsOrgHandle extends AccountControls<Json> {
  readonly name: string;
  readonly organizationId: string;
  /** The rows of an entity set (`contacts`) as the API serializes them (decimals as strings), in key order. */
  rows(set: string): Json[];
  row(set: string, id: string): Json | undefined;
  /** The `activityparty` rows of an activity as `$expand=<table>_activity_parties` serializes them (none for another row). */
  parties(activityId: string): Json[];
  /**
   * Creates a row as the org's administrator would through the Web API (`POST /<set>`, attributes by logical name,
   * lookups bound with `nav@odata.bind`); the row as the API serializes it. Throws the Web API's error for a body it
   * refuses.
   */
  create(set: string, body: Json): Json;
  /** Updates a row as `PATCH /<set>(<id>)` with `If-Match: *` would (a row that is gone is a 404); the row as stored. */
  update(set: string, id: string, body: Json): Json;
  /** Deletes a row behind the API's back (as a user in the app would); false when there was none. */
  remove(set: string, id: string): boolean;
  /** Requests left in the first user's current five-minute window. */
  remaining(): number;
}

export interface DynamicsSandbox extends SandboxBasics {
  org(name: string): DynamicsOrgHandle;
  orgs(): string[];
}

export interface DynamicsSandboxInstance {
  plugin: FastifyPluginAsync;
  dynamics: DynamicsSandbox;
}

const FMT = { decimalsAsText: true, annotations: () => true };

function setOf(name: string) {
  const meta = Object.hasOwn(ENTITIES, name) ? ENTITIES[name] : undefined;
  if (!meta) throw new ControlError(404, `Unknown entity set ${name} (use ${Object.keys(ENTITIES).join(', ')})`);
  return meta;
}

function orgHandle(service: DataverseService, org: DataverseOrg): DynamicsOrgHandle {
  const controls = service.accountControls(org, (clientId, scopes) =>
    service.issue({
      clientId,
      scopes: scopes ?? [`https://${org.key.replace(/[^a-z0-9-]+/g, '') || 'org'}.crm.dynamics.com/user_impersonation`, 'offline_access'],
      orgKey: org.key,
      userId: org.admin.id,
    }),
  );
  const one = (set: string, row: Row | undefined) => (row ? serialize(setOf(set), row, null, FMT) : undefined);
  const admin = { org, user: org.admin, audience: '' };
  const writeAs = (set: string, intent: WriteIntent) => one(set, writeRow(service, admin, setOf(set), intent).row) as Json;
  return {
    ...controls,
    name: org.key,
    organizationId: org.organizationId,
    rows: (set) => [...org.table(setOf(set).set).values()].sort(comparator([])).map((r) => one(set, r) as Json),
    row: (set, id) => one(set, org.table(setOf(set).set).get(id.toLowerCase())),
    parties: (activityId) => org.partiesOf(activityId.toLowerCase()).map((p) => serializeParty(p, null, FMT)),
    create: (set, body) => writeAs(set, { method: 'POST', body }),
    update: (set, id, body) => writeAs(set, { method: 'PATCH', id: id.toLowerCase(), ifMatch: '*', body }),
    remove: (set, id) => org.table(setOf(set).set).delete(id.toLowerCase()),
    remaining: () => org.limiter(org.admin.id).remaining(),
  };
}

const outcomes = new WeakMap<FastifyRequest, 'served' | 'rate-limited' | 'faulted'>();
const entered = new WeakSet<FastifyRequest>();

/** The service protection headers of an answer: requests left in the window, execution time left (ms, Dataverse's format). */
function limitHeaders(org: DataverseOrg, userId: string): Record<string, string> {
  const limiter = org.limiter(userId);
  const used = limiter.used();
  const time = Math.max(0, EXECUTION_MS - used * 20).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return {
    'x-ms-ratelimit-burst-remaining-xrm-requests': String(Math.max(0, limiter.advertisedMax - used)),
    'x-ms-ratelimit-time-remaining-xrm-requests': time,
  };
}

function sendError(reply: FastifyReply, error: DataverseError, headers: Record<string, string> = {}) {
  return reply.code(error.statusCode).headers(headers).type('application/json; odata.metadata=minimal').send(error.body());
}

async function guard(service: DataverseService, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  await sleep(service.settings.latencyMs);
  reply.header('OData-Version', '4.0');
  const token = bearerToken(request);
  const principal = token === undefined ? undefined : service.principal(token);
  if (!principal) {
    // Dataverse answers a missing or expired token with an empty 401 naming the authority.
    return reply.code(401).header('WWW-Authenticate', 'Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize').send();
  }
  principals.set(request, principal);
  const { org, user } = principal;
  const decision = org.limiter(user.id).tryAcquire();
  if (!decision.allowed) {
    outcomes.set(request, 'rate-limited');
    return sendError(reply, tooManyRequests(org.limiter(user.id).max), {
      ...limitHeaders(org, user.id),
      'Retry-After': String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000))),
    });
  }
  if (!org.enter(user.id)) {
    outcomes.set(request, 'rate-limited');
    return sendError(reply, tooManyConcurrent(org.concurrency ?? 0), { ...limitHeaders(org, user.id), 'Retry-After': '1' });
  }
  entered.add(request);
  reply.headers(limitHeaders(org, user.id));
  return serveFault(
    request,
    reply,
    org.faults.take(request),
    bodyOfStatus,
    () => void outcomes.set(request, 'faulted'),
    (status): Record<string, string> => (status === 429 ? { 'Retry-After': '1' } : {}),
  );
}

function registerApi(api: FastifyInstance, service: DataverseService): void {
  lenientJsonParser(
    api,
    () => new DataverseError(400, '0x80048d19', 'Error identified in Payload provided by the user: the body is not valid JSON.'),
  );
  registerGuardHooks(
    api,
    async (request, reply) => guard(service, request, reply),
    (request) => {
      const principal = principals.get(request);
      if (principal && entered.has(request)) principal.org.leave(principal.user.id);
      return {
        counters: principal?.org.counters ?? service.unattributed,
        kind: kinds.get(request) ?? `${request.method} other`,
        outcome: outcomes.get(request) ?? 'served',
      };
    },
  );
  registerDialectErrorHandler(api, {
    provider: 'Dataverse',
    isOwn: (error): error is DataverseError => error instanceof DataverseError,
    send: (reply, _request, error) => sendError(reply, error),
    fromFastify: (error) => new DataverseError(error.statusCode ?? 400, '0x80048d19', error.message),
    internal: () => new DataverseError(500, '0x80040216', 'An unexpected error occurred.'),
  });
  registerApiRoutes(api, service);
}

function registerControl(scope: FastifyInstance, service: DataverseService, token: string): void {
  requireControlToken(scope, token);
  const handleOf = (name: string) => orgHandle(service, service.accounts.get(name));
  registerControlApi<DynamicsOrgHandle>(scope, {
    provider: 'Dataverse',
    accountLabel: 'org',
    bases: ['/_sandbox/orgs', '/_sandbox/accounts'],
    info: () => ({ provider: 'dynamics', baseUrl: service.baseUrl(), orgs: service.accounts.keys(), seed: service.settings.seed }),
    handle: handleOf,
    summary: (h) => ({ name: h.name, organizationId: h.organizationId, contacts: h.rows('contacts').length, accounts: h.rows('accounts').length }),
    apiError: (error) => (error instanceof DataverseError ? { statusCode: error.statusCode, body: error.body() } : undefined),
    records: {
      list: (h, type, query) => {
        const limit = Number(query['limit'] ?? 100);
        return { value: h.rows(type).slice(0, Number.isInteger(limit) && limit > 0 ? limit : 100) };
      },
      get: (h, type, id) => {
        const found = h.row(type, id);
        if (!found) throw new ControlError(404, `No ${type} row ${id}`);
        return found;
      },
      create: (h, type, body) => h.create(type, body()),
      update: (h, type, id, body) => h.update(type, id, body()),
      remove: (h, type, id) => {
        if (!h.remove(type, id)) throw new ControlError(404, `No ${type} row ${id}`);
      },
    },
  });
}

const P = 'Dynamics 365';

export function createDynamicsSandboxWithUrl(
  opts: Omit<DynamicsSandboxOptions, 'publicUrl'> & { publicUrl?: string },
  publicUrl: () => string,
): DynamicsSandboxInstance {
  const common = fakeSettings(P, DYNAMICS_ENDPOINTS.mount, opts, publicUrl, DEFAULT_DYNAMICS_CLIENT);
  const service = new DataverseService({
    ...common,
    seed: {
      contacts: nonNegativeOption(P, opts.seed?.contacts, 1000, 'seed.contacts'),
      accounts: nonNegativeOption(P, opts.seed?.accounts, 200, 'seed.accounts'),
      opportunities: nonNegativeOption(P, opts.seed?.opportunities, 200, 'seed.opportunities'),
    },
    requests: opts.requests === undefined ? 6000 : nullableNonNegativeOption(P, opts.requests, 'requests'),
    concurrency: opts.concurrency === undefined ? 52 : nullableNonNegativeOption(P, opts.concurrency, 'concurrency'),
    tokenLifetimeSeconds: nonNegativeOption(P, opts.tokenLifetimeSeconds, 3599, 'tokenLifetimeSeconds'),
  });
  const token = opts.controlToken ?? null;
  const plugin: FastifyPluginAsync = async (fastify) => {
    ensureFormParser(fastify);
    securePages(fastify);
    await fastify.register(async (pages) => {
      // The token endpoint's errors in Azure AD's shape (AADSTS codes, trace and correlation ids).
      pages.addHook('onSend', async (request, reply, payload) => {
        if (reply.statusCode < 400 || !request.url.includes('/oauth2/v2.0/token') || typeof payload !== 'string') return payload;
        const body = JSON.parse(payload) as { error?: string; error_description?: string };
        return JSON.stringify(aadError(body.error ?? 'invalid_request', body.error_description ?? '', service.settings.now()));
      });
      service.registerCodeFlow(pages, {
        providerName: 'Microsoft',
        paths: { authorize: DYNAMICS_ENDPOINTS.authorizePath, token: DYNAMICS_ENDPOINTS.tokenPath, revoke: '/organizations/oauth2/v2.0/revoke' },
        scopesOf: () => ['https://<environment>/user_impersonation', 'offline_access'],
        requestedScopes: readScopes,
        grantOf: (org) => ({ orgKey: org.key, userId: org.admin.id }),
        issue: (grant) => service.issue(grant),
        declined: 'access_denied',
      });
    });
    await fastify.register(async (api) => registerApi(api, service));
    if (token !== null) await fastify.register(async (control) => registerControl(control, service, token));
    fastify.all('/*', async (_request, reply) => reply.code(404).send());
  };
  const dynamics = service.sandboxHandle({
    org: (name: string) => orgHandle(service, service.accounts.get(name)),
    orgs: () => service.accounts.keys(),
  });
  return { plugin, dynamics };
}

export { ENVIRONMENT_HOST };
