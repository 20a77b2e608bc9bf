/**
 * The Freshdesk fake's API routes (`https://<domain>.freshdesk.com/api/v2/…`): contacts and companies (list, read,
 * create, update), agents and roles, tickets (list, read) and their conversations, notes and replies. Lists take
 * `page` (from 1) and `per_page` (at most 100, 30 unless asked) and say `Link: <…>; rel="next"` while more follow.
 * https://developers.freshdesk.com/api/#pagination, #list_all_contacts, #list_all_companies, #list_all_agents,
 * #list_all_tickets, #list_all_ticket_notes
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { routeKind } from '../shared/request-state.js';
import { invalidValue, notFound, validation } from './errors.js';
import { AGENTS, CONVERSATIONS_PER_TICKET, type FdRecord, fdTime, ID_BASE, render, renderAgent, ROLES } from './records.js';
import type { FreshdeskAccount } from './service.js';
import { addConversation, createRecord, renderContact, updateNote, updateRecord, type Writable } from './writes.js';

type Account = (request: FastifyRequest) => FreshdeskAccount;
type Query = Record<string, string | undefined>;
/** The origin the request reached (for `Link`). */
type Base = (request: FastifyRequest) => string;

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;
const DAY = 86_400_000;

/** Refuses query parameters the list does not take. */
function onlyParams(query: Query, allowed: readonly string[]): void {
  const unknown = Object.keys(query).filter((k) => !['page', 'per_page', ...allowed].includes(k));
  if (unknown.length) throw validation(unknown.map((field) => ({ field, message: 'Unexpected/invalid field in request', code: 'invalid_field' })));
}

function positive(query: Query, name: string, fallback: number, max?: number): number {
  const raw = query[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || (max !== undefined && n > max)) {
    throw invalidValue(name, max === undefined ? 'It should be a Positive Integer' : `It should be a Positive Integer less than or equal to ${max}`);
  }
  return n;
}

function timeParam(query: Query, name: string): number | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(ms)) throw invalidValue(name, "It should be in the 'valid date time' format");
  return ms;
}

/** One page of `source`, with the `Link` header of the next one when there is more. */
function paged<T>(request: FastifyRequest, reply: FastifyReply, base: string, source: Iterable<T>, render: (r: T) => unknown) {
  const query = request.query as Query;
  const page = positive(query, 'page', 1);
  const perPage = positive(query, 'per_page', DEFAULT_PER_PAGE, MAX_PER_PAGE);
  const skip = (page - 1) * perPage;
  const out: T[] = [];
  let seen = 0;
  let more = false;
  for (const record of source) {
    if (seen++ < skip) continue;
    if (out.length === perPage) {
      more = true;
      break;
    }
    out.push(record);
  }
  if (more) {
    const url = new URL(`${base}${request.url.split('?')[0] as string}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined && k !== 'page') url.searchParams.set(k, v);
    url.searchParams.set('page', String(page + 1));
    reply.header('link', `<${url.toString()}>; rel="next"`);
  }
  return out.map(render);
}

function* filtered(records: Iterable<FdRecord>, keep: (r: FdRecord) => boolean): Generator<FdRecord> {
  for (const r of records) if (keep(r)) yield r;
}

const idParam = (request: FastifyRequest) => (request.params as { id: string }).id;

function live(account: FreshdeskAccount, kind: 'contacts' | 'companies' | 'tickets', id: string): FdRecord {
  const record = /^\d+$/.test(id) ? account.store(kind).live(id) : undefined;
  if (!record || record.fields['deleted'] === true) throw notFound();
  return record;
}

function registerContacts(api: FastifyInstance, accountOf: Account, base: Base): void {
  api.get('/api/v2/contacts', routeKind('list'), async (request, reply) => {
    const account = accountOf(request);
    const query = request.query as Query;
    onlyParams(query, ['email', 'mobile', 'phone', 'company_id', 'state', '_updated_since']);
    const since = timeParam(query, '_updated_since');
    const state = query['state'];
    if (state !== undefined && !['blocked', 'deleted', 'unverified', 'verified'].includes(state))
      throw invalidValue('state', "It should be one of these values: 'blocked,deleted,unverified,verified'");
    const keep = (r: FdRecord) =>
      (state === 'deleted' ? r.fields['deleted'] === true : r.fields['deleted'] !== true) &&
      (state !== 'verified' || r.fields['active'] === true) &&
      (state !== 'unverified' || r.fields['active'] !== true) &&
      state !== 'blocked' &&
      (since === undefined || r.updatedAt >= since) &&
      (query['email'] === undefined || String(r.fields['email']).toLowerCase() === query['email'].toLowerCase()) &&
      (query['mobile'] === undefined || r.fields['mobile'] === query['mobile']) &&
      (query['phone'] === undefined || r.fields['phone'] === query['phone']) &&
      (query['company_id'] === undefined || String(r.fields['company_id']) === query['company_id']);
    return paged(request, reply, base(request), filtered(account.store('contacts').scanLive(), keep), renderContact);
  });
  api.get('/api/v2/contacts/:id', routeKind('read'), async (request) => renderContact(live(accountOf(request), 'contacts', idParam(request))));
  registerWrites(api, accountOf, 'contacts', renderContact);
}

function registerWrites(api: FastifyInstance, accountOf: Account, kind: Writable, show: (r: FdRecord) => unknown): void {
  api.post(`/api/v2/${kind}`, routeKind('create'), async (request, reply) =>
    reply.code(201).send(show(createRecord(accountOf(request), kind, request.body))),
  );
  api.put(`/api/v2/${kind}/:id`, routeKind('update'), async (request) => {
    const id = idParam(request);
    if (!/^\d+$/.test(id)) throw notFound();
    return show(updateRecord(accountOf(request), kind, id, request.body));
  });
}

function registerCompanies(api: FastifyInstance, accountOf: Account, base: Base): void {
  api.get('/api/v2/companies', routeKind('list'), async (request, reply) => {
    onlyParams(request.query as Query, []);
    return paged(request, reply, base(request), accountOf(request).store('companies').scanLive(), render);
  });
  api.get('/api/v2/companies/:id', routeKind('read'), async (request) => render(live(accountOf(request), 'companies', idParam(request))));
  registerWrites(api, accountOf, 'companies', render);
}

function registerAgents(api: FastifyInstance, base: Base): void {
  api.get('/api/v2/agents', routeKind('list'), async (request, reply) => {
    const query = request.query as Query;
    onlyParams(query, ['email', 'mobile', 'phone', 'state']);
    const state = query['state'];
    if (state !== undefined && state !== 'fulltime' && state !== 'occasional')
      throw invalidValue('state', "It should be one of these values: 'fulltime,occasional'");
    const email = query['email']?.toLowerCase();
    const indexes = AGENTS.flatMap((agent, i) =>
      (state === undefined || agent.occasional === (state === 'occasional')) &&
      (email === undefined || agent.email === email) &&
      query['mobile'] === undefined &&
      query['phone'] === undefined
        ? [i]
        : [],
    );
    return paged(request, reply, base(request), indexes, (i) => renderAgent(AGENTS[i] as (typeof AGENTS)[number], i));
  });
  api.get('/api/v2/agents/me', routeKind('read'), async () => renderAgent(AGENTS[0], 0));
  api.get('/api/v2/agents/:id', routeKind('read'), async (request) => {
    const index = AGENTS.findIndex((a) => String(a.id) === idParam(request));
    if (index < 0) throw notFound();
    return renderAgent(AGENTS[index] as (typeof AGENTS)[number], index);
  });
  api.get('/api/v2/roles', routeKind('list'), async () =>
    ROLES.map((r) => ({ ...r, created_at: fdTime(Date.UTC(2023, 0, 9)), updated_at: fdTime(Date.UTC(2023, 0, 9)) })),
  );
}

/** A ticket as the list answers it: no description unless included, the requester when asked. */
function ticketView(account: FreshdeskAccount, include: readonly string[]) {
  return (record: FdRecord) => {
    const out = render(record);
    if (!include.includes('description')) {
      delete out['description'];
      delete out['description_text'];
    }
    if (include.includes('company')) {
      const company = out['company_id'] === null ? undefined : account.store('companies').get(out['company_id'] as number);
      out['company'] = company ? { id: company.id, name: company.fields['name'] } : {};
    }
    if (include.includes('requester')) {
      const requester = account.store('contacts').get(out['requester_id'] as number);
      out['requester'] = requester
        ? {
            id: requester.id,
            name: requester.fields['name'],
            email: requester.fields['email'],
            mobile: requester.fields['mobile'],
            phone: requester.fields['phone'],
          }
        : null;
    }
    return out;
  };
}

/** The parts of `include` a ticket list takes. */
export function includesOf(query: Query): string[] {
  const raw = query['include'];
  if (raw === undefined) return [];
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.some((p) => !['requester', 'stats', 'description', 'company'].includes(p)))
    throw invalidValue('include', "It should be one of these values: 'requester,stats,description,company'");
  return parts;
}

function registerTickets(api: FastifyInstance, accountOf: Account, base: Base): void {
  api.get('/api/v2/tickets', routeKind('list'), async (request, reply) => {
    const account = accountOf(request);
    const query = request.query as Query;
    onlyParams(query, ['filter', 'requester_id', 'email', 'company_id', 'updated_since', 'order_by', 'order_type', 'include']);
    const include = includesOf(query);
    const since = timeParam(query, 'updated_since');
    const orderBy = query['order_by'] ?? 'created_at';
    if (!['created_at', 'updated_at', 'due_by', 'status'].includes(orderBy))
      throw invalidValue('order_by', "It should be one of these values: 'created_at,due_by,updated_at,status'");
    const orderType = query['order_type'] ?? 'desc';
    if (orderType !== 'asc' && orderType !== 'desc') throw invalidValue('order_type', "It should be one of these values: 'asc,desc'");
    if (query['filter'] !== undefined) throw invalidValue('filter', "It should be one of these values: 'new_and_my_open,watching,spam,deleted'");
    // Without `updated_since`, only the tickets created in the last 30 days.
    const from = account.now() - 30 * DAY;
    const email = query['email']?.toLowerCase();
    const requesterByEmail = email === undefined ? undefined : account.store('contacts').findByUnique(email)?.id;
    const matches = [
      ...filtered(
        account.store('tickets').scanLive(),
        (r) =>
          (since === undefined ? r.createdAt >= from : r.updatedAt >= since) &&
          (query['requester_id'] === undefined || String(r.fields['requester_id']) === query['requester_id']) &&
          (email === undefined || r.fields['requester_id'] === requesterByEmail) &&
          (query['company_id'] === undefined || String(r.fields['company_id']) === query['company_id']),
      ),
    ];
    const key = (r: FdRecord) =>
      orderBy === 'created_at'
        ? r.createdAt
        : orderBy === 'updated_at'
          ? r.updatedAt
          : orderBy === 'status'
            ? (r.fields['status'] as number)
            : Date.parse(String(r.fields['due_by']));
    matches.sort((a, b) => (key(a) - key(b) || a.id - b.id) * (orderType === 'asc' ? 1 : -1));
    return paged(request, reply, base(request), matches, ticketView(account, include));
  });
  api.get('/api/v2/tickets/:id', routeKind('read'), async (request) => {
    const account = accountOf(request);
    const include = includesOf(request.query as Query);
    return ticketView(account, ['description', ...include])(live(account, 'tickets', idParam(request)));
  });
  api.get('/api/v2/tickets/:id/conversations', routeKind('list'), async (request, reply) => {
    const account = accountOf(request);
    onlyParams(request.query as Query, []);
    const ticket = live(account, 'tickets', idParam(request));
    return paged(request, reply, base(request), conversationsOf(account, ticket.id), render);
  });
  api.post('/api/v2/tickets/:id/notes', routeKind('create'), async (request, reply) =>
    reply.code(201).send(render(addConversation(accountOf(request), idParam(request), 'note', request.body))),
  );
  api.put('/api/v2/conversations/:id', routeKind('update'), async (request) =>
    render(updateNote(accountOf(request), idParam(request), request.body)),
  );
  api.post('/api/v2/tickets/:id/reply', routeKind('create'), async (request, reply) =>
    reply.code(201).send(render(addConversation(accountOf(request), idParam(request), 'reply', request.body))),
  );
}

/** A ticket's conversations, oldest first: its seed ones, then those written since. */
export function conversationsOf(account: FreshdeskAccount, ticketId: number): FdRecord[] {
  const store = account.store('conversations');
  const ids = new Set<number>();
  const seedTicketIndex = ticketId - ID_BASE.tickets;
  if (seedTicketIndex >= 0 && seedTicketIndex < account.store('tickets').seedCount) {
    for (let k = 0; k < CONVERSATIONS_PER_TICKET; k++) ids.add(ID_BASE.conversations + seedTicketIndex * CONVERSATIONS_PER_TICKET + k);
  }
  for (const id of store.linkedTo(ticketId)) ids.add(id);
  return [...ids]
    .map((id) => store.live(id))
    .filter((r): r is FdRecord => r !== undefined && r.fields['ticket_id'] === ticketId)
    .sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
}

export function registerApiRoutes(api: FastifyInstance, accountOf: Account, base: Base): void {
  registerContacts(api, accountOf, base);
  registerCompanies(api, accountOf, base);
  registerAgents(api, base);
  registerTickets(api, accountOf, base);
}
