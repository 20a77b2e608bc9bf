/**
 * The composition of background work, for the server, `weft worker`, tests and benchmarks: the queue's registry
 * filled by each domain (transfers, sessions, webhooks), the job worker that runs it, and the webhook dispatcher
 * beside it.
 */
import { TaskRegistry } from './jobs/registry.js';
import { Worker, type WorkerOptions } from './jobs/worker.js';
import type { Services } from './services.js';
import { deleteSessions } from './session-deletion.js';
import { registerSessionTasks } from './sessions/tasks.js';
import { registerTransferTasks } from './transfers/tasks.js';
import { WebhookDispatcher } from './webhooks/index.js';
import { registerWebhookTasks } from './webhooks/tasks.js';

/** Every task and schedule of Weft. */
export function taskRegistry(services: Services): TaskRegistry {
  const registry = new TaskRegistry();
  registerTransferTasks(registry, services);
  registerSessionTasks(registry, services, deleteSessions);
  registerWebhookTasks(registry, services);
  return registry;
}

/** Weft's background work in one process: the job loops and their schedules, and webhook deliveries. */
export class WeftWorker {
  readonly #jobs: Worker;
  readonly #webhooks: WebhookDispatcher;

  constructor(services: Services, options: WorkerOptions) {
    this.#jobs = new Worker(services, taskRegistry(services), options);
    this.#webhooks = new WebhookDispatcher(services, { owner: this.#jobs.id, pollMs: options.pollMs });
  }

  get id(): string {
    return this.#jobs.id;
  }

  start(): void {
    this.#jobs.start();
    this.#webhooks.start();
  }

  /** Stops taking work; running jobs stop at their next checkpoint within `graceMs` (see the job worker). */
  async stop(graceMs = 0): Promise<void> {
    await this.#jobs.stop(graceMs);
    await this.#webhooks.stop();
  }

  /** Runs every schedule now (expired sessions, retention, …), whatever their periods. */
  upkeep(): Promise<void> {
    return this.#jobs.runSchedules();
  }
}
