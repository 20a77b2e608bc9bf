/**
 * Notes (v1 `Note`) and activities (v2 `ActivityItem`), seeded on the seed deals: note `i` on deal `i + 1`, activity
 * `2k` a call, meeting or e-mail on deal `k + 1` and `2k + 1` a task. Write rules are Pipedrive's (a note needs
 * content and an attachment; an activity's type is one of the company's; linked records must exist).
 */
import type { Rng } from '../shared/prng.js';
import { wholeSeconds } from '../shared/records-seed.js';
import { type SeedTimeline, seedTimes } from '../shared/seeded-account.js';
import type { PipedriveCompany } from './company.js';
import { notFound, validationFailed } from './errors.js';
import { boolParam, listParam, stringParam, timeParam } from './query.js';
import { snakeJson, type Stamped } from './records.js';
import type { SeedContext } from './seed.js';
import { dealMeta } from './seed.js';
import { propertyFilter, type SimpleObject } from './simple-routes.js';

/** A note (v1); times are epoch ms in whole seconds. */
export type NoteRecord = Stamped &
  Record<'dealId' | 'personId' | 'orgId', number | null> & { content: string; userId: number; pinnedToDeal: boolean };

/** An activity (v2): `dueDate` YYYY-MM-DD, `dueTime` HH:MM (UTC), `duration` HH:MM. */
export type ActivityRecord = Stamped &
  Record<'subject' | 'type', string> &
  Record<'ownerId' | 'creatorUserId', number> &
  Record<'dealId' | 'personId' | 'orgId' | 'markedAsDoneTime' | 'priority', number | null> &
  Record<'dueDate' | 'dueTime' | 'duration' | 'location' | 'note', string | null> &
  Record<'busy' | 'done', boolean> & {
    participants: Array<{ person_id: number; primary: boolean }>;
    attendees: Array<{ email: string; name: string | null }>;
  };

/** The company's activity types (Pipedrive's defaults; `key_string` is what `type` holds). */
export const ACTIVITY_TYPES = ['call', 'meeting', 'task', 'deadline', 'email', 'lunch'] as const;

const DAY = 86_400_000;
export const HISTORY_TIMELINES: Record<'note' | 'activity', SeedTimeline> = {
  note: { epoch: Date.UTC(2024, 1, 2), spacing: 5 * 3_600_000, maxEditAge: 20 * DAY },
  activity: { epoch: Date.UTC(2024, 1, 2), spacing: 2.5 * 3_600_000, maxEditAge: 20 * DAY },
};

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Generates seed note `index` (on deal `index + 1`). */
export function seedNote(ctx: SeedContext, index: number): NoteRecord {
  const rng = ctx.draws.rng(0x70e, index);
  const times = seedTimes(HISTORY_TIMELINES.note, rng, index);
  const deal = dealMeta(ctx, index);
  return {
    id: index + 1,
    content: `<p>${rng.pick(['Call went well', 'Sent the proposal', 'Asked for a discount', 'Demo booked', 'Legal review started'])}.</p>`,
    userId: deal.ownerId,
    dealId: index + 1,
    personId: deal.personId ?? null,
    orgId: deal.orgId,
    pinnedToDeal: rng.chance(0.1),
    addTime: wholeSeconds(times.createdAt),
    updateTime: wholeSeconds(times.updatedAt),
  };
}

const SUBJECTS: Record<string, readonly string[]> = {
  call: ['Intro call', 'Follow-up call', 'Pricing call'],
  meeting: ['Demo', 'On-site visit', 'Contract review'],
  email: ['Proposal sent', 'Case study shared', 'Quote follow-up'],
  task: ['Send the contract', 'Prepare the quote', 'Book the demo'],
};

/** Generates seed activity `index`: a call, meeting or e-mail (even) or a task (odd) on deal `floor(index / 2) + 1`. */
export function seedActivity(ctx: SeedContext, index: number): ActivityRecord {
  const rng: Rng = ctx.draws.rng(0xac7, index);
  const times = seedTimes(HISTORY_TIMELINES.activity, rng, index);
  const k = Math.floor(index / 2);
  const deal = dealMeta(ctx, k);
  const type = index % 2 === 1 ? 'task' : (['call', 'meeting', 'email'][k % 3] as string);
  const due = times.createdAt + rng.between(1, 20) * DAY;
  const done = rng.chance(0.5);
  const hour = String(8 + rng.int(9)).padStart(2, '0');
  return {
    id: index + 1,
    subject: rng.pick(SUBJECTS[type] ?? ['Activity']),
    type,
    ownerId: deal.ownerId,
    creatorUserId: deal.ownerId,
    dealId: k + 1,
    personId: deal.personId ?? null,
    orgId: deal.orgId,
    dueDate: isoDate(due),
    dueTime: type === 'task' ? null : `${hour}:${rng.pick(['00', '30'])}`,
    duration: type === 'call' ? `00:${String(5 + rng.int(40)).padStart(2, '0')}` : type === 'meeting' ? rng.pick(['00:30', '01:00']) : null,
    busy: type === 'meeting',
    done,
    markedAsDoneTime: done ? wholeSeconds(Math.min(due, times.updatedAt)) : null,
    location: type === 'meeting' ? rng.pick(['Zoom', 'Office', 'Customer site']) : null,
    participants: deal.personId ? [{ person_id: deal.personId, primary: true }] : [],
    attendees: type === 'meeting' ? [{ email: `buyer${k}@example.com`, name: null }] : [],
    note: rng.chance(0.4) ? 'Bring the pricing sheet.' : null,
    priority: null,
    addTime: wholeSeconds(times.createdAt),
    updateTime: wholeSeconds(times.updatedAt),
  };
}

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
const NOTE_KEYS =
  'id user_id deal_id person_id org_id lead_id project_id task_id content add_time update_time active_flag pinned_to_deal_flag ' +
  'pinned_to_person_flag pinned_to_organization_flag pinned_to_lead_flag pinned_to_project_flag pinned_to_task_flag last_update_user_id organization person deal user';

/** A note as v1 answers it (`Note`). */
function noteV1(company: PipedriveCompany, note: NoteRecord): Record<string, unknown> {
  const user = company.users.find((u) => u.id === note.userId);
  const person = note.personId === null ? undefined : company.stores.persons.live(note.personId);
  const org = note.orgId === null ? undefined : company.stores.organizations.live(note.orgId);
  const deal = note.dealId === null ? undefined : company.stores.deals.live(note.dealId);
  const unpinned = { pinned_to_person_flag: false, pinned_to_organization_flag: false, pinned_to_lead_flag: false };
  return snakeJson(
    note,
    NOTE_KEYS,
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
  blank: (userId) => ({ content: '', userId, dealId: null, personId: null, orgId: null, pinnedToDeal: false }),
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

const ACTIVITY_KEYS =
  'id subject type owner_id creator_user_id is_deleted add_time update_time deal_id lead_id person_id org_id project_id due_date due_time ' +
  'duration busy done marked_as_done_time location participants attendees conference_meeting_client conference_meeting_url ' +
  'conference_meeting_id public_description priority note';

/** Activities (v2 `/activities`, `ActivityItem`): listed by id only; filters `ids`, owner, deal, person, organization, `done`, `updated_since`. */
export const ACTIVITIES: SimpleObject<ActivityRecord> = {
  path: 'activities',
  label: 'Activity',
  dialect: 'v2',
  store: (company) => company.stores.activities,
  render: (_company, activity) =>
    snakeJson(activity, ACTIVITY_KEYS, {
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
    return {
      ...{ subject: type.charAt(0).toUpperCase() + type.slice(1), type, ownerId: userId, creatorUserId: userId, dealId: null, personId: null },
      ...{ orgId: null, dueDate: null, dueTime: null, duration: null, busy: false, done: false, markedAsDoneTime: null, location: null },
      ...{ participants: [], attendees: [], note: null, priority: null },
    };
  },
  updateMethod: 'patch',
  deleted: (_company, id) => ({ id }),
};
