/**
 * Routes of the activity history (history.ts): v1 notes (`GET/POST /notes`, `GET/PUT/DELETE /notes/{id}`; offset
 * paging with `start`/`limit` ≤ 500, filters `deal_id`, `person_id`, `org_id`, `user_id`, `updated_since`) and v2
 * activities (`GET/POST /activities`, `GET/PATCH/DELETE /activities/{id}`; cursor paging by id, `limit` ≤ 500,
 * filters `ids`, `owner_id`, `deal_id`, `person_id`, `org_id`, `done`, `updated_since`).
 */
import type { FastifyInstance } from 'fastify';

import { wholeSeconds } from '../shared/records-seed.js';
import { notFound, validationFailed } from './errors.js';
import { activityChanges, type ActivityRecord, activityV2, noteChanges, type NoteRecord, noteV1 } from './history.js';
import { decodeCursor, nextIdCursor, scanLive, v1Page } from './list.js';
import { bodyObject, boolParam, idParam, intParam, limitParam, listParam, type Query, stringParam, timeParam } from './query.js';
import { principalOf, routeConfig } from './request-state.js';
import type { PipedriveService } from './service.js';

type Filter = [param: string, key: string];

function filterOf(query: Query, filters: readonly Filter[], since: number | undefined) {
  const wanted = filters.flatMap(([param, key]) => {
    const v = intParam(query, param);
    return v === undefined ? [] : [[key, v] as const];
  });
  return (record: Record<string, unknown>) =>
    wanted.every(([key, v]) => record[key] === v) && (since === undefined || (record['updateTime'] as number) >= since);
}

/** Registers the v1 notes routes in a scope prefixed with `/v1` or `/api/v1`. */
export function registerNoteRoutes(scope: FastifyInstance, service: PipedriveService): void {
  const config = (kind: string) => routeConfig(kind, 'v1');
  const NOTE_FILTERS: readonly Filter[] = [
    ['deal_id', 'dealId'],
    ['person_id', 'personId'],
    ['org_id', 'orgId'],
    ['user_id', 'userId'],
  ];
  scope.get('/notes', config('list'), async (request) => {
    const { company } = principalOf(request);
    const query = (request.query ?? {}) as Query;
    const keep = filterOf(query, NOTE_FILTERS, timeParam(query, 'updated_since'));
    const { items, pagination } = v1Page(company.notes, query, 'notes', (n) => keep(n as unknown as Record<string, unknown>));
    return { success: true, data: items.map((n) => noteV1(company, n)), additional_data: { pagination } };
  });
  scope.get('/notes/:id', config('get'), async (request) => {
    const { company } = principalOf(request);
    const note = company.notes.live(idParam(request));
    if (!note) throw notFound('Note');
    return { success: true, data: noteV1(company, note) };
  });
  scope.post('/notes', config('create'), async (request, reply) => {
    const { company, userId } = principalOf(request);
    const now = wholeSeconds(service.settings.now());
    const changes = noteChanges(company, bodyObject(request), undefined);
    const note = company.notes.insert((id): NoteRecord => ({
      id,
      content: '',
      userId,
      dealId: null,
      personId: null,
      orgId: null,
      pinnedToDeal: false,
      ...changes,
      addTime: now,
      updateTime: now,
    }));
    reply.code(201);
    return { success: true, data: noteV1(company, note) };
  });
  scope.put('/notes/:id', config('update'), async (request) => {
    const { company } = principalOf(request);
    const id = idParam(request);
    const current = company.notes.live(id);
    if (!current) throw notFound('Note');
    const changes = noteChanges(company, bodyObject(request), current);
    const note = company.notes.update(id, (copy) => Object.assign(copy, changes, { updateTime: wholeSeconds(service.settings.now()) }));
    return { success: true, data: noteV1(company, note) };
  });
  scope.delete('/notes/:id', config('delete'), async (request) => {
    const { company } = principalOf(request);
    if (!company.notes.remove(idParam(request))) throw notFound('Note');
    return { success: true, data: true };
  });
}

/** Registers the v2 activities routes in a scope prefixed with `/api/v2`. */
export function registerActivityRoutes(scope: FastifyInstance, service: PipedriveService): void {
  const config = (kind: string) => routeConfig(kind, 'v2');
  const ACTIVITY_FILTERS: readonly Filter[] = [
    ['owner_id', 'ownerId'],
    ['deal_id', 'dealId'],
    ['person_id', 'personId'],
    ['org_id', 'orgId'],
  ];
  scope.get('/activities', config('list'), async (request) => {
    const { company } = principalOf(request);
    const query = (request.query ?? {}) as Query;
    const limit = limitParam(query);
    const cursorText = stringParam(query, 'cursor');
    const cursor = cursorText === undefined ? undefined : decodeCursor(cursorText);
    const sortBy = stringParam(query, 'sort_by');
    if ((sortBy !== undefined && sortBy !== 'id') || (cursor && cursor.field !== 'id')) {
      throw validationFailed('sort_by', 'the sandbox lists activities by id only');
    }
    const ids = listParam(query, 'ids')?.map(Number);
    const done = boolParam(query, 'done');
    const keep = filterOf(query, ACTIVITY_FILTERS, timeParam(query, 'updated_since'));
    const page = scanLive(
      company.activities,
      cursor?.id,
      limit,
      (a) => keep(a as unknown as Record<string, unknown>) && (done === undefined || a.done === done) && (!ids || ids.includes(a.id)),
    );
    const next = nextIdCursor(page.more, page.items[page.items.length - 1]?.id);
    return { success: true, data: page.items.map(activityV2), additional_data: { next_cursor: next } };
  });
  scope.get('/activities/:id', config('get'), async (request) => {
    const { company } = principalOf(request);
    const activity = company.activities.live(idParam(request));
    if (!activity) throw notFound('Activity');
    return { success: true, data: activityV2(activity) };
  });
  scope.post('/activities', config('create'), async (request) => {
    const { company, userId } = principalOf(request);
    const now = wholeSeconds(service.settings.now());
    const changes = activityChanges(company, bodyObject(request), now);
    const type = changes.type ?? 'task';
    const activity = company.activities.insert((id): ActivityRecord => ({
      id,
      subject: type.charAt(0).toUpperCase() + type.slice(1),
      type,
      ownerId: userId,
      creatorUserId: userId,
      dealId: null,
      personId: null,
      orgId: null,
      dueDate: null,
      dueTime: null,
      duration: null,
      busy: false,
      done: false,
      markedAsDoneTime: null,
      location: null,
      participants: [],
      attendees: [],
      note: null,
      priority: null,
      ...changes,
      addTime: now,
      updateTime: now,
    }));
    return { success: true, data: activityV2(activity) };
  });
  scope.patch('/activities/:id', config('update'), async (request) => {
    const { company } = principalOf(request);
    const id = idParam(request);
    if (!company.activities.live(id)) throw notFound('Activity');
    const now = wholeSeconds(service.settings.now());
    const changes = activityChanges(company, bodyObject(request), now);
    const activity = company.activities.update(id, (copy) => Object.assign(copy, changes, { updateTime: now }));
    return { success: true, data: activityV2(activity) };
  });
  scope.delete('/activities/:id', config('delete'), async (request) => {
    const { company } = principalOf(request);
    const id = idParam(request);
    if (!company.activities.remove(id)) throw notFound('Activity');
    return { success: true, data: { id } };
  });
}
