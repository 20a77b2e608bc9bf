/**
 * The Typeform fake's API routes: the account's owner (`GET /me`), its forms (`GET /forms`, paged by `page` and
 * `page_size` up to 200 with `total_items` and `page_count`; `GET /forms/{form_id}` in full) and a form's responses
 * (`GET /forms/{form_id}/responses`: `page_size` up to 1000, `since`/`until` on the submission time, `before`/`after`
 * response tokens, `sort`, `completed`, `included_response_ids`; `total_items` and `page_count` count what the
 * filters keep). Responses come newest first (`sort=submitted_at,desc`); after a `before` token, the older ones in
 * the order Typeform processed them, newest first; after an `after` token, the newer ones, oldest first.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { routeKind } from '../shared/request-state.js';
import { apiError, formNotFound, invalidParam } from './errors.js';
import { formNumberOf, responseNumberOf, type TypeformRecord } from './records.js';
import { fullForm, listedForm, renderResponse } from './render.js';
import type { TypeformAccount } from './service.js';

/** The most forms a page holds, and how many without `page_size`. */
export const MAX_FORMS_PAGE = 200;
export const DEFAULT_FORMS_PAGE = 10;
/** The most responses a page holds, and how many without `page_size`. */
export const MAX_RESPONSES_PAGE = 1000;
export const DEFAULT_RESPONSES_PAGE = 25;

/** Who a request acts as: the account and the scopes of its token (every scope for a personal access token). */
export interface Caller {
  account: TypeformAccount;
  scopes: readonly string[] | 'all';
}

type Query = Record<string, unknown>;

const scalar = (v: unknown): string | undefined => (Array.isArray(v) ? scalar(v[0]) : typeof v === 'string' ? v : undefined);

/** A positive integer parameter within its bounds, or its default. */
function intParam(query: Query, name: string, fallback: number, max: number): number {
  const raw = scalar(query[name]);
  if (raw === undefined) return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > max) throw invalidParam(name, `${name} must be an integer between 1 and ${max}`);
  return n;
}

/** `since`/`until`: seconds since the epoch, or ISO 8601 in UTC to the second (`2020-03-20T14:00:59`, `Z` or an offset allowed). */
function timeParam(query: Query, name: string): number | undefined {
  const raw = scalar(query[name]);
  if (raw === undefined) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.exec(raw);
  const t = m ? Date.parse(`${m[1] as string}${m[2] ?? ''}${m[3] ?? 'Z'}`) : NaN;
  if (Number.isNaN(t)) throw invalidParam(name, `${name} must be a date-time in ISO 8601 format, UTC, or a Unix timestamp in seconds`);
  return t;
}

const requireScope = (caller: Caller, scope: string) => {
  if (caller.scopes !== 'all' && !caller.scopes.includes(scope))
    throw apiError(403, 'FORBIDDEN', `The token is not allowed to access this resource: it lacks the ${scope} scope`);
};

/** A live form by its id, or Typeform's 404. */
function formOf(account: TypeformAccount, formId: string): TypeformRecord {
  const n = formNumberOf(formId);
  const form = n === undefined ? undefined : account.store('forms').live(n);
  if (!form) throw formNotFound(formId);
  return form;
}

/** The responses of a form in processing (id) order. */
function responseIds(account: TypeformAccount, form: number): number[] {
  const store = account.store('responses');
  return store.cached(`form:${form}`, () => [...store.scanLive()].filter((r) => r.fields['form'] === form).map((r) => r.id));
}

function responses(caller: Caller, request: FastifyRequest<{ Params: { form_id: string } }>) {
  const { account } = caller;
  requireScope(caller, 'responses:read');
  const form = formOf(account, request.params.form_id);
  const query = request.query as Query;
  const pageSize = intParam(query, 'page_size', DEFAULT_RESPONSES_PAGE, MAX_RESPONSES_PAGE);
  const since = timeParam(query, 'since');
  const until = timeParam(query, 'until');
  const before = scalar(query['before']);
  const after = scalar(query['after']);
  const sort = scalar(query['sort']);
  const completed = scalar(query['completed']);
  const included = scalar(query['included_response_ids']);
  if (before !== undefined && after !== undefined) throw invalidParam('after', 'before and after cannot be used together');
  if (sort !== undefined && (before !== undefined || after !== undefined))
    throw invalidParam('sort', 'sort cannot be used together with before or after');
  const sortMatch = sort === undefined ? null : /^(submitted_at|landed_at),(asc|desc)$/.exec(sort);
  if (sort !== undefined && !sortMatch) throw invalidParam('sort', 'sort must be {fieldID},{asc|desc} with submitted_at or landed_at');
  if (completed !== undefined && completed !== 'true' && completed !== 'false') throw invalidParam('completed', 'completed must be true or false');
  const tokenParam = (name: string, raw: string | undefined) => {
    if (raw === undefined) return undefined;
    const n = responseNumberOf(account.key, raw);
    if (n === undefined) throw invalidParam(name, `${name} must be the token of a response of the form`);
    return n;
  };
  const beforeId = tokenParam('before', before);
  const afterId = tokenParam('after', after);
  const wanted = included === undefined ? undefined : new Set(included.split(',').map((t) => responseNumberOf(account.key, t.trim())));

  const store = account.store('responses');
  let records = responseIds(account, form.id)
    .map((id) => store.live(id) as TypeformRecord)
    .filter((r) => {
      // Every response the fake holds was submitted: completed=false keeps none.
      if (completed === 'false') return false;
      if (since !== undefined && r.createdAt < since) return false;
      if (until !== undefined && r.createdAt > until) return false;
      if (beforeId !== undefined && r.id >= beforeId) return false;
      if (afterId !== undefined && r.id <= afterId) return false;
      return wanted === undefined || wanted.has(r.id);
    });
  if (afterId !== undefined) {
    // Processing order, oldest first.
  } else if (beforeId !== undefined) records.reverse();
  else {
    const [, key, order] = sortMatch ?? [null, 'submitted_at', 'desc'];
    const at = (r: TypeformRecord) => (key === 'landed_at' ? (r.fields['landedAt'] as number) : r.createdAt);
    records = records.sort((a, b) => (order === 'asc' ? at(a) - at(b) || a.id - b.id : at(b) - at(a) || b.id - a.id));
  }
  return {
    total_items: records.length,
    page_count: Math.ceil(records.length / pageSize),
    items: records.slice(0, pageSize).map((r) => renderResponse(account, r)),
  };
}

export function registerApiRoutes(api: FastifyInstance, callerOf: (request: FastifyRequest) => Caller, base: () => string): void {
  api.get('/me', routeKind('get:me'), async (request) => {
    const caller = callerOf(request);
    requireScope(caller, 'accounts:read');
    const { account } = caller;
    return { alias: account.alias, email: account.email, language: 'en', user_id: account.workspaceId };
  });

  api.get('/forms', routeKind('list:forms'), async (request) => {
    const caller = callerOf(request);
    requireScope(caller, 'forms:read');
    const query = request.query as Query;
    const page = intParam(query, 'page', 1, Number.MAX_SAFE_INTEGER);
    const pageSize = intParam(query, 'page_size', DEFAULT_FORMS_PAGE, MAX_FORMS_PAGE);
    const search = scalar(query['search'])?.toLowerCase();
    const store = caller.account.store('forms');
    const all = [...store.scanLive()].filter((f) => search === undefined || String(f.fields['title']).toLowerCase().includes(search));
    return {
      total_items: all.length,
      page_count: Math.ceil(all.length / pageSize),
      items: all.slice((page - 1) * pageSize, page * pageSize).map((f) => listedForm(f, base())),
    };
  });

  api.get<{ Params: { form_id: string } }>('/forms/:form_id', routeKind('get:form'), async (request) => {
    const caller = callerOf(request);
    requireScope(caller, 'forms:read');
    return fullForm(caller.account, formOf(caller.account, request.params.form_id), base());
  });

  api.get<{ Params: { form_id: string } }>('/forms/:form_id/responses', routeKind('list:responses'), async (request) =>
    responses(callerOf(request), request),
  );
}
