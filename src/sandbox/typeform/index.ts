/**
 * A faithful local fake of Typeform's Create and Responses APIs (`https://api.typeform.com`): an account's forms with
 * their fields (groups nested) and the responses submitted to them; OAuth apps' bearer tokens (refreshed with the
 * `offline` scope) and personal access tokens; `page`/`page_size` pages of forms with `total_items` and `page_count`,
 * responses by `page_size`, `since`/`until`, `before`/`after` tokens and `sort`; Typeform's `{code, description,
 * details}` bodies and its 429 past two requests a second; served at `${publicUrl}/typeform`. See ../README.md
 * ("Typeform").
 */
import type { FastifyPluginAsync } from 'fastify';

import type { CounterSnapshot } from '../shared/counters.js';
import { type FakeOptions, fakeSettings } from '../shared/fake-options.js';
import type { OAuthClientConfig } from '../shared/oauth-store.js';
import { seedSizesOption, windowOption } from '../shared/sandbox-options.js';
import { DEFAULT_TYPEFORM_CLIENT } from './endpoints.js';
import { handleOf, type TypeformAccountHandle } from './handles.js';
import { TYPEFORM_ENDPOINTS, typeformPlugin } from './plugin.js';
import type { TypeformSeed } from './records.js';
import { DEFAULT_RATE_LIMIT, TOKEN_LIFETIME_SECONDS, TypeformService } from './service.js';

export type { TypeformAccountHandle, TypeformRecords } from './handles.js';
export { TYPEFORM_ENDPOINTS } from './plugin.js';

export interface TypeformSandboxOptions extends FakeOptions<OAuthClientConfig> {
  /** Seed records of every account (responses spread over the forms in turn). @defaultValue `{ forms: 3, responses: 240 }` */
  seed?: Partial<TypeformSeed>;
  /** Requests per account in any trailing window; null: counted and reported, never refused. @defaultValue 2 a second */
  rateLimit?: { max: number; windowMs: number } | null;
  /** Access-token lifetime in seconds. @defaultValue 604800 (a week) */
  tokenLifetimeSeconds?: number;
}

export interface TypeformSandbox {
  account(name: string): TypeformAccountHandle;
  unattributedCounters(): CounterSnapshot;
  readonly baseUrl: string;
}

export interface TypeformSandboxInstance {
  plugin: FastifyPluginAsync;
  typeform: TypeformSandbox;
}

const P = 'Typeform';

/** A Typeform sandbox whose root URL is read lazily (a server may know its port only after listen). */
export function createTypeformSandboxWithUrl(opts: Omit<TypeformSandboxOptions, 'publicUrl'>, publicUrl: () => string): TypeformSandboxInstance {
  const common = fakeSettings(P, TYPEFORM_ENDPOINTS.mount, opts, publicUrl, { ...DEFAULT_TYPEFORM_CLIENT });
  const window = opts.rateLimit ? windowOption(P, opts.rateLimit, 'rateLimit') : DEFAULT_RATE_LIMIT;
  const service = new TypeformService({
    ...common,
    seed: seedSizesOption(P, opts.seed, { forms: 3, responses: 240 }),
    rateLimit: { max: window.max, windowMs: window.windowMs, enforce: opts.rateLimit !== null },
    tokenLifetimeSeconds: opts.tokenLifetimeSeconds ?? TOKEN_LIFETIME_SECONDS,
  });
  const handle = (name: string) => handleOf(service, service.accounts.get(name));
  return {
    plugin: typeformPlugin(service, handle, opts.controlToken ?? null),
    typeform: {
      account: handle,
      unattributedCounters: () => service.unattributed.snapshot(),
      get baseUrl() {
        return service.baseUrl();
      },
    },
  };
}
