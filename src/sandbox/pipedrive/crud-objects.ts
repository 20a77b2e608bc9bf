/**
 * The plain-CRUD objects, declared for the kit's CRUD routes (../shared/crud-routes.ts): notes and leads (v1: `start`/
 * `limit` ≤ 500 sorted by id, create with 201), activities and products (v2: id cursor, `limit` ≤ 500), with their
 * renderers and list filters; their write rules are in data/writes.json (read by writes.ts), with readers here of the
 * shapes the rules leave to code.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { type CrudObject, type CrudPage, liveMatches, registerCrudObject } from '../shared/crud-routes.js';
import { type ParamFilter, paramFilter } from '../shared/param-filters.js';
import type { RecordStore } from '../shared/record-store.js';
import { wholeSeconds } from '../shared/records-seed.js';
import type { BodyReader } from '../shared/rules-body.js';
import type { PipedriveCompany } from './company.js';
import { notFound, validationFailed } from './errors.js';
import type { ActivityRecord, NoteRecord } from './history.js';
import { LABEL_CREATED, LEAD_LABELS, leadNumber, type LeadRecord, leadUuid } from './leads.js';
import { type CursorPosition, decodeCursor, encodeCursor } from './list.js';
import type { ProductRecord } from './products.js';
import { bodyObject, boolParam, idParam, intParam, limitParam, listParam, type Query, queryOf, stringParam, timeParam, v1Paging } from './query.js';
import { ANSWERS, fromTemplate, snakeJson, type Stamped as Row } from './records.js';
import { principalOf, routeConfig } from './request-state.js';
import type { PipedriveService } from './service.js';
import { readPipedriveWrite } from './writes.js';

type Crud<R extends Row> = CrudObject<PipedriveCompany, R>;
type Keep<R> = (record: R) => boolean;

/** What each object declares alike: its path (also its store's name), the entity of its 404, its API version (v1 creates with 201) and update method. */
const declared = <K extends 'notes' | 'activities' | 'leads' | 'products'>(
  path: K,
  entity: string,
  version: 'v1' | 'v2',
  updateMethod: 'PUT' | 'PATCH',
) => ({
  ...{ path, missing: () => notFound(entity), store: (company: PipedriveCompany) => company.stores[path], updateMethod },
  ...{ options: (kind: string) => routeConfig(kind, version), ...(version === 'v1' ? { createdStatus: 201 } : {}) },
});

/** The list filters: integer parameters equal to properties, `updated_since`, `ids`, `done` (see ../shared/param-filters.ts). */
const int = (param: string, prop?: string): ParamFilter => ({ param, read: intParam, ...(prop ? { prop } : {}) });
const SINCE: ParamFilter = { param: 'updated_since', read: timeParam, prop: 'updateTime', test: 'atLeast' };
const IDS: ParamFilter = { param: 'ids', read: (query, name) => listParam(query, name)?.map(Number), prop: 'id', test: 'in' };
const DONE: ParamFilter = { param: 'done', read: boolParam };

/** A v1 page (`start`, `limit` ≤ 500, `sort` by id only) with its `additional_data.pagination`. */
const v1List =
  <R extends Row>(noun: string, keepOf: (query: Query) => Keep<R>) =>
  (store: RecordStore<R>, request: FastifyRequest): CrudPage<R> => {
    const query = queryOf(request);
    const keep = keepOf(query);
    const { start, limit, pagination } = v1Paging(query);
    const sort = stringParam(query, 'sort');
    if (sort !== undefined && !/^id( ASC)?$/i.test(sort.trim())) throw validationFailed('sort', `the sandbox sorts ${noun} by id ASC only`);
    const { items, more } = liveMatches(store, undefined, start + limit, keep);
    return { items: items.slice(start), extra: { additional_data: { pagination: pagination(more) } } };
  };

/** A v2 page by id cursor with its `additional_data.next_cursor`. */
const v2List =
  <R extends Row>(keepOf: (query: Query, cursor: CursorPosition | undefined) => Keep<R>) =>
  (store: RecordStore<R>, request: FastifyRequest): CrudPage<R> => {
    const query = queryOf(request);
    const limit = limitParam(query);
    const cursor = decodeCursor(stringParam(query, 'cursor'));
    const { items, more } = liveMatches(store, cursor?.id, limit, keepOf(query, cursor));
    const last = items.at(-1)?.id;
    const next = more && last !== undefined ? encodeCursor({ field: 'id', direction: 'asc', value: last + 1, id: last + 1 }) : null;
    return { items, extra: { additional_data: { next_cursor: next } } };
  };

/** Body readers of the shapes the write rules (data/writes.json) leave to code. */
const readersOf = (company: PipedriveCompany): Record<string, BodyReader> => ({
  /** Persons that must be live (404 otherwise); a lone participant is primary. */
  participants: (body, name, invalid) => {
    const participants = body[name];
    if (participants === undefined) return undefined;
    if (!Array.isArray(participants)) throw invalid(name, 'must be an array');
    return participants.map((p: unknown, i) => {
      const id = (p as { person_id?: unknown }).person_id;
      if (typeof id !== 'number' || !company.stores.persons.live(id)) throw notFound('Person');
      return { person_id: id, primary: (p as { primary?: unknown }).primary === true || (i === 0 && participants.length === 1) };
    });
  },
  /** Attendees by email. */
  attendees: (body, name, invalid) => {
    const attendees = body[name];
    if (attendees === undefined) return undefined;
    if (!Array.isArray(attendees)) throw invalid(name, 'must be an array');
    return attendees.map((a: unknown) => {
      const { email, name: who } = a as { email?: unknown; name?: unknown };
      if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email)) throw invalid(name, 'each needs an email');
      return { email, name: typeof who === 'string' ? who : null };
    });
  },
});

/** A write of an object by its rules (`current` undefined: a create). */
const changesOf =
  <R>(object: string) =>
  (company: PipedriveCompany, body: Record<string, unknown>, current: R | undefined) =>
    readPipedriveWrite(company, object, body, current ?? undefined, readersOf(company)) as Partial<R>;

const v1Time = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
/** A note as v1 answers it (`Note`). */
function noteV1(company: PipedriveCompany, note: NoteRecord): Record<string, unknown> {
  const user = company.users.find((u) => u.id === note.userId);
  const person = note.personId === null ? undefined : company.stores.persons.live(note.personId);
  const org = note.orgId === null ? undefined : company.stores.organizations.live(note.orgId);
  const deal = note.dealId === null ? undefined : company.stores.deals.live(note.dealId);
  const unpinned = { pinned_to_person_flag: false, pinned_to_organization_flag: false, pinned_to_lead_flag: false };
  return snakeJson(
    note,
    ANSWERS.keys.note,
    {
      ...{ active_flag: note.deletedAt === undefined, pinned_to_deal_flag: note.pinnedToDeal, ...unpinned, pinned_to_project_flag: false },
      ...{ pinned_to_task_flag: false, last_update_user_id: note.userId, organization: org ? { name: org.name } : null },
      ...{ person: person ? { name: person.name } : null, deal: deal ? { title: deal.name } : null },
      user: user ? { email: user.email, name: user.name, icon_url: null, is_you: user.isAdmin } : null,
    },
    v1Time,
  );
}

/** Notes (v1 `/notes`): content and something to be attached to are required; filters deal, person, organization, user, `updated_since`. */
const NOTES: Crud<NoteRecord> = {
  ...declared('notes', 'Note', 'v1', 'PUT'),
  render: noteV1,
  lists: { '': v1List('notes', (query) => paramFilter(query, [SINCE, int('deal_id'), int('person_id'), int('org_id'), int('user_id')])) },
  changes: changesOf('note'),
  blank: (userId) => fromTemplate(ANSWERS.blank['note'], { userId }),
  deleted: () => true,
};

/** Activities (v2 `/activities`, `ActivityItem`): listed by id only; filters `ids`, owner, deal, person, organization, `done`, `updated_since`. */
const ACTIVITIES: Crud<ActivityRecord> = {
  ...declared('activities', 'Activity', 'v2', 'PATCH'),
  render: (_company, activity) =>
    snakeJson(activity, ANSWERS.keys.activity, {
      is_deleted: activity.deletedAt !== undefined,
      location: activity.location === null ? null : { value: activity.location },
    }),
  lists: {
    '': v2List((query, cursor) => {
      const sortBy = stringParam(query, 'sort_by');
      if ((sortBy !== undefined && sortBy !== 'id') || (cursor && cursor.field !== 'id')) {
        throw validationFailed('sort_by', 'the sandbox lists activities by id only');
      }
      return paramFilter(query, [IDS, DONE, SINCE, int('owner_id'), int('deal_id'), int('person_id'), int('org_id')]);
    }),
  },
  changes: (company, body, current, now) => {
    const write = changesOf<ActivityRecord>('activity')(company, body, current);
    return write.done === undefined ? write : { ...write, markedAsDoneTime: write.done ? now : null };
  },
  blank: (userId, changes) => {
    const type = changes.type ?? 'task';
    const subject = type.charAt(0).toUpperCase() + type.slice(1);
    return fromTemplate(ANSWERS.blank['activity'], { subject, type, ownerId: userId, creatorUserId: userId });
  },
  deleted: (_company, id) => ({ id }),
};

/** A lead as v1 answers it (`Lead`). */
function leadV1(company: PipedriveCompany, lead: LeadRecord): Record<string, unknown> {
  const uuid = leadUuid(company.companyId, lead.id);
  const value = lead.value ? { amount: Number(lead.value.amount), currency: lead.value.currency } : null;
  return snakeJson(lead, ANSWERS.keys.lead, { id: uuid, organization_id: lead.orgId, value, cc_email: `leads+${uuid.slice(-12)}@pipedrivemail.com` });
}

/** A lead label as v1 answers it (`LeadLabel`). */
const leadLabelV1 = (label: (typeof LEAD_LABELS)[number]) => ({ ...label, add_time: LABEL_CREATED, update_time: LABEL_CREATED });

/** Leads (v1 `/leads`, by UUID): `GET /leads` lists the unarchived, `/leads/archived` the archived; filters owner, person, organization, `updated_since` (unarchived). */
const LEADS: Crud<LeadRecord> = {
  ...declared('leads', 'Lead', 'v1', 'PATCH'),
  render: leadV1,
  lists: Object.fromEntries(
    ([false, true] as const).map((archived) => [
      archived ? '/archived' : '',
      v1List('leads', (query) => {
        const keep = paramFilter<LeadRecord>(query, [
          int('owner_id'),
          int('person_id'),
          int('organization_id', 'orgId'),
          ...(archived ? [] : [SINCE]),
        ]);
        return (lead: LeadRecord) => lead.isArchived === archived && keep(lead);
      }),
    ]),
  ),
  changes: changesOf('lead'),
  blank: (userId) => fromTemplate(ANSWERS.blank['lead'], { ownerId: userId, creatorId: userId }),
  deleted: (company, id) => ({ id: leadUuid(company.companyId, id) }),
  idOf: (company, id) => leadNumber(company.companyId, id),
};

/** A product as v2 answers it. */
function productV2(product: ProductRecord): Record<string, unknown> {
  const prices = product.prices.map((p) => ({ product_id: product.id, ...snakeJson(p, ANSWERS.keys.price) }));
  return snakeJson(product, ANSWERS.keys.product, { is_deleted: product.deletedAt !== undefined, prices, custom_fields: {} });
}

/** Products (v2 `/products`): a name is required; filters `ids`, owner, `updated_since`. */
const PRODUCTS: Crud<ProductRecord> = {
  ...declared('products', 'Product', 'v2', 'PATCH'),
  render: (_company, product) => productV2(product),
  lists: {
    '': v2List((query) => paramFilter(query, [IDS, int('owner_id'), SINCE])),
  },
  changes: changesOf('product'),
  blank: (userId) => fromTemplate(ANSWERS.blank['product'], { ownerId: userId }),
  deleted: (_company, id) => ({ id }),
};

/**
 * Registers the plain-CRUD objects of an API version (`v2`: activities, products; v1: notes, leads and the lead
 * labels) in a scope of its prefix.
 */
export function registerCrudObjects(scope: FastifyInstance, service: PipedriveService, version: 'v1' | 'v2'): void {
  const routing = {
    principal: (request: FastifyRequest) => ({ account: principalOf(request).company, userId: principalOf(request).userId }),
    body: bodyObject,
    id: idParam,
    now: () => wholeSeconds(service.settings.now()),
    stamps: (now: number, created: boolean) => (created ? { addTime: now, updateTime: now } : { updateTime: now }),
    answer: (data: unknown, extra?: object) => ({ success: true, data, ...extra }),
  };
  if (version === 'v2') {
    registerCrudObject(scope, routing, ACTIVITIES);
    registerCrudObject(scope, routing, PRODUCTS);
    return;
  }
  registerCrudObject(scope, routing, NOTES);
  registerCrudObject(scope, routing, LEADS);
  scope.get('/leadLabels', routeConfig('list', 'v1'), async () => ({ success: true, data: LEAD_LABELS.map(leadLabelV1) }));
}
