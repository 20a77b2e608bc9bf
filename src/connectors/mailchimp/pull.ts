/**
 * Mailchimp's lists: `GET /3.0/lists/{list_id}/members`, `count` up to 1000 from an `offset` (a position) while the
 * answer's `total_items` says there are more, with the fields asked for in `fields`. Members are read audience by
 * audience, every audience of the account (or those a `list_id` filter names): the checkpoint holds the audience and
 * the offset in it. A pull of what changed since a time asks `since_last_changed`. Archived members are listed no more
 * (nor read by id): deleted, for Weft. An OAuth connection first asks login.mailchimp.com's metadata for its data
 * center's API endpoint.
 */
import type { ProviderField, PullRequest } from '../kit/connector.js';
import { ProviderError } from '../kit/errors.js';
import { perConnection } from '../kit/field-table.js';
import type { ProviderClient } from '../kit/http.js';
import type { ObjectDecl } from '../kit/objects.js';
import { predicatesFor } from '../kit/pushdown.js';
import { mailchimpManifest } from './manifest.js';
import { get, type MailchimpItem, parseMemberId } from './mapping.js';

export type MailchimpDecl = ObjectDecl<MailchimpItem, { label: string; readOnly: readonly string[] }>;

const PAGE = mailchimpManifest.pagination.maxPageSize;
const API = '/3.0';

/**
 * Where the connection's API is. An OAuth token starts at login.mailchimp.com (the manifest's base): its metadata names
 * the account's `api_endpoint` (`https://us21.api.mailchimp.com`), where every later request goes. An API key's base
 * is its data center's already, and a sandbox connection's the fake's.
 */
export const apiOf = perConnection(async (client: ProviderClient): Promise<string> => {
  if (new URL(client.apiBase).hostname !== 'login.mailchimp.com') return client.apiBase;
  const res = await client.request<{ api_endpoint?: unknown }>({ method: 'GET', path: '/oauth2/metadata' });
  const endpoint = res.body.api_endpoint;
  if (typeof endpoint !== 'string' || !/^https:\/\//.test(endpoint))
    throw new ProviderError('rejected', 'Mailchimp named no API endpoint for this token', 200);
  client.setApiBase(endpoint.replace(/\/+$/, ''));
  return client.apiBase;
});

/** The account's audiences (list ids), in Mailchimp's order; looked up once per connection (a transfer's). */
export const listsOf = perConnection(async (client: ProviderClient): Promise<string[]> => {
  await apiOf(client);
  const out: string[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const res = await client.request<{ lists?: Array<{ id?: unknown }>; total_items?: unknown }>({
      method: 'GET',
      path: `${API}/lists`,
      query: { count: PAGE, offset, fields: 'lists.id,total_items' },
    });
    const ids = (res.body.lists ?? []).map((l) => l.id).filter((id): id is string => typeof id === 'string');
    out.push(...ids);
    if (ids.length === 0 || offset + PAGE >= Number(res.body.total_items ?? 0)) return out;
  }
});

/** The earliest time (ISO) every record a pull asks for changed at or after, when its filter says one. */
export function changedSince(request: PullRequest, object: MailchimpDecl): string | null {
  let since: number | null = null;
  for (const p of predicatesFor(request.filter, object.filters)) {
    if (p.op !== 'range' || p.field.type !== 'datetime') continue;
    const mins = p.ranges.map((r) => r.min);
    if (mins.length && !mins.includes(null)) since = Math.max(since ?? 0, Math.min(...(mins as number[])));
  }
  // `since_last_changed` is strict ("changed after") and Mailchimp's times are whole seconds: a second earlier keeps
  // what changed at the very time asked for.
  return since === null ? null : new Date(Math.floor(since / 1000) * 1000 - 1000).toISOString().replace('.000Z', '+00:00');
}

/** The audiences a pull reads: those a `list_id` filter names (in the account's order), else every one. */
function wanted(request: PullRequest, object: MailchimpDecl, lists: string[]): string[] {
  for (const p of predicatesFor(request.filter, object.filters)) {
    if (p.op === 'in' && p.field.name === 'list_id') {
      const named = new Set(p.values.map(String));
      return lists.filter((l) => named.has(l));
    }
  }
  return lists;
}

const fieldsOf = (object: MailchimpDecl, extra: readonly string[] | undefined) =>
  [...new Set(['id', 'list_id', ...object.properties, ...(extra ?? [])])].map((f) => `members.${f}`).join(',');

/** Where a pull is: `{list id}|{offset}`. */
const cursorOf = (list: string, offset: number) => `${list}|${offset}`;

/** The account's user: the login the connection acts as (`GET /3.0/`). */
async function login(client: ProviderClient, object: MailchimpDecl, fields: readonly string[] | undefined): Promise<MailchimpItem> {
  await apiOf(client);
  const res = await client.request<MailchimpItem>({
    method: 'GET',
    path: `${API}/`,
    query: { fields: [...new Set(['login_id', ...object.properties, ...(fields ?? [])])].join(',') },
  });
  return res.body;
}

export async function page(
  client: ProviderClient,
  object: MailchimpDecl,
  request: PullRequest,
): Promise<{ items: MailchimpItem[]; next: string | null }> {
  if (object.name === 'marketing-user') return { items: [await login(client, object, request.fields)], next: null };
  const lists = wanted(request, object, await listsOf(client));
  const [atList, atOffset = '0'] = request.cursor === null ? [] : request.cursor.split('|');
  const list = atList ?? lists[0];
  if (list === undefined) return { items: [], next: null };
  const offset = Number(atOffset);
  const since = changedSince(request, object);
  const res = await client.request<{ members?: MailchimpItem[]; total_items?: unknown }>({
    method: 'GET',
    path: `${API}/lists/${encodeURIComponent(list)}/members`,
    query: {
      count: PAGE,
      offset,
      fields: `${fieldsOf(object, request.fields)},total_items`,
      ...(since === null ? {} : { since_last_changed: since }),
    },
  });
  const items = res.body.members ?? [];
  if (items.length > 0 && offset + items.length < Number(res.body.total_items ?? 0)) return { items, next: cursorOf(list, offset + items.length) };
  const following = lists[lists.indexOf(list) + 1];
  return { items, next: following === undefined ? null : cursorOf(following, 0) };
}

/** Members by Weft id (`{list_id}:{subscriber hash}`); archived ones, which the lists leave out, are left out too. */
export async function byIds(client: ProviderClient, object: MailchimpDecl, ids: string[], fields: string[]): Promise<MailchimpItem[]> {
  if (object.name === 'marketing-user') {
    const user = await login(client, object, fields);
    return ids.includes(String(user['login_id'])) ? [user] : [];
  }
  await apiOf(client);
  const found: MailchimpItem[] = [];
  for (const id of ids) {
    const at = parseMemberId(id);
    if (at === undefined) continue;
    try {
      const res = await client.request<MailchimpItem>({
        method: 'GET',
        path: `${API}/lists/${at.list}/members/${at.hash}`,
        query: { fields: [...new Set(['id', 'list_id', ...object.properties, ...fields])].join(',') },
      });
      if (res.body['status'] !== 'archived') found.push(res.body);
    } catch (e) {
      if (!(e instanceof ProviderError && e.status === 404)) throw e;
    }
  }
  return found;
}

/** A field's value (dotted names reach into merge fields). */
export const value = (record: MailchimpItem, field: string): unknown => get(record, field);

const TIMES = new Set(['timestamp_signup', 'timestamp_opt', 'last_changed']);

/** The object's fields, by their Mailchimp names. */
export function describe(object: MailchimpDecl): Array<Omit<ProviderField, 'mapped'>> {
  return ['id', ...object.properties].map((name) => ({
    name,
    label: name
      .replace(/^merge_fields\./, '')
      .replace(/[._]/g, ' ')
      .replace(/^./, (c) => c.toUpperCase()),
    type: TIMES.has(name) ? 'datetime' : name === 'tags' || name === 'merge_fields.ADDRESS' ? 'other' : 'string',
    custom: false,
    writable: name !== 'id' && !object.extra.readOnly.includes(name),
  }));
}
