/**
 * The Copper fake as a Fastify plugin, registered at `/copper`. It serves:
 *
 * - `/developer_api/v1/…`: people, companies, opportunities, leads, tasks and activities (search, read, create, update,
 *   delete), users (search, read), the account, activity types, custom field definitions and pipelines, behind the
 *   key check (`X-PW-AccessToken`, `X-PW-Application: developer_api`, `X-PW-UserEmail` of the key's user), queued
 *   faults and the 180-per-minute rolling window;
 * - `/api-keys`: the page that shows a sandbox account's API key and the e-mail to send with it;
 * - `/_sandbox/…`: the control API (with a control token only).
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

import { registerApiTokenPage } from '../shared/api-token-page.js';
import { ensureFormParser, lenientJsonParser } from '../shared/body-parsers.js';
import { requireControlToken } from '../shared/control-auth.js';
import { registerDialectErrorHandler } from '../shared/error-handler.js';
import { registerFaultHooks } from '../shared/faults.js';
import { securePages } from '../shared/page-headers.js';
import { serveFault } from '../shared/serve-fault.js';
import { ANY_METHOD } from '../shared/unknown-routes.js';
import { registerControlRoutes } from './control-routes.js';
import { COPPER_ENDPOINTS } from './endpoints.js';
import { bodyOf, CopperError, invalid, notFound, rateLimited, unauthorized } from './errors.js';
import { searchPage } from './search.js';
import { ACTIVITY_TYPES, type CopperRow, CUSTOM_FIELD_DEFINITIONS, CUSTOMER_SOURCES, LEAD_STATUSES, PIPELINES } from './seed.js';
import { type CopperAccount, type CopperEntity, type CopperService, ENTITIES } from './service.js';
import { readWrite } from './writes.js';

export { COPPER_ENDPOINTS } from './endpoints.js';

/** The authenticated account of a request. */
const accounts = new WeakMap<FastifyRequest, CopperAccount>();

const accountOf = (request: FastifyRequest): CopperAccount => accounts.get(request) as CopperAccount;

/** A record as Copper answers it (the removal time is the fake's own). */
function shown(row: CopperRow): Record<string, unknown> {
  const { deletedAt: _deleted, ...rest } = row;
  return rest;
}

const idParam = (request: FastifyRequest): number => {
  const raw = (request.params as { id: string }).id;
  if (!/^\d{1,15}$/.test(raw)) throw notFound();
  return Number(raw);
};

/** Checks the three headers Copper authenticates with, the account's faults and its rolling window. */
function guard(scope: FastifyInstance, service: CopperService): void {
  scope.addHook('onRequest', async (request, reply) => {
    const header = (name: string) => {
      const v = request.headers[name];
      return typeof v === 'string' ? v : undefined;
    };
    const account = service.byApiKey(header('x-pw-accesstoken') ?? '');
    const email = header('x-pw-useremail')?.trim().toLowerCase();
    if (!account || header('x-pw-application') !== 'developer_api' || email !== account.email.toLowerCase()) {
      const e = unauthorized();
      return reply.code(e.status).send(e.body);
    }
    accounts.set(request, account);
    const faulted = serveFault(
      request,
      reply,
      account.faults.take(request),
      (status) => bodyOf(status),
      () => undefined,
    );
    if (faulted) return faulted;
    if (!account.limiter.tryAcquire().allowed) {
      const e = rateLimited();
      return reply.code(e.status).send(e.body);
    }
    if (service.settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, service.settings.latencyMs));
    return undefined;
  });
  scope.addHook('onResponse', async (request, reply) => {
    const account = accounts.get(request);
    const status = reply.statusCode;
    account?.counters.record(String(request.routeOptions.url ?? 'unknown'), status, status === 429 ? 'rate-limited' : 'served');
  });
}

function entityRoutes(scope: FastifyInstance, service: CopperService, entity: CopperEntity): void {
  const store = (request: FastifyRequest) => accountOf(request).data.store(entity);
  const live = (request: FastifyRequest) => {
    const row = store(request).live(idParam(request));
    if (!row) throw notFound();
    return row;
  };
  const now = () => service.settings.now();
  scope.post(`/${entity}/search`, async (request) => searchPage(entity, request.body, store(request).scanLive()).map(shown));
  scope.get(`/${entity}/:id`, async (request) => shown(live(request)));
  scope.post(`/${entity}`, async (request) => shown(createRow(accountOf(request), entity, objectBody(request.body), now())));
  scope.put(`/${entity}/:id`, async (request) => shown(updateRow(accountOf(request), entity, live(request), objectBody(request.body), now())));
  scope.delete(`/${entity}/:id`, async (request) => {
    const row = live(request);
    store(request).remove(row.id);
    return { id: row.id, is_deleted: true };
  });
}

function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw invalid('The request body must be a JSON object');
  return body as Record<string, unknown>;
}

/** The fields a new record has before its body's (Copper's empty values). */
/** Creates a record from an API body, as `POST /{entity}` does (`now` in epoch ms). @throws CopperError for an invalid body */
export function createRow(account: CopperAccount, entity: CopperEntity, body: Record<string, unknown>, now: number): CopperRow {
  const fields = readWrite(account, entity, body, now);
  const base = blank(entity, account, now);
  return account.data.store(entity).insert((id) => ({ ...base, ...fields, id }));
}

/** Updates a live record from an API body, as `PUT /{entity}/{id}` does. @throws CopperError for an invalid body */
export function updateRow(account: CopperAccount, entity: CopperEntity, current: CopperRow, body: Record<string, unknown>, now: number): CopperRow {
  const fields = readWrite(account, entity, body, now, current);
  return account.data.store(entity).update(current.id, (copy) => Object.assign(copy, fields));
}

function blank(entity: CopperEntity, account: CopperAccount, now: number): Record<string, unknown> {
  const common = { tags: [], custom_fields: [] };
  switch (entity) {
    case 'people':
      return {
        ...common,
        prefix: null,
        middle_name: null,
        suffix: null,
        address: null,
        assignee_id: null,
        company_id: null,
        company_name: null,
        contact_type_id: null,
        details: null,
        emails: [],
        phone_numbers: [],
        socials: [],
        title: null,
        websites: [],
      };
    case 'leads':
      return {
        ...common,
        prefix: null,
        middle_name: null,
        suffix: null,
        address: null,
        assignee_id: null,
        company_name: null,
        customer_source_id: null,
        details: null,
        email: null,
        interaction_count: 0,
        monetary_unit: null,
        monetary_value: null,
        socials: [],
        title: null,
        websites: [],
        phone_numbers: [],
        date_last_contacted: null,
      };
    case 'companies':
      return {
        ...common,
        address: null,
        assignee_id: null,
        contact_type_id: null,
        details: null,
        email_domain: null,
        phone_numbers: [],
        socials: [],
        websites: [],
        interaction_count: 0,
      };
    case 'opportunities':
      return {
        ...common,
        assignee_id: null,
        close_date: null,
        company_id: null,
        company_name: null,
        customer_source_id: null,
        details: null,
        loss_reason_id: null,
        monetary_unit: null,
        monetary_value: null,
        primary_contact_id: null,
        priority: 'None',
        status: 'Open',
        interaction_count: 0,
        win_probability: 0,
      };
    case 'tasks':
      return {
        ...common,
        related_resource: null,
        assignee_id: account.keyOwner.id,
        due_date: null,
        reminder_date: null,
        completed_date: null,
        priority: 'None',
        status: 'Open',
        details: null,
      };
    case 'activities':
      return { user_id: account.keyOwner.id, details: null, activity_date: Math.floor(now / 1000), old_value: null, new_value: null };
  }
}

function apiRoutes(scope: FastifyInstance, service: CopperService): void {
  for (const entity of ENTITIES) entityRoutes(scope, service, entity);
  scope.get('/account', async (request) => ({ id: 100_000 + (accountOf(request).data.accountSeed % 900_000), name: accountOf(request).key }));
  scope.post('/users/search', async (request) => searchPage('users', request.body, accountOf(request).users));
  scope.get('/users/:id', async (request) => {
    const id = idParam(request);
    const user = accountOf(request).users.find((u) => u.id === id);
    if (!user) throw notFound();
    return user;
  });
  scope.get('/users/me', async (request) => accountOf(request).keyOwner);
  scope.get('/activity_types', async () => ACTIVITY_TYPES);
  scope.get('/custom_field_definitions', async () => CUSTOM_FIELD_DEFINITIONS);
  scope.get('/customer_sources', async () => CUSTOMER_SOURCES);
  scope.get('/lead_statuses', async () => LEAD_STATUSES);
  scope.get('/pipelines', async () => PIPELINES);
  scope.get('/pipeline_stages', async () => PIPELINES.flatMap((p) => p.stages.map((s) => ({ ...s, pipeline_id: p.id }))));
  scope.route({
    method: ANY_METHOD,
    url: '/*',
    handler: async () => {
      throw notFound();
    },
  });
}

/** Builds the plugin of a Copper sandbox. */
export function copperPlugin(service: CopperService, controlToken: string | null = null): FastifyPluginAsync {
  return async (fastify) => {
    ensureFormParser(fastify);
    securePages(fastify);
    await fastify.register(async (pages) => {
      // The stand-in for Copper's "System settings → Integrations → API Keys" page.
      registerApiTokenPage(pages, {
        provider: 'Copper',
        path: COPPER_ENDPOINTS.keyPagePath,
        intro: "Every sandbox account has one API key, made by its first user. Type the account's name to see the key and the user's e-mail.",
        header: 'X-PW-AccessToken',
        apiBase: () => `${service.baseUrl()}/developer_api/v1`,
        accounts: service.accounts,
        show: (account) => ({ token: account.apiKey, detail: { label: 'user e-mail for X-PW-UserEmail', value: account.email } }),
      });
    });
    await fastify.register(
      async (api) => {
        lenientJsonParser(api, () => invalid('The request body is not valid JSON'));
        registerFaultHooks(api);
        registerDialectErrorHandler<CopperError>(api, {
          provider: 'Copper',
          isOwn: (e): e is CopperError => e instanceof CopperError,
          send: (reply: FastifyReply, _request, e) => reply.code(e.status).send(e.body),
          fromFastify: (e) => new CopperError(e.statusCode === 415 ? 415 : 422, e.message),
          internal: () => new CopperError(500, 'Internal server error'),
        });
        guard(api, service);
        apiRoutes(api, service);
      },
      { prefix: '/developer_api/v1' },
    );
    // The control API exists only with a control token, and then answers only to it.
    if (controlToken !== null) {
      await fastify.register(async (control) => {
        requireControlToken(control, controlToken);
        registerControlRoutes(control, service);
      });
    }
    fastify.route({ method: ANY_METHOD, url: '/*', exposeHeadRoute: false, handler: async (_request, reply) => reply.code(404).send() });
  };
}
