/**
 * A faithful local fake of Slack's Web API for an app with a bot user: one workspace per account (users, channels,
 * messages and threads), OAuth v2 (slack.com/oauth/v2/authorize, `oauth.v2.access`) issuing bot tokens (`xoxb-…`,
 * no expiry), the methods a bot reads and posts with, Slack's `{ok: false, error}` answers with HTTP 200, its
 * rate-limit tiers and 429s with `Retry-After`; served at `${publicUrl}/slack`. See ../README.md ("Slack").
 */
import type { FastifyPluginAsync } from 'fastify';

import type { CounterSnapshot } from '../shared/counters.js';
import { type FakeOptions, fakeSettings } from '../shared/fake-options.js';
import type { OAuthClientConfig } from '../shared/oauth-store.js';
import { seedSizesOption } from '../shared/sandbox-options.js';
import { DEFAULT_SLACK_CLIENT } from './endpoints.js';
import { handleOf, type SlackAccountHandle } from './handles.js';
import { SLACK_ENDPOINTS, slackPlugin } from './plugin.js';
import type { SlackSeed } from './records.js';
import { DEFAULT_TIERS, SlackService, type Tier, TOKEN_LIFETIME_SECONDS } from './service.js';

export type { SlackAccountHandle, SlackRecords } from './handles.js';
export { SLACK_ENDPOINTS } from './plugin.js';

export interface SlackSandboxOptions extends FakeOptions<OAuthClientConfig> {
  /** Seed records of every workspace (the owner and the bot come on top of `users`). @defaultValue `{ users: 10, channels: 6, messages: 120 }` */
  seed?: Partial<SlackSeed>;
  /** Requests per method of each tier and workspace in a minute; null: counted, never refused. @defaultValue Slack's tiers 1, 20, 50, 100 */
  rateLimit?: { tiers?: Partial<Record<Tier, number>> } | null;
}

export interface SlackSandbox {
  account(name: string): SlackAccountHandle;
  unattributedCounters(): CounterSnapshot;
  readonly baseUrl: string;
}

export interface SlackSandboxInstance {
  plugin: FastifyPluginAsync;
  slack: SlackSandbox;
}

const P = 'Slack';

/** A Slack sandbox whose root URL is read lazily (a server may know its port only after listen). */
export function createSlackSandboxWithUrl(opts: Omit<SlackSandboxOptions, 'publicUrl'>, publicUrl: () => string): SlackSandboxInstance {
  const common = fakeSettings(P, SLACK_ENDPOINTS.mount, opts, publicUrl, { ...DEFAULT_SLACK_CLIENT });
  const service = new SlackService({
    ...common,
    seed: seedSizesOption(P, opts.seed, { users: 10, channels: 6, messages: 120 }),
    rateLimit: { tiers: { ...DEFAULT_TIERS, ...(opts.rateLimit?.tiers ?? {}) }, enforce: opts.rateLimit !== null },
    tokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS,
  });
  const handle = (name: string) => handleOf(service, service.accounts.get(name));
  return {
    plugin: slackPlugin(service, handle, opts.controlToken ?? null),
    slack: {
      account: handle,
      unattributedCounters: () => service.unattributed.snapshot(),
      get baseUrl() {
        return service.baseUrl();
      },
    },
  };
}
