/**
 * The durable job queue, in the same database as the state the jobs change. A worker claims a job with a lease
 * (a random token and an expiry); while it works it renews the lease, and every write it makes to the job's state
 * checks the token in the same transaction (fencing). When a worker dies, its lease runs out and another worker
 * claims the job; a worker that lost its lease cannot commit anything more, so no work is stored twice.
 */
import { type Kysely, sql } from 'kysely';

import type { Database } from '../db/database.js';
import type { DialectProfile } from '../db/dialect.js';
import type { DB, JobsTable } from '../db/schema.js';
import type { SqlStatement } from '../db/statements.js';
import { newId, randomToken } from '../lib/ids.js';
import { currentTraceparent } from '../telemetry/index.js';
import { claimLeased, deleteLeased, type LeasedTable, updateLeased } from './lease.js';

export interface EnqueueOptions {
  kind: string;
  payload: unknown;
  runAt?: number;
  priority?: number;
  maxAttempts?: number;
  transferId?: string | null;
  /**
   * Jobs with the same serial key run one at a time, in the order they were enqueued: a job is handed out only when
   * no older job of its key is still queued or running.
   */
  serialKey?: string | null;
}

export interface ClaimedJob {
  id: string;
  kind: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
  leaseToken: string;
  transferId: string | null;
  /** W3C `traceparent` of the span that enqueued the job (null: traces off, or enqueued outside a span). */
  traceParent: string | null;
}

export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  constructor(jobId: string) {
    super(`The lease on job ${jobId} was lost (it expired and another worker took the job, or the job was removed).`);
  }
}

/**
 * Thrown by a job that stopped at a checkpoint because its worker is shutting down: the worker gives the job back at
 * once (the attempt does not count), and whoever takes it next resumes from that checkpoint.
 */
export class JobHandedBack extends Error {
  override readonly name = 'JobHandedBack';
  constructor(jobId: string) {
    super(`Job ${jobId} stopped at a checkpoint: its worker is shutting down.`);
  }
}

/** Adds a job. Pass the transaction that creates the state the job works on, so both commit or neither does. */
export async function enqueue(db: Kysely<DB>, options: EnqueueOptions, now = Date.now()): Promise<string> {
  const id = newId(now);
  await db
    .insertInto('jobs')
    .values({
      id,
      kind: options.kind,
      payload: JSON.stringify(options.payload ?? null),
      status: 'queued',
      priority: options.priority ?? 0,
      run_at: options.runAt ?? now,
      attempts: 0,
      max_attempts: options.maxAttempts ?? 10,
      lease_owner: null,
      lease_token: null,
      lease_expires_at: null,
      last_error: null,
      transfer_id: options.transferId ?? null,
      serial_key: options.serialKey ?? null,
      // The trace of the request (or job) enqueuing it, continued by whichever worker runs it.
      trace_parent: currentTraceparent(),
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

/**
 * Deletes the jobs that work on these transfers, queued or running (their transfers are being deleted; a worker
 * running one loses its lease at its next fence and stops). Run in the transaction that deletes the transfers.
 */
export async function deleteTransferJobs(db: Kysely<DB>, transferIds: readonly string[]): Promise<void> {
  if (!transferIds.length) return;
  await db.deleteFrom('jobs').where('transfer_id', 'in', transferIds).execute();
}

/**
 * The jobs table under the lease core: a job is due when queued and its time has come, or running under a lease that
 * ran out; a job of a serial key waits while another job of its key runs, or an older one is queued. ("Runs"
 * whatever its age: a younger job committed and claimed before an older one's insert was visible must still hold
 * it.) Higher priority first, then the earliest due.
 */
export const JOBS: LeasedTable<'jobs'> = {
  table: 'jobs',
  token: 'lease_token',
  expires: 'lease_expires_at',
  due: (eb, now) =>
    eb.or([
      eb.and([eb('self.status', '=', 'queued'), eb('self.run_at', '<=', now)]),
      eb.and([eb('self.status', '=', 'running'), eb('self.lease_expires_at', '<', now)]),
    ]),
  group: 'serial_key',
  blocks: (eb) =>
    eb.or([
      eb('other.status', '=', 'running'),
      eb.and([
        eb('other.status', '=', 'queued'),
        eb.or([
          eb('other.created_at', '<', eb.ref('self.created_at')),
          eb.and([eb('other.created_at', '=', eb.ref('self.created_at')), eb('other.id', '<', eb.ref('self.id'))]),
        ]),
      ]),
    ]),
  held: (eb) => eb('other.status', '=', 'running'),
  order: [
    ['priority', 'desc'],
    ['run_at', 'asc'],
    ['id', 'asc'],
  ],
};

/** Claims the next job that is due, or whose previous worker's lease ran out (see JOBS and src/jobs/lease.ts). */
export async function claim(database: Database, owner: string, leaseMs: number, now = Date.now()): Promise<ClaimedJob | null> {
  const [row] = await claimLeased<'jobs', JobsTable>(database, JOBS, {
    limit: 1,
    token: randomToken(16),
    now,
    set: { status: 'running', lease_owner: owner, lease_expires_at: now + leaseMs, attempts: sql<number>`attempts + 1`, updated_at: now },
  });
  return row ? toClaimed(row) : null;
}

function toClaimed(row: JobsTable): ClaimedJob {
  return {
    id: row.id,
    kind: row.kind,
    payload: JSON.parse(row.payload) as unknown,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    leaseToken: row.lease_token as string,
    transferId: row.transfer_id,
    traceParent: row.trace_parent ?? null,
  };
}

/**
 * Checks, inside the caller's transaction, that this worker still holds the job's lease, and extends it. Throws
 * LeaseLostError otherwise, which rolls the transaction back.
 */
export async function assertLease(trx: Kysely<DB>, job: ClaimedJob, leaseMs: number, now = Date.now()): Promise<void> {
  const kept = await updateLeased(trx, JOBS, job.id, job.leaseToken, { lease_expires_at: now + leaseMs, updated_at: now }, (eb) =>
    eb('status', '=', 'running'),
  );
  if (!kept) throw new LeaseLostError(job.id);
}

/**
 * The check every write of a job's state makes in its transaction. On SQLite the write transaction already holds
 * the only write lock (BEGIN IMMEDIATE), so reading the lease token is enough; elsewhere the lease row is updated,
 * which also locks it until commit.
 */
export async function fence(trx: Kysely<DB>, profile: DialectProfile, job: ClaimedJob, leaseMs: number, now = Date.now()): Promise<void> {
  if (!profile.beginImmediate) return assertLease(trx, job, leaseMs, now);
  const row = await trx
    .selectFrom('jobs')
    .select('id')
    .where('id', '=', job.id)
    .where('lease_token', '=', job.leaseToken)
    .where('status', '=', 'running')
    .executeTakeFirst();
  if (!row) throw new LeaseLostError(job.id);
}

const FENCE_SQL = new Map<string, string>();

/**
 * The fence as one statement of SQL text, for writes made of such statements (`Database.writeStatements`): the same
 * check as {@link fence}, `required` to return (SQLite: a read under the write lock) or change (elsewhere: the lease
 * renewed, its row locked until commit) the job's row, else LeaseLostError and the transaction rolled back.
 */
export function fenceStatement(profile: DialectProfile, job: ClaimedJob, leaseMs: number, now = Date.now()): SqlStatement {
  let text = FENCE_SQL.get(profile.name);
  if (!text) {
    let n = 0;
    const p = () => profile.placeholder(++n);
    text = profile.beginImmediate
      ? `select "id" from "jobs" where "id" = ${p()} and "lease_token" = ${p()} and "status" = 'running'`
      : `update "jobs" set "lease_expires_at" = ${p()}, "updated_at" = ${p()} where "id" = ${p()} and "lease_token" = ${p()} and "status" = 'running'`;
    FENCE_SQL.set(profile.name, text);
  }
  return {
    sql: text,
    params: profile.beginImmediate ? [job.id, job.leaseToken] : [now + leaseMs, now, job.id, job.leaseToken],
    required: () => new LeaseLostError(job.id),
  };
}

/** Renews the lease; false when it was lost. */
export async function heartbeat(db: Kysely<DB>, job: ClaimedJob, leaseMs: number, now = Date.now()): Promise<boolean> {
  try {
    await assertLease(db, job, leaseMs, now);
    return true;
  } catch (e) {
    if (e instanceof LeaseLostError) return false;
    throw e;
  }
}

/** Removes a finished job (fenced by its lease). */
export async function complete(db: Kysely<DB>, job: ClaimedJob): Promise<void> {
  if (!(await deleteLeased(db, JOBS, job.id, job.leaseToken))) throw new LeaseLostError(job.id);
}

/** Puts a job back in the queue for `runAt`, or marks it failed for good when `runAt` is null. */
export async function fail(db: Kysely<DB>, job: ClaimedJob, error: string, runAt: number | null, now = Date.now()): Promise<void> {
  const kept = await updateLeased(db, JOBS, job.id, job.leaseToken, {
    status: runAt === null ? 'failed' : 'queued',
    run_at: runAt ?? now,
    lease_owner: null,
    lease_token: null,
    lease_expires_at: null,
    last_error: error.slice(0, 4000),
    updated_at: now,
  });
  if (!kept) throw new LeaseLostError(job.id);
}

/**
 * Gives a lease back (a worker shutting down, a database that went away under the job), so that another worker can
 * take the job at `runAt` (now by default). The claim does not count as an attempt.
 */
export async function release(db: Kysely<DB>, job: ClaimedJob, now = Date.now(), runAt = now): Promise<void> {
  await updateLeased(db, JOBS, job.id, job.leaseToken, {
    status: 'queued',
    run_at: runAt,
    // A job given back was not attempted: its claim does not count.
    attempts: sql<number>`attempts - 1`,
    lease_owner: null,
    lease_token: null,
    lease_expires_at: null,
    updated_at: now,
  });
}

/**
 * Gives back at once the jobs leased by processes of this machine (`host`, as in a worker id `host:pid:token`) that
 * are no longer alive: a restarted process need not wait out its dead predecessor's leases. The claim that crashed
 * still counts as an attempt. Returns the ids given back.
 */
export async function reclaimOrphans(db: Kysely<DB>, host: string, isAlive: (pid: number) => boolean, now = Date.now()): Promise<string[]> {
  const rows = await db.selectFrom('jobs').select(['id', 'lease_owner', 'lease_token']).where('status', '=', 'running').execute();
  const given: string[] = [];
  for (const row of rows) {
    if (!row.lease_owner?.startsWith(`${host}:`)) continue;
    const parts = (row.lease_owner ?? '').slice(host.length + 1).split(':');
    const pid = Number(parts[0]);
    if (parts.length !== 2 || !Number.isInteger(pid) || pid <= 0 || isAlive(pid)) continue;
    const res = await db
      .updateTable('jobs')
      .set({ status: 'queued', run_at: now, lease_owner: null, lease_token: null, lease_expires_at: null, updated_at: now })
      .where('id', '=', row.id)
      .where('lease_token', '=', row.lease_token)
      .where('status', '=', 'running')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 1) given.push(row.id);
  }
  return given;
}

/**
 * The one retry schedule of the queue's users (jobs, webhook deliveries): the wait before the next attempt after
 * `attempts` attempts is the base doubled for each attempt after the first, capped at `maxMs`, with ±20% jitter so
 * that what comes back up is not hit by every retry at once (`random` returning 0.5 gives the exact value).
 */
export function backoff(attempts: number, baseMs: number, maxMs: number, random = Math.random): number {
  const exact = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30));
  return Math.max(1, Math.min(maxMs, Math.round(exact * (0.8 + 0.4 * random()))));
}

/** A job's next attempt after `attempts` (at least one): 2 s, 4 s, 8 s … up to 10 minutes, without jitter. */
export function retryDelay(attempts: number): number {
  return backoff(attempts, 2000, 600_000, () => 0.5);
}

/**
 * Claims the period of a schedule: true for the one caller (of all workers sharing the database) that moves it from
 * due to its next period, false when it is not due or another took it.
 */
export async function claimSchedule(db: Kysely<DB>, name: string, everyMs: number, owner: string, now = Date.now()): Promise<boolean> {
  await db
    .insertInto('schedules')
    .values({ name, next_run_at: now, last_run_at: null, last_owner: null })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const res = await db
    .updateTable('schedules')
    .set({ next_run_at: now + everyMs, last_run_at: now, last_owner: owner })
    .where('name', '=', name)
    .where('next_run_at', '<=', now)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * The queue as `/metrics` shows it: jobs waiting (`queued`, due or not) and running, by kind; and the lag, how long the
 * oldest due queued job has waited past its `run_at` (0 when none waits).
 */
export async function queueStats(
  db: Kysely<DB>,
  now = Date.now(),
): Promise<{ byKind: Array<{ kind: string; state: string; count: number }>; lagMs: number }> {
  const rows = await db
    .selectFrom('jobs')
    .select((eb) => ['kind', 'status', eb.fn.countAll<number>().as('count')])
    .where('status', 'in', ['queued', 'running'])
    .groupBy(['kind', 'status'])
    .execute();
  const oldest = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.min('run_at').as('run_at'))
    .where('status', '=', 'queued')
    .where('run_at', '<=', now)
    .executeTakeFirst();
  const runAt = oldest?.run_at === null || oldest?.run_at === undefined ? null : Number(oldest.run_at);
  return {
    byKind: rows.map((r) => ({ kind: r.kind, state: r.status, count: Number(r.count) })),
    lagMs: runAt === null ? 0 : Math.max(0, now - runAt),
  };
}
