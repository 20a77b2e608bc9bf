/**
 * The Mailchimp fake's API routes under `/3.0/`: `/ping`, the account root, the account's audiences (`/lists`, one
 * list), a list's members (`/lists/{list_id}/members`, filtered by `status` and `since_last_changed`, archived members
 * only with `status=archived`), one member by its subscriber hash (or e-mail address), members created (POST),
 * updated (PATCH), upserted (PUT), archived (DELETE) and deleted for good (`/actions/delete-permanent`), tags written
 * (`/tags`). Lists answer `{<items>, total_items, _links}` in id order, paged by `count` (default 10, at most 1000)
 * and `offset` (a position); `fields` and `exclude_fields` narrow any answer (render.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { routeKind } from '../shared/request-state.js';
import { apiError, notFound } from './errors.js';
import { listIdOf, listNumberOf, type MailchimpRecord, type MemberFields, subscriberHash } from './records.js';
import { narrow, pathsOf, renderList, renderMember } from './render.js';
import type { MailchimpAccount } from './service.js';
import { archiveMember, createMember, deletePermanently, inputOf, memberOf, updateMember, upsertMember, writeTags } from './writes.js';

/** The most records a page holds. */
export const MAX_COUNT = 1000;
/** The records a page holds without `count`. */
export const DEFAULT_COUNT = 10;

type AccountOf = (request: FastifyRequest) => MailchimpAccount;
type Query = Record<string, unknown>;

const scalar = (v: unknown): string | undefined => (Array.isArray(v) ? scalar(v[0]) : typeof v === 'string' ? v : undefined);

/** The answer narrowed by the query's `fields` and `exclude_fields`. */
const shaped = (request: FastifyRequest, answer: unknown) => {
  const q = request.query as Query;
  return narrow(answer, pathsOf(q['fields']), pathsOf(q['exclude_fields']));
};

/** `count` and `offset`. */
function pageOf(query: Query): { count: number; offset: number } {
  const rawCount = scalar(query['count']);
  const rawOffset = scalar(query['offset']);
  const count = rawCount === undefined ? DEFAULT_COUNT : Number(rawCount);
  const offset = rawOffset === undefined ? 0 : Number(rawOffset);
  if (!Number.isInteger(count) || count < 0 || count > MAX_COUNT)
    throw apiError(400, 'Invalid Resource', `The value of count must be between 0 and ${MAX_COUNT}.`);
  if (!Number.isInteger(offset) || offset < 0) throw apiError(400, 'Invalid Resource', 'The value of offset must be 0 or more.');
  return { count, offset };
}

/** A time parameter (ISO 8601), or Mailchimp's 400. */
function timeOf(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const t = /^\d{4}-\d{2}-\d{2}/.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(t)) throw apiError(400, 'Invalid Resource', `The value of ${name} is not a valid date: ${raw}`);
  return t;
}

function listOf(account: MailchimpAccount, raw: string): MailchimpRecord {
  const id = listNumberOf(raw);
  const r = id === undefined ? undefined : account.store('lists').live(id);
  if (!r) throw notFound();
  return r;
}

/** A member by subscriber hash, e-mail address or contact id (archived members included). */
function memberIn(account: MailchimpAccount, list: MailchimpRecord, raw: string): MailchimpRecord {
  const hash = raw.includes('@') ? subscriberHash(raw) : raw.toLowerCase();
  const r = /^[0-9a-f]{32}$/.test(hash) ? memberOf(account, list.id, hash) : undefined;
  if (!r) throw notFound();
  return r;
}

export function registerApiRoutes(api: FastifyInstance, accountOf: AccountOf, base: () => string): void {
  api.get('/3.0/ping', routeKind('ping'), async () => ({ health_status: "Everything's Chimpy!" }));
  api.get('/3.0/', routeKind('get'), async (request) => {
    const account = accountOf(request);
    return shaped(request, {
      account_id: account.apiKey.slice(0, 25),
      login_id: String(account.accountSeed % 100_000_000),
      account_name: account.companyName,
      email: `owner@${account.domain}`,
      first_name: 'Account',
      last_name: 'Owner',
      username: account.key,
      role: 'owner',
      member_since: '2022-03-01T00:00:00+00:00',
      pricing_plan_type: 'monthly',
      account_timezone: 'America/New_York',
      account_industry: 'Marketing',
      contact: { company: account.companyName, addr1: '675 Ponce de Leon Ave NE', city: 'Atlanta', state: 'GA', zip: '30308', country: 'US' },
      pro_enabled: false,
      total_subscribers: [...account.store('members').scanLive()].filter((m) => (m.fields as MemberFields).status === 'subscribed').length,
      _links: [],
    });
  });

  api.get('/3.0/lists', routeKind('list:lists'), async (request) => {
    const account = accountOf(request);
    const { count, offset } = pageOf(request.query as Query);
    const store = account.store('lists');
    const ids = store.cached('ids', () => [...store.scanLive()].map((r) => r.id));
    const lists = ids.slice(offset, offset + count).flatMap((id) => store.live(id) ?? []);
    return shaped(request, {
      lists: lists.map((l) => renderList(account, l)),
      total_items: ids.length,
      constraints: { may_create: true, max_instances: 5, current_total_instances: ids.length },
      _links: [],
    });
  });
  api.get<{ Params: { list_id: string } }>('/3.0/lists/:list_id', routeKind('get'), async (request) => {
    const account = accountOf(request);
    return shaped(request, renderList(account, listOf(account, request.params.list_id)));
  });

  api.get<{ Params: { list_id: string } }>('/3.0/lists/:list_id/members', routeKind('list:members'), async (request) => {
    const account = accountOf(request);
    const list = listOf(account, request.params.list_id);
    const query = request.query as Query;
    const { count, offset } = pageOf(query);
    const status = scalar(query['status']);
    if (status !== undefined && !['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional', 'archived'].includes(status))
      throw apiError(400, 'Invalid Resource', `The value of status is not one of the accepted values: ${status}`);
    const since = timeOf('since_last_changed', scalar(query['since_last_changed']));
    const before = timeOf('before_last_changed', scalar(query['before_last_changed']));
    const store = account.store('members');
    const ids = store.cached(`list:${list.id}:${status ?? ''}:${since ?? ''}:${before ?? ''}`, () =>
      [...store.scanLive()]
        .filter((m) => {
          const f = m.fields as MemberFields;
          if (f.list !== list.id) return false;
          if (status === undefined ? f.status === 'archived' : f.status !== status) return false;
          if (since !== undefined && m.updatedAt <= since) return false;
          if (before !== undefined && m.updatedAt >= before) return false;
          return true;
        })
        .map((m) => m.id),
    );
    const members = ids.slice(offset, offset + count).flatMap((id) => store.live(id) ?? []);
    return shaped(request, { members: members.map(renderMember), list_id: listIdOf(list.id), total_items: ids.length, _links: [] });
  });
  api.get<{ Params: { list_id: string; hash: string } }>('/3.0/lists/:list_id/members/:hash', routeKind('get'), async (request) => {
    const account = accountOf(request);
    return shaped(request, renderMember(memberIn(account, listOf(account, request.params.list_id), request.params.hash)));
  });
  api.post<{ Params: { list_id: string } }>('/3.0/lists/:list_id/members', routeKind('create'), async (request) => {
    const account = accountOf(request);
    const list = listOf(account, request.params.list_id);
    return shaped(request, renderMember(createMember(account, list.id, inputOf(request.body))));
  });
  api.patch<{ Params: { list_id: string; hash: string } }>('/3.0/lists/:list_id/members/:hash', routeKind('update'), async (request) => {
    const account = accountOf(request);
    const member = memberIn(account, listOf(account, request.params.list_id), request.params.hash);
    return shaped(request, renderMember(updateMember(account, member, inputOf(request.body))));
  });
  api.put<{ Params: { list_id: string; hash: string } }>('/3.0/lists/:list_id/members/:hash', routeKind('upsert'), async (request) => {
    const account = accountOf(request);
    const list = listOf(account, request.params.list_id);
    const raw = request.params.hash;
    const hash = raw.includes('@') ? subscriberHash(raw) : raw.toLowerCase();
    if (!/^[0-9a-f]{32}$/.test(hash)) throw notFound();
    return shaped(request, renderMember(upsertMember(account, list.id, hash, inputOf(request.body))));
  });
  const noContent = (reply: FastifyReply) => reply.code(204).send();
  api.delete<{ Params: { list_id: string; hash: string } }>('/3.0/lists/:list_id/members/:hash', routeKind('delete'), async (request, reply) => {
    const account = accountOf(request);
    const member = memberIn(account, listOf(account, request.params.list_id), request.params.hash);
    if ((member.fields as MemberFields).status === 'archived')
      throw apiError(405, 'Method Not Allowed', 'This list member cannot be removed.  Please contact support.');
    archiveMember(account, member);
    return noContent(reply);
  });
  api.post<{ Params: { list_id: string; hash: string } }>(
    '/3.0/lists/:list_id/members/:hash/actions/delete-permanent',
    routeKind('delete'),
    async (request, reply) => {
      const account = accountOf(request);
      deletePermanently(account, memberIn(account, listOf(account, request.params.list_id), request.params.hash));
      return noContent(reply);
    },
  );
  api.post<{ Params: { list_id: string; hash: string } }>('/3.0/lists/:list_id/members/:hash/tags', routeKind('update'), async (request, reply) => {
    const account = accountOf(request);
    writeTags(account, memberIn(account, listOf(account, request.params.list_id), request.params.hash), inputOf(request.body));
    return noContent(reply);
  });
  void base;
}
