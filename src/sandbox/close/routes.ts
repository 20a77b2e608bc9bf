/**
 * The Close fake's API routes under `/api/v1/` (every path ends with a slash, as Close's do): leads, contacts,
 * opportunities, tasks and notes listed with `_skip`/`_limit` (at most 100) and `has_more`, filtered by the query
 * parameters Close documents, read, created, updated (PUT is a patch) and deleted; `/me/`, users, statuses and
 * pipelines.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { asText } from '../../lib/text.js';
import { routeKind } from '../shared/request-state.js';
import { badRequest, notFound } from './errors.js';
import {
  type CloseObject,
  type CloseRecord,
  closeTime,
  CUSTOM_FIELDS,
  CUSTOM_KINDS,
  type CustomFieldDef,
  type CustomKind,
  LEAD_STATUSES,
  ME,
  numericId,
  OPPORTUNITY_STATUSES,
  ORGANIZATION,
  PIPELINES,
  USERS,
} from './records.js';
import { fieldsOf, render, select } from './render.js';
import type { CloseAccount } from './service.js';
import { createRecord, deleteRecord, MODEL, updateRecord } from './writes.js';

/** Close's page size unless asked, and the most it gives. */
const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 100;

/** Each object's path under /api/v1, and the filters its list takes (query parameter → how it matches). */
const PATHS: Record<CloseObject, string> = {
  leads: '/api/v1/lead/',
  contacts: '/api/v1/contact/',
  opportunities: '/api/v1/opportunity/',
  tasks: '/api/v1/task/',
  notes: '/api/v1/activity/note/',
  calls: '/api/v1/activity/call/',
  meetings: '/api/v1/activity/meeting/',
};

type Match = (r: CloseRecord, value: string) => boolean;
const linkIs =
  (field: string, object: CloseObject): Match =>
  (r, v) =>
    r.fields[field] === numericId(object, v);
const textIs =
  (field: string): Match =>
  (r, v) =>
    String(r.fields[field]) === v;
const timeFilters = (prefix: 'date_created' | 'date_updated'): Record<string, Match> => {
  const at = (r: CloseRecord) => (prefix === 'date_created' ? r.createdAt : r.updatedAt);
  const bound = (v: string) => {
    const t = Date.parse(v);
    if (Number.isNaN(t)) throw badRequest(`Invalid date: ${v}`);
    return t;
  };
  return {
    [`${prefix}__gt`]: (r, v) => at(r) > bound(v),
    [`${prefix}__gte`]: (r, v) => at(r) >= bound(v),
    [`${prefix}__lt`]: (r, v) => at(r) < bound(v),
    [`${prefix}__lte`]: (r, v) => at(r) <= bound(v),
  };
};

const FILTERS: Record<CloseObject, Record<string, Match>> = {
  leads: {},
  contacts: { lead_id: linkIs('lead_id', 'leads') },
  opportunities: {
    lead_id: linkIs('lead_id', 'leads'),
    user_id: textIs('user_id'),
    status_id: textIs('status_id'),
    status_type: (r, v) => OPPORTUNITY_STATUSES.find((s) => s.id === r.fields['status_id'])?.type === v,
    value_period: textIs('value_period'),
    ...timeFilters('date_created'),
    ...timeFilters('date_updated'),
  },
  tasks: {
    lead_id: linkIs('lead_id', 'leads'),
    assigned_to: textIs('assigned_to'),
    is_complete: (r, v) => String(r.fields['is_complete'] === true) === v.toLowerCase(),
    _type: (_r, v) => v === 'lead',
    ...timeFilters('date_created'),
  },
  notes: {
    lead_id: linkIs('lead_id', 'leads'),
    contact_id: linkIs('contact_id', 'contacts'),
    user_id: textIs('user_id'),
    ...timeFilters('date_created'),
  },
  calls: {
    lead_id: linkIs('lead_id', 'leads'),
    contact_id: linkIs('contact_id', 'contacts'),
    user_id: textIs('user_id'),
    ...timeFilters('date_created'),
  },
  meetings: {
    lead_id: linkIs('lead_id', 'leads'),
    contact_id: linkIs('contact_id', 'contacts'),
    user_id: textIs('user_id'),
    ...timeFilters('date_created'),
  },
};

function intParam(raw: unknown, name: string, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`Invalid ${name}: ${asText(raw)}`);
  return n;
}

/** `_skip` and `_limit` (Close refuses a limit over its maximum with a 400). */
export function pagingOf(query: Record<string, unknown>): { skip: number; limit: number } {
  const limit = intParam(query['_limit'], '_limit', DEFAULT_LIMIT);
  if (limit > MAX_LIMIT) throw badRequest(`_limit must be less than or equal to ${MAX_LIMIT}`);
  return { skip: intParam(query['_skip'], '_skip', 0), limit: limit === 0 ? DEFAULT_LIMIT : limit };
}

type Account = (request: FastifyRequest) => CloseAccount;
const bodyOf = (request: FastifyRequest): Record<string, unknown> => {
  const b = request.body;
  if (typeof b !== 'object' || b === null || Array.isArray(b)) throw badRequest('Request body must be a JSON object');
  return b as Record<string, unknown>;
};

function registerObject(api: FastifyInstance, accountOf: Account, object: CloseObject): void {
  const path = PATHS[object];
  // Counted by object (`list:contacts`), so that a test tells the pages of one pull from the others'.
  api.get(path, routeKind(`list:${object}`), async (request) => {
    const account = accountOf(request);
    const query = request.query as Record<string, unknown>;
    const { skip, limit } = pagingOf(query);
    const given = Object.entries(FILTERS[object]).flatMap(([name, match]) =>
      typeof query[name] === 'string' ? [(r: CloseRecord) => match(r, query[name] as string)] : [],
    );
    const key = Object.keys(FILTERS[object])
      .map((k) => `${k}=${asText(query[k])}`)
      .join('&');
    // Oldest first (Close's default order of these lists), ties by id.
    const store = account.store(object);
    const found = store.cached(`list:${key}`, () => [...store.scanLive()].filter((r) => given.every((m) => m(r))));
    const page = found.slice(skip, skip + limit);
    const fields = fieldsOf(query);
    return {
      has_more: skip + limit < found.length,
      total_results: found.length,
      data: page.map((r) => select(render(account, object, r), fields)),
    };
  });
  api.get<{ Params: { id: string } }>(`${path}:id/`, routeKind('get'), async (request) => {
    const account = accountOf(request);
    const id = numericId(object, request.params.id);
    const record = id === undefined ? undefined : account.store(object).live(id);
    if (!record) throw notFound(MODEL[object]);
    return select(render(account, object, record), fieldsOf(request.query));
  });
  api.post(path, routeKind('create'), async (request) => {
    const account = accountOf(request);
    return render(account, object, createRecord(account, object, bodyOf(request)));
  });
  api.put<{ Params: { id: string } }>(`${path}:id/`, routeKind('update'), async (request) => {
    const account = accountOf(request);
    return render(account, object, updateRecord(account, object, numericId(object, request.params.id), bodyOf(request)));
  });
  api.delete<{ Params: { id: string } }>(`${path}:id/`, routeKind('delete'), async (request) => {
    deleteRecord(accountOf(request), object, numericId(object, request.params.id));
    return {};
  });
}

const user = (u: (typeof USERS)[number]) => ({
  ...u,
  image: '',
  organizations: [ORGANIZATION.id],
  date_created: closeTime(Date.UTC(2023, 0, 1)),
  date_updated: closeTime(Date.UTC(2023, 0, 1)),
});

/** A custom field's definition as `/custom_field/<kind>/` answers it. */
const customField = (def: CustomFieldDef) => ({
  id: def.id,
  name: def.name,
  description: '',
  type: def.type,
  ...(def.type === 'choices' ? { choices: def.choices ?? [] } : {}),
  accepts_multiple_values: false,
  editable_with_roles: [],
  organization_id: ORGANIZATION.id,
  created_by: ME.id,
  updated_by: ME.id,
  date_created: closeTime(Date.UTC(2023, 0, 1)),
  date_updated: closeTime(Date.UTC(2023, 0, 1)),
});

export function registerApiRoutes(api: FastifyInstance, accountOf: Account): void {
  for (const object of Object.keys(PATHS) as CloseObject[]) registerObject(api, accountOf, object);
  api.get('/api/v1/me/', routeKind('me'), async () => ({
    ...user(ME),
    organizations: [{ id: ORGANIZATION.id, name: ORGANIZATION.name }],
    memberships: [{ organization_id: ORGANIZATION.id, user_id: ME.id, role_id: 'admin' }],
  }));
  api.get('/api/v1/user/', routeKind('list'), async (request) => {
    const { skip, limit } = pagingOf(request.query as Record<string, unknown>);
    const fields = fieldsOf(request.query);
    return { has_more: skip + limit < USERS.length, data: USERS.slice(skip, skip + limit).map((u) => select(user(u), fields)) };
  });
  api.get<{ Params: { id: string } }>('/api/v1/user/:id/', routeKind('get'), async (request) => {
    const u = USERS.find((x) => x.id === request.params.id);
    if (!u) throw notFound('User');
    return user(u);
  });
  // The organization's custom fields of leads, contacts and opportunities (the same in every sandbox organization).
  for (const [kind, object] of Object.entries(CUSTOM_KINDS) as Array<[CustomKind, (typeof CUSTOM_KINDS)[CustomKind]]>) {
    const defs = CUSTOM_FIELDS[object];
    api.get(`/api/v1/custom_field/${kind}/`, routeKind('custom-fields'), async (request) => {
      const { skip, limit } = pagingOf(request.query as Record<string, unknown>);
      const fields = fieldsOf(request.query);
      return { has_more: skip + limit < defs.length, data: defs.slice(skip, skip + limit).map((d) => select(customField(d), fields)) };
    });
    api.get<{ Params: { id: string } }>(`/api/v1/custom_field/${kind}/:id/`, routeKind('custom-field'), async (request) => {
      const def = defs.find((d) => d.id === request.params.id);
      if (!def) throw notFound('CustomField');
      return select(customField(def), fieldsOf(request.query));
    });
  }
  const whole = (data: readonly object[]) => async () => ({ has_more: false, data });
  api.get('/api/v1/status/opportunity/', routeKind('statuses'), whole(OPPORTUNITY_STATUSES));
  api.get('/api/v1/status/lead/', routeKind('statuses'), whole(LEAD_STATUSES));
  api.get(
    '/api/v1/pipeline/',
    routeKind('pipelines'),
    whole(PIPELINES.map((p) => ({ ...p, organization_id: ORGANIZATION.id, statuses: OPPORTUNITY_STATUSES.filter((s) => s.pipeline_id === p.id) }))),
  );
}
