/**
 * Zendesk's lists: `GET /api/v2/<object>.json` with cursor pagination (`page[size]` up to 100, `page[after]` the
 * answer's `meta.after_cursor` while `meta.has_more`); users filtered by `role` (end users, or agents and admins).
 * Ticket comments are read through the tickets, a page of tickets at a time (the checkpoint is the tickets' cursor),
 * each ticket's comments whole, each comment given its ticket's id and requester. Records by id one at a time.
 */
import type { ProviderField, PullRequest } from '../kit/connector.js';
import { ProviderError } from '../kit/errors.js';
import type { ProviderClient, ProviderRequest } from '../kit/http.js';
import { IDENTITY, type ObjectDecl } from '../kit/objects.js';
import { predicatesFor } from '../kit/pushdown.js';
import { zendeskManifest } from './manifest.js';
import type { ZendeskItem } from './mapping.js';

export type ZendeskDecl = ObjectDecl<
  ZendeskItem,
  {
    label: string;
    /** The answer's key of the list (`users`) and of one record (`user`). */
    many: string;
    one: string;
    /** The users' roles the list holds (`role`, or `role[]` for several); every record without. */
    roles?: readonly string[];
    /** Fields Zendesk sets itself. */
    readOnly: readonly string[];
    /** Read through the tickets (comments). */
    comments?: boolean;
    /** An object shared as it is (a passthrough schema): its own fields, as Zendesk's reference lists them. */
    fields?: readonly string[];
    /** The incremental export of what changed since a time (for the comments: of their tickets), and its style. */
    exported?: { path: string; style: 'cursor' | 'time' };
  }
>;

const PAGE = zendeskManifest.pagination.maxPageSize;
/** Tickets read a page of comments at a time: small pages, so that a checkpoint comes often. */
const TICKETS_PER_PAGE = 25;

interface CursorPage {
  meta?: { has_more?: boolean; after_cursor?: string | null };
  [key: string]: unknown;
}

/** One cursor page of a list: its records and the next cursor (none once `has_more` is false). */
async function cursorPage(
  client: ProviderClient,
  path: string,
  key: string,
  cursor: string | null,
  size: number,
  query: ProviderRequest['query'] = {},
): Promise<{ items: ZendeskItem[]; next: string | null }> {
  const res = await client.request<CursorPage>({
    method: 'GET',
    path,
    query: { ...query, 'page[size]': size, ...(cursor === null ? {} : { 'page[after]': cursor }) },
  });
  const items = (res.body[key] ?? []) as ZendeskItem[];
  const after = res.body.meta?.after_cursor;
  return { items, next: res.body.meta?.has_more === true && typeof after === 'string' && after !== '' ? after : null };
}

/** Every comment of a ticket, oldest first, each with the ticket's id and requester. */
async function commentsOf(client: ProviderClient, ticket: ZendeskItem): Promise<ZendeskItem[]> {
  const out: ZendeskItem[] = [];
  let cursor: string | null = null;
  do {
    const page = await cursorPage(client, `/api/v2/tickets/${encodeURIComponent(String(ticket.id))}/comments.json`, 'comments', cursor, PAGE);
    for (const c of page.items) out.push({ ...c, ticket_id: ticket.id, requester_id: ticket['requester_id'] ?? null });
    cursor = page.next;
  } while (cursor !== null);
  return out;
}

/** The earliest time (epoch ms) every record a pull asks for changed at or after, when its filter says one. */
export function changedSince(request: PullRequest, object: ZendeskDecl): number | null {
  let since: number | null = null;
  for (const p of predicatesFor(request.filter, object.filters)) {
    if (p.op !== 'range' || p.field.type !== 'datetime') continue;
    const mins = p.ranges.map((r) => r.min);
    // A record created or changed at or after a time was changed at or after it.
    if (mins.length && !mins.includes(null)) since = Math.max(since ?? 0, Math.min(...(mins as number[])));
  }
  return since;
}

/**
 * Where an incremental export resumes: a cursor (cursor-based), or a start time with the ids already read of that
 * second (time-based: Zendesk answers that second's records again).
 */
const EXPORT = 'export:';

/**
 * One page of an incremental export: from `since` (whole seconds, rounded down), or from the stored cursor; the next
 * cursor while `end_of_stream` is false.
 */
async function exportPage(
  client: ProviderClient,
  exported: { path: string; style: 'cursor' | 'time' },
  key: string,
  cursor: string | null,
  since: number,
  size: number,
): Promise<{ items: ZendeskItem[]; next: string | null }> {
  const resume = cursor?.startsWith(EXPORT) ? cursor.slice(EXPORT.length) : null;
  if (exported.style === 'cursor') {
    const query = resume !== null ? { cursor: resume } : { start_time: String(Math.floor(since / 1000)) };
    const res = await client.request<Record<string, unknown>>({ method: 'GET', path: exported.path, query: { ...query, per_page: size } });
    const items = (res.body[key] ?? []) as ZendeskItem[];
    const after = res.body['after_cursor'];
    return { items, next: res.body['end_of_stream'] !== true && typeof after === 'string' && after !== '' ? `${EXPORT}${after}` : null };
  }
  const [start = String(Math.floor(since / 1000)), seen = ''] = resume === null ? [] : resume.split(':');
  const read = new Set(seen.split(',').filter(Boolean));
  const res = await client.request<Record<string, unknown>>({ method: 'GET', path: exported.path, query: { start_time: start, per_page: size } });
  const all = (res.body[key] ?? []) as ZendeskItem[];
  const items = all.filter((r) => !read.has(String(r.id)));
  const end = res.body['end_time'];
  if (res.body['end_of_stream'] === true || typeof end !== 'number') return { items, next: null };
  const second = (r: ZendeskItem) => Math.floor(Date.parse(String(r['updated_at'])) / 1000);
  const atEnd = all.filter((r) => second(r) === end).map((r) => String(r.id));
  const next = `${EXPORT}${end}:${[...(String(end) === start ? read : []), ...atEnd].filter((v, i, a) => a.indexOf(v) === i).join(',')}`;
  // A page wholly of one second already read would come back as it is: the end.
  return { items, next: next === cursor ? null : next };
}

export async function page(
  client: ProviderClient,
  object: ZendeskDecl,
  request: PullRequest,
): Promise<{ items: ZendeskItem[]; next: string | null }> {
  const since = object.extra.exported ? changedSince(request, object) : null;
  if (since !== null && object.extra.exported) {
    // What changed since: the export (users of every role: the list's roles kept here; the comments of the tickets changed).
    const size = object.extra.comments ? TICKETS_PER_PAGE : PAGE;
    const key = object.extra.comments ? 'tickets' : object.extra.many;
    const found = await exportPage(client, object.extra.exported, key, request.cursor, since, size);
    if (object.extra.comments) {
      const items: ZendeskItem[] = [];
      for (const ticket of found.items) items.push(...(await commentsOf(client, ticket)));
      return { items, next: found.next };
    }
    const roles = object.extra.roles;
    return { items: roles ? found.items.filter((u) => roles.includes(asRole(u))) : found.items, next: found.next };
  }
  if (object.extra.comments) {
    const tickets = await cursorPage(client, object.path, 'tickets', request.cursor, TICKETS_PER_PAGE);
    const items: ZendeskItem[] = [];
    for (const ticket of tickets.items) items.push(...(await commentsOf(client, ticket)));
    return { items, next: tickets.next };
  }
  const roles = object.extra.roles ?? [];
  // Several roles are `role[]` repeated, which a query object cannot hold: they go in the path.
  const path = roles.length > 1 ? `${object.path}?${roles.map((r) => `role[]=${encodeURIComponent(r)}`).join('&')}` : object.path;
  return cursorPage(client, path, object.extra.many, request.cursor, PAGE, roles.length === 1 ? { role: roles[0] } : {});
}

export async function byIds(client: ProviderClient, object: ZendeskDecl, ids: string[]): Promise<ZendeskItem[]> {
  // A comment has no address of its own (only its ticket's list).
  if (object.extra.comments) return [];
  const found: ZendeskItem[] = [];
  const base = object.path.replace(/\.json$/, '');
  for (const id of ids) {
    if (!/^\d+$/.test(id)) continue;
    try {
      const res = await client.request<Record<string, ZendeskItem>>({ method: 'GET', path: `${base}/${id}.json` });
      const item = res.body[object.extra.one];
      // The users list of one role holds no user of another.
      const roles = object.extra.roles;
      if (item && (roles === undefined || roles.includes(asRole(item)))) found.push(item);
    } catch (e) {
      if (!(e instanceof ProviderError && e.status === 404)) throw e;
    }
  }
  return found;
}

const asRole = (item: ZendeskItem) => (typeof item['role'] === 'string' ? item['role'] : '');

export function value(record: ZendeskItem, field: string): unknown {
  return record[field] ?? null;
}

const TIMES = new Set(['created_at', 'updated_at', 'due_at', 'last_login_at']);
const FLAGS = new Set(['public', 'active', 'suspended', 'verified', 'shared_tickets', 'shared_comments', 'has_incidents', 'is_public']);

/** The object's fields, by their Zendesk names. */
export function describe(object: ZendeskDecl): Array<Omit<ProviderField, 'mapped'>> {
  const own = object.mapper === IDENTITY ? (object.extra.fields ?? []) : ['id', ...object.properties];
  return own.map((name) => ({
    name,
    label: name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
    type: TIMES.has(name) ? 'datetime' : FLAGS.has(name) ? 'boolean' : 'string',
    custom: false,
    writable: name !== 'id' && !object.extra.readOnly.includes(name),
  }));
}
