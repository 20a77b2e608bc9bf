/**
 * The plain-CRUD objects (simple-routes.ts) declared: notes and leads (v1), activities and products (v2), with their
 * renderers and list filters; their write rules are in data/writes.json (read by writes.ts), with readers here of the
 * shapes the rules leave to code.
 */
import type { BodyReader } from '../shared/rules-body.js';
import type { PipedriveCompany } from './company.js';
import { notFound, validationFailed } from './errors.js';
import type { ActivityRecord, NoteRecord } from './history.js';
import { LABEL_CREATED, type LEAD_LABELS, leadNumber, type LeadRecord, leadUuid } from './leads.js';
import type { ProductRecord } from './products.js';
import { boolParam, intParam, listParam, stringParam, timeParam } from './query.js';
import { ANSWERS, fromTemplate, snakeJson } from './records.js';
import { propertyFilter, type SimpleObject } from './simple-routes.js';
import { readPipedriveWrite } from './writes.js';

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
export const NOTES: SimpleObject<NoteRecord> = {
  path: 'notes',
  label: 'Note',
  dialect: 'v1',
  store: (company) => company.stores.notes,
  render: noteV1,
  lists: {
    '': (query) => {
      const since = timeParam(query, 'updated_since');
      return propertyFilter(query, 'deal_id person_id org_id user_id', since);
    },
  },
  changes: changesOf('note'),
  blank: (userId) => fromTemplate(ANSWERS.blank['note'], { userId }),
  updateMethod: 'put',
  deleted: () => true,
};

/** Activities (v2 `/activities`, `ActivityItem`): listed by id only; filters `ids`, owner, deal, person, organization, `done`, `updated_since`. */
export const ACTIVITIES: SimpleObject<ActivityRecord> = {
  path: 'activities',
  label: 'Activity',
  dialect: 'v2',
  store: (company) => company.stores.activities,
  render: (_company, activity) =>
    snakeJson(activity, ANSWERS.keys.activity, {
      is_deleted: activity.deletedAt !== undefined,
      location: activity.location === null ? null : { value: activity.location },
    }),
  lists: {
    '': (query, cursor) => {
      const sortBy = stringParam(query, 'sort_by');
      if ((sortBy !== undefined && sortBy !== 'id') || (cursor && cursor.field !== 'id')) {
        throw validationFailed('sort_by', 'the sandbox lists activities by id only');
      }
      const ids = listParam(query, 'ids')?.map(Number);
      const done = boolParam(query, 'done');
      const keep = propertyFilter(query, 'owner_id deal_id person_id org_id', timeParam(query, 'updated_since'));
      return (a) => keep(a) && (done === undefined || a.done === done) && (!ids || ids.includes(a.id));
    },
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
  updateMethod: 'patch',
  deleted: (_company, id) => ({ id }),
};

/** A lead as v1 answers it (`Lead`). */
function leadV1(company: PipedriveCompany, lead: LeadRecord): Record<string, unknown> {
  const uuid = leadUuid(company.companyId, lead.id);
  const value = lead.value ? { amount: Number(lead.value.amount), currency: lead.value.currency } : null;
  return snakeJson(lead, ANSWERS.keys.lead, { id: uuid, organization_id: lead.orgId, value, cc_email: `leads+${uuid.slice(-12)}@pipedrivemail.com` });
}

/** A lead label as v1 answers it (`LeadLabel`). */
export const leadLabelV1 = (label: (typeof LEAD_LABELS)[number]) => ({ ...label, add_time: LABEL_CREATED, update_time: LABEL_CREATED });

/** Leads (v1 `/leads`, by UUID): `GET /leads` lists the unarchived, `/leads/archived` the archived; filters owner, person, organization, `updated_since` (unarchived). */
export const LEADS: SimpleObject<LeadRecord> = {
  path: 'leads',
  label: 'Lead',
  dialect: 'v1',
  store: (company) => company.stores.leads,
  render: leadV1,
  lists: Object.fromEntries(
    ([false, true] as const).map((archived) => [
      archived ? '/archived' : '',
      (query) => {
        const owner = intParam(query, 'owner_id');
        const person = intParam(query, 'person_id');
        const org = intParam(query, 'organization_id');
        const since = archived ? undefined : timeParam(query, 'updated_since');
        return (l: LeadRecord) =>
          l.isArchived === archived &&
          (owner === undefined || l.ownerId === owner) &&
          (person === undefined || l.personId === person) &&
          (org === undefined || l.orgId === org) &&
          (since === undefined || l.updateTime >= since);
      },
    ]),
  ),
  changes: changesOf('lead'),
  blank: (userId) => fromTemplate(ANSWERS.blank['lead'], { ownerId: userId, creatorId: userId }),
  updateMethod: 'patch',
  deleted: (company, id) => ({ id: leadUuid(company.companyId, id) }),
  idOf: (company, id) => leadNumber(company.companyId, id),
};

/** A product as v2 answers it. */
function productV2(product: ProductRecord): Record<string, unknown> {
  const prices = product.prices.map((p) => ({ product_id: product.id, ...snakeJson(p, ANSWERS.keys.price) }));
  return snakeJson(product, ANSWERS.keys.product, { is_deleted: product.deletedAt !== undefined, prices, custom_fields: {} });
}

/** Products (v2 `/products`): a name is required; filters `ids`, owner, `updated_since`. */
export const PRODUCTS: SimpleObject<ProductRecord> = {
  path: 'products',
  label: 'Product',
  dialect: 'v2',
  store: (company) => company.stores.products,
  render: (_company, product) => productV2(product),
  lists: {
    '': (query) => {
      const ids = listParam(query, 'ids')?.map(Number);
      const owner = intParam(query, 'owner_id');
      const since = timeParam(query, 'updated_since');
      return (p) => (!ids || ids.includes(p.id)) && (owner === undefined || p.ownerId === owner) && (since === undefined || p.updateTime >= since);
    },
  },
  changes: changesOf('product'),
  blank: (userId) => fromTemplate(ANSWERS.blank['product'], { ownerId: userId }),
  updateMethod: 'patch',
  deleted: (_company, id) => ({ id }),
};
