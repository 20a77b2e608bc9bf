/**
 * Freshdesk's lists: `GET /api/v2/<list>` with `page` and `per_page` (100), the next page while the answer has a
 * `link` header with rel="next"; contacts filtered by `_updated_since` and `company_id`; tickets with `updated_since`
 * (without it Freshdesk lists only the last 30 days' tickets) in creation order. Conversations are read through the
 * tickets: a page of tickets (the pull's checkpoint) gives every conversation of each, the ticket's requester carried
 * beside each one. Records by id one at a time; the account's roles once per connection.
 * https://developers.freshdesk.com/api/#list_all_contacts, #list_all_tickets, #list_all_ticket_notes
 */
import type { PullRequest } from '../kit/connector.js';
import { ProviderError } from '../kit/errors.js';
import { perConnection, type TableWrite } from '../kit/field-table.js';
import type { ProviderClient, ProviderResponse } from '../kit/http.js';
import type { ObjectDecl } from '../kit/objects.js';
import { type Predicate, predicatesFor, wholeSecond } from '../kit/pushdown.js';
import { freshdeskManifest } from './manifest.js';
import type { Context, FreshdeskItem } from './mapping.js';

export type FreshdeskDecl = ObjectDecl<
  FreshdeskItem,
  {
    label: string;
    /** The list's query parameter for a provider field Weft may filter on (an instant: the time it is changed since). */
    params: Readonly<Record<string, string>>;
    /** Its conversations, read ticket by ticket (helpdesk-note). */
    conversations?: boolean;
    /** Tickets: the list shows the last 30 days unless asked since when. */
    tickets?: boolean;
    /** Fields Freshdesk sets itself. */
    readOnly: readonly string[];
    /** A recorded record's fields (what `fields` describes). */
    sample: Readonly<Record<string, unknown>>;
    /** Common data as a write body (contacts, companies). */
    write?: (data: Record<string, unknown>) => TableWrite;
  }
>;

const PAGING = freshdeskManifest.pagination;
/** Tickets a page of conversations is read from: each costs a request of its own. */
export const TICKETS_PER_NOTE_PAGE = 20;
/** Since when tickets are listed when no filter says: any time (the list's default is the last 30 days). */
const EVER = '1970-01-01T00:00:00Z';

/** Whether an answer says another page follows (`link: <…>; rel="next"`). */
export function hasNext(res: ProviderResponse): boolean {
  const link = res.headers['link'];
  return (Array.isArray(link) ? link : [link]).some((l) => typeof l === 'string' && /rel="?next"?/.test(l));
}

/** The query parameters of the predicates Freshdesk can say: one id, or the earliest change time (whole seconds). */
export function filterParams(predicates: Predicate[], params: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of predicates) {
    const param = params[p.field.name];
    if (!param) continue;
    if (p.op === 'in') {
      if (p.values.length === 1 && p.field.type !== 'datetime') out[param] = String(p.values[0]);
      continue;
    }
    const mins = p.ranges.map((r) => r.min);
    if (p.field.type === 'datetime' && p.ranges.length > 0 && !mins.includes(null)) {
      out[param] = new Date(wholeSecond(Math.min(...(mins as number[])), 'min')).toISOString().replace(/\.000Z$/, 'Z');
    }
  }
  return out;
}

async function list(client: ProviderClient, path: string, page: number, query: Record<string, string | number>, perPage = PAGING.maxPageSize) {
  const res = await client.request<FreshdeskItem[]>({
    method: 'GET',
    path,
    query: { ...query, [PAGING.sizeParam]: perPage, [PAGING.pageParam]: page },
  });
  const items = Array.isArray(res.body) ? res.body : [];
  return { items, next: hasNext(res) && items.length > 0 ? String(page + 1) : null };
}

/** Every conversation of a ticket, page by page, each with the ticket's requester. */
async function conversationsOf(client: ProviderClient, ticket: FreshdeskItem): Promise<FreshdeskItem[]> {
  const out: FreshdeskItem[] = [];
  for (let page: string | null = String(PAGING.firstPage); page !== null;) {
    const found = await list(client, `/api/v2/tickets/${ticket.id}/conversations`, Number(page), {});
    out.push(...found.items.map((c) => ({ ...c, requester_id: ticket['requester_id'] ?? null })));
    page = found.next;
  }
  return out;
}

export async function page(
  client: ProviderClient,
  object: FreshdeskDecl,
  request: PullRequest,
): Promise<{ items: FreshdeskItem[]; next: string | null }> {
  const at = request.cursor === null ? PAGING.firstPage : Number(request.cursor);
  const filters = filterParams(predicatesFor(request.filter, object.filters), object.extra.params);
  if (object.extra.conversations) {
    const tickets = await list(client, '/api/v2/tickets', at, ticketQuery(filters), TICKETS_PER_NOTE_PAGE);
    const items: FreshdeskItem[] = [];
    for (const ticket of tickets.items) items.push(...(await conversationsOf(client, ticket)));
    return { items, next: tickets.next };
  }
  return list(client, object.path, at, object.extra.tickets ? ticketQuery(filters) : filters);
}

/** The ticket list in creation order, since the filter's time or ever. */
function ticketQuery(filters: Record<string, string>): Record<string, string> {
  return { updated_since: EVER, ...filters, order_by: 'created_at', order_type: 'asc' };
}

export async function byIds(client: ProviderClient, object: FreshdeskDecl, ids: string[]): Promise<FreshdeskItem[]> {
  // Freshdesk reads no conversation by its id.
  if (object.extra.conversations) return [];
  const found: FreshdeskItem[] = [];
  for (const id of ids) {
    if (!/^\d+$/.test(id)) continue;
    try {
      const item = (await client.request<FreshdeskItem>({ method: 'GET', path: `${object.path}/${id}` })).body;
      // A soft-deleted contact (in the Deleted view until restored or purged) is not one of the lists' records.
      if (item['deleted'] !== true) found.push(item);
    } catch (e) {
      if (!(e instanceof ProviderError && e.status === 404)) throw e;
    }
  }
  return found;
}

/** The account's roles (`GET /api/v2/roles`), for agents' roles. */
export const roles = perConnection(async (client): Promise<Context> => {
  const res = await client.request<Array<{ id: number; name: string }>>({ method: 'GET', path: '/api/v2/roles' });
  return { roles: new Map((Array.isArray(res.body) ? res.body : []).map((r) => [r.id, r.name])) };
});
