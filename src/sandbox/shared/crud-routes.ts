/**
 * Declared CRUD routes: a fake declares an object (its store, how a record is rendered, its list routes, how a body
 * becomes changes, a new record's values, what a delete answers) and the kit registers its list, get, create, update
 * and delete routes. How a request's account, body, id and clock are read, the route options, the error for a missing
 * record and the answer's envelope are the fake's ({@link CrudRouting}).
 */
import type { FastifyInstance, FastifyRequest, RouteShorthandOptions } from 'fastify';

import { takePage } from './paging.js';
import type { RecordStore } from './record-store.js';

type Body = Record<string, unknown>;

/** A page of a list route: its records and what the envelope adds beside them. */
export interface CrudPage<R> {
  items: R[];
  extra?: Body;
}

/** One object served with plain CRUD (A: the fake's account, R: its record). */
export interface CrudObject<A, R extends { id: number }> {
  path: string;
  store: (account: A) => RecordStore<R>;
  render: (account: A, record: R) => unknown;
  /** List routes by suffix ('' and e.g. '/archived'): a request's page (throwing the fake's error for bad parameters). */
  lists: Record<string, (store: RecordStore<R>, request: FastifyRequest) => CrudPage<R>>;
  /** Validated changes of a body (`current` undefined: a create), at the stamp `now`. */
  changes: (account: A, body: Body, current: R | undefined, now: number) => Partial<R>;
  /** A new record's values before its changes (the acting user owns it). */
  blank: (userId: number, changes: Partial<R>) => object;
  /** Route options of each kind (list, get, create, update, delete). */
  options: (kind: string) => RouteShorthandOptions;
  /** The error of a missing record. */
  missing: () => Error;
  updateMethod: 'PUT' | 'PATCH';
  /** The status of a create's answer. @defaultValue 200 */
  createdStatus?: number;
  /** The `data` of a delete's answer. */
  deleted: (account: A, id: number) => unknown;
  /** The record number of a path id (default: the routing's). */
  idOf?: (account: A, raw: string) => number;
}

/** How a fake's CRUD routes read requests and answer. */
export interface CrudRouting<A> {
  /** The account and the acting user of an authenticated request. */
  principal: (request: FastifyRequest) => { account: A; userId: number };
  /** A write's body (throwing the fake's error for anything but an object). */
  body: (request: FastifyRequest) => Body;
  /** The record number of the `:id` path parameter. */
  id: (request: FastifyRequest) => number;
  /** The stamp of now (e.g. epoch ms in whole seconds). */
  now: () => number;
  /** The time fields a create (`created`) or an update sets. */
  stamps: (now: number, created: boolean) => Body;
  /** The answer around a result (`extra`: a list's additions). */
  answer: (data: unknown, extra?: Body) => unknown;
}

/** Live records of a store from id `from` on (inclusive) that pass `keep`, at most `limit`, and whether more follow. */
export function liveMatches<R>(store: RecordStore<R>, from: number | undefined, limit: number, keep: (record: R) => boolean) {
  function* matching(): Generator<R> {
    for (const record of store.scanLive(from === undefined ? {} : { from })) if (keep(record)) yield record;
  }
  const page = takePage(matching(), limit);
  return { items: page.items, more: page.next !== undefined };
}

/** Registers an object's list, get, create, update and delete routes under `/{path}`. */
export function registerCrudObject<A, R extends { id: number }>(scope: FastifyInstance, routing: CrudRouting<A>, object: CrudObject<A, R>): void {
  const base = `/${object.path}`;
  const found = (request: FastifyRequest) => {
    const { account } = routing.principal(request);
    const id = object.idOf ? object.idOf(account, (request.params as { id: string }).id) : routing.id(request);
    return { account, id, current: object.store(account).live(id) };
  };
  const live = (request: FastifyRequest) => {
    const match = found(request);
    if (!match.current) throw object.missing();
    return { ...match, current: match.current };
  };
  for (const [suffix, list] of Object.entries(object.lists)) {
    scope.get(`${base}${suffix}`, object.options('list'), async (request) => {
      const { account } = routing.principal(request);
      const page = list(object.store(account), request);
      return routing.answer(
        page.items.map((record) => object.render(account, record)),
        page.extra,
      );
    });
  }
  scope.get(`${base}/:id`, object.options('get'), async (request) => {
    const { account, current } = live(request);
    return routing.answer(object.render(account, current));
  });
  scope.post(base, object.options('create'), async (request, reply) => {
    const { account, userId } = routing.principal(request);
    const now = routing.now();
    const changes = object.changes(account, routing.body(request), undefined, now);
    const record = object.store(account).insert((id) => ({ id, ...object.blank(userId, changes), ...changes, ...routing.stamps(now, true) }) as R);
    reply.code(object.createdStatus ?? 200);
    return routing.answer(object.render(account, record));
  });
  scope.route({
    method: object.updateMethod,
    url: `${base}/:id`,
    ...object.options('update'),
    handler: async (request) => {
      const { account, id, current } = live(request);
      const now = routing.now();
      const changes = object.changes(account, routing.body(request), current, now);
      const record = object.store(account).update(id, (copy) => Object.assign(copy, changes, routing.stamps(now, false)));
      return routing.answer(object.render(account, record));
    },
  });
  scope.delete(`${base}/:id`, object.options('delete'), async (request) => {
    const { account, id } = found(request);
    if (!object.store(account).remove(id)) throw object.missing();
    return routing.answer(object.deleted(account, id));
  });
}
