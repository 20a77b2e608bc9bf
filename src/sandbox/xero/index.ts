/**
 * A faithful local fake of Xero (its OAuth 2.0 and the Accounting API), served at `${publicUrl}/xero`: the consent
 * page at `/identity/connect/authorize`, the token endpoint at `/connect/token` (HTTP Basic client authentication,
 * access tokens for 30 minutes, refresh tokens that rotate), `GET /connections` (the tenants a token reaches) and the
 * Accounting API at `/api.xro/2.0/…` for the tenant named by `Xero-tenant-id`: Contacts, Invoices, Payments, Items,
 * PurchaseOrders and the Organisation; `where`, `page` (100), `If-Modified-Since`, `includeArchived`; writes as
 * batches answered per element (`summarizeErrors=false`) or refused whole as a ValidationException; per tenant 60
 * calls a minute, 5 at once and 5,000 a day, a 429 beyond with Retry-After and X-Rate-Limit-Problem. See
 * ../README.md ("Xero API served").
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
import { DEFAULT_XERO_CLIENT, XERO_ENDPOINTS } from './endpoints.js';
import {
  type Collection,
  collectionNamed,
  COLLECTIONS,
  ID_KEYS,
  msDate,
  Organisation,
  type Rec,
  validationException,
  XeroApiError,
  XeroValidation,
} from './org.js';

export { DEFAULT_XERO_CLIENT, XERO_ENDPOINTS } from './endpoints.js';
export { type Collection, COLLECTIONS } from './org.js';

interface Grant {
  orgKey: string;
}

const DIALECT: OAuthDialect<Grant> = {
  codeLifetimeMs: 5 * 60 * 1000,
  code: () => randomBytes(32).toString('hex'),
  accessToken: () =>
    `eyJhbGciOiJSUzI1NiIsImtpZCI6IjFDQUY4RTY2NzcyRDZEQzAyOEQ2NzI2RkQwMjYxNTgxNTcwRUZDMTkifQ.${randomBytes(120).toString('base64url')}`,
  refreshToken: () => randomBytes(32).toString('hex'),
  accountOf: (grant) => grant.orgKey,
  codeConsumption: 'strict',
  redirectUriOptional: false,
  // Refresh tokens last 60 days unused.
  refreshIdleLifetimeMs: 60 * 86_400_000,
};

const SCOPES = ['offline_access', 'accounting.transactions', 'accounting.contacts', 'accounting.settings'];

export interface XeroSandboxOptions extends FakeOptions<OAuthClientConfig> {
  /** Seed sizes of every organisation. @defaultValue `{ contacts: 500, items: 30, invoices: 300, purchaseOrders: 40 }` */
  seed?: { contacts?: number; items?: number; invoices?: number; purchaseOrders?: number };
  /** Calls a minute per tenant; null: not enforced. @defaultValue 60 */
  perMinute?: number | null;
  /** Calls at once per tenant; null: not enforced. @defaultValue 5 */
  concurrency?: number | null;
  /** Calls a day per tenant; null: not enforced. @defaultValue 5000 */
  perDay?: number | null;
  /** Access-token lifetime in seconds. @defaultValue 1800 */
  tokenLifetimeSeconds?: number;
}

/** One organisation in-process: its records as the API answers them, the lists it answered, and the controls. */
export interface XeroOrganisationHandle extends AccountControls<Rec> {
  readonly name: string;
  readonly tenantId: string;
  /** The records of a collection, in the order the API lists them (archived contacts included). */
  records(collection: Collection): Rec[];
  record(collection: Collection, id: string): Rec | undefined;
  /** The organisation as GET /Organisation answers it. */
  organisation(): Rec;
  /** Writes one element through the API's rules (POST creates or updates): the record, or the XeroValidation thrown. */
  write(collection: Collection, element: Rec, method?: 'POST' | 'PUT'): Rec;
  /** Deletes an item as a user would; false when there was none. */
  deleteItem(id: string): boolean;
  /**
   * Deletes a record as a user can in Xero: an item; a draft or submitted invoice, or a purchase order (DELETED); a
   * payment (DELETED, its invoice owing again). False when Xero lets no one delete it (a contact, which is only
   * archived; an approved or paid invoice, which is only voided).
   */
  remove(collection: Collection, id: string): boolean;
  /** The lists the organisation answered, oldest first (the last 500). */
  lists(): Organisation['lists'];
  remaining(): number;
  peakInFlight(): number;
}

export interface XeroSandbox extends SandboxBasics {
  organisation(name: string): XeroOrganisationHandle;
  organisations(): string[];
}

export interface XeroSandboxInstance {
  plugin: FastifyPluginAsync;
  xero: XeroSandbox;
}

interface Settings extends FakeSettings<OAuthClientConfig> {
  seed: { contacts: number; items: number; invoices: number; purchaseOrders: number };
  perMinute: number | null;
  concurrency: number | null;
  perDay: number | null;
  tokenLifetimeSeconds: number;
}

class XeroService extends OAuthFakeService<Settings, Organisation, Grant> {
  constructor(settings: Settings) {
    // The fake keeps no state file: its organisations and tokens live in memory even when a journal is passed.
    const { journal: _inMemory, ...memory } = settings;
    const { seed, perMinute, concurrency, perDay, now } = settings;
    super(memory, DIALECT, (key) => new Organisation(key, { seed, perMinute, concurrency, perDay, now }));
  }

  issue(grant: Grant & GrantBase): Rec {
    const base = { clientId: grant.clientId, scopes: grant.scopes, orgKey: grant.orgKey };
    const refresh = this.oauth.issueRefreshToken(base);
    const access = this.oauth.issueAccessToken(base, { refreshToken: refresh.token });
    return {
      access_token: access.token,
      expires_in: this.oauth.lifetimeSeconds,
      token_type: 'Bearer',
      refresh_token: refresh.token,
      scope: grant.scopes.join(' '),
    };
  }
}

const sorted = (org: Organisation, c: Collection) => [...org.table(c).values()];

function orgHandle(service: XeroService, org: Organisation): XeroOrganisationHandle {
  const controls = service.accountControls<Rec>(org, (clientId, scopes) => service.issue({ clientId, scopes: scopes ?? SCOPES, orgKey: org.key }));
  return {
    ...controls,
    resetCounters: () => {
      controls.resetCounters();
      org.peakInFlight = 0;
    },
    name: org.key,
    tenantId: org.tenantId,
    records: (c) => sorted(org, c).map((r) => structuredClone(r)),
    record: (c, id) => {
      const r = org.get(c, id);
      return r && structuredClone(r);
    },
    organisation: () => org.organisation(),
    write: (c, element, method = 'POST') => org.write(c, element, method),
    deleteItem: (id) => org.deleteItem(id),
    remove(c, id) {
      const record = org.get(c, id);
      if (!record) return false;
      if (c === 'Items') return org.deleteItem(id);
      if (c === 'Contacts') return false;
      if (c === 'Invoices' && record['Status'] !== 'DRAFT' && record['Status'] !== 'SUBMITTED') return false;
      org.write(c, { [ID_KEYS[c]]: id, Status: 'DELETED' }, 'POST');
      return true;
    },
    lists: () => [...org.lists],
    remaining: () => org.limiter.remaining(),
    peakInFlight: () => org.peakInFlight,
  };
}

const orgs = new WeakMap<FastifyRequest, Organisation>();
const outcomes = new WeakMap<FastifyRequest, 'served' | 'rate-limited' | 'faulted'>();
const kinds = new WeakMap<FastifyRequest, string>();
const entered = new WeakSet<FastifyRequest>();

/** Xero's problem body for the gateway's refusals (401, 403, 404). */
function problem(status: number, title: string, detail: string): Rec {
  return { Type: null, Title: title, Status: status, Detail: detail, Instance: randomBytes(16).toString('hex'), Extensions: {} };
}

function bodyOfStatus(status: number): Rec | string {
  if (status === 429) return '';
  if (status === 401) return problem(401, 'Unauthorized', 'AuthenticationUnsuccessful');
  if (status === 404) return problem(404, 'Not Found', 'The resource you\u2019re looking for cannot be found');
  return {
    ErrorNumber: status >= 500 ? 500 : 400,
    Type: status >= 500 ? 'InternalServerError' : 'ValidationException',
    Message: `An error occurred (${status})`,
  };
}

function limitHeaders(org: Organisation, reply: FastifyReply): void {
  reply.header('x-minlimit-remaining', String(org.limiter.remaining()));
  reply.header('x-daylimit-remaining', String(org.daily.remaining()));
  reply.header('x-appminlimit-remaining', '9999');
}

function refuse(reply: FastifyReply, org: Organisation, request: FastifyRequest, problemName: 'minute' | 'concurrent' | 'day', retryAfterS: number) {
  outcomes.set(request, 'rate-limited');
  limitHeaders(org, reply);
  return reply
    .code(429)
    .header('retry-after', String(Math.max(1, retryAfterS)))
    .header('x-rate-limit-problem', problemName)
    .send('');
}

async function guard(service: XeroService, request: FastifyRequest, reply: FastifyReply, needsTenant: boolean): Promise<FastifyReply | undefined> {
  reply.header('xero-correlation-id', randomBytes(16).toString('hex'));
  const token = bearerToken(request);
  const record = token === undefined ? undefined : service.oauth.peekAccessToken(token);
  if (!record)
    return reply
      .code(401)
      .header('www-authenticate', 'Bearer error="invalid_token"')
      .send(problem(401, 'Unauthorized', 'AuthenticationUnsuccessful'));
  const org = service.accounts.get(record.orgKey);
  if (!needsTenant) {
    orgs.set(request, org);
    return undefined;
  }
  const tenant = request.headers['xero-tenant-id'];
  if (typeof tenant !== 'string' || tenant.toLowerCase() !== org.tenantId)
    return reply.code(403).send(problem(403, 'Forbidden', 'AuthorizationUnsuccessful'));
  orgs.set(request, org);
  if (org.perDayEnforced && org.daily.remaining() === 0) return refuse(reply, org, request, 'day', Math.ceil(org.daily.msUntilReset() / 1000));
  const decision = org.limiter.tryAcquire();
  if (!decision.allowed) return refuse(reply, org, request, 'minute', Math.ceil(decision.retryAfterMs / 1000));
  if (!org.enter()) return refuse(reply, org, request, 'concurrent', 1);
  entered.add(request);
  org.daily.spend(1);
  limitHeaders(org, reply);
  await sleep(service.settings.latencyMs);
  return serveFault(request, reply, org.faults.take(request), bodyOfStatus, () => void outcomes.set(request, 'faulted'));
}

/** A response envelope as the Accounting API wraps every answer. */
function envelope(now: number, key: string, value: unknown): Rec {
  return {
    Id: randomBytes(16)
      .toString('hex')
      .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
    Status: 'OK',
    ProviderName: 'Weft',
    DateTimeUTC: msDate(now),
    [key]: value,
  };
}

function registerApi(api: FastifyInstance, service: XeroService): void {
  const now = () => service.settings.now();
  lenientJsonParser(
    api,
    () => new XeroApiError(400, { ErrorNumber: 14, Type: 'PostDataInvalidException', Message: 'JSON for post data was invalid' }),
  );
  registerGuardHooks(
    api,
    async (request, reply) => {
      const path = request.url.split('?')[0] ?? '';
      if (path.endsWith('/connections')) return guard(service, request, reply, false);
      return guard(service, request, reply, true);
    },
    (request) => {
      const org = orgs.get(request);
      if (org && entered.has(request)) org.leave();
      return {
        counters: org?.counters ?? service.unattributed,
        kind: kinds.get(request) ?? `${request.method} other`,
        outcome: outcomes.get(request) ?? 'served',
      };
    },
  );
  registerDialectErrorHandler(api, {
    provider: 'Xero',
    isOwn: (error): error is XeroApiError => error instanceof XeroApiError,
    send: (reply, _request, error) => reply.code(error.statusCode).send(error.body),
    fromFastify: (error) => new XeroApiError(400, { ErrorNumber: 14, Type: 'PostDataInvalidException', Message: error.message }),
    internal: () => new XeroApiError(500, { ErrorNumber: 500, Type: 'InternalServerError', Message: 'An error occurred in Xero' }),
  });
  const orgOf = (request: FastifyRequest) => orgs.get(request) as Organisation;
  const collectionOf = (name: string): Collection => {
    const c = collectionNamed(name);
    if (!c) throw new XeroApiError(404, problem(404, 'Not Found', 'The resource you\u2019re looking for cannot be found'));
    return c;
  };

  api.get('/connections', async (request) => {
    kinds.set(request, 'connections');
    const org = orgOf(request);
    const at = new Date(now()).toISOString().slice(0, 19);
    return [
      {
        id: org.tenantId.replace(/^.{8}/, 'c0ffee00'),
        authEventId: randomBytes(16).toString('hex'),
        tenantId: org.tenantId,
        tenantType: 'ORGANISATION',
        tenantName: org.key,
        createdDateUtc: at,
        updatedDateUtc: at,
      },
    ];
  });
  api.get('/api.xro/2.0/Organisation', async (request) => {
    kinds.set(request, 'read');
    return envelope(now(), 'Organisations', [orgOf(request).organisation()]);
  });
  api.get<{ Params: { collection: string }; Querystring: Record<string, string | undefined> }>('/api.xro/2.0/:collection', async (request) => {
    kinds.set(request, 'list');
    const c = collectionOf(request.params.collection);
    const header = request.headers['if-modified-since'];
    let since: number | undefined;
    if (typeof header === 'string' && header) {
      const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$|GMT$/.test(header) ? header : `${header}Z`);
      if (Number.isNaN(t))
        throw new XeroApiError(400, { ErrorNumber: 16, Type: 'QueryParseException', Message: `Invalid If-Modified-Since ${header}` });
      since = t;
    }
    const q = request.query;
    return envelope(
      now(),
      c,
      orgOf(request).list(
        c,
        {
          ...(q['where'] ? { where: q['where'] } : {}),
          ...(q['page'] ? { page: q['page'] } : {}),
          ...(q['includeArchived'] ? { includeArchived: q['includeArchived'] } : {}),
          ...(q['order'] ? { order: q['order'] } : {}),
          ...(q['status'] ? { status: q['status'] } : {}),
        },
        since,
      ),
    );
  });
  api.get<{ Params: { collection: string; id: string } }>('/api.xro/2.0/:collection/:id', async (request) => {
    kinds.set(request, 'read');
    const c = collectionOf(request.params.collection);
    const found = orgOf(request).get(c, request.params.id);
    if (!found) throw new XeroApiError(404, problem(404, 'Not Found', 'The resource you\u2019re looking for cannot be found'));
    return envelope(now(), c, [structuredClone(found)]);
  });
  const writes =
    (method: 'POST' | 'PUT') =>
    async (
      request: FastifyRequest<{ Params: { collection: string; id?: string }; Querystring: { summarizeErrors?: string } }>,
      reply: FastifyReply,
    ) => {
      kinds.set(request, 'write');
      const c = collectionOf(request.params.collection);
      const body = request.body as Rec | null;
      const raw =
        body !== null && typeof body === 'object'
          ? Array.isArray(body[c])
            ? (body[c] as Rec[])
            : !Array.isArray(body) && !(c in body)
              ? [body]
              : undefined
          : undefined;
      if (!raw)
        throw new XeroApiError(400, { ErrorNumber: 14, Type: 'PostDataInvalidException', Message: 'The body must hold the elements to write' });
      if (raw.length > 50 * 1000) throw new XeroApiError(413, { ErrorNumber: 413, Type: 'RequestEntityTooLarge', Message: 'Too many elements' });
      const idKey = ID_KEYS[c];
      const elements = request.params.id === undefined ? raw : raw.map((e) => ({ ...e, [idKey]: request.params.id }));
      const summarize = request.query.summarizeErrors !== 'false';
      const org = orgOf(request);
      const answered: Rec[] = [];
      let failed = false;
      for (const e of elements) {
        try {
          answered.push({ ...org.write(c, e, method), StatusAttributeString: 'OK' });
        } catch (err) {
          if (!(err instanceof XeroValidation)) throw err;
          failed = true;
          answered.push({ ...e, StatusAttributeString: 'ERROR', HasValidationErrors: true, ValidationErrors: [{ Message: err.message }] });
        }
      }
      // Summarised: a batch with an error is refused whole, as a ValidationException naming each element's errors (the
      // valid ones were written anyway, as Xero's own summarised batches do not roll back).
      if (failed && summarize) return reply.code(400).send(validationException(answered.filter((a) => a['StatusAttributeString'] === 'ERROR')));
      return envelope(now(), c, answered);
    };
  api.post('/api.xro/2.0/:collection', writes('POST'));
  api.put('/api.xro/2.0/:collection', writes('PUT'));
  api.post('/api.xro/2.0/:collection/:id', writes('POST'));
  api.delete<{ Params: { collection: string; id: string } }>('/api.xro/2.0/:collection/:id', async (request, reply) => {
    kinds.set(request, 'write');
    if (collectionOf(request.params.collection) !== 'Items')
      throw new XeroApiError(405, problem(405, 'Method Not Allowed', 'Only items are deleted with DELETE'));
    if (!orgOf(request).deleteItem(request.params.id))
      throw new XeroApiError(404, problem(404, 'Not Found', 'The resource you\u2019re looking for cannot be found'));
    return reply.code(204).send();
  });
}

function registerControl(scope: FastifyInstance, service: XeroService, token: string): void {
  requireControlToken(scope, token);
  const handleOf = (name: string) => orgHandle(service, service.accounts.get(name));
  const collectionOf = (type: string) => {
    const c = collectionNamed(type);
    if (!c) throw new ControlError(404, `Unknown collection ${type} (use ${COLLECTIONS.join(', ')})`);
    return c;
  };
  registerControlApi(scope, {
    provider: 'Xero',
    accountLabel: 'organisation',
    bases: ['/_sandbox/organisations', '/_sandbox/accounts'],
    info: () => ({ provider: 'xero', baseUrl: service.settings.baseUrl(), organisations: service.accounts.keys(), seed: service.settings.seed }),
    handle: handleOf,
    summary: (h) => ({ name: h.name, tenantId: h.tenantId, contacts: h.records('Contacts').length, invoices: h.records('Invoices').length }),
    apiError: (error) =>
      error instanceof XeroValidation
        ? { statusCode: 400, body: validationException([{ ValidationErrors: [{ Message: error.message }] }]) }
        : error instanceof XeroApiError
          ? { statusCode: error.statusCode, body: error.body }
          : undefined,
    records: {
      list: (h, type, q) => {
        const limit = Number(q['limit'] ?? 100);
        return { records: h.records(collectionOf(type)).slice(0, Number.isInteger(limit) && limit > 0 ? limit : 100) };
      },
      get: (h, type, id) => {
        const found = h.record(collectionOf(type), id);
        if (!found) throw new ControlError(404, `No ${type} ${id}`);
        return found;
      },
      create: (h, type, body) => h.write(collectionOf(type), body(), 'PUT'),
      update: (h, type, id, body) => h.write(collectionOf(type), { ...body(), [ID_KEYS[collectionOf(type)]]: id }),
      remove: (h, type, id) => {
        const c = collectionOf(type);
        if (c === 'Items') {
          if (!h.deleteItem(id)) throw new ControlError(404, `No ${type} ${id}`);
        } else if (c === 'Contacts') h.write(c, { ContactID: id, ContactStatus: 'ARCHIVED' });
        else if (c === 'Payments') h.write(c, { PaymentID: id, Status: 'DELETED' });
        else h.write(c, { [ID_KEYS[c]]: id, Status: 'DELETED' });
      },
    },
  });
}

const P = 'Xero';

export function createXeroSandboxWithUrl(
  opts: Omit<XeroSandboxOptions, 'publicUrl'> & { publicUrl?: string },
  publicUrl: () => string,
): XeroSandboxInstance {
  const common = fakeSettings(P, XERO_ENDPOINTS.mount, opts, publicUrl, DEFAULT_XERO_CLIENT);
  const service = new XeroService({
    ...common,
    seed: {
      contacts: nonNegativeOption(P, opts.seed?.contacts, 500, 'seed.contacts'),
      items: nonNegativeOption(P, opts.seed?.items, 30, 'seed.items'),
      invoices: nonNegativeOption(P, opts.seed?.invoices, 300, 'seed.invoices'),
      purchaseOrders: nonNegativeOption(P, opts.seed?.purchaseOrders, 40, 'seed.purchaseOrders'),
    },
    perMinute: opts.perMinute === undefined ? 60 : nullableNonNegativeOption(P, opts.perMinute, 'perMinute'),
    concurrency: opts.concurrency === undefined ? 5 : nullableNonNegativeOption(P, opts.concurrency, 'concurrency'),
    perDay: opts.perDay === undefined ? 5000 : nullableNonNegativeOption(P, opts.perDay, 'perDay'),
    tokenLifetimeSeconds: nonNegativeOption(P, opts.tokenLifetimeSeconds, 1800, 'tokenLifetimeSeconds'),
  });
  const token = opts.controlToken ?? null;
  const plugin: FastifyPluginAsync = async (fastify) => {
    ensureFormParser(fastify);
    securePages(fastify);
    await fastify.register(async (pages) => {
      service.registerCodeFlow(pages, {
        providerName: 'Xero',
        paths: { authorize: XERO_ENDPOINTS.authorizePath, token: XERO_ENDPOINTS.tokenPath, revoke: '/connect/revocation' },
        scopesOf: () => SCOPES,
        grantOf: (org) => ({ orgKey: org.key }),
        issue: (grant) => service.issue(grant),
        declined: 'access_denied',
      });
    });
    await fastify.register(async (api) => registerApi(api, service));
    if (token !== null) await fastify.register(async (control) => registerControl(control, service, token));
    fastify.all('/*', async (_request, reply) => reply.code(404).send());
  };
  const xero = service.sandboxHandle({
    organisation: (name: string) => orgHandle(service, service.accounts.get(name)),
    organisations: () => service.accounts.keys(),
  });
  return { plugin, xero };
}
