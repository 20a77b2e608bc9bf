/**
 * The Slack fake's state: accounts by name, each a workspace (team) with the app installed in it: its seeded users,
 * channels and messages, its request windows by rate-limit tier (and by channel for posts), counters and queued
 * faults; the app's bot tokens (`xoxb-…`, which do not expire: no token rotation); and the settings they share.
 */
import { randomBytes } from 'node:crypto';

import { RequestCounters } from '../shared/counters.js';
import type { FakeSettings } from '../shared/fake-options.js';
import { FaultQueue } from '../shared/faults.js';
import { OAuthFakeService } from '../shared/oauth-fake-service.js';
import type { OAuthClientConfig, OAuthDialect } from '../shared/oauth-store.js';
import { hashString } from '../shared/prng.js';
import { SeededAccount } from '../shared/seeded-account.js';
import { BOT_USER_ID, OBJECTS, OWNER_ID, type SeedContext, seedContext, type SlackSeed, userId } from './records.js';
import type { Team } from './render.js';

/**
 * Slack's rate-limit tiers: requests per method and workspace in a minute (Tier 1: 1+, Tier 2: 20+, Tier 3: 50+,
 * Tier 4: 100+), and `chat.postMessage`'s special limit, about one message a second per channel (short bursts allowed).
 */
export type Tier = 1 | 2 | 3 | 4;
export const DEFAULT_TIERS: Readonly<Record<Tier, number>> = Object.freeze({ 1: 1, 2: 20, 3: 50, 4: 100 });
/** Posts a channel takes in any 5 seconds: one a second, in bursts of up to five. */
export const POSTS_PER_CHANNEL = { max: 5, windowMs: 5_000 } as const;

/** Bot tokens do not expire (unless the app turns on token rotation, which the fake does not): ten years stands for never. */
export const TOKEN_LIFETIME_SECONDS = 10 * 365 * 86_400;

export interface SlackSettings extends FakeSettings<OAuthClientConfig> {
  seed: SlackSeed;
  tokenLifetimeSeconds: number;
  /** Requests a method of each tier takes per workspace in a minute; `enforce: false`: counted, never refused. */
  rateLimit: { tiers: Record<Tier, number>; enforce: boolean };
}

/** A sliding window of request times (the limits are small: at most a few hundred entries). */
export class SlidingWindow {
  #times: number[] = [];
  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  /** Seconds until a request would be taken, or 0 when one is taken now (and counted). */
  take(now: number): number {
    this.#times = this.#times.filter((t) => t > now - this.windowMs);
    if (this.#times.length >= this.max) return Math.max(1, Math.ceil(((this.#times[0] as number) + this.windowMs - now) / 1000));
    this.#times.push(now);
    return 0;
  }

  used(now: number): number {
    return this.#times.filter((t) => t > now - this.windowMs).length;
  }
}

export class SlackAccount extends SeededAccount<SeedContext, typeof OBJECTS> {
  readonly team: Team;
  readonly counters = new RequestCounters();
  readonly faults = new FaultQueue();
  readonly now: () => number;
  readonly #windows = new Map<string, SlidingWindow>();
  readonly #tiers: Record<Tier, number>;

  constructor(key: string, settings: SlackSettings) {
    super(
      key,
      { provider: 'slack', context: (_key, seed) => seedContext(seed, settings.seed), objects: OBJECTS },
      { ...(settings.journal ? { journal: settings.journal } : {}), maxWrites: settings.maxWritesPerAccount ?? null, now: settings.now },
    );
    this.now = settings.now;
    this.#tiers = settings.rateLimit.tiers;
    const n = hashString(`slack-team:${key}`);
    const slug = key.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'team';
    this.team = {
      id: `T${String(n % 1e9).padStart(9, '0')}`,
      name: key,
      domain: slug,
      appId: `A${String((n >>> 3) % 1e9).padStart(9, '0')}`,
      botId: `B${String((n >>> 5) % 1e9).padStart(9, '0')}`,
    };
  }

  /** Takes a request of a method of `tier` (or a post to `channel`): 0, or the seconds to wait (Retry-After). */
  take(tier: Tier, channel?: string): number {
    const key = channel === undefined ? `tier:${tier}` : `post:${channel}`;
    let window = this.#windows.get(key);
    if (!window) {
      window =
        channel === undefined ? new SlidingWindow(this.#tiers[tier], 60_000) : new SlidingWindow(POSTS_PER_CHANNEL.max, POSTS_PER_CHANNEL.windowMs);
      this.#windows.set(key, window);
    }
    return window.take(this.now());
  }

  /** Requests in the current minute of each tier. */
  usage(): Record<string, number> {
    return Object.fromEntries([...this.#windows].map(([key, w]) => [key, w.used(this.now())]));
  }

  /** Back to the seed, with fresh request windows and no queued faults. */
  reset(): void {
    this.resetRecords();
    this.#windows.clear();
    this.faults.clear();
  }
}

/** What a Slack grant holds besides client and scopes: the workspace (account). */
export interface SlackGrant {
  accountKey: string;
}

const alnum = (n: number) => [...randomBytes(n)].map((b) => 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[b % 62]).join('');

/** Slack's OAuth v2: a code for `oauth.v2.access`, bot tokens `xoxb-{team}-{bot}-{secret}`, no refresh tokens. */
export const SLACK_OAUTH: OAuthDialect<SlackGrant> = {
  codeLifetimeMs: 10 * 60 * 1000,
  code: () => `${Date.now()}.${alnum(32)}`,
  accessToken: (prefix) => `${prefix}${alnum(24)}`,
  refreshToken: (prefix) => `${prefix}${alnum(24)}`,
  accountOf: (grant) => grant.accountKey,
  codeConsumption: 'strict',
  redirectUriOptional: true,
  revokeDeletes: true,
};

/** The bot scopes the fake grants when the app asks for none: read users (and their e-mail addresses), channels and their history, post. */
export const SLACK_SCOPES = [
  'channels:read',
  'channels:history',
  'groups:read',
  'groups:history',
  'users:read',
  'users:read.email',
  'chat:write',
] as const;

/** `oauth.v2.access`'s answer for a bot token. */
export interface SlackTokenGrant {
  ok: true;
  app_id: string;
  authed_user: { id: string };
  scope: string;
  token_type: 'bot';
  access_token: string;
  bot_user_id: string;
  team: { id: string; name: string };
  enterprise: null;
  is_enterprise_install: false;
}

export class SlackService extends OAuthFakeService<SlackSettings, SlackAccount, SlackGrant> {
  constructor(settings: SlackSettings) {
    super(settings, SLACK_OAUTH, (key) => new SlackAccount(key, settings));
  }

  /** The workspace and scopes a bot token opens. */
  authenticate(token: string): { account: SlackAccount; scopes: string[] } | undefined {
    const access = this.oauth.useAccessToken(token);
    return access === undefined ? undefined : { account: this.accounts.get(access.accountKey), scopes: access.scopes };
  }

  /** Issues a bot token as `oauth.v2.access` answers it (the installing user: the workspace's owner). */
  grant(clientId: string, accountKey: string, scopes: readonly string[] = SLACK_SCOPES): SlackTokenGrant {
    const account = this.accounts.get(accountKey);
    const { team } = account;
    const access = this.oauth.issueAccessToken(
      { clientId, accountKey, scopes: [...scopes] },
      { prefix: `xoxb-${team.id.slice(1)}-${team.botId.slice(1)}-` },
    );
    return {
      ok: true,
      app_id: team.appId,
      authed_user: { id: userId(OWNER_ID) },
      scope: scopes.join(','),
      token_type: 'bot',
      access_token: access.token,
      bot_user_id: userId(BOT_USER_ID),
      team: { id: team.id, name: team.name },
      enterprise: null,
      is_enterprise_install: false,
    };
  }
}
