/**
 * The queue's task registry: the queue knows no task. A domain defines its tasks (a name and the schema of the
 * payload, checked when a job is taken, since stored payloads outlive deploys), enqueues them with a payload of the
 * schema's type, and registers their handlers and recurring work with a registry that the composition
 * (src/compose.ts) hands to the worker.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { Ajv, type ValidateFunction } from 'ajv';
import type { Kysely } from 'kysely';

import type { DB } from '../db/schema.js';
import type { SqlStatement } from '../db/statements.js';
import { lazy } from '../lib/lazy.js';
import { type ClaimedJob, enqueue as insertJob, type EnqueueOptions } from './queue.js';

/** What a job's run asks of the worker next: nothing (done), or another attempt at `at`. */
export type JobOutcome = { status: 'done' } | { status: 'retry'; at: number; error: string };

/** What a running job gets from its worker. */
export interface JobContext {
  job: ClaimedJob;
  leaseMs: number;
  /** Aborted when the job must stop now (its lease is lost, or the shutdown's grace ran out). */
  signal: AbortSignal;
  /** Aborted when the worker is shutting down: stop at the next checkpoint. */
  draining: AbortSignal;
  /** Checks, inside a write transaction, that this worker still holds the job (throws LeaseLostError if not). */
  fence(trx: Kysely<DB>): Promise<void>;
  /** The same check as one SQL statement, for a write made of statements (`Database.writeStatements`), taken now. */
  fenceStatement(): SqlStatement;
  /** Tells listeners that the job's work moved on; `finished` when it has ended. */
  progress(finished?: boolean): void;
}

/** A kind of job: its name and the schema of its payload. */
export interface Task<S extends TSchema> {
  readonly name: string;
  readonly payload: S;
}

export function defineTask<S extends TSchema>(name: string, payload: S): Task<S> {
  if (!/^[a-z][a-z0-9_.-]*$/.test(name)) throw new Error(`Task name ${name} must be lower-case words joined by . _ or -`);
  return Object.freeze({ name, payload });
}

/** Adds a job of `task`. Pass the transaction that creates the state the job works on, so both commit or neither does. */
export function enqueue<S extends TSchema>(
  db: Kysely<DB>,
  task: Task<S>,
  payload: Static<S>,
  options: Omit<EnqueueOptions, 'kind' | 'payload'> = {},
  now = Date.now(),
): Promise<string> {
  return insertJob(db, { ...options, kind: task.name, payload }, now);
}

export interface TaskHandlers<S extends TSchema> {
  run(ctx: JobContext, payload: Static<S>): Promise<JobOutcome>;
  /** Called when the job is given up (too many attempts), so that what it worked on does not stay "running". */
  abandon?(payload: Static<S>, reason: string): Promise<void>;
}

/** Recurring work: run about every `everyMs` by one worker of all that share the database. */
export interface Schedule {
  readonly name: string;
  readonly everyMs: number;
  run(): Promise<void>;
}

interface Registered {
  check: () => ValidateFunction;
  handlers: TaskHandlers<TSchema>;
}

export class TaskRegistry {
  readonly #ajv = new Ajv({ strict: false });
  readonly #tasks = new Map<string, Registered>();
  readonly #schedules = new Map<string, Schedule>();

  register<S extends TSchema>(task: Task<S>, handlers: TaskHandlers<S>): this {
    if (this.#tasks.has(task.name)) throw new Error(`Task ${task.name} is registered twice`);
    this.#tasks.set(task.name, { check: lazy(() => this.#ajv.compile(task.payload)), handlers: handlers as unknown as TaskHandlers<TSchema> });
    return this;
  }

  /**
   * Registers recurring work: about every `everyMs`, one worker of all that share the database claims the period
   * (a row of `schedules`) and runs it; a period whose run fails or whose worker dies is simply not run again.
   */
  schedule(name: string, everyMs: number, run: () => Promise<void>): this {
    if (!(everyMs >= 1)) throw new Error(`Schedule ${name} needs everyMs >= 1`);
    if (this.#schedules.has(name)) throw new Error(`Schedule ${name} is registered twice`);
    this.#schedules.set(name, Object.freeze({ name, everyMs, run }));
    return this;
  }

  get schedules(): readonly Schedule[] {
    return [...this.#schedules.values()];
  }

  /** The handlers of a job's kind with its payload checked, or the problem that makes the job unrunnable. */
  resolve(kind: string, payload: unknown): { handlers: TaskHandlers<TSchema> } | { problem: string } {
    const task = this.#tasks.get(kind);
    if (!task) return { problem: `unknown job kind '${kind}'` };
    const check = task.check();
    if (!check(payload)) return { problem: `invalid payload: ${this.#ajv.errorsText(check.errors)}` };
    return { handlers: task.handlers };
  }
}
