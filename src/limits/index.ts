/**
 * The budgets of provider accounts' rate-limit windows, shared by every Weft process on the database (the one owner
 * of `rate_limit_windows`). Each window is one row holding the grants processes took: slices of the budget, each
 * occupying the window until a time. A grant still being spent has a provisional end far enough away to cover its
 * requests; when its process settles it, only the slots it used stay, each until an interval after its response. A
 * process that dies leaves its grant to expire at the provisional end.
 */
import { randomUUID } from 'node:crypto';

import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { Logger } from 'pino';

import { GRANT_OPEN_MS, type SharedWindowStore } from '../connectors/index.js';
import type { Database } from '../db/database.js';
import { storedJson } from '../lib/stored-json.js';

/**
 * How long a provider request is expected to take at most: a grant's provisional end covers one started at the
 * grant's last moment. (A process that is alive settles its grant with the true times, even after a slower request.)
 */
const REQUEST_ALLOWANCE_MS = 10_000;

/**
 * `[grantId, slots, occupiedUntil, max]`: `max` is the window's size as the process that took the grant saw it, so
 * that a grant occupies its share of the window (slots / max) even when processes disagree about the size (one has
 * already read the provider's headers, another still has the connector's declared limit).
 */
type StoredGrant = [string, number, number, number];

/** The one decoding of `rate_limit_windows.grants` (grants stored before the window size was kept have 3 members). */
const decodeGrants = storedJson(
  'rate_limit_windows.grants',
  Type.Unsafe<StoredGrant[]>({
    type: 'array',
    items: {
      type: 'array',
      minItems: 3,
      maxItems: 4,
      items: [{ type: 'string' }, { type: 'number' }, { type: 'number' }, { type: 'number' }],
    },
  }),
);

export function createSharedWindowStore(database: Database, log: Logger, now: () => number = Date.now): SharedWindowStore {
  const { profile } = database;

  /** Runs `change` on the window's grants (unexpired ones) in a write transaction that holds the window's row. */
  const withGrants = <T>(key: string, change: (grants: StoredGrant[], at: number) => { result: T; grants: StoredGrant[] | null }) =>
    database.write(async (trx) => {
      const at = now();
      // A grant is worth no wait for the disk: after a database crash the worst is a window's budget spent twice
      // for one interval. (SQLite's write is already cheap: WAL with synchronous=NORMAL.)
      if (!profile.beginImmediate) await sql`set local synchronous_commit to off`.execute(trx);
      const read = () =>
        trx
          .selectFrom('rate_limit_windows')
          .select('grants')
          .where('window_key', '=', key)
          // SQLite's BEGIN IMMEDIATE already makes this transaction the only writer.
          .$if(!profile.beginImmediate, (q) => q.forUpdate())
          .executeTakeFirst();
      let row = await read();
      if (!row) {
        await trx
          .insertInto('rate_limit_windows')
          .values({ window_key: key, grants: '[]', updated_at: at })
          .onConflict((oc) => oc.column('window_key').doNothing())
          .execute();
        row = (await read()) as { grants: string };
      }
      const live = decodeGrants(row.grants).filter((g) => g[2] > at);
      const { result, grants } = change(live, at);
      if (grants)
        await trx
          .updateTable('rate_limit_windows')
          .set({ grants: JSON.stringify(grants), updated_at: at })
          .where('window_key', '=', key)
          .execute();
      return result;
    });

  return {
    reserve(key, want, window) {
      return withGrants<{ grantId: string; slots: number } | { retryAt: number }>(key, (grants, at) => {
        const share = grants.reduce((n, g) => n + g[1] / (g[3] ?? window.max), 0);
        const free = Math.floor(window.max * (1 - share) + 1e-9);
        if (free <= 0) {
          return { result: { retryAt: Math.min(...grants.map((g) => g[2])) }, grants: null };
        }
        const slots = Math.min(want, free);
        const grantId = randomUUID();
        grants.push([grantId, slots, at + GRANT_OPEN_MS + REQUEST_ALLOWANCE_MS + window.intervalMs, window.max]);
        return { result: { grantId, slots }, grants };
      });
    },
    settle(key, grantId, until, windowMax) {
      return withGrants(key, (grants, at) => {
        const kept = grants.filter((g) => g[0] !== grantId);
        // The slots used count in the window as the process sees it now (it may have read the provider's headers
        // since it took the grant).
        for (const end of until) if (end > at) kept.push([grantId, 1, end, windowMax]);
        return { result: undefined, grants: kept };
      }).catch((e: unknown) => {
        // The grant then stays until its provisional end: the window is smaller for a while, never exceeded.
        log.warn({ err: e, window: key }, 'could not give back unused rate-limit slots');
      });
    },
  };
}
