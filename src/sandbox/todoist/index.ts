/**
 * A faithful local fake of Todoist's unified API v1: the owner's projects, their collaborators, active and completed
 * tasks; personal API tokens and OAuth apps' access tokens (long-lived, no refresh), both as bearer tokens; cursor
 * pagination; Todoist's error bodies, its per-user request window and 429s with `Retry-After`; served at
 * `${publicUrl}/todoist`. See ../README.md ("Todoist").
 */
import type { FastifyPluginAsync } from 'fastify';

import type { CounterSnapshot } from '../shared/counters.js';
import { type FakeOptions, fakeSettings } from '../shared/fake-options.js';
import type { OAuthClientConfig } from '../shared/oauth-store.js';
import { seedSizesOption, windowOption } from '../shared/sandbox-options.js';
import { DEFAULT_TODOIST_CLIENT } from './endpoints.js';
import { handleOf, type TodoistAccountHandle } from './handles.js';
import { TODOIST_ENDPOINTS, todoistPlugin } from './plugin.js';
import type { TodoistSeed } from './records.js';
import { DEFAULT_RATE_LIMIT, TodoistService, TOKEN_LIFETIME_SECONDS } from './service.js';

export type { TodoistAccountHandle, TodoistRecords } from './handles.js';
export { TODOIST_ENDPOINTS } from './plugin.js';

export interface TodoistSandboxOptions extends FakeOptions<OAuthClientConfig> {
  /** Seed records of every account (the owner comes on top of `users`). @defaultValue `{ users: 6, projects: 4, tasks: 60 }` */
  seed?: Partial<TodoistSeed>;
  /** Requests per account in any trailing window; null: counted and reported, never refused. @defaultValue 1000 in 15 minutes */
  rateLimit?: { max: number; windowMs: number } | null;
}

export interface TodoistSandbox {
  account(name: string): TodoistAccountHandle;
  unattributedCounters(): CounterSnapshot;
  readonly baseUrl: string;
}

export interface TodoistSandboxInstance {
  plugin: FastifyPluginAsync;
  todoist: TodoistSandbox;
}

const P = 'Todoist';

/** A Todoist sandbox whose root URL is read lazily (a server may know its port only after listen). */
export function createTodoistSandboxWithUrl(opts: Omit<TodoistSandboxOptions, 'publicUrl'>, publicUrl: () => string): TodoistSandboxInstance {
  const common = fakeSettings(P, TODOIST_ENDPOINTS.mount, opts, publicUrl, { ...DEFAULT_TODOIST_CLIENT });
  const window = opts.rateLimit ? windowOption(P, opts.rateLimit, 'rateLimit') : DEFAULT_RATE_LIMIT;
  const service = new TodoistService({
    ...common,
    seed: seedSizesOption(P, opts.seed, { users: 6, projects: 4, tasks: 60 }),
    rateLimit: { max: window.max, windowMs: window.windowMs, enforce: opts.rateLimit !== null },
    tokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS,
  });
  const handle = (name: string) => handleOf(service, service.accounts.get(name));
  return {
    plugin: todoistPlugin(service, handle, opts.controlToken ?? null),
    todoist: {
      account: handle,
      unattributedCounters: () => service.unattributed.snapshot(),
      get baseUrl() {
        return service.baseUrl();
      },
    },
  };
}
