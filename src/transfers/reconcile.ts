/**
 * Writes of unknown outcome, settled by reading the provider. When the answer to a write is lost (the provider timed
 * out or failed after it may have committed, or the worker died with the batch in flight), Weft never sends the write
 * again blindly. Instead it reads the provider once: an update is confirmed when the record now holds what was sent;
 * a create is found when exactly one record changed since the batch was sent holds what was sent and no other lost
 * write of the batch claims it. A found record is reported as written, with its id and a warning saying how it was
 * found; anything else stays of unknown outcome.
 *
 * What "holds what was sent" means: every value sent is compared with the record read back in the session schema's
 * shape (text without regard to case or surrounding space, numbers by value, instants by time, lists element by
 * element as subsets). A field the record does not hold at all (read back empty: a field this provider does not keep)
 * is not compared; a value that differs rejects the record. At least two values (or every value, when fewer were sent)
 * must have been compared, so that a record is never found on nothing.
 */
import type { PulledRecord, PushResult } from '../connectors/index.js';
import type { Condition } from '../model/filter.js';
import type { Connection } from '../sessions/connections.js';
import type { FieldPlan } from './field-plan.js';

/** A write whose outcome is to be settled: what was sent, in the session schema's shape, and to which record. */
export interface LostWrite {
  index: number;
  /** The record updated, or null for a create. */
  id: string | null;
  data: Record<string, unknown>;
}

/** How far before the batch was sent a created record's change time may lie (clocks of Weft and provider differ). */
export const CLOCK_SLACK_MS = 60_000;
/** Most pages read to find created records (the read is bounded; what it does not reach stays unknown). */
export const MAX_PAGES = 20;

export const FOUND_BY_READ =
  "The provider's answer to this write was lost; reading the provider afterwards found the record written, so it is reported with its id.";

/** Compares a sent value with the value read back: whether every comparable leaf matched, and how many were compared. */
export function compare(sent: unknown, got: unknown): { ok: boolean; leaves: number } {
  if (sent === null || sent === undefined || sent === '') return { ok: true, leaves: 0 };
  if (got === null || got === undefined || got === '') return { ok: true, leaves: 0 };
  if (Array.isArray(sent)) {
    if (!Array.isArray(got)) return { ok: false, leaves: 1 };
    let leaves = 0;
    for (const element of sent) {
      let best: { ok: boolean; leaves: number } | undefined;
      for (const candidate of got) {
        const c = compare(element, candidate);
        if (c.ok && c.leaves > 0 && (!best || c.leaves > best.leaves)) best = c;
      }
      if (!best) {
        // An element with nothing comparable in it is not a mismatch; one that matches no element read back is.
        if (got.some((candidate) => compare(element, candidate).leaves > 0)) return { ok: false, leaves: leaves + 1 };
        continue;
      }
      leaves += best.leaves;
    }
    return { ok: true, leaves };
  }
  if (typeof sent === 'object') {
    if (typeof got !== 'object' || Array.isArray(got)) return { ok: false, leaves: 1 };
    let leaves = 0;
    for (const [key, value] of Object.entries(sent as Record<string, unknown>)) {
      const c = compare(value, (got as Record<string, unknown>)[key]);
      if (!c.ok) return { ok: false, leaves: leaves + c.leaves };
      leaves += c.leaves;
    }
    return { ok: true, leaves };
  }
  return { ok: sameScalar(sent, got), leaves: 1 };
}

function sameScalar(sent: unknown, got: unknown): boolean {
  if (typeof sent === 'number' || typeof got === 'number') {
    const a = Number(sent);
    const b = Number(got);
    return Number.isFinite(a) && Number.isFinite(b) && a === b;
  }
  if (typeof sent === 'boolean' || typeof got === 'boolean') return String(sent).toLowerCase() === String(got).toLowerCase();
  if (typeof sent !== 'string' || typeof got !== 'string') return false;
  const a = sent.trim().toLowerCase();
  const b = got.trim().toLowerCase();
  if (a === b) return true;
  // Instants written in another form (a zone, milliseconds) are the same time.
  if (/^\d{4}-\d{2}-\d{2}t/.test(a) && /^\d{4}-\d{2}-\d{2}t/.test(b)) {
    const ta = Date.parse(sent);
    return !Number.isNaN(ta) && ta === Date.parse(got);
  }
  return false;
}

/** Whether `record` (read back, in the session schema's shape) holds what was sent. */
export function holds(sent: Record<string, unknown>, record: Record<string, unknown>): boolean {
  const c = compare(sent, record);
  if (!c.ok) return false;
  const given = countLeaves(sent);
  return given > 0 && c.leaves >= Math.min(2, given);
}

function countLeaves(value: unknown): number {
  if (value === null || value === undefined || value === '') return 0;
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + countLeaves(v), 0);
  if (typeof value === 'object') return Object.values(value as Record<string, unknown>).reduce<number>((n, v) => n + countLeaves(v), 0);
  return 1;
}

/**
 * Settles the lost writes by reading the provider. Returns a result for each write it found written; the others are
 * left to the caller (they stay of unknown outcome). `known` tells which of some provider ids this transfer already
 * reports: a lost create cannot have made those.
 */
export async function settleLostWrites(
  conn: Pick<Connection, 'connector' | 'client'>,
  plan: FieldPlan,
  lost: LostWrite[],
  sentAt: number,
  known: (ids: string[]) => Promise<Set<string>>,
): Promise<Map<number, PushResult>> {
  const found = new Map<number, PushResult>();
  const written = (w: LostWrite, id: string): PushResult => ({ index: w.index, success: true, id, errors: [], warnings: [FOUND_BY_READ] });

  const updates = lost.filter((w) => w.id !== null);
  if (updates.length) {
    const current = await conn.connector.read(conn.client, plan.endgrateType, [...new Set(updates.map((w) => w.id as string))], plan.readFields);
    for (const w of updates) {
      const record = current.get(w.id as string);
      if (record && holds(w.data, plan.shape(record))) found.set(w.index, written(w, w.id as string));
    }
  }

  const creates = lost.filter((w) => w.id === null);
  if (!creates.length) return found;
  const since = sentAt - CLOCK_SLACK_MS;
  const filter: Condition[] = [{ kind: 'range', field: 'updated_at', type: 'date-time', ranges: [{ min: since, max: null }] }];
  const candidates: Array<{ id: string; data: Record<string, unknown> }> = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page = await conn.connector.pull(conn.client, {
      endgrateType: plan.endgrateType,
      cursor,
      associations: [],
      fields: plan.readFields,
      filter,
    });
    for (const r of page.records) if (changedSince(r, plan, since)) candidates.push({ id: r.id, data: plan.shape(r) });
    cursor = page.next;
    if (cursor === null) break;
  }
  // Records beyond the bounded read could match too: then no create is settled.
  if (cursor !== null) return found;
  const taken = candidates.length ? await known(candidates.map((c) => c.id)) : new Set<string>();
  const fresh = candidates.filter((c) => !taken.has(c.id));
  // Each write with its matching records; a record matched by two writes, or a write with two records, stays unknown.
  const matches = new Map<number, string[]>();
  const claims = new Map<string, number>();
  for (const w of creates) {
    const ids = fresh.filter((c) => holds(w.data, c.data)).map((c) => c.id);
    matches.set(w.index, ids);
    for (const id of ids) claims.set(id, (claims.get(id) ?? 0) + 1);
  }
  for (const w of creates) {
    const ids = matches.get(w.index) ?? [];
    const [id] = ids;
    if (ids.length === 1 && id !== undefined && claims.get(id) === 1) found.set(w.index, written(w, id));
  }
  return found;
}

/** The provider's filter may be looser than asked (a whole second, or none at all): Weft checks the change time itself. */
function changedSince(record: PulledRecord, plan: FieldPlan, since: number): boolean {
  const updated = record.data['updated_at'] ?? plan.shape(record)['updated_at'];
  if (typeof updated !== 'string') return false;
  const t = Date.parse(updated);
  return !Number.isNaN(t) && t >= since - 1000;
}
