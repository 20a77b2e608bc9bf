/**
 * A faithful local fake of Mailchimp's Marketing API 3.0 (`https://<dc>.api.mailchimp.com/3.0`) and its OAuth server
 * (`login.mailchimp.com`): audiences (lists) and their members, keyed by subscriber hash; API keys (`…-us21`, HTTP
 * Basic with any user name) and OAuth apps' long-lived tokens with the metadata endpoint that names the data center;
 * `count`/`offset` pages with `total_items`, `fields`/`exclude_fields`, `since_last_changed`; member create, update,
 * upsert, archive and permanent delete; problem-details errors and the 429 of more than ten requests in flight;
 * served at `${publicUrl}/mailchimp`. See ../README.md ("Mailchimp").
 */
import type { FastifyPluginAsync } from 'fastify';

import type { CounterSnapshot } from '../shared/counters.js';
import { type FakeOptions, fakeSettings } from '../shared/fake-options.js';
import type { OAuthClientConfig } from '../shared/oauth-store.js';
import { seedSizesOption } from '../shared/sandbox-options.js';
import { DEFAULT_MAILCHIMP_CLIENT } from './endpoints.js';
import { handleOf, type MailchimpAccountHandle } from './handles.js';
import { MAILCHIMP_ENDPOINTS, mailchimpPlugin } from './plugin.js';
import type { MailchimpSeed } from './records.js';
import { DEFAULT_CONCURRENCY, MailchimpService, TOKEN_LIFETIME_SECONDS } from './service.js';

export type { MailchimpAccountHandle, MailchimpRecords } from './handles.js';
export { MAILCHIMP_ENDPOINTS } from './plugin.js';

export interface MailchimpSandboxOptions extends FakeOptions<OAuthClientConfig> {
  /** Seed records of every account. @defaultValue `{ lists: 3, members: 300 }` */
  seed?: Partial<MailchimpSeed>;
  /** Requests one account may have in flight; null: counted, never refused. @defaultValue 10 */
  concurrency?: number | null;
}

export interface MailchimpSandbox {
  account(name: string): MailchimpAccountHandle;
  unattributedCounters(): CounterSnapshot;
  readonly baseUrl: string;
}

export interface MailchimpSandboxInstance {
  plugin: FastifyPluginAsync;
  mailchimp: MailchimpSandbox;
}

const P = 'Mailchimp';

/** A Mailchimp sandbox whose root URL is read lazily (a server may know its port only after listen). */
export function createMailchimpSandboxWithUrl(opts: Omit<MailchimpSandboxOptions, 'publicUrl'>, publicUrl: () => string): MailchimpSandboxInstance {
  const common = fakeSettings(P, MAILCHIMP_ENDPOINTS.mount, opts, publicUrl, { ...DEFAULT_MAILCHIMP_CLIENT });
  const max = opts.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(max) || max < 1) throw new Error(`${P} sandbox option concurrency must be a positive integer: ${String(opts.concurrency)}`);
  const service = new MailchimpService({
    ...common,
    seed: seedSizesOption(P, opts.seed, { lists: 3, members: 300 }),
    concurrency: { max, enforce: opts.concurrency !== null },
    tokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS,
  });
  const handle = (name: string) => handleOf(service, service.accounts.get(name));
  return {
    plugin: mailchimpPlugin(service, handle, opts.controlToken ?? null),
    mailchimp: {
      account: handle,
      unattributedCounters: () => service.unattributed.snapshot(),
      get baseUrl() {
        return service.baseUrl();
      },
    },
  };
}
