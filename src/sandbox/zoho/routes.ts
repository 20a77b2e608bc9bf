/**
 * The Zoho CRM API v8 routes of one data centre's API domain (`/api/<location>/crm/v8/…`): records of a module
 * (list, by id, create, update, upsert, delete, deleted), users, fields metadata and COQL; behind the guard that
 * checks the `Zoho-oauthtoken`, counts API credits and concurrent requests, and sends the X-RATELIMIT-* headers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { asText } from '../../lib/text.js';
import { registerFaultHooks } from '../shared/faults.js';
import { bearerToken } from '../shared/http.js';
import { serveFault } from '../shared/serve-fault.js';
import { queryScalar } from '../shared/util.js';
import { CoqlError, fieldsOf, matches, parseCoql } from './coql.js';
import {
  authenticationFailure,
  invalidModule,
  invalidParam,
  invalidRequest,
  invalidToken,
  requiredParam,
  scopeMismatch,
  tooManyRequests,
  ZohoError,
} from './errors.js';
import { fieldMeta, FIELDS } from './fields.js';
import { type ModuleName, MODULES, type ZohoRecord } from './org.js';
import type { Principal, ZohoService } from './service.js';
import { createRecord, DUPLICATE_CHECK, type RecordAnswer, updateRecord, upsertRecord } from './writes.js';

declare module 'fastify' {
  interface FastifyRequest {
    zoho?: Principal;
  }
}

const MAX_PER_PAGE = 200;
/** Records reachable with `page`; beyond, `page_token`. */
const PAGE_RECORDS = 2000;
const MAX_WRITE = 100;
const PAGE_TOKEN_LIFETIME_MS = 24 * 3600 * 1000;

type Query = Record<string, unknown>;
const q = (request: FastifyRequest, name: string) => queryScalar((request.query as Query)[name]);

function moduleOf(name: string): ModuleName {
  if (!(MODULES as readonly string[]).includes(name)) throw invalidModule();
  return name as ModuleName;
}

function intParam(request: FastifyRequest, name: string, fallback: number, min: number, max: number): number {
  const raw = q(request, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw invalidParam(name);
  return n;
}

/** API credits a request costs (Zoho's table: most calls 1; writes 1 per 10 records; COQL by its limit). */
function costOf(request: FastifyRequest): number {
  const body = request.body as { data?: unknown[]; select_query?: unknown } | undefined;
  if (request.method === 'POST' && request.url.includes('/coql')) {
    const limit = /limit\s+(?:\d+\s*,\s*)?(\d+)/i.exec(asText(body?.select_query))?.[1];
    const n = limit === undefined ? 200 : Number(limit);
    return n <= 200 ? 1 : n <= 1000 ? 2 : 3;
  }
  if ((request.method === 'POST' || request.method === 'PUT') && Array.isArray(body?.data)) return Math.max(1, Math.ceil(body.data.length / 10));
  return 1;
}

function rateHeaders(service: ZohoService, reply: FastifyReply, principal: Principal): void {
  const org = principal.org;
  const limit = org.creditLimit ?? service.settings.credits ?? 50_000;
  reply.header('X-RATELIMIT-LIMIT', String(limit));
  reply.header('X-RATELIMIT-REMAINING', String(Math.max(0, limit - org.credits.used())));
  // When the credits used now are all back: the 24 h window after the last minute bucket.
  const now = service.settings.now();
  reply.header('X-RATELIMIT-RESET', String(now - (now % 60_000) + 60_000 + 24 * 3600 * 1000));
}

/** Zoho's answer for a status a fault gives. */
function faultBody(status: number): Record<string, unknown> {
  if (status === 429) return tooManyRequests('The API credits or concurrency of your org are exhausted.').body();
  if (status === 401) return invalidToken().body();
  if (status >= 500) return new ZohoError(status, 'INTERNAL_ERROR', 'Internal Server Error occurred while processing this request.').body();
  return new ZohoError(
    status,
    'INVALID_REQUEST',
    'unable to process your request. please verify whether you have entered proper method name, parameter and parameter values.',
  ).body();
}

function registerGuard(api: FastifyInstance, service: ZohoService): void {
  registerFaultHooks(api);
  api.addHook('preHandler', async (request, reply) => {
    const location = (request.params as { location?: string }).location ?? '';
    const token = bearerToken(request, ['Zoho-oauthtoken']);
    if (token === undefined) {
      service.unattributed.record('api', 401);
      throw authenticationFailure();
    }
    const principal = service.principal(token, location);
    if (!principal) {
      service.unattributed.record('api', 401);
      throw invalidToken();
    }
    request.zoho = principal;
    const module = (request.params as { module?: string }).module;
    if (module !== undefined) needModuleScope(principal, module, request.method);
    const org = principal.org;
    rateHeaders(service, reply, principal);
    // A fault queued by the control API answers in Zoho's own shape for its status.
    const faulted = serveFault(request, reply, org.faults.take(request), faultBody, () => undefined);
    if (faulted) return faulted;
    if (org.settings.concurrency !== null && org.inFlight >= org.settings.concurrency) {
      org.counters.record('api', 429, 'rate-limited');
      throw tooManyRequests(
        'The number of concurrent requests for this org has reached the limit. Try again after the requests in progress complete.',
      );
    }
    const cost = costOf(request);
    if (org.creditLimit !== null && org.credits.used() + cost > org.creditLimit) {
      org.counters.record('api', 429, 'rate-limited');
      throw tooManyRequests('You have exhausted the API credits of your org for the last 24 hours.');
    }
    org.credits.add(cost);
    rateHeaders(service, reply, principal);
    org.inFlight += 1;
    reply.raw.once('close', () => (org.inFlight -= 1));
    if (service.settings.latencyMs > 0) await new Promise((r) => setTimeout(r, service.settings.latencyMs));
  });
  api.addHook('onResponse', async (request, reply) => {
    // COQL queries and list pages are counted apart (the connector's pushed-down filters, the pages a pull read).
    const route = request.routeOptions.url ?? '';
    const kind = route.endsWith('/crm/v8/coql') ? 'coql' : request.method === 'GET' && route.endsWith('/crm/v8/:module') ? 'list' : 'api';
    request.zoho?.org.counters.record(kind, reply.statusCode);
  });
}

const needScope = (p: Principal, ...any: string[]) => {
  if (!p.scopes.some((s) => any.includes(s))) throw scopeMismatch();
};

const OPERATION: Record<string, string[]> = { GET: ['READ'], POST: ['CREATE', 'WRITE'], PUT: ['UPDATE', 'WRITE'], DELETE: ['DELETE'] };

/** A module's records need `ZohoCRM.modules.ALL`, or the operation on all modules or on this one (`ZohoCRM.modules.contacts.READ`). */
function needModuleScope(p: Principal, module: string, method: string): void {
  const ops = ['ALL', ...(OPERATION[method] ?? [])];
  const wanted = new Set(['modules', `modules.${module.toLowerCase()}`].flatMap((scope) => ops.map((op) => `zohocrm.${scope}.${op}`.toLowerCase())));
  if (!p.scopes.some((s) => wanted.has(s.toLowerCase()))) throw scopeMismatch();
}

/** The fields a list reads: `fields` is required in v8, at most 50, each a field of the module. */
function fieldsParam(request: FastifyRequest, module: ModuleName): string[] {
  const raw = q(request, 'fields');
  if (raw === undefined || raw.trim() === '') throw requiredParam('fields');
  const fields = raw.split(',').map((f) => f.trim());
  if (fields.length > 50) throw invalidParam('fields', 'you can give at most 50 fields');
  for (const f of fields)
    if (f !== 'id' && !FIELDS[module].some((d) => d.api_name === f)) throw new ZohoError(400, 'INVALID_DATA', 'invalid data', { api_name: f });
  return fields;
}

/** The fields asked for and the id; a `What_Id` comes with its `$se_module`, as Zoho answers it. */
const pick = (record: ZohoRecord, fields: string[]) => ({
  ...Object.fromEntries(fields.map((f) => [f, record[f] ?? null])),
  ...(fields.includes('What_Id') ? { $se_module: record['$se_module'] ?? null } : {}),
  id: record.id,
});

interface PageToken {
  o: number;
  s: string;
  d: string;
  m: number | null;
  x: number;
}

function listRecords(service: ZohoService, request: FastifyRequest, reply: FastifyReply, module: ModuleName) {
  const principal = request.zoho as Principal;
  const org = principal.org;
  const fields = fieldsParam(request, module);
  const ids = q(request, 'ids');
  if (ids !== undefined) {
    const list = ids.split(',').map((id) => id.trim());
    if (list.length > 100) throw invalidParam('ids', 'you can give at most 100 ids');
    const found = list.map((id) => org.records(module).get(id)).filter((r): r is ZohoRecord => r !== undefined);
    if (!found.length) return reply.code(204).send();
    return { data: found.map((r) => pick(r, fields)), info: { per_page: found.length, count: found.length, page: 1, more_records: false } };
  }
  const perPage = intParam(request, 'per_page', MAX_PER_PAGE, 1, MAX_PER_PAGE);
  const rawToken = q(request, 'page_token');
  let token: PageToken | null = null;
  if (rawToken !== undefined) {
    try {
      token = JSON.parse(Buffer.from(rawToken, 'base64url').toString('utf8')) as PageToken;
    } catch {
      throw invalidParam('page_token');
    }
    if (typeof token.o !== 'number' || token.x <= service.settings.now())
      throw new ZohoError(400, 'INVALID_DATA', 'the page_token has expired or is invalid', { param: 'page_token' });
  }
  const page = token ? Math.floor(token.o / perPage) + 1 : intParam(request, 'page', 1, 1, 1_000_000);
  if (!token && page * perPage > PAGE_RECORDS) {
    throw new ZohoError(
      400,
      'DISCRETE_PAGINATION_LIMIT_EXCEEDED',
      'you cannot fetch more than 2000 records with the page parameter; use page_token',
      { limit: PAGE_RECORDS },
    );
  }
  const sortBy = token?.s ?? q(request, 'sort_by') ?? 'id';
  const sortOrder = token?.d ?? q(request, 'sort_order') ?? 'desc';
  if (!['id', 'Created_Time', 'Modified_Time'].includes(sortBy)) throw invalidParam('sort_by');
  if (!['asc', 'desc'].includes(sortOrder)) throw invalidParam('sort_order');
  const header = request.headers['if-modified-since'];
  let since = token ? token.m : null;
  if (!token && typeof header === 'string') {
    since = Date.parse(header);
    if (Number.isNaN(since)) throw new ZohoError(400, 'INVALID_DATA', 'invalid data', { header: 'If-Modified-Since' });
  }
  let records = [...org.records(module).values()];
  if (since !== null) records = records.filter((r) => Date.parse(String(r['Modified_Time'])) > (since as number));
  const key = (r: ZohoRecord) => (sortBy === 'id' ? r.id : String(Date.parse(String(r[sortBy]))).padStart(15, '0') + r.id);
  records.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (sortOrder === 'asc' ? 1 : -1));
  const offset = token ? token.o : (page - 1) * perPage;
  const slice = records.slice(offset, offset + perPage);
  if (!slice.length) return reply.code(204).send();
  const more = offset + perPage < records.length;
  const expiry = service.settings.now() + PAGE_TOKEN_LIFETIME_MS;
  const next: PageToken = { o: offset + perPage, s: sortBy, d: sortOrder, m: since, x: expiry };
  return {
    data: slice.map((r) => pick(r, fields)),
    info: {
      per_page: perPage,
      next_page_token: more ? Buffer.from(JSON.stringify(next)).toString('base64url') : null,
      count: slice.length,
      sort_by: sortBy,
      page,
      previous_page_token: null,
      page_token_expiry: more ? new Date(expiry).toISOString().replace(/\.\d{3}Z$/, '+00:00') : null,
      sort_order: sortOrder,
      more_records: more,
    },
  };
}

/** A write's `data` array: present, an array, at most 100 records. */
function writeData(request: FastifyRequest): unknown[] {
  const body = request.body as { data?: unknown } | undefined;
  if (!body || typeof body !== 'object' || body.data === undefined) throw requiredParam('data');
  if (!Array.isArray(body.data)) throw invalidParam('data');
  if (body.data.length === 0) throw new ZohoError(400, 'INVALID_DATA', 'invalid data', { param: 'data' });
  if (body.data.length > MAX_WRITE)
    throw new ZohoError(400, 'LIMIT_EXCEEDED', 'the number of records exceeds the limit of 100', { limit: MAX_WRITE });
  return body.data;
}

/** The status of a write answer: every record written (201 create, 200 update), none (400), some (207). */
function sendWrite(reply: FastifyReply, answers: Array<RecordAnswer & Record<string, unknown>>, created: boolean) {
  const ok = answers.filter((a) => a.status === 'success').length;
  reply.code(ok === answers.length ? (created ? 201 : 200) : ok === 0 ? 400 : 207);
  return { data: answers };
}

export function registerApiRoutes(api: FastifyInstance, service: ZohoService): void {
  registerGuard(api, service);
  api.setErrorHandler((error, _request, reply) => {
    if (error instanceof ZohoError) return reply.code(error.statusCode).send(error.body());
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status === 400) return reply.code(400).send(new ZohoError(400, 'INVALID_DATA', 'body is not a valid JSON').body());
    return reply.code(status).send({ code: 'INTERNAL_ERROR', details: {}, message: 'Internal Server Error', status: 'error' });
  });

  api.get('/crm/v8/users', async (request) => {
    const p = request.zoho as Principal;
    needScope(p, 'ZohoCRM.users.READ', 'ZohoCRM.users.ALL');
    const type = q(request, 'type') ?? 'AllUsers';
    const wanted = { AllUsers: () => true, ActiveUsers: (s: string) => s === 'active', DeactiveUsers: (s: string) => s === 'disabled' }[type];
    if (!wanted) throw invalidParam('type');
    const perPage = intParam(request, 'per_page', MAX_PER_PAGE, 1, MAX_PER_PAGE);
    const page = intParam(request, 'page', 1, 1, 1_000_000);
    const users = p.org.users.filter((u) => wanted(u.status));
    const slice = users.slice((page - 1) * perPage, page * perPage);
    return { users: slice, info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < users.length } };
  });

  api.get('/crm/v8/settings/fields', async (request) => {
    const p = request.zoho as Principal;
    needScope(p, 'ZohoCRM.settings.READ', 'ZohoCRM.settings.ALL', 'ZohoCRM.settings.fields.READ');
    const name = q(request, 'module');
    if (name === undefined) throw requiredParam('module');
    return { fields: FIELDS[moduleOf(name)].map(fieldMeta) };
  });

  api.post('/crm/v8/coql', async (request, reply) => {
    const p = request.zoho as Principal;
    needScope(p, 'ZohoCRM.coql.READ');
    const text = (request.body as { select_query?: unknown } | undefined)?.select_query;
    if (typeof text !== 'string') throw requiredParam('select_query');
    let query;
    try {
      query = parseCoql(text);
    } catch (e) {
      if (e instanceof CoqlError) throw new ZohoError(400, 'SYNTAX_ERROR', 'error occured while parsing the query', { clause: e.message });
      throw e;
    }
    if (!(MODULES as readonly string[]).includes(query.module))
      throw new ZohoError(400, 'INVALID_QUERY', 'invalid module given', { module: query.module });
    const module = query.module as ModuleName;
    const known = (f: string) => f === 'id' || FIELDS[module].some((d) => d.api_name === f.split('.')[0]);
    for (const f of [...query.fields, ...fieldsOf(query.where), ...(query.order ? [query.order.field] : [])]) {
      if (!known(f)) throw new ZohoError(400, 'INVALID_QUERY', 'invalid column given', { column_name: f });
    }
    if (query.fields.length > 50) throw new ZohoError(400, 'LIMIT_EXCEEDED', 'column limit exceeded', { limit: 50 });
    if (query.limit < 1 || query.limit > 2000) throw new ZohoError(400, 'LIMIT_EXCEEDED', 'limit exceeded', { limit: 2000 });
    if (query.offset + query.limit > 100_000) throw new ZohoError(400, 'LIMIT_EXCEEDED', 'offset limit exceeded', { limit: 100_000 });
    let records = [...p.org.records(module).values()].filter((r) => matches(r, query.where));
    const order = query.order ?? { field: 'id', direction: 'asc' as const };
    const key = (r: ZohoRecord) => {
      const v = order.field === 'id' ? r.id : r[order.field];
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)
        ? String(Date.parse(v)).padStart(15, '0')
        : typeof v === 'number'
          ? String(v).padStart(20, '0')
          : asText(v);
    };
    records.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : 1) * (order.direction === 'asc' ? 1 : -1));
    const total = records.length;
    records = records.slice(query.offset, query.offset + query.limit);
    if (!records.length) return reply.code(204).send();
    // COQL answers a lookup with its id alone.
    const data = records.map((r) => {
      const out: Record<string, unknown> = {};
      for (const f of query.fields) {
        const [head, sub] = f.split('.') as [string, string | undefined];
        const v = r[head];
        out[f] = v && typeof v === 'object' ? (sub ? (v as Record<string, unknown>)[sub] : { id: (v as { id: unknown }).id }) : (v ?? null);
      }
      out['id'] = r.id;
      return out;
    });
    return { data, info: { count: data.length, more_records: query.offset + query.limit < total } };
  });

  api.get('/crm/v8/:module/deleted', async (request, reply) => {
    const p = request.zoho as Principal;
    const module = moduleOf((request.params as { module: string }).module);
    const type = q(request, 'type') ?? 'all';
    if (!['all', 'recycle', 'permanent'].includes(type)) throw invalidParam('type');
    const perPage = intParam(request, 'per_page', MAX_PER_PAGE, 1, MAX_PER_PAGE);
    const page = intParam(request, 'page', 1, 1, 1_000_000);
    const all = type === 'permanent' ? [] : [...p.org.deleted(module)].reverse();
    const header = request.headers['if-modified-since'];
    const since = typeof header === 'string' ? Date.parse(header) : Number.NaN;
    const list = Number.isNaN(since) ? all : all.filter((d) => Date.parse(d.deleted_time) > since);
    const slice = list.slice((page - 1) * perPage, page * perPage);
    if (!slice.length) return reply.code(204).send();
    return { data: slice, info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < list.length } };
  });

  api.post('/crm/v8/:module/upsert', async (request, reply) => {
    const p = request.zoho as Principal;
    const module = moduleOf((request.params as { module: string }).module);
    const data = writeData(request);
    const given = (request.body as { duplicate_check_fields?: unknown }).duplicate_check_fields;
    if (
      given !== undefined &&
      (!Array.isArray(given) || !given.every((f) => typeof f === 'string' && FIELDS[module].some((d) => d.api_name === f)))
    ) {
      throw invalidParam('duplicate_check_fields');
    }
    const fields = (given as string[] | undefined) ?? DUPLICATE_CHECK[module];
    const answers = data.map((body, i) => upsertRecord(p.org, module, body, i, p.user, fields));
    reply.code(answers.every((a) => a.status === 'success') ? 200 : answers.some((a) => a.status === 'success') ? 207 : 400);
    return { data: answers };
  });

  api.get('/crm/v8/:module/:id', async (request, reply) => {
    const p = request.zoho as Principal;
    const { module: name, id } = request.params as { module: string; id: string };
    const record = p.org.records(moduleOf(name)).get(id);
    if (!record) return reply.code(204).send();
    return { data: [record] };
  });

  api.get('/crm/v8/:module', async (request, reply) => listRecords(service, request, reply, moduleOf((request.params as { module: string }).module)));

  api.post('/crm/v8/:module', async (request, reply) => {
    const p = request.zoho as Principal;
    const module = moduleOf((request.params as { module: string }).module);
    return sendWrite(
      reply,
      writeData(request).map((body, i) => createRecord(p.org, module, body, i, p.user)),
      true,
    );
  });

  api.put('/crm/v8/:module', async (request, reply) => {
    const p = request.zoho as Principal;
    const module = moduleOf((request.params as { module: string }).module);
    return sendWrite(
      reply,
      writeData(request).map((body, i) => updateRecord(p.org, module, body, i, p.user)),
      false,
    );
  });

  api.put('/crm/v8/:module/:id', async (request, reply) => {
    const p = request.zoho as Principal;
    const { module: name, id } = request.params as { module: string; id: string };
    const module = moduleOf(name);
    const [body] = writeData(request);
    return sendWrite(reply, [updateRecord(p.org, module, body, 0, p.user, id)], false);
  });

  api.delete('/crm/v8/:module', async (request) => {
    const p = request.zoho as Principal;
    const module = moduleOf((request.params as { module: string }).module);
    const ids = q(request, 'ids');
    if (ids === undefined) throw requiredParam('ids');
    const list = ids.split(',').map((x) => x.trim());
    if (list.length > MAX_WRITE) throw new ZohoError(400, 'LIMIT_EXCEEDED', 'the number of records exceeds the limit of 100', { limit: MAX_WRITE });
    return {
      data: list.map((id) =>
        p.org.remove(module, id, p.user)
          ? { code: 'SUCCESS', details: { id }, message: 'record deleted', status: 'success' }
          : { code: 'INVALID_DATA', details: { id }, message: 'the related id given seems to be invalid', status: 'error' },
      ),
    };
  });

  api.all('/*', async () => {
    throw invalidRequest('the requested URL is not available');
  });
}
