/**
 * The Asana fake's records and their deterministic seed: one workspace per account; its users (the owner first);
 * projects; tasks (each in one project, most assigned, some completed, some with a due date, every tenth a subtask of
 * the task before it, in the same project). Ids are Asana's numeric gids (rendered as strings).
 */
import { personName } from '../shared/names.js';
import { seedEmail, seedIndexFromEmail } from '../shared/objects-seed.js';
import { type SeedDraws, seedDraws } from '../shared/records-seed.js';
import { stampedRecordShape } from '../shared/records-shape.js';
import type { SeededObject, SeedTimeline } from '../shared/seeded-account.js';

/** A record of any object. Times are epoch ms. */
export interface AsanaRecord {
  id: number;
  createdAt: number;
  updatedAt: number;
  removedAt?: number;
  fields: Record<string, unknown>;
}

export type AsanaObject = 'users' | 'projects' | 'tasks';

/** The seed sizes a sandbox takes. */
export type AsanaSeed = Record<AsanaObject, number>;

/** Each object's gid of seed record 0 (created records follow their seed range), and the workspace's. */
export const ID_BASE: Record<AsanaObject | 'workspace', number> = {
  workspace: 1_199_000_000_000_001,
  users: 1_200_000_000_000_001,
  projects: 1_201_000_000_000_001,
  tasks: 1_202_000_000_000_001,
};

/** The domain of every sandbox workspace's members. */
export const TEAM_DOMAIN = 'team.example.com';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const TIMELINES: Record<AsanaObject, SeedTimeline> = {
  users: { epoch: Date.UTC(2023, 0, 2), spacing: DAY, maxEditAge: 0 },
  projects: { epoch: Date.UTC(2023, 5, 1), spacing: 7 * DAY, maxEditAge: 60 * DAY },
  tasks: { epoch: Date.UTC(2024, 0, 3), spacing: 4 * HOUR, maxEditAge: 30 * DAY },
};

export interface SeedContext {
  draws: SeedDraws;
  counts: AsanaSeed;
}

export function seedContext(accountSeed: number, counts: AsanaSeed): SeedContext {
  // A workspace always has its owner.
  return { draws: seedDraws(accountSeed), counts: { ...counts, users: Math.max(1, counts.users) } };
}

const SALT = { user: 0x3a0, project: 0x3a1, task: 0x3a2, time: 0x3af } as const;

function user(ctx: SeedContext, index: number): AsanaRecord {
  const { first, last } = personName(ctx.draws.rng(SALT.user, index));
  return {
    id: ID_BASE.users + index,
    ...ctx.draws.times(TIMELINES.users, SALT.time, index),
    fields: { name: `${first} ${last}`, email: seedEmail(first, last, index, TEAM_DOMAIN) },
  };
}

const PROJECTS = ['Website relaunch', 'Quarterly planning', 'Customer onboarding', 'Hiring', 'Product launch', 'Office move'] as const;

function project(ctx: SeedContext, index: number): AsanaRecord {
  const round = Math.floor(index / PROJECTS.length);
  return {
    id: ID_BASE.projects + index,
    ...ctx.draws.times(TIMELINES.projects, SALT.time ^ 1, index),
    fields: { name: `${PROJECTS[index % PROJECTS.length] as string}${round ? ` ${round + 1}` : ''}`, archived: false },
  };
}

const VERBS = ['Draft', 'Review', 'Schedule', 'Update', 'Plan', 'Send', 'Prepare', 'Check'] as const;
const THINGS = ['the brief', 'the budget', 'the kickoff meeting', 'the press release', 'the roadmap', 'the contract', 'the slides'] as const;

/** The project of seed task `index` (a subtask shares its parent's). */
function projectOf(ctx: SeedContext, index: number): number | null {
  if (ctx.counts.projects === 0) return null;
  const home = index % 10 === 9 ? index - 1 : index;
  return ID_BASE.projects + (ctx.draws.rng(SALT.task ^ 0x11, home).int(ctx.counts.projects) as number);
}

function task(ctx: SeedContext, index: number): AsanaRecord {
  const rng = ctx.draws.rng(SALT.task, index);
  const times = ctx.draws.times(TIMELINES.tasks, SALT.time ^ 2, index);
  const completed = rng.chance(0.3);
  const due = rng.chance(0.6) ? new Date(times.createdAt + rng.between(1, 30) * DAY).toISOString().slice(0, 10) : null;
  const projectId = projectOf(ctx, index);
  return {
    id: ID_BASE.tasks + index,
    ...times,
    fields: {
      name: `${rng.pick(VERBS)} ${rng.pick(THINGS)}`,
      notes: rng.chance(0.5) ? 'See the shared folder for the details.' : '',
      completed,
      completed_at: completed ? times.updatedAt : null,
      due_on: due,
      assignee: rng.chance(0.8) ? ID_BASE.users + rng.int(ctx.counts.users) : null,
      projects: projectId === null ? [] : [projectId],
      parent: index % 10 === 9 ? ID_BASE.tasks + index - 1 : null,
    },
  };
}

const SHAPE = stampedRecordShape<AsanaRecord>();

/** The fake's objects. Users' e-mail addresses are unique. */
export const OBJECTS = {
  users: {
    shape: SHAPE,
    idBase: ID_BASE.users,
    seedCount: (ctx) => ctx.counts.users,
    generate: user,
    timeline: TIMELINES.users,
    unique: {
      valueOf: (r: AsanaRecord) => r.fields['email'] as string | undefined,
      seedIndexOf: (value: string, ctx: SeedContext) => {
        const index = seedIndexFromEmail(value);
        return index !== undefined && index < ctx.counts.users ? index : undefined;
      },
    },
  } satisfies SeededObject<AsanaRecord, SeedContext>,
  projects: {
    shape: SHAPE,
    idBase: ID_BASE.projects,
    seedCount: (ctx) => ctx.counts.projects,
    generate: project,
    timeline: TIMELINES.projects,
  } satisfies SeededObject<AsanaRecord, SeedContext>,
  tasks: {
    shape: SHAPE,
    idBase: ID_BASE.tasks,
    seedCount: (ctx) => ctx.counts.tasks,
    generate: task,
    timeline: TIMELINES.tasks,
  } satisfies SeededObject<AsanaRecord, SeedContext>,
};

/** Asana's time format: ISO 8601 in UTC with milliseconds (`2024-01-02T03:04:05.000Z`). */
export const asanaTime = (ms: number): string => new Date(ms).toISOString();
