/**
 * A worker runs jobs from the queue: `concurrency` loops, each claiming a job, renewing its lease while it runs,
 * and recording the outcome; and the registry's schedules, each period claimed by one worker of all. It knows no
 * task: the composition (src/compose.ts) hands it a registry the domains filled. It runs inside the server, or alone
 * as `weft worker`; any number of workers may share one database.
 */
import type { EventEmitter } from 'node:events';
import { hostname } from 'node:os';

import type { Logger } from 'pino';

import { unavailability } from '../db/availability.js';
import type { Database } from '../db/database.js';
import { randomToken } from '../lib/ids.js';
import { contextOf, type Span, SpanKind, withSpan } from '../telemetry/index.js';
import { beat, HEARTBEAT_MS, removeHeartbeat } from './heartbeats.js';
import {
  claim,
  type ClaimedJob,
  claimSchedule,
  complete,
  fail,
  fence,
  fenceStatement,
  heartbeat,
  JobHandedBack,
  LeaseLostError,
  reclaimOrphans,
  release,
} from './queue.js';
import type { JobContext, Schedule, TaskRegistry } from './registry.js';

/** What a worker needs of the process: the database, a logger, the in-process event bus and the database's health. */
export interface WorkerDeps {
  database: Database;
  log: Logger;
  /** `job` wakes idle loops; `transfer:<id>` is emitted as a job's transfer moves on. */
  events: EventEmitter;
  health: { readonly down: boolean; reportFailure(error: unknown): void };
}

export interface WorkerOptions {
  concurrency: number;
  leaseMs: number;
  pollMs: number;
}

/** Whether a process of this machine is alive (signal 0 checks without sending anything). */
function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as { code?: string }).code === 'EPERM';
  }
}

export class Worker {
  readonly id = `${hostname()}:${process.pid}:${randomToken(4)}`;
  #running = false;
  #loops: Promise<void>[] = [];
  #wake: Array<() => void> = [];
  #stop = new AbortController();
  /** Aborted first when the worker stops: jobs stop at their next checkpoint. */
  #draining = new AbortController();
  #active = new Set<ClaimedJob>();
  #timers: NodeJS.Timeout[] = [];
  #startedAt = 0;
  #beating: Promise<void> = Promise.resolve();
  readonly #onJob = () => this.#notify();

  constructor(
    private readonly services: WorkerDeps,
    private readonly registry: TaskRegistry,
    private readonly options: WorkerOptions,
  ) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.services.events.on('job', this.#onJob);
    for (let i = 0; i < this.options.concurrency; i++) this.#loops.push(this.#loop());
    for (const schedule of this.registry.schedules) {
      const timer = setInterval(() => void this.#runSchedule(schedule), Math.min(schedule.everyMs, 60_000));
      timer.unref();
      this.#timers.push(timer);
    }
    // The heartbeat /readyz reads: now, then every few seconds while the worker runs.
    this.#startedAt = Date.now();
    this.#heartbeat();
    const beating = setInterval(() => this.#heartbeat(), HEARTBEAT_MS);
    beating.unref();
    this.#timers.push(beating);
    this.services.log.info({ worker: this.id, concurrency: this.options.concurrency }, 'worker started');
    // Jobs a crashed process on this machine held: given back now instead of when their leases run out.
    reclaimOrphans(this.services.database.db, hostname(), isAlive)
      .then((ids) => {
        if (ids.length) {
          this.services.log.warn({ jobs: ids }, 'took back the jobs of a process on this machine that is gone');
          this.#notify();
        }
      })
      .catch((e: unknown) => this.services.log.error({ err: e }, 'could not look for the jobs of a crashed process'));
  }

  /**
   * Stops taking jobs and lets the running ones stop at their next checkpoint (the provider page or batch in flight
   * finishes and is stored) for up to `graceMs`; then aborts what is still running. Either way the jobs' leases are
   * given back at once, so another worker (or the next start) resumes them from their checkpoints.
   */
  async stop(graceMs = 0): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    this.services.events.off('job', this.#onJob);
    this.#draining.abort(new Error('worker draining'));
    this.#notify();
    const loops = Promise.allSettled(this.#loops);
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([loops, graceOver]);
    clearTimeout(timer);
    if (this.#active.size) this.services.log.warn({ jobs: this.#active.size }, 'jobs still running after the grace period; aborting them');
    this.#stop.abort(new Error('worker stopping'));
    await loops;
    this.#loops = [];
    await this.#beating;
    await removeHeartbeat(this.services.database.db, this.id).catch((e: unknown) =>
      this.services.log.warn({ err: e }, 'could not remove the worker heartbeat; it goes stale by itself'),
    );
  }

  /** Writes this worker's heartbeat (one at a time; skipped while the database is out of reach). */
  #heartbeat(): void {
    if (this.services.health.down) return;
    this.#beating = this.#beating.then(() =>
      beat(this.services.database.db, this.id, this.#startedAt).catch((e: unknown) => {
        if (unavailability(e) === 'unavailable') this.services.health.reportFailure(e);
        else this.services.log.warn({ err: e }, 'could not write the worker heartbeat');
      }),
    );
  }

  /** Runs every schedule now, in this worker, whatever their periods (tests and `weft` commands use it). */
  async runSchedules(): Promise<void> {
    for (const schedule of this.registry.schedules) await schedule.run();
  }

  /** Runs a schedule if this worker claims its period. */
  async #runSchedule(schedule: Schedule): Promise<void> {
    if (!this.#running || this.services.health.down) return;
    try {
      if (!(await claimSchedule(this.services.database.db, schedule.name, schedule.everyMs, this.id))) return;
      await schedule.run();
    } catch (e) {
      if (unavailability(e) === 'unavailable') this.services.health.reportFailure(e);
      else this.services.log.error({ err: e, schedule: schedule.name }, 'scheduled work failed');
    }
  }

  #notify(): void {
    const waiting = this.#wake;
    this.#wake = [];
    for (const w of waiting) w();
  }

  #idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.pollMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake.push(done);
    });
  }

  async #loop(): Promise<void> {
    let pauseMs = 0;
    while (this.#running) {
      // While the database is out of reach, wait for it (the health probes it) instead of failing every poll.
      if (this.services.health.down) {
        pauseMs = Math.min(5_000, Math.max(this.options.pollMs, pauseMs * 2));
        await this.#sleep(pauseMs);
        continue;
      }
      let job: ClaimedJob | null = null;
      try {
        job = await claim(this.services.database, this.id, this.options.leaseMs);
        pauseMs = 0;
      } catch (e) {
        if (unavailability(e) === 'unavailable') this.services.health.reportFailure(e);
        else this.services.log.error({ err: e }, 'claiming a job failed');
      }
      if (!job) {
        await this.#idle();
        continue;
      }
      await this.#run(job);
    }
  }

  /** Waits `ms`, or less if the worker stops. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const stop = this.#draining.signal;
      function done() {
        clearTimeout(timer);
        stop.removeEventListener('abort', done);
        resolve();
      }
      stop.addEventListener('abort', done, { once: true });
    });
  }

  /** Runs a job in a span continuing the trace that enqueued it (when OpenTelemetry traces are on). */
  #run(job: ClaimedJob): Promise<void> {
    return withSpan(
      `job ${job.kind}`,
      { kind: SpanKind.CONSUMER, parent: contextOf(job.traceParent), attributes: { 'weft.job.kind': job.kind, 'weft.job.attempt': job.attempts } },
      (span) => this.#execute(job, span),
    );
  }

  async #execute(job: ClaimedJob, span: Span | null): Promise<void> {
    const { services } = this;
    const log = services.log.child({ job: job.id, kind: job.kind, attempt: job.attempts });
    const resolved = this.registry.resolve(job.kind, job.payload);
    if ('problem' in resolved) {
      log.error({ problem: resolved.problem }, 'job dropped');
      await fail(services.database.db, job, resolved.problem, null);
      return;
    }
    const { handlers } = resolved;
    if (job.attempts > job.maxAttempts) {
      const reason = `abandoned after ${job.maxAttempts} attempts`;
      log.error(reason);
      if (handlers.abandon) await handlers.abandon(job.payload, reason);
      await fail(services.database.db, job, reason, null);
      return;
    }
    this.#active.add(job);
    const lost = new AbortController();
    const signal = AbortSignal.any([lost.signal, this.#stop.signal]);
    const beat = setInterval(
      () => {
        heartbeat(services.database.db, job, this.options.leaseMs)
          .then((ok) => {
            if (!ok) lost.abort(new LeaseLostError(job.id));
          })
          .catch((e: unknown) => log.warn({ err: e }, 'lease renewal failed'));
      },
      Math.max(250, Math.floor(this.options.leaseMs / 3)),
    );
    const transferId = job.transferId;
    const progress = (finished = false) => {
      if (transferId) services.events.emit(`transfer:${transferId}`, finished);
    };
    try {
      const leaseMs = this.options.leaseMs;
      const ctx: JobContext = {
        job,
        leaseMs,
        signal,
        draining: this.#draining.signal,
        progress,
        fence: (trx: Parameters<typeof fence>[0]) => fence(trx, services.database.profile, job, leaseMs),
        fenceStatement: () => fenceStatement(services.database.profile, job, leaseMs),
      };
      const outcome = await handlers.run(ctx, job.payload);
      span?.setAttribute('weft.job.outcome', outcome.status);
      if (outcome.status === 'done') await complete(services.database.db, job);
      else await fail(services.database.db, job, outcome.error, outcome.at);
    } catch (e) {
      if (e instanceof JobHandedBack) {
        await release(services.database.db, job).catch((err: unknown) => log.error({ err }, 'could not release the job'));
        log.info('job stopped at a checkpoint and given back on shutdown');
      } else if (e instanceof LeaseLostError || lost.signal.aborted) {
        log.warn('lease lost; another worker has the job');
      } else if (unavailability(e)) {
        // The database went away (or out of room) under the job: not the job's fault, so the attempt does not count.
        // Give it back if the database lets us; otherwise its lease runs out and it is claimed again once it answers.
        // A full disk is given a few seconds before the job is tried again.
        const full = unavailability(e) === 'storage_full';
        if (!full) services.health.reportFailure(e);
        const now = Date.now();
        await release(services.database.db, job, now, full ? now + 5_000 : now).catch((err: unknown) =>
          log.warn({ err }, 'could not give the job back; its lease will run out'),
        );
        log.warn({ err: (e as Error).message }, 'job interrupted by the database; it will resume');
      } else if (this.#stop.signal.aborted) {
        await release(services.database.db, job).catch((err: unknown) => log.error({ err }, 'could not release the job'));
        log.info('job given back on shutdown');
      } else {
        log.error({ err: e }, 'job failed');
        await fail(services.database.db, job, (e as Error).message ?? String(e), Date.now() + 5_000).catch((err: unknown) => {
          log.error({ err }, 'could not record the job failure');
        });
      }
    } finally {
      clearInterval(beat);
      this.#active.delete(job);
      progress(true);
    }
  }
}
