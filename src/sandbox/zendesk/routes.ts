/**
 * The Zendesk fake's API routes under `/api/v2/` (each also with Zendesk's `.json` ending): users (filtered by `role`
 * or `role[]`), organizations, tickets and a ticket's comments listed in id order with cursor pagination (`page[size]`
 * at most 100, `page[after]`/`page[before]`, `meta.has_more`, `meta.after_cursor`, `links.next`) or, without any
 * `page[…]` parameter, offset pagination (`page`, `per_page` at most 100, `next_page`, `count`); one record by id;
 * users and organizations created and updated; a ticket updated, which adds a comment; `/users/me`; the incremental
 * exports of users, tickets (cursor-based) and organizations (time-based).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { decodeOpaqueCursor, encodeOpaqueCursor } from '../shared/paging.js';
import { routeKind } from '../shared/request-state.js';
import { apiError, notFound } from './errors.js';
import { seedCommentIds, type ZendeskObject, type ZendeskRecord, zendeskTime } from './records.js';
import { auditIdOf, render } from './render.js';
import type { ZendeskAccount } from './service.js';
import { createOrganization, createUser, updateOrganization, updateTicket, updateUser, wrapped } from './writes.js';

/** The most records a page holds (cursor `page[size]` and offset `per_page`), and the offset lists' default. */
export const MAX_PAGE_SIZE = 100;

/** Who a request acts as: the account and the signed-in user (the OAuth grant's, or the API token's e-mail address). */
export interface Caller {
  account: ZendeskAccount;
  userId: number;
}

type CallerOf = (request: FastifyRequest) => Caller;

const pageSizeError = () => apiError(400, 'InvalidPaginationParameter', `page[size] must be a number between 1 and ${MAX_PAGE_SIZE}`);

function positive(raw: unknown, fallback: number, error: () => Error): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw error();
  return n;
}

/** The record id of a path's `:id` (`123` or `123.json`), or undefined. */
function idOf(raw: string): number | undefined {
  const m = /^(\d{1,16})(?:\.json)?$/.exec(raw);
  return m ? Number(m[1]) : undefined;
}

/** A list's page, in whichever pagination the query asks for. */
function listAnswer(
  request: FastifyRequest,
  base: string,
  path: string,
  key: string,
  ids: readonly number[],
  show: (id: number) => Record<string, unknown> | undefined,
): Record<string, unknown> {
  const query = request.query as Record<string, unknown>;
  const cursorStyle = ['page[size]', 'page[after]', 'page[before]'].some((p) => query[p] !== undefined);
  const items = (slice: readonly number[]) => slice.flatMap((id) => show(id) ?? []);
  const rest = Object.entries(query).filter(([k, v]) => !k.startsWith('page') && k !== 'per_page' && v !== undefined);
  const link = (params: Record<string, string>) => {
    const search = new URLSearchParams();
    for (const [k, v] of rest) for (const one of Array.isArray(v) ? v : [v]) search.append(k, String(one));
    for (const [k, v] of Object.entries(params)) search.set(k, v);
    return `${base}/api/v2/${path}.json?${search.toString()}`;
  };
  if (cursorStyle) {
    const size = positive(query['page[size]'], MAX_PAGE_SIZE, pageSizeError);
    if (size > MAX_PAGE_SIZE) throw pageSizeError();
    const position = (raw: unknown) => {
      const id = typeof raw === 'string' ? decodeOpaqueCursor(raw)?.['o'] : undefined;
      if (typeof id !== 'number') throw apiError(400, 'InvalidPaginationParameter', 'page[after] or page[before] is not a valid cursor');
      return id;
    };
    let start: number;
    let end: number;
    if (query['page[before]'] !== undefined) {
      const before = position(query['page[before]']);
      end = lowerBound(ids, before);
      start = Math.max(0, end - size);
    } else {
      start = query['page[after]'] === undefined ? 0 : lowerBound(ids, position(query['page[after]']) + 1);
      end = Math.min(ids.length, start + size);
    }
    const slice = ids.slice(start, end);
    const after = slice.length ? encodeOpaqueCursor({ o: slice[slice.length - 1] }) : null;
    const before = slice.length ? encodeOpaqueCursor({ o: slice[0] }) : null;
    return {
      [key]: items(slice),
      meta: { has_more: end < ids.length, after_cursor: after, before_cursor: before },
      links: {
        prev: before === null ? null : link({ 'page[size]': String(size), 'page[before]': before }),
        next: after === null ? null : link({ 'page[size]': String(size), 'page[after]': after }),
      },
    };
  }
  const perPage = positive(query['per_page'], MAX_PAGE_SIZE, () => apiError(400, 'InvalidPaginationParameter', 'per_page must be a positive number'));
  const size = Math.min(perPage, MAX_PAGE_SIZE);
  const page = positive(query['page'], 1, () => apiError(400, 'InvalidPaginationParameter', 'page must be a positive number'));
  const start = (page - 1) * size;
  const slice = ids.slice(start, start + size);
  return {
    [key]: items(slice),
    next_page: start + size < ids.length ? link({ page: String(page + 1), per_page: String(size) }) : null,
    previous_page: page > 1 ? link({ page: String(page - 1), per_page: String(size) }) : null,
    count: ids.length,
  };
}

/** The first index of a sorted list whose value is at least `value`. */
function lowerBound(ids: readonly number[], value: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ids[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The roles a users list asks for (`role=…` or `role[]=…&role[]=…`), or undefined for every role. */
function rolesOf(query: Record<string, unknown>): string[] | undefined {
  const raw = query['role[]'] ?? query['role'];
  if (raw === undefined) return undefined;
  return (Array.isArray(raw) ? raw : [raw]).map(String);
}

/** Both spellings of a path: Zendesk's `.json` ending and without it. */
const both = (path: string) => [path, `${path}.json`];

/** A ticket's live comments, oldest first (the seed's three, then those added). */
export function commentsOf(account: ZendeskAccount, ticketId: number): ZendeskRecord[] {
  const store = account.store('comments');
  const ids = [...new Set([...seedCommentIds(account.context, ticketId), ...store.linkedTo(ticketId)])].sort((a, b) => a - b);
  return ids.map((id) => store.live(id)).filter((r): r is ZendeskRecord => r !== undefined && r.fields['ticket_id'] === ticketId);
}

/** The most records an incremental export's page holds, and its default. */
export const MAX_EXPORT_PAGE = 1000;

const exportError = (description: string) => apiError(400, 'InvalidPaginationParameter', description);

/**
 * An incremental export (`/api/v2/incremental/<object>…?start_time=<unix seconds>`): the live records changed at or
 * after `start_time`, oldest change first (ties by id). Cursor-based (users, tickets): `cursor` resumes after the
 * last record read, answered with `after_cursor`, `after_url` and `end_of_stream`. Time-based (organizations):
 * `next_page` asks again from the last record's second (the records of that second come again), with `end_time`,
 * `count` and `end_of_stream`.
 */
function exportAnswer(
  request: FastifyRequest,
  base: string,
  path: string,
  key: string,
  records: ZendeskRecord[],
  show: (r: ZendeskRecord) => Record<string, unknown>,
  style: 'cursor' | 'time',
): Record<string, unknown> {
  const query = request.query as Record<string, unknown>;
  const size = positive(query['per_page'], MAX_EXPORT_PAGE, () => exportError('per_page must be a positive number'));
  if (size > MAX_EXPORT_PAGE) throw exportError(`per_page must be at most ${MAX_EXPORT_PAGE}`);
  const order = (a: ZendeskRecord, b: ZendeskRecord) => a.updatedAt - b.updatedAt || a.id - b.id;
  let from: (r: ZendeskRecord) => boolean;
  if (style === 'cursor' && query['cursor'] !== undefined) {
    const at = typeof query['cursor'] === 'string' ? decodeOpaqueCursor(query['cursor']) : undefined;
    const [u, i] = [at?.['u'], at?.['i']];
    if (typeof u !== 'number' || typeof i !== 'number') throw exportError('cursor is not a valid cursor');
    from = (r) => r.updatedAt > u || (r.updatedAt === u && r.id > i);
  } else {
    const raw = query['start_time'];
    const start = typeof raw === 'string' && /^\d{1,12}$/.test(raw) ? Number(raw) * 1000 : undefined;
    if (start === undefined) throw exportError('start_time is required (a Unix time in seconds)');
    from = (r) => r.updatedAt >= start;
  }
  const found = records.filter(from).sort(order);
  const page = found.slice(0, size);
  const end = found.length <= size;
  const last = page.at(-1);
  const url = (params: Record<string, string>) => `${base}/api/v2/incremental/${path}?${new URLSearchParams({ ...params, per_page: String(size) })}`;
  if (style === 'cursor') {
    const after = last ? encodeOpaqueCursor({ u: last.updatedAt, i: last.id }) : typeof query['cursor'] === 'string' ? query['cursor'] : null;
    return {
      [key]: page.map(show),
      after_url: after === null ? null : url({ cursor: after }),
      after_cursor: after,
      before_url: null,
      before_cursor: null,
      end_of_stream: end,
    };
  }
  const endTime = last ? Math.floor(last.updatedAt / 1000) : Math.floor(Number(query['start_time']));
  return {
    [key]: page.map(show),
    next_page: end ? null : url({ start_time: String(endTime) }),
    count: page.length,
    end_time: endTime,
    end_of_stream: end,
  };
}

export function registerApiRoutes(api: FastifyInstance, callerOf: CallerOf, base: () => string): void {
  const show = (account: ZendeskAccount, object: ZendeskObject) => (id: number) => {
    const r = account.store(object).live(id);
    return r ? render(base(), object, r) : undefined;
  };
  const one = (object: ZendeskObject, request: FastifyRequest<{ Params: { id: string } }>) => {
    const { account } = callerOf(request);
    const id = idOf(request.params.id);
    const r = id === undefined ? undefined : account.store(object).live(id);
    if (!r) throw notFound();
    return r;
  };
  const liveIds = (account: ZendeskAccount, object: ZendeskObject, key: string, keep: (r: ZendeskRecord) => boolean) => {
    const store = account.store(object);
    return store.cached(`list:${key}`, () => [...store.scanLive()].filter(keep).map((r) => r.id));
  };

  for (const path of both('/api/v2/users')) {
    api.get(path, routeKind('list:users'), async (request) => {
      const { account } = callerOf(request);
      const roles = rolesOf(request.query as Record<string, unknown>);
      const ids = liveIds(
        account,
        'users',
        `role=${roles?.join(',') ?? ''}`,
        (r) => roles === undefined || roles.includes(r.fields['role'] as string),
      );
      return listAnswer(request, base(), 'users', 'users', ids, show(account, 'users'));
    });
    api.post(path, routeKind('create'), async (request, reply) => {
      const { account } = callerOf(request);
      return reply.code(201).send({ user: render(base(), 'users', createUser(account, wrapped(request.body, 'user'))) });
    });
  }
  api.get<{ Params: { id: string } }>('/api/v2/users/:id', routeKind('get'), async (request) => {
    const { account, userId } = callerOf(request);
    if (request.params.id === 'me' || request.params.id === 'me.json') {
      return { user: render(base(), 'users', account.store('users').get(userId) as ZendeskRecord) };
    }
    return { user: render(base(), 'users', one('users', request)) };
  });
  api.put<{ Params: { id: string } }>('/api/v2/users/:id', routeKind('update'), async (request) => {
    const { account } = callerOf(request);
    const id = one('users', request).id;
    return { user: render(base(), 'users', updateUser(account, id, wrapped(request.body, 'user'))) };
  });

  for (const path of both('/api/v2/organizations')) {
    api.get(path, routeKind('list:organizations'), async (request) => {
      const { account } = callerOf(request);
      return listAnswer(
        request,
        base(),
        'organizations',
        'organizations',
        liveIds(account, 'organizations', 'all', () => true),
        show(account, 'organizations'),
      );
    });
    api.post(path, routeKind('create'), async (request, reply) => {
      const { account } = callerOf(request);
      return reply
        .code(201)
        .send({ organization: render(base(), 'organizations', createOrganization(account, wrapped(request.body, 'organization'))) });
    });
  }
  api.get<{ Params: { id: string } }>('/api/v2/organizations/:id', routeKind('get'), async (request) => ({
    organization: render(base(), 'organizations', one('organizations', request)),
  }));
  api.put<{ Params: { id: string } }>('/api/v2/organizations/:id', routeKind('update'), async (request) => {
    const { account } = callerOf(request);
    const id = one('organizations', request).id;
    return { organization: render(base(), 'organizations', updateOrganization(account, id, wrapped(request.body, 'organization'))) };
  });

  for (const path of both('/api/v2/tickets')) {
    api.get(path, routeKind('list:tickets'), async (request) => {
      const { account } = callerOf(request);
      return listAnswer(
        request,
        base(),
        'tickets',
        'tickets',
        liveIds(account, 'tickets', 'all', () => true),
        show(account, 'tickets'),
      );
    });
  }
  api.get<{ Params: { id: string } }>('/api/v2/tickets/:id', routeKind('get'), async (request) => ({
    ticket: render(base(), 'tickets', one('tickets', request)),
  }));
  api.put<{ Params: { id: string } }>('/api/v2/tickets/:id', routeKind('update'), async (request) => {
    const { account, userId } = callerOf(request);
    const id = one('tickets', request).id;
    const { ticket, comment } = updateTicket(account, id, wrapped(request.body, 'ticket'), userId);
    const audit = comment
      ? {
          id: auditIdOf(comment.id),
          ticket_id: id,
          created_at: zendeskTime(comment.createdAt),
          author_id: userId,
          metadata: { system: {}, custom: {} },
          events: [{ ...render(base(), 'comments', comment), audit_id: undefined, via: undefined, created_at: undefined, metadata: undefined }],
          via: { channel: 'api', source: { from: {}, to: {}, rel: null } },
        }
      : undefined;
    return { ticket: render(base(), 'tickets', ticket), ...(audit ? { audit } : {}) };
  });
  const exported = (object: ZendeskObject, path: string, key: string, style: 'cursor' | 'time') =>
    api.get(`/api/v2/incremental/${path}`, routeKind(`export:${object}`), async (request) => {
      const { account } = callerOf(request);
      const records = [...account.store(object).scanLive()];
      return exportAnswer(request, base(), path, key, records, (r) => render(base(), object, r), style);
    });
  exported('users', 'users/cursor.json', 'users', 'cursor');
  exported('tickets', 'tickets/cursor.json', 'tickets', 'cursor');
  exported('organizations', 'organizations.json', 'organizations', 'time');
  for (const path of both('/api/v2/tickets/:id/comments')) {
    api.get<{ Params: { id: string } }>(path, routeKind('list:comments'), async (request) => {
      const { account } = callerOf(request);
      const ticket = one('tickets', request);
      const ids = commentsOf(account, ticket.id).map((c) => c.id);
      return listAnswer(request, base(), `tickets/${ticket.id}/comments`, 'comments', ids, show(account, 'comments'));
    });
  }
}
