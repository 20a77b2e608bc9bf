/**
 * Notes (v1 `Note`) and activities (v2 `ActivityItem`), seeded on the seed deals: note `i` on deal `i + 1`, activity
 * `2k` a call, meeting or e-mail on deal `k + 1` and `2k + 1` a task. Write rules are Pipedrive's (a note needs
 * content and an attachment; an activity's type is one of the company's; linked records must exist).
 */
import type { Rng } from '../shared/prng.js';
import { wholeSeconds } from '../shared/records-seed.js';
import { type SeedTimeline, seedTimes } from '../shared/seeded-account.js';
import type { Stamped } from './records.js';
import type { SeedContext } from './seed.js';
import { dealMeta } from './seed.js';

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
