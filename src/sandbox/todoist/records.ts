/**
 * The Todoist fake's records and their deterministic seed: users (the account's owner, user 0, and the people they
 * share projects with), projects (the owner's Inbox, then projects every other one of which is shared with half of
 * the other users) and tasks (in a project; some subtasks of the task before them, some assigned to a collaborator of
 * their shared project, some with a due date, about a quarter completed). Ids are digit strings here; Todoist's are
 * opaque strings, which the API and its clients never read into.
 */
import { personName } from '../shared/names.js';
import { seedEmail, seedIndexFromEmail } from '../shared/objects-seed.js';
import { type SeedDraws, seedDraws } from '../shared/records-seed.js';
import { stampedRecordShape } from '../shared/records-shape.js';
import type { SeededObject, SeedTimeline } from '../shared/seeded-account.js';

/** A record of any object. Times are epoch ms. */
export interface TodoistRecord {
  id: number;
  createdAt: number;
  updatedAt: number;
  removedAt?: number;
  fields: Record<string, unknown>;
}

export type TodoistObject = 'users' | 'projects' | 'tasks';

/** The seed sizes a sandbox takes: the owner's collaborators (the owner comes on top), projects (the Inbox among them) and tasks. */
export type TodoistSeed = Record<'users' | 'projects' | 'tasks', number>;

/** Each object's id of seed record 0 (created records follow their seed range). */
export const ID_BASE: Record<TodoistObject, number> = {
  users: 40_000_001,
  projects: 2_200_000_001,
  tasks: 8_100_000_001,
};

/** The domain of the seed users' addresses. */
export const USER_DOMAIN = 'team.example.com';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const TIMELINES: Record<TodoistObject, SeedTimeline> = {
  users: { epoch: Date.UTC(2024, 0, 8), spacing: 7 * DAY, maxEditAge: 0 },
  projects: { epoch: Date.UTC(2024, 5, 3), spacing: 10 * DAY, maxEditAge: 100 * DAY },
  tasks: { epoch: Date.UTC(2025, 0, 6), spacing: 6 * HOUR, maxEditAge: 20 * DAY },
};

export interface SeedContext {
  draws: SeedDraws;
  counts: TodoistSeed;
}

export function seedContext(accountSeed: number, counts: TodoistSeed): SeedContext {
  return { draws: seedDraws(accountSeed), counts: { ...counts, projects: Math.max(1, counts.projects) } };
}

const SALT = { user: 0x7d0, project: 0x7d1, task: 0x7d2, time: 0x7df } as const;

function user(ctx: SeedContext, index: number): TodoistRecord {
  const rng = ctx.draws.rng(SALT.user, index);
  const { first, last } = index === 0 ? { first: 'Ada', last: 'Owner' } : personName(rng);
  return {
    id: ID_BASE.users + index,
    ...ctx.draws.times(TIMELINES.users, SALT.time, index),
    fields: { name: `${first} ${last}`, email: seedEmail(first, last, index, USER_DOMAIN) },
  };
}

const PROJECT_NAMES = ['Website relaunch', 'Hiring', 'Quarterly planning', 'Office move', 'Customer onboarding', 'Errands'] as const;
const COLORS = ['berry_red', 'blue', 'green', 'orange', 'grape', 'teal'] as const;

/** Whether seed project `index` is shared (the Inbox never is; then every other project). */
export const isSharedSeedProject = (index: number) => index > 0 && index % 2 === 1;

/** The collaborators of seed project `index`: the owner, and for a shared project half of the other users. */
export function seedCollaborators(ctx: SeedContext, index: number): number[] {
  if (!isSharedSeedProject(index)) return [ID_BASE.users];
  const k = (index - 1) / 2;
  const others = Array.from({ length: ctx.counts.users }, (_, i) => i + 1).filter((u) => (u + k) % 2 === 1);
  return [ID_BASE.users, ...others.map((u) => ID_BASE.users + u)];
}

function project(ctx: SeedContext, index: number): TodoistRecord {
  const rng = ctx.draws.rng(SALT.project, index);
  const round = Math.floor((index - 1) / PROJECT_NAMES.length);
  const name = index === 0 ? 'Inbox' : `${PROJECT_NAMES[(index - 1) % PROJECT_NAMES.length] as string}${round ? ` ${round + 1}` : ''}`;
  return {
    id: ID_BASE.projects + index,
    ...ctx.draws.times(TIMELINES.projects, SALT.time ^ 1, index),
    fields: {
      name,
      color: index === 0 ? 'charcoal' : rng.pick(COLORS),
      description: '',
      inbox_project: index === 0,
      is_favorite: rng.chance(0.2),
      view_style: rng.pick(['list', 'list', 'board']),
      child_order: index,
      collaborators: seedCollaborators(ctx, index),
    },
  };
}

const TASKS = [
  'Draft the announcement',
  'Call the supplier',
  'Review the budget',
  'Book the meeting room',
  'Send the invoices',
  'Update the roadmap',
  'Prepare the slides',
  'Reply to the landlord',
] as const;
const LABELS = ['urgent', 'waiting', 'home', 'office'] as const;

/** Whether seed task `index` is a subtask of the task before it (about 60 % of the odd tasks; their parent, an even one, never is). */
const isSubtask = (ctx: SeedContext, index: number) => index % 2 === 1 && ctx.draws.unit(SALT.task ^ 0x31, index) < 0.6;

/** The day (`YYYY-MM-DD`) of epoch ms. */
export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function task(ctx: SeedContext, index: number): TodoistRecord {
  const rng = ctx.draws.rng(SALT.task, index);
  const times = ctx.draws.times(TIMELINES.tasks, SALT.time ^ 2, index);
  const parent = isSubtask(ctx, index) ? task(ctx, index - 1) : undefined;
  const projectIndex = parent ? (parent.fields['project_id'] as number) - ID_BASE.projects : rng.int(ctx.counts.projects);
  const collaborators = seedCollaborators(ctx, projectIndex);
  const assignee = isSharedSeedProject(projectIndex) && rng.chance(0.5) ? rng.pick(collaborators) : null;
  // A parent completed has its subtasks completed (closing a task closes its subtasks).
  const completed = parent?.fields['checked'] === true || rng.chance(0.25);
  const completedAt = completed
    ? Math.max(times.createdAt + rng.between(1, 20) * DAY + rng.between(1, 9) * HOUR, (parent?.fields['completed_at'] as number | null) ?? 0)
    : null;
  const dueAt = rng.chance(0.6) ? times.createdAt + rng.between(1, 30) * DAY : null;
  const content = rng.pick(TASKS);
  return {
    id: ID_BASE.tasks + index,
    createdAt: times.createdAt,
    updatedAt: Math.max(times.updatedAt, completedAt ?? 0),
    fields: {
      content,
      description: rng.chance(0.4) ? `${content}: see the shared notes.` : '',
      project_id: ID_BASE.projects + projectIndex,
      section_id: null,
      parent_id: parent ? parent.id : null,
      added_by_uid: ID_BASE.users,
      assigned_by_uid: assignee === null ? null : ID_BASE.users,
      responsible_uid: assignee,
      labels: rng.chance(0.3) ? [rng.pick(LABELS)] : [],
      priority: rng.pick([1, 1, 1, 2, 3, 4]),
      due: dueAt === null ? null : { date: dayOf(dueAt), string: dayOf(dueAt), lang: 'en', is_recurring: false, timezone: null, datetime: null },
      checked: completed,
      completed_at: completedAt,
      child_order: index + 1,
      day_order: -1,
      is_collapsed: false,
    },
  };
}

const SHAPE = stampedRecordShape<TodoistRecord>();

/** The fake's objects. Users' e-mail addresses are unique. */
export const OBJECTS = {
  users: {
    shape: SHAPE,
    idBase: ID_BASE.users,
    seedCount: (ctx) => 1 + ctx.counts.users,
    generate: user,
    timeline: TIMELINES.users,
    unique: {
      valueOf: (r: TodoistRecord) => r.fields['email'] as string | undefined,
      seedIndexOf: (value: string, ctx: SeedContext) => {
        const index = seedIndexFromEmail(value);
        return index !== undefined && index <= ctx.counts.users ? index : undefined;
      },
    },
  } satisfies SeededObject<TodoistRecord, SeedContext>,
  projects: {
    shape: SHAPE,
    idBase: ID_BASE.projects,
    seedCount: (ctx) => ctx.counts.projects,
    generate: project,
    timeline: TIMELINES.projects,
  } satisfies SeededObject<TodoistRecord, SeedContext>,
  tasks: {
    shape: SHAPE,
    idBase: ID_BASE.tasks,
    seedCount: (ctx) => ctx.counts.tasks,
    generate: task,
    timeline: TIMELINES.tasks,
    // Indexed by parent: a task's subtasks are found without a scan.
    linksOf: (r: TodoistRecord) => (r.fields['parent_id'] === null ? [] : [r.fields['parent_id'] as number]),
  } satisfies SeededObject<TodoistRecord, SeedContext>,
};

/** Todoist's time format: ISO 8601 in UTC with microseconds (`2025-01-07T10:00:00.000000Z`). */
export function todoistTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
