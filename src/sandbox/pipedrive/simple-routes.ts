/**
 * The objects served with plain CRUD, each declared (history.ts, leads.ts, products.ts) and routed here: v1 ones
 * (notes, leads) list with `start`/`limit` ≤ 500 sorted by id, create with 201 and update by PUT or PATCH; v2 ones
 * (activities, products) list by id cursor (`limit` ≤ 500), create with 200 and update by PATCH.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { takePage } from '../shared/paging.js';
import type { RecordStore } from '../shared/record-store.js';
import { wholeSeconds } from '../shared/records-seed.js';
import type { PipedriveCompany } from './company.js';
import { notFound, validationFailed } from './errors.js';
import { type CursorPosition, decodeCursor, encodeCursor } from './list.js';
import { bodyObject, idParam, intParam, limitParam, type Query, stringParam, v1Paging } from './query.js';
import { camel, type Stamped as Row } from './records.js';
import { principalOf, routeConfig } from './request-state.js';
import type { PipedriveService } from './service.js';

type Body = Record<string, unknown>;

/** One object served with plain CRUD. */
export interface SimpleObject<R extends Row> {
  path: string;
  /** The noun of its 404 ("Note not found"). */
  label: string;
  dialect: 'v1' | 'v2';
  store: (company: PipedriveCompany) => RecordStore<R>;
  render: (company: PipedriveCompany, record: R) => unknown;
  /** List routes by suffix ('' and e.g. '/archived'): reads the filters (throwing for bad ones) into the test a record passes. */
  lists: Record<string, (query: Query, cursor: CursorPosition | undefined) => (record: R) => boolean>;
  /** Validated changes of a body (`current` undefined: a create). */
  changes: (company: PipedriveCompany, body: Body, current: R | undefined, now: number) => Partial<R>;
  /** A new record's values before its changes (the acting user owns it). */
  blank: (userId: number, changes: Partial<R>) => Omit<R, 'id' | 'addTime' | 'updateTime'>;
  updateMethod: 'put' | 'patch';
  /** The `data` of a delete's answer. */
  deleted: (company: PipedriveCompany, id: number) => unknown;
  /** The record number of a path id (default: digits). */
  idOf?: (company: PipedriveCompany, id: string) => number;
}

/** A filter of a list by integer query parameters (space-separated; each compared with its camel-cased property) and `updated_since`. */
export function propertyFilter(query: Query, params: string, since: number | undefined) {
  const wanted = params.split(' ').flatMap((param) => {
    const value = intParam(query, param);
    return value === undefined ? [] : [[camel(param), value] as const];
  });
  return (record: object) =>
    wanted.every(([key, value]) => (record as Body)[key] === value) && (since === undefined || (record as Row).updateTime >= since);
}

/** Live records of a store from id `from` on (inclusive) that pass `keep`, at most `limit`, and whether more follow. */
function scanLive<R extends Row>(store: RecordStore<R>, from: number | undefined, limit: number, keep: (record: R) => boolean) {
  const page = takePage(filtered(store.scanLive(from === undefined ? {} : { from }), keep), limit);
  return { items: page.items, more: page.next !== undefined };
}

function* filtered<R>(records: Iterable<R>, keep: (record: R) => boolean): Generator<R> {
  for (const record of records) if (keep(record)) yield record;
}

/** A v1 page (`start`, `limit` ≤ 500, `sort` by id only) with its `additional_data.pagination`. */
function v1List<R extends Row>(store: RecordStore<R>, query: Query, noun: string, keep: (record: R) => boolean) {
  const { start, limit, pagination } = v1Paging(query);
  const sort = stringParam(query, 'sort');
  if (sort !== undefined && !/^id( ASC)?$/i.test(sort.trim())) throw validationFailed('sort', `the sandbox sorts ${noun} by id ASC only`);
  const { items, more } = scanLive(store, undefined, start + limit, keep);
  return { items: items.slice(start), additional_data: { pagination: pagination(more) } };
}

/** A v2 page by id cursor with its `additional_data.next_cursor`. */
function v2List<R extends Row>(store: RecordStore<R>, query: Query, keepOf: (cursor: CursorPosition | undefined) => (record: R) => boolean) {
  const limit = limitParam(query);
  const cursorText = stringParam(query, 'cursor');
  const cursor = cursorText === undefined ? undefined : decodeCursor(cursorText);
  const { items, more } = scanLive(store, cursor?.id, limit, keepOf(cursor));
  const last = items.at(-1)?.id;
  const next = more && last !== undefined ? encodeCursor({ field: 'id', direction: 'asc', value: last + 1, id: last + 1 }) : null;
  return { items, additional_data: { next_cursor: next } };
}

/** Registers an object's routes in a scope of its API version. */
export function registerSimpleObject<R extends Row>(scope: FastifyInstance, service: PipedriveService, object: SimpleObject<R>): void {
  const config = (kind: string) => routeConfig(kind, object.dialect);
  const base = `/${object.path}`;
  const found = (request: FastifyRequest) => {
    const { company } = principalOf(request);
    const id = object.idOf ? object.idOf(company, (request.params as { id: string }).id) : idParam(request);
    return { company, id, current: object.store(company).live(id) };
  };
  for (const [suffix, keepOf] of Object.entries(object.lists)) {
    scope.get(`${base}${suffix}`, config('list'), async (request) => {
      const { company } = principalOf(request);
      const query = (request.query ?? {}) as Query;
      const store = object.store(company);
      const page =
        object.dialect === 'v1' ? v1List(store, query, object.path, keepOf(query, undefined)) : v2List(store, query, (c) => keepOf(query, c));
      return { success: true, data: page.items.map((record) => object.render(company, record)), additional_data: page.additional_data };
    });
  }
  scope.get(`${base}/:id`, config('get'), async (request) => {
    const { company, current } = found(request);
    if (!current) throw notFound(object.label);
    return { success: true, data: object.render(company, current) };
  });
  scope.post(base, config('create'), async (request, reply) => {
    const { company, userId } = principalOf(request);
    const now = wholeSeconds(service.settings.now());
    const changes = object.changes(company, bodyObject(request), undefined, now);
    const record = object.store(company).insert((id) => ({ id, ...object.blank(userId, changes), ...changes, addTime: now, updateTime: now }) as R);
    if (object.dialect === 'v1') reply.code(201);
    return { success: true, data: object.render(company, record) };
  });
  scope.route({
    method: object.updateMethod === 'put' ? 'PUT' : 'PATCH',
    url: `${base}/:id`,
    ...config('update'),
    handler: async (request) => {
      const { company, id, current } = found(request);
      if (!current) throw notFound(object.label);
      const now = wholeSeconds(service.settings.now());
      const changes = object.changes(company, bodyObject(request), current, now);
      const record = object.store(company).update(id, (copy) => Object.assign(copy, changes, { updateTime: now }));
      return { success: true, data: object.render(company, record) };
    },
  });
  scope.delete(`${base}/:id`, config('delete'), async (request) => {
    const { company, id } = found(request);
    if (!object.store(company).remove(id)) throw notFound(object.label);
    return { success: true, data: object.deleted(company, id) };
  });
}
