/**
 * A Pipedrive company's activity history: notes (API v1, `/v1/notes`) and activities (API v2, `/api/v2/activities`:
 * calls, meetings, e-mails, tasks, deadlines, lunches). Seeded and linked to the seed deals: note `i` is on deal
 * `i + 1` (with its person and organization), activity `2k` is a call, meeting or e-mail on deal `k + 1` and activity
 * `2k + 1` a task on it. Shapes follow the official SDK's v1 `Note` and v2 `ActivityItem` models; the write rules are
 * Pipedrive's (a note needs content and something to be attached to; an activity's type must be one of the
 * company's; dates, times and durations in their formats; linked records must exist).
 */
import type { Rng } from '../shared/prng.js';
import type { RecordStore } from '../shared/record-store.js';
import { wholeSeconds } from '../shared/records-seed.js';
import { type SeedTimeline, seedTimes } from '../shared/seeded-account.js';
import { notFound, validationFailed } from './errors.js';
import { type DealRecord, type OrganizationRecord, type PersonRecord, rfc3339 } from './records.js';
import type { SeedContext } from './seed.js';
import { dealMeta } from './seed.js';

/** What the history reads of its company (the company itself: kept structural so the company may own the history). */
export interface HistoryScope {
  users: ReadonlyArray<{ id: number; name: string; email: string; isAdmin: boolean }>;
  persons: RecordStore<PersonRecord>;
  organizations: RecordStore<OrganizationRecord>;
  deals: RecordStore<DealRecord>;
  hasUser(id: number): boolean;
}

/** A note (v1). Times are epoch ms in whole seconds. */
export interface NoteRecord {
  id: number;
  content: string;
  userId: number;
  dealId: number | null;
  personId: number | null;
  orgId: number | null;
  pinnedToDeal: boolean;
  addTime: number;
  updateTime: number;
  deletedAt?: number;
}

/** An activity (v2). */
export interface ActivityRecord {
  id: number;
  subject: string;
  type: string;
  ownerId: number;
  creatorUserId: number;
  dealId: number | null;
  personId: number | null;
  orgId: number | null;
  /** YYYY-MM-DD. */
  dueDate: string | null;
  /** HH:MM (UTC). */
  dueTime: string | null;
  /** HH:MM. */
  duration: string | null;
  busy: boolean;
  done: boolean;
  markedAsDoneTime: number | null;
  location: string | null;
  participants: Array<{ person_id: number; primary: boolean }>;
  attendees: Array<{ email: string; name: string | null }>;
  note: string | null;
  priority: number | null;
  addTime: number;
  updateTime: number;
  deletedAt?: number;
}

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

/** A v1 time, "YYYY-MM-DD HH:MM:SS" (UTC). */
const v1Time = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** A note as v1 answers it (`Note`). */
export function noteV1(company: HistoryScope, note: NoteRecord): Record<string, unknown> {
  const user = company.users.find((u) => u.id === note.userId);
  const person = note.personId === null ? undefined : company.persons.live(note.personId);
  const org = note.orgId === null ? undefined : company.organizations.live(note.orgId);
  const deal = note.dealId === null ? undefined : company.deals.live(note.dealId);
  return {
    id: note.id,
    user_id: note.userId,
    deal_id: note.dealId,
    person_id: note.personId,
    org_id: note.orgId,
    lead_id: null,
    project_id: null,
    task_id: null,
    content: note.content,
    add_time: v1Time(note.addTime),
    update_time: v1Time(note.updateTime),
    active_flag: note.deletedAt === undefined,
    pinned_to_deal_flag: note.pinnedToDeal,
    pinned_to_person_flag: false,
    pinned_to_organization_flag: false,
    pinned_to_lead_flag: false,
    pinned_to_project_flag: false,
    pinned_to_task_flag: false,
    last_update_user_id: note.userId,
    organization: org ? { name: org.name } : null,
    person: person ? { name: person.name } : null,
    deal: deal ? { title: deal.name } : null,
    user: user ? { email: user.email, name: user.name, icon_url: null, is_you: user.isAdmin } : null,
  };
}

/** An activity as v2 answers it (`ActivityItem`). */
export function activityV2(activity: ActivityRecord): Record<string, unknown> {
  return {
    id: activity.id,
    subject: activity.subject,
    type: activity.type,
    owner_id: activity.ownerId,
    creator_user_id: activity.creatorUserId,
    is_deleted: activity.deletedAt !== undefined,
    add_time: rfc3339(activity.addTime),
    update_time: rfc3339(activity.updateTime),
    deal_id: activity.dealId,
    lead_id: null,
    person_id: activity.personId,
    org_id: activity.orgId,
    project_id: null,
    due_date: activity.dueDate,
    due_time: activity.dueTime,
    duration: activity.duration,
    busy: activity.busy,
    done: activity.done,
    marked_as_done_time: activity.markedAsDoneTime === null ? null : rfc3339(activity.markedAsDoneTime),
    location: activity.location === null ? null : { value: activity.location },
    participants: activity.participants.map((p) => ({ ...p })),
    attendees: activity.attendees.map((a) => ({ ...a })),
    conference_meeting_client: null,
    conference_meeting_url: null,
    conference_meeting_id: null,
    public_description: null,
    priority: activity.priority,
    note: activity.note,
  };
}

type Body = Record<string, unknown>;

/** A linked record's id, checked to exist (`null` clears it). */
function linkedId(company: HistoryScope, body: Body, field: 'deal_id' | 'person_id' | 'org_id'): number | null | undefined {
  const raw = body[field];
  if (raw === undefined) return undefined;
  if (raw === null) return null;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw <= 0) throw validationFailed(field, 'must be an integer');
  const store = field === 'deal_id' ? company.deals : field === 'person_id' ? company.persons : company.organizations;
  if (!store.live(raw)) throw notFound(field === 'deal_id' ? 'Deal' : field === 'person_id' ? 'Person' : 'Organization');
  return raw;
}

function text(body: Body, field: string): string | null | undefined {
  const raw = body[field];
  if (raw === undefined || raw === null) return raw as null | undefined;
  if (typeof raw !== 'string') throw validationFailed(field, 'must be a string');
  return raw;
}

function user(company: HistoryScope, body: Body, field: string): number | undefined {
  const raw = body[field];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'number' || !company.hasUser(raw)) throw validationFailed(field, 'must be the id of a user of the company');
  return raw;
}

/** A note from a v1 body (create: content and an attachment required). */
export function noteChanges(company: HistoryScope, body: Body, current: NoteRecord | undefined): Partial<NoteRecord> {
  const content = text(body, 'content');
  if (current === undefined && !content) throw validationFailed('content', 'is required');
  if (content === null || content === '') throw validationFailed('content', 'cannot be empty');
  const changes: Partial<NoteRecord> = {};
  if (content !== undefined) changes.content = content;
  const deal = linkedId(company, body, 'deal_id');
  const person = linkedId(company, body, 'person_id');
  const org = linkedId(company, body, 'org_id');
  if (deal !== undefined) changes.dealId = deal;
  if (person !== undefined) changes.personId = person;
  if (org !== undefined) changes.orgId = org;
  const owner = user(company, body, 'user_id');
  if (owner !== undefined) changes.userId = owner;
  const attached = { dealId: null, personId: null, orgId: null, ...current, ...changes };
  if (attached.dealId === null && attached.personId === null && attached.orgId === null) {
    throw validationFailed('deal_id', 'a note must be attached to a deal, person, organization, lead or project');
  }
  return changes;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/** An activity from a v2 body. */
export function activityChanges(company: HistoryScope, body: Body, now: number): Partial<ActivityRecord> {
  const changes: Partial<ActivityRecord> = {};
  const subject = text(body, 'subject');
  if (subject !== undefined) changes.subject = subject ?? '';
  const type = text(body, 'type');
  if (type !== undefined) {
    if (type === null || !(ACTIVITY_TYPES as readonly string[]).includes(type))
      throw validationFailed('type', `must be one of ${ACTIVITY_TYPES.join(', ')}`);
    changes.type = type;
  }
  for (const [field, key, format] of [
    ['due_date', 'dueDate', DATE],
    ['due_time', 'dueTime', CLOCK],
    ['duration', 'duration', CLOCK],
  ] as const) {
    const v = text(body, field);
    if (v === undefined) continue;
    if (v !== null && v !== '' && !format.test(v)) throw validationFailed(field, format === DATE ? 'must be a date (YYYY-MM-DD)' : 'must be HH:MM');
    changes[key] = v || null;
  }
  for (const field of ['deal_id', 'person_id', 'org_id'] as const) {
    const v = linkedId(company, body, field);
    if (v !== undefined) changes[field === 'deal_id' ? 'dealId' : field === 'person_id' ? 'personId' : 'orgId'] = v;
  }
  const owner = user(company, body, 'owner_id');
  if (owner !== undefined) changes.ownerId = owner;
  for (const field of ['busy', 'done'] as const) {
    const v = body[field];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') throw validationFailed(field, 'must be a boolean');
    changes[field] = v;
    if (field === 'done') changes.markedAsDoneTime = v ? wholeSeconds(now) : null;
  }
  const note = text(body, 'note');
  if (note !== undefined) changes.note = note;
  const location = body['location'];
  if (location !== undefined) {
    const value = location === null ? null : (location as { value?: unknown }).value;
    if (value !== null && typeof value !== 'string') throw validationFailed('location', 'must be an object with a text value');
    changes.location = value || null;
  }
  if (body['participants'] !== undefined) {
    const list = body['participants'];
    if (!Array.isArray(list)) throw validationFailed('participants', 'must be an array');
    changes.participants = list.map((p: unknown, i) => {
      const id = (p as { person_id?: unknown }).person_id;
      if (typeof id !== 'number' || !company.persons.live(id)) throw notFound('Person');
      return { person_id: id, primary: (p as { primary?: unknown }).primary === true || (i === 0 && list.length === 1) };
    });
  }
  if (body['attendees'] !== undefined) {
    const list = body['attendees'];
    if (!Array.isArray(list)) throw validationFailed('attendees', 'must be an array');
    changes.attendees = list.map((a: unknown) => {
      const email = (a as { email?: unknown }).email;
      if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email)) throw validationFailed('attendees', 'each needs an email');
      const name = (a as { name?: unknown }).name;
      return { email, name: typeof name === 'string' ? name : null };
    });
  }
  return changes;
}
