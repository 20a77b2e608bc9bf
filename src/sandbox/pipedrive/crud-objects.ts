/**
 * The plain-CRUD objects (simple-routes.ts) declared: notes and leads (v1), activities and products (v2), with their
 * write rules, renderers and list filters.
 */
import type { PipedriveCompany } from './company.js';
import { notFound, validationFailed } from './errors.js';
import { ACTIVITY_TYPES, type ActivityRecord, type NoteRecord } from './history.js';
import { LABEL_CREATED, LEAD_LABELS, leadNumber, type LeadRecord, leadUuid } from './leads.js';
import { BILLING, CURRENCIES, type ProductPrice, type ProductRecord } from './products.js';
import { boolParam, intParam, listParam, stringParam, timeParam } from './query.js';
import { ANSWERS, fromTemplate, snakeJson } from './records.js';
import { propertyFilter, type SimpleObject } from './simple-routes.js';

type Body = Record<string, unknown>;

/** The properties of `changes` that are defined (a write's changes: undefined means not given). */
export function defined<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** A text field (null passes). */
export function text(body: Body, field: string): string | null | undefined {
  const raw = body[field];
  if (raw !== undefined && raw !== null && typeof raw !== 'string') throw validationFailed(field, 'must be a string');
  return raw as string | null | undefined;
}

/** A boolean field. */
export function flag(body: Body, field: string): boolean | undefined {
  const raw = body[field];
  if (raw !== undefined && typeof raw !== 'boolean') throw validationFailed(field, 'must be a boolean');
  return raw;
}

/** A user id of the company. */
export function userOf(company: PipedriveCompany, body: Body, field: string): number | undefined {
  const raw = body[field];
  if (raw !== undefined && (typeof raw !== 'number' || !company.hasUser(raw)))
    throw validationFailed(field, 'must be the id of a user of the company');
  return raw as number | undefined;
}

const LINKS = { deal_id: ['deals', 'Deal'], person_id: ['persons', 'Person'], org_id: ['organizations', 'Organization'] } as const;

/** A linked record's id, checked to exist (404 when it does not; `null` clears it). */
export function linkedId(company: PipedriveCompany, body: Body, field: string, link: keyof typeof LINKS = field as keyof typeof LINKS) {
  const raw = body[field];
  if (raw === undefined || raw === null) return raw as null | undefined;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw <= 0) throw validationFailed(field, 'must be an integer');
  const [store, label] = LINKS[link];
  if (!company.stores[store].live(raw)) throw notFound(label);
  return raw;
}

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
  changes: (company, body, current) => {
    const content = text(body, 'content');
    if (current === undefined && !content) throw validationFailed('content', 'is required');
    if (content === null || content === '') throw validationFailed('content', 'cannot be empty');
    const changes = defined({
      content,
      dealId: linkedId(company, body, 'deal_id'),
      personId: linkedId(company, body, 'person_id'),
      orgId: linkedId(company, body, 'org_id'),
      userId: userOf(company, body, 'user_id'),
    });
    const attached = { dealId: null, personId: null, orgId: null, ...current, ...changes };
    if (attached.dealId === null && attached.personId === null && attached.orgId === null) {
      throw validationFailed('deal_id', 'a note must be attached to a deal, person, organization, lead or project');
    }
    return changes;
  },
  blank: (userId) => fromTemplate(ANSWERS.blank['note'], { userId }),
  updateMethod: 'put',
  deleted: () => true,
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A `due_date`, `due_time` or `duration` ('' clears). */
function formatted(body: Body, field: string, format: RegExp): string | null | undefined {
  const value = text(body, field);
  if (value && !format.test(value)) throw validationFailed(field, format === DATE ? 'must be a date (YYYY-MM-DD)' : 'must be HH:MM');
  return value === undefined ? undefined : value || null;
}

/** An activity's changes from a v2 body. */
function activityChanges(company: PipedriveCompany, body: Body, now: number): Partial<ActivityRecord> {
  const subject = text(body, 'subject');
  const type = text(body, 'type');
  if (type !== undefined && (type === null || !(ACTIVITY_TYPES as readonly string[]).includes(type)))
    throw validationFailed('type', `must be one of ${ACTIVITY_TYPES.join(', ')}`);
  const dueDate = formatted(body, 'due_date', DATE);
  const dueTime = formatted(body, 'due_time', CLOCK);
  const duration = formatted(body, 'duration', CLOCK);
  const links = {
    dealId: linkedId(company, body, 'deal_id'),
    personId: linkedId(company, body, 'person_id'),
    orgId: linkedId(company, body, 'org_id'),
  };
  const ownerId = userOf(company, body, 'owner_id');
  const busy = flag(body, 'busy');
  const done = flag(body, 'done');
  const note = text(body, 'note');
  const changes: Partial<ActivityRecord> = defined({
    subject: subject === undefined ? undefined : (subject ?? ''),
    type: type ?? undefined,
    dueDate,
    dueTime,
    duration,
  });
  Object.assign(changes, defined({ ...links, ownerId, busy, done, markedAsDoneTime: done === undefined ? undefined : done ? now : null, note }));
  const location = body['location'];
  if (location !== undefined) {
    const value = location === null ? null : (location as { value?: unknown }).value;
    if (value !== null && typeof value !== 'string') throw validationFailed('location', 'must be an object with a text value');
    changes.location = value || null;
  }
  const participants = body['participants'];
  if (participants !== undefined) {
    if (!Array.isArray(participants)) throw validationFailed('participants', 'must be an array');
    changes.participants = participants.map((p: unknown, i) => {
      const id = (p as { person_id?: unknown }).person_id;
      if (typeof id !== 'number' || !company.stores.persons.live(id)) throw notFound('Person');
      return { person_id: id, primary: (p as { primary?: unknown }).primary === true || (i === 0 && participants.length === 1) };
    });
  }
  const attendees = body['attendees'];
  if (attendees !== undefined) {
    if (!Array.isArray(attendees)) throw validationFailed('attendees', 'must be an array');
    changes.attendees = attendees.map((a: unknown) => {
      const { email, name } = a as { email?: unknown; name?: unknown };
      if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email)) throw validationFailed('attendees', 'each needs an email');
      return { email, name: typeof name === 'string' ? name : null };
    });
  }
  return changes;
}

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
  changes: (company, body, _current, now) => activityChanges(company, body, now),
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

/** A lead's changes from a v1 body (create: a title and a person or organization required). */
function leadChanges(company: PipedriveCompany, body: Body, current: LeadRecord | undefined): Partial<LeadRecord> {
  const title = body['title'];
  if (title !== undefined && (typeof title !== 'string' || title.trim() === '')) throw validationFailed('title', 'must be a non-empty string');
  if (title === undefined && current === undefined) throw validationFailed('title', 'is required');
  const personId = linkedId(company, body, 'person_id');
  const orgId = linkedId(company, body, 'organization_id', 'org_id');
  const ownerId = userOf(company, body, 'owner_id');
  const labels = body['label_ids'];
  const known: readonly string[] = LEAD_LABELS.map((label) => label.id);
  if (labels !== undefined && (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string' && known.includes(l))))
    throw validationFailed('label_ids', 'must be ids of lead labels of the company');
  const value = body['value'] as { amount?: unknown; currency?: unknown } | null | undefined;
  if (value !== undefined && value !== null) {
    if (typeof value !== 'object' || typeof value.amount !== 'number' || !Number.isFinite(value.amount) || typeof value.currency !== 'string')
      throw validationFailed('value', 'must be an object with a numeric amount and a currency');
    if (!CURRENCIES.includes(value.currency)) throw validationFailed('value.currency', `must be one of ${CURRENCIES.join(', ')}`);
  }
  const close = body['expected_close_date'];
  if (close !== undefined && close !== null && (typeof close !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(close)))
    throw validationFailed('expected_close_date', 'must be a date (YYYY-MM-DD)');
  const changes = defined({
    ...{ title: title as string | undefined, personId, orgId, ownerId, labelIds: labels as string[] | undefined },
    value: value === undefined || value === null ? value : { amount: String(value.amount), currency: value.currency as string },
    ...{ expectedCloseDate: close as string | null | undefined, isArchived: flag(body, 'is_archived'), wasSeen: flag(body, 'was_seen') },
  });
  if (current === undefined && body['is_archived'] !== undefined) throw validationFailed('is_archived', 'cannot be set on create');
  const after = { personId: null, orgId: null, ...current, ...changes };
  if (after.personId === null && after.orgId === null) {
    throw validationFailed('person_id', 'a lead must be linked to a person or an organization or both');
  }
  return changes;
}

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
  changes: (company, body, current) => leadChanges(company, body, current),
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

/** A price of a write (`currency` one of the company's). */
function priceOf(raw: unknown): ProductPrice {
  const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (typeof p['currency'] !== 'string' || !CURRENCIES.includes(p['currency']))
    throw validationFailed('prices.currency', `must be one of ${CURRENCIES.join(', ')}`);
  if (p['price'] !== undefined && typeof p['price'] !== 'number') throw validationFailed('prices.price', 'must be a number');
  if (p['cost'] !== undefined && typeof p['cost'] !== 'number') throw validationFailed('prices.cost', 'must be a number');
  const [price, cost, directCost, notes] = [p['price'] ?? 0, p['cost'] ?? 0, p['direct_cost'], p['notes']] as [number, number, unknown, unknown];
  return {
    currency: p['currency'],
    price,
    cost,
    directCost: typeof directCost === 'number' ? directCost : null,
    notes: typeof notes === 'string' ? notes : '',
  };
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
  changes: (company, body, current) => {
    const name = body['name'];
    if (current === undefined && (typeof name !== 'string' || name.trim() === '')) throw validationFailed('name', 'is required');
    if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) throw validationFailed('name', 'must be a non-empty string');
    const [code, description, unit, tax] = [text(body, 'code'), text(body, 'description'), text(body, 'unit'), body['tax']];
    if (tax !== undefined && (typeof tax !== 'number' || tax < 0)) throw validationFailed('tax', 'must be a non-negative number');
    const ownerId = userOf(company, body, 'owner_id');
    const billing = body['billing_frequency'];
    if (billing !== undefined && (typeof billing !== 'string' || !BILLING.includes(billing)))
      throw validationFailed('billing_frequency', `must be one of ${BILLING.join(', ')}`);
    const prices = body['prices'];
    if (prices !== undefined && !Array.isArray(prices)) throw validationFailed('prices', 'must be an array');
    const write = { name: name as string | undefined, code, description, unit, tax: tax as number | undefined, ownerId };
    return defined({ ...write, billingFrequency: billing as string | undefined, prices: (prices as unknown[] | undefined)?.map(priceOf) });
  },
  blank: (userId) => fromTemplate(ANSWERS.blank['product'], { ownerId: userId }),
  updateMethod: 'patch',
  deleted: (_company, id) => ({ id }),
};
