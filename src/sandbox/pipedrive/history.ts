/**
 * Notes (v1 `Note`) and activities (v2 `ActivityItem`), seeded on the seed deals: note `i` on deal `i + 1`, activity
 * `2k` a call, meeting or e-mail on deal `k + 1` and `2k + 1` a task. Write rules are Pipedrive's (a note needs
 * content and an attachment; an activity's type is one of the company's; linked records must exist).
 */
import { wholeSeconds } from '../shared/records-seed.js';
import type { Stamped } from './records.js';
import { dealMeta, type SeedContext, seedRecord, seedStamps } from './seed.js';

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
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Generates seed note `index` (on deal `index + 1`). */
export function seedNote(ctx: SeedContext, index: number): NoteRecord {
  const rng = ctx.draws.rng(0x70e, index);
  const stamps = seedStamps('note', rng, index);
  return seedRecord(ctx, 'note', rng, { ...dealMeta(ctx, index), ...stamps, id: index + 1, dealId: index + 1 });
}

/** Generates seed activity `index`: a call, meeting or e-mail (even) or a task (odd) on deal `floor(index / 2) + 1`. */
export function seedActivity(ctx: SeedContext, index: number): ActivityRecord {
  const rng = ctx.draws.rng(0xac7, index);
  const stamps = seedStamps('activity', rng, index);
  const k = Math.floor(index / 2);
  const deal = dealMeta(ctx, k);
  const type = index % 2 === 1 ? 'task' : (['call', 'meeting', 'email'][k % 3] as string);
  const scope = { ...deal, ...stamps, id: index + 1, dealId: k + 1, type, timed: type === 'task' ? undefined : true, busy: type === 'meeting' };
  return seedRecord(ctx, 'activity', rng, scope, (drawn) => {
    const due = stamps.createdAt + Number(drawn['dueDays']) * DAY;
    return {
      dueDate: isoDate(due),
      markedAsDoneTime: drawn['done'] ? wholeSeconds(Math.min(due, stamps.updatedAt)) : null,
      participants: deal.personId ? [{ person_id: deal.personId, primary: true }] : [],
      attendees: type === 'meeting' ? [{ email: `buyer${k}@example.com`, name: null }] : [],
    };
  });
}
