/**
 * The Freshsales fake's API routes (relative to the bundle alias, `https://<domain>/crm/sales`): views and view lists,
 * filtered search, records by id, creates, updates, deletes and contact upserts, tasks, notes, the selectors and the
 * field settings.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { asText } from '../../lib/text.js';
import { routeKind } from '../shared/request-state.js';
import { badRequest, notFound } from './errors.js';
import { CURRENCIES, type FsRecord, fsTime, INDUSTRIES, type Module, PIPELINES, render, STAGES, USERS } from './records.js';
import type { FreshsalesAccount } from './service.js';
import { createRecord, deleteRecord, updateRecord, wrapped } from './writes.js';

/** The modules listed through views, with their names on the wire. */
export const VIEW_MODULES = {
  contacts: { singular: 'contact', entity: 'contact', model: 'Contact', label: 'Contacts', viewBase: 1000 },
  sales_accounts: { singular: 'sales_account', entity: 'sales_account', model: 'SalesAccount', label: 'Accounts', viewBase: 2000 },
  deals: { singular: 'deal', entity: 'deal', model: 'Deal', label: 'Deals', viewBase: 3000 },
} as const;
type ViewModule = keyof typeof VIEW_MODULES;

/** Freshsales pages hold 25 records unless asked, at most 100. */
const DEFAULT_PER_PAGE = 25;
export const MAX_PER_PAGE = 100;

/** The views of a module: "All …" (every record) and "My …" (the key owner's). */
export function viewsOf(module: ViewModule) {
  const m = VIEW_MODULES[module];
  const at = fsTime(Date.UTC(2023, 0, 1));
  return [
    {
      id: m.viewBase + 1,
      name: `All ${m.label}`,
      model_class_name: m.model,
      user_id: USERS[0].id,
      is_default: true,
      is_public: true,
      updated_at: at,
    },
    {
      id: m.viewBase + 2,
      name: `My ${m.label}`,
      model_class_name: m.model,
      user_id: USERS[0].id,
      is_default: false,
      is_public: true,
      updated_at: at,
    },
  ];
}

interface Paging {
  page: number;
  perPage: number;
  sort: string;
  sortType: 'asc' | 'desc';
}

function intParam(raw: unknown, name: string, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw badRequest(`${name} is invalid`);
  return n;
}

function pagingOf(source: Record<string, unknown>, fallbackSort: string): Paging {
  const sortType = source['sort_type'] ?? 'desc';
  if (sortType !== 'asc' && sortType !== 'desc') throw badRequest('sort_type is invalid');
  const sort = typeof source['sort'] === 'string' && source['sort'] !== '' ? source['sort'] : fallbackSort;
  return {
    page: intParam(source['page'], 'page', 1),
    perPage: Math.min(intParam(source['per_page'], 'per_page', DEFAULT_PER_PAGE), MAX_PER_PAGE),
    sort,
    sortType,
  };
}

/** A field's value to sort or compare on: times as epoch ms. */
function valueOf(record: FsRecord, field: string): unknown {
  if (field === 'created_at') return record.createdAt;
  if (field === 'updated_at') return record.updatedAt;
  if (field === 'id') return record.id;
  if (field.startsWith('cf_')) return (record.fields['custom_field'] as Record<string, unknown> | undefined)?.[field];
  return record.fields[field];
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : asText(a).localeCompare(asText(b));
}

/** One page of matching records, sorted (ties by id), as the module's list answer. */
function listAnswer(account: FreshsalesAccount, module: Module, key: string, match: (r: FsRecord) => boolean, paging: Paging) {
  const store = account.store(module);
  const sorted = store.cached(`${key}|${paging.sort}|${paging.sortType}`, () => {
    const found = [...store.scanLive()].filter(match);
    const sign = paging.sortType === 'asc' ? 1 : -1;
    return found.sort((a, b) => sign * compare(valueOf(a, paging.sort), valueOf(b, paging.sort)) || a.id - b.id);
  });
  const start = (paging.page - 1) * paging.perPage;
  return {
    [module]: sorted.slice(start, start + paging.perPage).map(render),
    meta: { total_pages: Math.ceil(sorted.length / paging.perPage), total: sorted.length },
  };
}

const ms = (v: unknown): number => (typeof v === 'number' ? v : Date.parse(String(v)));

/** A filtered search rule as a predicate; Freshsales' operators `is_in`, `is_not_in`, `contains`, `is_after`, `is_before`. */
function ruleOf(rule: unknown): (r: FsRecord) => boolean {
  if (typeof rule !== 'object' || rule === null) throw badRequest('filter_rule is invalid');
  const { attribute, operator, value } = rule as Record<string, unknown>;
  if (typeof attribute !== 'string' || attribute === '') throw badRequest('attribute is invalid');
  const read = (r: FsRecord): unknown[] => {
    if (attribute === 'contact_email.email') return ((r.fields['emails'] as Array<{ value: string }> | undefined) ?? []).map((e) => e.value);
    const v = valueOf(r, attribute);
    return Array.isArray(v) ? v : [v];
  };
  const values = (Array.isArray(value) ? value : [value]).map((v) => String(v).toLowerCase());
  switch (operator) {
    case 'is_in':
      return (r) => read(r).some((v) => v !== null && v !== undefined && values.includes(asText(v).toLowerCase()));
    case 'is_not_in':
      return (r) => !read(r).some((v) => v !== null && v !== undefined && values.includes(asText(v).toLowerCase()));
    case 'contains':
      return (r) => read(r).some((v) => typeof v === 'string' && values.some((x) => v.toLowerCase().includes(x)));
    case 'is_after':
    case 'is_before': {
      const bound = ms(Array.isArray(value) ? value[0] : value);
      if (Number.isNaN(bound)) throw badRequest(`${String(value)} is not a valid date`);
      return operator === 'is_after' ? (r) => read(r).some((v) => ms(v) > bound) : (r) => read(r).some((v) => ms(v) < bound);
    }
    default:
      throw badRequest(`${String(operator)} is not a valid operator`);
  }
}

type Account = (request: FastifyRequest) => FreshsalesAccount;

function registerViewModule(api: FastifyInstance, accountOf: Account, module: ViewModule): void {
  const m = VIEW_MODULES[module];
  api.get(`/api/${module}/filters`, routeKind('views'), async () => ({ filters: viewsOf(module) }));
  api.get<{ Params: { view: string } }>(`/api/${module}/view/:view`, routeKind('list'), async (request) => {
    const account = accountOf(request);
    const view = viewsOf(module).find((v) => String(v.id) === request.params.view);
    if (!view) throw notFound();
    const mine = view.id === m.viewBase + 2;
    const paging = pagingOf(request.query as Record<string, unknown>, 'updated_at');
    return listAnswer(account, module, `view:${view.id}`, mine ? (r) => r.fields['owner_id'] === USERS[0].id : () => true, paging);
  });
  api.post(`/api/filtered_search/${m.entity}`, routeKind('search'), async (request) => {
    const account = accountOf(request);
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
    const rules = body['filter_rule'];
    if (!Array.isArray(rules)) throw badRequest('filter_rule is missing');
    const predicates = rules.map(ruleOf);
    const paging = pagingOf({ ...body, ...(request.query as Record<string, unknown>) }, 'updated_at');
    return listAnswer(account, module, `search:${JSON.stringify(rules)}`, (r) => predicates.every((p) => p(r)), paging);
  });
  registerRecordRoutes(api, accountOf, module, m.singular);
  if (module === 'contacts') {
    api.post('/api/contacts/upsert', routeKind('upsert'), async (request) => {
      const account = accountOf(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const unique = body['unique_identifier'] as Record<string, unknown> | undefined;
      const email = unique?.['emails'] ?? unique?.['email'];
      if (typeof email !== 'string' || email === '') throw badRequest('unique_identifier is invalid');
      const input = { ...wrapped(body, 'contact') };
      const existing = account.store('contacts').findByUnique(email);
      if (existing) return { contact: render(updateRecord(account, 'contacts', String(existing.id), input)) };
      if (!('emails' in input) && !('email' in input)) input['email'] = email;
      return { contact: render(createRecord(account, 'contacts', input)) };
    });
  }
}

/** GET, POST, PUT and DELETE of one module's records, wrapped in its singular key. */
function registerRecordRoutes(api: FastifyInstance, accountOf: Account, module: Module, singular: string, get = true): void {
  if (get) {
    api.get<{ Params: { id: string } }>(`/api/${module}/:id`, routeKind('get'), async (request) => {
      const record = accountOf(request).store(module).live(request.params.id);
      if (!record) throw notFound();
      return { [singular]: render(record) };
    });
  }
  api.post(`/api/${module}`, routeKind('create'), async (request) => ({
    [singular]: render(createRecord(accountOf(request), module, wrapped(request.body, singular))),
  }));
  api.put<{ Params: { id: string } }>(`/api/${module}/:id`, routeKind('update'), async (request) => ({
    [singular]: render(updateRecord(accountOf(request), module, request.params.id, wrapped(request.body, singular))),
  }));
  api.delete<{ Params: { id: string } }>(`/api/${module}/:id`, routeKind('delete'), async (request) => {
    deleteRecord(accountOf(request), module, request.params.id);
    return true;
  });
}

/** `GET /api/tasks?filter=open|completed|overdue|due today|due tomorrow`, paged by `page` and `per_page`, in id order. */
function registerTasks(api: FastifyInstance, accountOf: Account): void {
  const DAY = 86_400_000;
  api.get('/api/tasks', routeKind('list'), async (request) => {
    const account = accountOf(request);
    const query = request.query as Record<string, unknown>;
    const filter = query['filter'];
    const now = account.now();
    const today = now - (now % DAY);
    const due = (r: FsRecord) => Date.parse(String(r.fields['due_date']));
    const open = (r: FsRecord) => r.fields['status'] !== 1;
    const filters: Record<string, (r: FsRecord) => boolean> = {
      open,
      completed: (r) => !open(r),
      overdue: (r) => open(r) && due(r) < now,
      'due today': (r) => open(r) && due(r) >= today && due(r) < today + DAY,
      'due tomorrow': (r) => open(r) && due(r) >= today + DAY && due(r) < today + 2 * DAY,
    };
    const match = typeof filter === 'string' ? filters[filter] : undefined;
    if (!match) throw badRequest('filter is invalid. Valid values are open, due today, due tomorrow, overdue, completed');
    const paging = { ...pagingOf(query, 'id'), sort: 'id', sortType: 'asc' as const };
    return listAnswer(account, 'tasks', `tasks:${String(filter)}`, match, paging);
  });
  registerRecordRoutes(api, accountOf, 'tasks', 'task');
  registerRecordRoutes(api, accountOf, 'notes', 'note', false);
  // `GET /api/appointments?filter=upcoming|past`, paged like tasks.
  api.get('/api/appointments', routeKind('list'), async (request) => {
    const account = accountOf(request);
    const query = request.query as Record<string, unknown>;
    const now = account.now();
    const upcoming = (r: FsRecord) => Date.parse(String(r.fields['end_date'])) >= now;
    const filter = query['filter'];
    const match = filter === 'upcoming' ? upcoming : filter === 'past' ? (r: FsRecord) => !upcoming(r) : undefined;
    if (!match) throw badRequest('filter is invalid. Valid values are upcoming, past');
    const paging = { ...pagingOf(query, 'id'), sort: 'id', sortType: 'asc' as const };
    return listAnswer(account, 'appointments', `appointments:${String(filter)}:${now}`, match, paging);
  });
  registerRecordRoutes(api, accountOf, 'appointments', 'appointment');
}

/** The selectors (`/api/selector/...`) and field settings (`/api/settings/<module>/fields`). */
function registerSettings(api: FastifyInstance): void {
  const selectors: Record<string, Record<string, unknown>> = {
    owners: { users: USERS },
    deal_stages: { deal_stages: STAGES },
    deal_pipelines: { deal_pipelines: PIPELINES },
    currencies: { currencies: CURRENCIES },
    industry_types: { industry_types: INDUSTRIES },
  };
  for (const [name, answer] of Object.entries(selectors)) api.get(`/api/selector/${name}`, routeKind('selector'), async () => answer);
  for (const [module, fields] of Object.entries(FIELD_SETTINGS)) {
    api.get(`/api/settings/${module}/fields`, routeKind('fields'), async () => ({
      fields: fields.map(([name, label, type], i) => ({
        id: i + 1,
        name,
        label,
        type,
        default: !name.startsWith('cf_'),
        base_model: VIEW_MODULES[module as ViewModule].model,
      })),
    }));
  }
}

const FIELD_SETTINGS: Record<ViewModule, ReadonlyArray<readonly [string, string, string]>> = {
  contacts: [
    ['first_name', 'First name', 'text'],
    ['last_name', 'Last name', 'text'],
    ['job_title', 'Job title', 'text'],
    ['emails', 'Emails', 'email'],
    ['work_number', 'Work', 'text'],
    ['mobile_number', 'Mobile', 'text'],
    ['address', 'Address', 'textarea'],
    ['city', 'City', 'text'],
    ['state', 'State', 'text'],
    ['zipcode', 'Zipcode', 'text'],
    ['country', 'Country', 'text'],
    ['sales_accounts', 'Accounts', 'auto_complete'],
    ['owner_id', 'Sales owner', 'dropdown'],
    ['lifecycle_stage_id', 'Lifecycle stage', 'dropdown'],
    ['created_at', 'Created at', 'date'],
    ['updated_at', 'Updated at', 'date'],
    ['cf_tier', 'Tier', 'dropdown'],
  ],
  sales_accounts: [
    ['name', 'Name', 'text'],
    ['website', 'Website', 'text'],
    ['phone', 'Phone', 'text'],
    ['address', 'Address', 'textarea'],
    ['city', 'City', 'text'],
    ['state', 'State', 'text'],
    ['zipcode', 'Zipcode', 'text'],
    ['country', 'Country', 'text'],
    ['number_of_employees', 'Number of employees', 'number'],
    ['annual_revenue', 'Annual revenue', 'number'],
    ['industry_type_id', 'Industry type', 'dropdown'],
    ['owner_id', 'Sales owner', 'dropdown'],
    ['created_at', 'Created at', 'date'],
    ['updated_at', 'Updated at', 'date'],
  ],
  deals: [
    ['name', 'Name', 'text'],
    ['amount', 'Deal value', 'number'],
    ['currency_id', 'Currency', 'dropdown'],
    ['deal_pipeline_id', 'Deal pipeline', 'dropdown'],
    ['deal_stage_id', 'Deal stage', 'dropdown'],
    ['probability', 'Probability (%)', 'number'],
    ['expected_close', 'Expected close date', 'date'],
    ['sales_account_id', 'Account name', 'auto_complete'],
    ['owner_id', 'Sales owner', 'dropdown'],
    ['created_at', 'Created at', 'date'],
    ['updated_at', 'Updated at', 'date'],
  ],
};

export function registerApiRoutes(api: FastifyInstance, accountOf: Account): void {
  for (const module of Object.keys(VIEW_MODULES) as ViewModule[]) registerViewModule(api, accountOf, module);
  registerTasks(api, accountOf);
  registerSettings(api);
}
