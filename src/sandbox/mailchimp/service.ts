/**
 * The Mailchimp fake's state: accounts by name, each a seeded account (its audiences and their members) with its API
 * key (`<32 hex digits>-us21`), the requests it has in flight (Mailchimp allows ten at once), counters and queued
 * faults; OAuth apps' access tokens (Mailchimp's never expire and come without a refresh token); and the settings they
 * share.
 */
import { randomBytes } from 'node:crypto';

import { derivedKey } from '../shared/api-key-accounts.js';
import { RequestCounters } from '../shared/counters.js';
import type { FakeSettings } from '../shared/fake-options.js';
import { FaultQueue } from '../shared/faults.js';
import { OAuthFakeService } from '../shared/oauth-fake-service.js';
import type { OAuthClientConfig, OAuthDialect } from '../shared/oauth-store.js';
import { SeededAccount } from '../shared/seeded-account.js';
import { MAILCHIMP_DC } from './endpoints.js';
import { type MailchimpSeed, type MemberFields, OBJECTS, type SeedContext, seedContext } from './records.js';

/** Requests one account may have in flight at once: Mailchimp's 10 simultaneous connections. */
export const DEFAULT_CONCURRENCY = 10;

/** Mailchimp's access tokens do not expire: ten years stands for never. */
export const TOKEN_LIFETIME_SECONDS = 10 * 365 * 86_400;

export interface MailchimpSettings extends FakeSettings<OAuthClientConfig> {
  seed: MailchimpSeed;
  tokenLifetimeSeconds: number;
  /** Requests an account may have in flight; `enforce: false`: counted, never refused. */
  concurrency: { max: number; enforce: boolean };
}

export class MailchimpAccount extends SeededAccount<SeedContext, typeof OBJECTS> {
  /** The account's API key: 32 hex digits, a dash and the data center (`…-us21`). */
  readonly apiKey: string;
  readonly counters = new RequestCounters();
  readonly faults = new FaultQueue();
  readonly now: () => number;
  /** Requests of the account being served now. */
  inFlight = 0;

  constructor(key: string, secret: Buffer, settings: MailchimpSettings) {
    super(
      key,
      { provider: 'mailchimp', context: (_key, seed) => seedContext(seed, settings.seed), objects: OBJECTS },
      { ...(settings.journal ? { journal: settings.journal } : {}), maxWrites: settings.maxWritesPerAccount ?? null, now: settings.now },
    );
    this.apiKey = `${derivedKey(secret, `mailchimp:${key}`).slice(0, 32)}-${MAILCHIMP_DC}`;
    this.now = settings.now;
  }

  /** The account's company (the lists' contact and default sender). */
  get companyName(): string {
    return `${this.key} Co`;
  }

  /** The account's web domain. */
  get domain(): string {
    return `${this.key.replace(/[^a-z0-9]+/gi, '').toLowerCase() || 'account'}.example.com`;
  }

  /** A list's members by status. */
  memberCounts(list: number): Record<string, number> {
    const store = this.store('members');
    const all = store.cached('counts', () => {
      const map = new Map<number, Record<string, number>>();
      for (const m of store.scanLive()) {
        const f = m.fields as MemberFields;
        const counts = map.get(f.list) ?? { subscribed: 0, unsubscribed: 0, cleaned: 0 };
        counts[f.status] = (counts[f.status] ?? 0) + 1;
        map.set(f.list, counts);
      }
      return map;
    });
    return all.get(list) ?? { subscribed: 0, unsubscribed: 0, cleaned: 0 };
  }

  /** Back to the seed, with no requests in flight and no queued faults. */
  reset(): void {
    this.resetRecords();
    this.faults.clear();
  }
}

/** What a Mailchimp grant holds besides client and scopes: the account. */
export interface MailchimpGrant {
  accountKey: string;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** Mailchimp's OAuth server: a code for `/oauth2/token` (client id and secret in the form), no refresh tokens. */
export const MAILCHIMP_OAUTH: OAuthDialect<MailchimpGrant> = {
  codeLifetimeMs: 10 * 60 * 1000,
  code: () => hex(16),
  accessToken: (prefix) => `${prefix}${hex(16)}`,
  refreshToken: (prefix) => `${prefix}${hex(16)}`,
  accountOf: (grant) => grant.accountKey,
  codeConsumption: 'strict',
  redirectUriOptional: false,
};

/** Mailchimp's tokens reach everything the user may do: it has no scopes. */
export const MAILCHIMP_SCOPES = [] as const;

/** The token endpoint's success body: `{access_token, expires_in: 0, scope: null}` (0: it never expires). */
export interface MailchimpTokenGrant {
  access_token: string;
  expires_in: 0;
  scope: null;
}

export class MailchimpService extends OAuthFakeService<MailchimpSettings, MailchimpAccount, MailchimpGrant> {
  constructor(settings: MailchimpSettings) {
    super(settings, MAILCHIMP_OAUTH, {
      secretName: 'mailchimp-api-key-secret',
      account: (key, secret) => new MailchimpAccount(key, secret, settings),
      keyOf: (a) => a.apiKey,
    });
  }

  /** The account of an OAuth access token. */
  accountOfAccessToken(token: string): MailchimpAccount | undefined {
    const access = this.oauth.useAccessToken(token);
    return access === undefined ? undefined : this.accounts.get(access.accountKey);
  }

  /** Issues an access token as Mailchimp's token endpoint answers it. */
  grant(clientId: string, accountKey: string, scopes: readonly string[] = MAILCHIMP_SCOPES): MailchimpTokenGrant {
    const access = this.oauth.issueAccessToken({ clientId, accountKey, scopes: [...scopes] });
    return { access_token: access.token, expires_in: 0, scope: null };
  }
}
