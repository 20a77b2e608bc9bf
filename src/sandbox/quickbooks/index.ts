/**
 * A faithful local fake of QuickBooks Online (the Accounting API v3 and Intuit's OAuth 2.0), served at
 * `${publicUrl}/quickbooks`: the consent page at `/connect/oauth2` (its redirect names the company, `realmId`), the
 * token endpoint at `/oauth2/v1/tokens/bearer` (HTTP Basic client authentication, access tokens for an hour, refresh
 * tokens that rotate), and each company's API at `/v3/company/<realmId>/…`: the query language, reads by id, creates,
 * sparse and full updates with SyncToken, deletes of transactions, Change Data Capture; errors as Faults; 500
 * requests a minute and 10 at once per company, a 429 beyond. See ../README.md ("QuickBooks Online API served").
 */
import { randomBytes } from 'node:crypto';

import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

import type { AccountControls } from '../shared/account-controls.js';
import { ensureFormParser, lenientJsonParser } from '../shared/body-parsers.js';
import { requireControlToken } from '../shared/control-auth.js';
import { ControlError, registerControlApi } from '../shared/control-routes.js';
import { registerDialectErrorHandler } from '../shared/error-handler.js';
import { type FakeOptions, type FakeSettings, fakeSettings } from '../shared/fake-options.js';
import { registerGuardHooks } from '../shared/faults.js';
import { bearerToken } from '../shared/http.js';
import { OAuthFakeService } from '../shared/oauth-fake-service.js';
import type { GrantBase, OAuthClientConfig, OAuthDialect } from '../shared/oauth-store.js';
import type { SandboxBasics } from '../shared/objects-sandbox-handle.js';
import { securePages } from '../shared/page-headers.js';
import { nonNegativeOption, nullableNonNegativeOption } from '../shared/sandbox-options.js';
import { serveFault } from '../shared/serve-fault.js';
import { sleep } from '../shared/util.js';
import { Company, ENTITIES, type Entity, entityNamed, QboFault, qboTime, type Rec } from './company.js';
import { DEFAULT_QUICKBOOKS_CLIENT, QUICKBOOKS_ENDPOINTS } from './endpoints.js';
import { parseQuery, runQuery } from './query.js';

export { ENTITIES, type Entity } from './company.js';
export { DEFAULT_QUICKBOOKS_CLIENT, QUICKBOOKS_ENDPOINTS } from './endpoints.js';

interface Grant {
  companyKey: string;
}

const DIALECT: OAuthDialect<Grant> = {
  codeLifetimeMs: 5 * 60 * 1000,
  code: () => `AB11${randomBytes(24).toString('base64url')}`,
  accessToken: () => `eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0..${randomBytes(96).toString('base64url')}`,
  refreshToken: () => `AB11${randomBytes(36).toString('hex').slice(0, 46)}`,
  accountOf: (grant) => grant.companyKey,
  codeConsumption: 'strict',
  redirectUriOptional: false,
  // Refresh tokens last 100 days (x_refresh_token_expires_in).
  refreshIdleLifetimeMs: 100 * 86_400_000,
};

const REFRESH_SECONDS = 8_726_400;

export interface QuickBooksSandboxOptions extends FakeOptions<OAuthClientConfig> {
  /** Seed sizes of every company. @defaultValue `{ customers: 1000, vendors: 200, items: 40, invoices: 300, purchaseOrders: 50 }` */
  seed?: { customers?: number; vendors?: number; items?: number; invoices?: number; purchaseOrders?: number };
  /** Requests per minute per company; null: not enforced. @defaultValue 500 */
  perMinute?: number | null;
  /** Requests at once per company; null: not enforced. @defaultValue 10 */
  concurrency?: number | null;
  /** Access-token lifetime in seconds. @defaultValue 3600 */
  tokenLifetimeSeconds?: number;
}

/** One company in-process: its entities as the API answers them, the queries it answered, and the controls. */
export interface QuickBooksCompanyHandle extends AccountControls<Rec> {
  readonly name: string;
  readonly realmId: string;
  /** The records of an entity, by id order (name lists with their inactive entries). */
  records(entity: Entity): Rec[];
  record(entity: Entity, id: string): Rec | undefined;
  /** Deletes a record as a user would in QuickBooks (Change Data Capture reports it); false when there was none. */
  remove(entity: Entity, id: string): boolean;
  /** Writes through the API's rules as the company's admin (`POST /<entity>`): the answer, or the Fault thrown. */
  write(entity: Entity, body: Rec, operation?: 'delete'): Rec;
  /** The query texts the company answered, oldest first (the last 200). */
  queries(): string[];
  /** Requests left in the current minute. */
  remaining(): number;
  /** The most requests the company had in flight at once since its counters were reset. */
  peakInFlight(): number;
}

export interface QuickBooksSandbox extends SandboxBasics {
  company(name: string): QuickBooksCompanyHandle;
  companies(): string[];
}

export interface QuickBooksSandboxInstance {
  plugin: FastifyPluginAsync;
  quickbooks: QuickBooksSandbox;
}

interface Settings extends FakeSettings<OAuthClientConfig> {
  seed: { customers: number; vendors: number; items: number; invoices: number; purchaseOrders: number };
  perMinute: number | null;
  concurrency: number | null;
  tokenLifetimeSeconds: number;
}

class QuickBooksService extends OAuthFakeService<Settings, Company, Grant> {
  constructor(settings: Settings) {
    // The fake keeps no state file: its companies and tokens live in memory even when a journal is passed.
    const { journal: _inMemory, ...memory } = settings;
    const { seed, perMinute, concurrency, now } = settings;
    super(memory, DIALECT, (key) => new Company(key, { seed, perMinute, concurrency, now }));
  }

  issue(grant: Grant & GrantBase): Rec {
    const base = { clientId: grant.clientId, scopes: grant.scopes, companyKey: grant.companyKey };
    const refresh = this.oauth.issueRefreshToken(base);
    const access = this.oauth.issueAccessToken(base, { refreshToken: refresh.token });
    return {
      token_type: 'bearer',
      access_token: access.token,
      expires_in: this.oauth.lifetimeSeconds,
      refresh_token: refresh.token,
      x_refresh_token_expires_in: REFRESH_SECONDS,
    };
  }
}

function companyHandle(service: QuickBooksService, company: Company): QuickBooksCompanyHandle {
  const controls = service.accountControls<Rec>(company, (clientId, scopes) => ({
    ...service.issue({ clientId, scopes: scopes ?? ['com.intuit.quickbooks.accounting'], companyKey: company.key }),
    realmId: company.realmId,
  }));
  return {
    ...controls,
    resetCounters: () => {
      controls.resetCounters();
      company.peakInFlight = 0;
    },
    name: company.key,
    realmId: company.realmId,
    records: (entity) => [...company.table(entity).values()].sort((a, b) => Number(a['Id']) - Number(b['Id'])),
    record: (entity, id) => company.get(entity, id),
    remove: (entity, id) => company.remove(entity, id),
    write: (entity, body, operation) => company.write(entity, body, operation),
    queries: () => [...company.queries],
    remaining: () => company.limiter.remaining(),
    peakInFlight: () => company.peakInFlight,
  };
}

const companies = new WeakMap<FastifyRequest, Company>();
const outcomes = new WeakMap<FastifyRequest, 'served' | 'rate-limited' | 'faulted'>();
const kinds = new WeakMap<FastifyRequest, string>();
const entered = new WeakSet<FastifyRequest>();

/** The gateway's own answers (a refused token, a throttle): lowercase `fault` with the gateway's message format. */
function gatewayFault(status: number, code: string, name: string, type: string, detail: string | null, now: number): Rec {
  return {
    fault: { error: [{ message: `message=${name}; errorCode=00${code}; statusCode=${status}`, detail, code, element: null }], type },
    time: qboTime(now, true),
  };
}

function bodyOfStatus(now: number) {
  return (status: number): Rec =>
    status === 429
      ? gatewayFault(429, '3001', 'ThrottleExceeded', 'SERVICE', 'The request limit was reached.', now)
      : status === 401
        ? gatewayFault(401, '3200', 'AuthenticationFailed', 'AUTHENTICATION', null, now)
        : new QboFault(
            status,
            status >= 500 ? '10000' : '6000',
            'An application error has occurred while processing your request',
            `System Failure Error: ${status}`,
            'SystemFault',
          ).body(now);
}

async function guard(service: QuickBooksService, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const now = service.settings.now();
  reply.header('intuit_tid', `1-${randomBytes(12).toString('hex')}`);
  const token = bearerToken(request);
  const record = token === undefined ? undefined : service.oauth.peekAccessToken(token);
  if (!record)
    return reply
      .code(401)
      .header('WWW-Authenticate', 'Bearer realm="Intuit"')
      .send(gatewayFault(401, '3200', 'AuthenticationFailed', 'AUTHENTICATION', null, now));
  const company = service.accounts.get(record.companyKey);
  const realm = (request.params as { realmId?: string }).realmId;
  if (realm !== company.realmId) {
    return reply
      .code(403)
      .send(
        new QboFault(
          403,
          '003100',
          'message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403',
          'The token is for another company',
          'SERVICE',
        ).body(now),
      );
  }
  companies.set(request, company);
  const decision = company.limiter.tryAcquire();
  if (!decision.allowed) {
    outcomes.set(request, 'rate-limited');
    return reply.code(429).send(bodyOfStatus(now)(429));
  }
  if (!company.enter()) {
    outcomes.set(request, 'rate-limited');
    return reply.code(429).send(bodyOfStatus(now)(429));
  }
  entered.add(request);
  // The time the company takes to answer, holding its slot of the requests at once.
  await sleep(service.settings.latencyMs);
  return serveFault(request, reply, company.faults.take(request), bodyOfStatus(now), () => void outcomes.set(request, 'faulted'));
}

function registerApi(api: FastifyInstance, service: QuickBooksService): void {
  const now = () => service.settings.now();
  lenientJsonParser(api, () => new QboFault(400, '2310', 'Invalid Request', 'Request has invalid or unsupported property'));
  // The query endpoint also takes the query as the body (Content-Type: application/text).
  api.addContentTypeParser(['application/text', 'text/plain'], { parseAs: 'string' }, (_request, body, done) => done(null, body));
  registerGuardHooks(
    api,
    async (request, reply) => guard(service, request, reply),
    (request) => {
      const company = companies.get(request);
      if (company && entered.has(request)) company.leave();
      return {
        counters: company?.counters ?? service.unattributed,
        kind: kinds.get(request) ?? `${request.method} other`,
        outcome: outcomes.get(request) ?? 'served',
      };
    },
  );
  registerDialectErrorHandler(api, {
    provider: 'QuickBooks Online',
    isOwn: (error): error is QboFault => error instanceof QboFault,
    send: (reply, _request, error) => reply.code(error.statusCode).send(error.body(now())),
    fromFastify: (error) => new QboFault(400, '2310', 'Invalid Request', error.message),
    internal: () =>
      new QboFault(500, '10000', 'An application error has occurred while processing your request', 'System Failure Error', 'SystemFault'),
  });
  const companyOf = (request: FastifyRequest) => companies.get(request) as Company;
  const query = (request: FastifyRequest, text: string) => {
    kinds.set(request, 'query');
    const company = companyOf(request);
    company.queries.push(text);
    if (company.queries.length > 200) company.queries.shift();
    return { QueryResponse: runQuery(company, parseQuery(text)), time: qboTime(now(), true) };
  };
  api.get<{ Querystring: { query?: string } }>('/v3/company/:realmId/query', async (request) => {
    if (!request.query.query) throw new QboFault(400, '4000', 'Error parsing query', 'QueryParserError: Encountered "<EOF>"');
    return query(request, request.query.query);
  });
  api.post('/v3/company/:realmId/query', async (request) => {
    if (typeof request.body !== 'string' || !request.body.trim())
      throw new QboFault(400, '4000', 'Error parsing query', 'QueryParserError: Encountered "<EOF>"');
    return query(request, request.body);
  });
  api.get<{ Querystring: { entities?: string; changedSince?: string } }>('/v3/company/:realmId/cdc', async (request) => {
    kinds.set(request, 'cdc');
    const { entities, changedSince } = request.query;
    const since = changedSince === undefined ? Number.NaN : Date.parse(changedSince);
    if (!entities || Number.isNaN(since))
      throw new QboFault(
        400,
        '2020',
        'Required param missing, need to supply the required value for the API',
        'entities and changedSince are required',
      );
    if (since < now() - 30 * 86_400_000) throw new QboFault(400, '2020', 'Invalid changedSince', 'changedSince must be within the last 30 days');
    const list = entities.split(',').map((e) => entityNamed(e.trim()));
    if (list.some((e) => e === undefined)) throw new QboFault(400, '2030', 'Invalid ID', `Unknown entity in ${entities}`);
    const changes = companyOf(request).changes(list as Entity[], since);
    return {
      CDCResponse: [
        {
          QueryResponse: changes.map((c) =>
            c.records.length ? { [c.entity]: c.records.slice(0, 1000), startPosition: 1, maxResults: Math.min(1000, c.records.length) } : {},
          ),
        },
      ],
      time: qboTime(now(), true),
    };
  });
  api.get<{ Params: { entity: string; id: string } }>('/v3/company/:realmId/:entity/:id', async (request) => {
    kinds.set(request, 'read');
    const entity = entityNamed(request.params.entity);
    if (!entity) throw new QboFault(400, '500', 'Unsupported Operation', `Operation ${request.params.entity} is not supported.`);
    const record = companyOf(request).get(entity, request.params.id);
    if (!record)
      throw new QboFault(
        400,
        '610',
        'Object Not Found',
        "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts.",
      );
    return { [entity]: record, time: qboTime(now(), true) };
  });
  api.post<{ Params: { entity: string }; Querystring: { operation?: string } }>('/v3/company/:realmId/:entity', async (request) => {
    kinds.set(request, 'write');
    const entity = entityNamed(request.params.entity);
    if (!entity) throw new QboFault(400, '500', 'Unsupported Operation', `Operation ${request.params.entity} is not supported.`);
    const body = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      throw new QboFault(400, '2310', 'Invalid Request', 'The request body must be a JSON object');
    return { ...companyOf(request).write(entity, body as Rec, request.query.operation), time: qboTime(now(), true) };
  });
}

function registerControl(scope: FastifyInstance, service: QuickBooksService, token: string): void {
  requireControlToken(scope, token);
  const handleOf = (name: string) => companyHandle(service, service.accounts.get(name));
  const entityOf = (type: string) => {
    const entity = entityNamed(type);
    if (!entity) throw new ControlError(404, `Unknown entity ${type} (use ${ENTITIES.join(', ')})`);
    return entity;
  };
  registerControlApi(scope, {
    provider: 'QuickBooks Online',
    accountLabel: 'company',
    bases: ['/_sandbox/companies', '/_sandbox/accounts'],
    info: () => ({ provider: 'quickbooks', baseUrl: service.settings.baseUrl(), companies: service.accounts.keys(), seed: service.settings.seed }),
    handle: handleOf,
    summary: (h) => ({ name: h.name, realmId: h.realmId, customers: h.records('Customer').length, invoices: h.records('Invoice').length }),
    apiError: (error) => (error instanceof QboFault ? { statusCode: error.statusCode, body: error.body(service.settings.now()) } : undefined),
    records: {
      list: (h, type, q) => {
        const limit = Number(q['limit'] ?? 100);
        return { records: h.records(entityOf(type)).slice(0, Number.isInteger(limit) && limit > 0 ? limit : 100) };
      },
      get: (h, type, id) => {
        const found = h.record(entityOf(type), id);
        if (!found) throw new ControlError(404, `No ${type} ${id}`);
        return found;
      },
      create: (h, type, body) => h.write(entityOf(type), body()),
      update: (h, type, id, body) =>
        h.write(entityOf(type), { ...body(), Id: id, SyncToken: h.record(entityOf(type), id)?.['SyncToken'], sparse: true }),
      remove: (h, type, id) => {
        if (!h.remove(entityOf(type), id)) throw new ControlError(404, `No ${type} ${id}`);
      },
    },
  });
}

const P = 'QuickBooks Online';

export function createQuickBooksSandboxWithUrl(
  opts: Omit<QuickBooksSandboxOptions, 'publicUrl'> & { publicUrl?: string },
  publicUrl: () => string,
): QuickBooksSandboxInstance {
  const common = fakeSettings(P, QUICKBOOKS_ENDPOINTS.mount, opts, publicUrl, DEFAULT_QUICKBOOKS_CLIENT);
  const service = new QuickBooksService({
    ...common,
    seed: {
      customers: nonNegativeOption(P, opts.seed?.customers, 1000, 'seed.customers'),
      vendors: nonNegativeOption(P, opts.seed?.vendors, 200, 'seed.vendors'),
      items: nonNegativeOption(P, opts.seed?.items, 40, 'seed.items'),
      invoices: nonNegativeOption(P, opts.seed?.invoices, 300, 'seed.invoices'),
      purchaseOrders: nonNegativeOption(P, opts.seed?.purchaseOrders, 50, 'seed.purchaseOrders'),
    },
    perMinute: opts.perMinute === undefined ? 500 : nullableNonNegativeOption(P, opts.perMinute, 'perMinute'),
    concurrency: opts.concurrency === undefined ? 10 : nullableNonNegativeOption(P, opts.concurrency, 'concurrency'),
    tokenLifetimeSeconds: nonNegativeOption(P, opts.tokenLifetimeSeconds, 3600, 'tokenLifetimeSeconds'),
  });
  const token = opts.controlToken ?? null;
  const plugin: FastifyPluginAsync = async (fastify) => {
    ensureFormParser(fastify);
    securePages(fastify);
    await fastify.register(async (pages) => {
      service.registerCodeFlow(pages, {
        providerName: 'Intuit',
        paths: { authorize: QUICKBOOKS_ENDPOINTS.authorizePath, token: QUICKBOOKS_ENDPOINTS.tokenPath, revoke: '/oauth2/v1/tokens/revoke' },
        scopesOf: () => ['com.intuit.quickbooks.accounting'],
        grantOf: (company) => ({ companyKey: company.key }),
        issue: (grant) => service.issue(grant),
        declined: 'access_denied',
        // The redirect names the company the user chose.
        callbackParams: (company) => ({ realmId: company.realmId }),
      });
    });
    await fastify.register(async (api) => registerApi(api, service));
    if (token !== null) await fastify.register(async (control) => registerControl(control, service, token));
    fastify.all('/*', async (_request, reply) => reply.code(404).send());
  };
  const quickbooks = service.sandboxHandle({
    company: (name: string) => companyHandle(service, service.accounts.get(name)),
    companies: () => service.accounts.keys(),
  });
  return { plugin, quickbooks };
}
