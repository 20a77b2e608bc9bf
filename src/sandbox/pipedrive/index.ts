/** A local fake of Pipedrive (API v2 and v1, API tokens, OAuth 2.0), served at `${publicUrl}/pipedrive`. See ../README.md ("Pipedrive"). */
import type { FastifyPluginAsync } from 'fastify';

import { type FakeOptions, fakeSettings, publicUrlOption } from '../shared/fake-options.js';
import { nonNegativeOption, nullableNonNegativeOption, seedSizesOption, windowOption } from '../shared/sandbox-options.js';
import { type PipedriveSandbox, sandboxHandle } from './handles.js';
import { type BurstLimit, LIMITS } from './limits.js';
import { DEFAULT_PIPEDRIVE_CLIENT, PIPEDRIVE_ENDPOINTS, type PipedriveClientConfig } from './oauth-store.js';
import { pipedrivePlugin } from './plugin.js';
import { DEFAULT_SEED_DEALS } from './seed.js';
import { PipedriveService } from './service.js';

export type { PipedriveCompanyHandle, PipedriveDealRecord, PipedriveRecord, PipedriveSandbox } from './handles.js';
export { DEFAULT_PIPEDRIVE_CLIENT } from './oauth-store.js';
export type { PipedriveTokenGrant } from './service.js';

/** Options of {@link createPipedriveSandbox}: the common ones of every fake (Pipedrive lives at `${publicUrl}/pipedrive`) and its own. */
export interface PipedriveSandboxOptions extends FakeOptions<PipedriveClientConfig> {
  /** Deterministic seed size of every company. @defaultValue `{ persons: 1000, organizations: 200, deals: 120 }` */
  seed?: { persons?: number; organizations?: number; deals?: number };
  /**
   * Rolling 2-second burst windows per token; null disables enforcement (headers are still sent).
   * @defaultValue Pipedrive's Growth ("Advanced") plan: 40 per 2 s for API tokens, 160 per 2 s for OAuth access
   * tokens
   */
  burstLimit?: { apiToken: BurstLimit; oauth: BurstLimit } | null;
  /** Search endpoints' own per-token window; null disables it. @defaultValue 10 per 2 s (every plan), or null when `burstLimit` is null */
  searchBurstLimit?: BurstLimit | null;
  /** Daily token budget per company (costs per endpoint as documented); null = unlimited. @defaultValue null */
  dailyTokenBudget?: number | null;
  /** OAuth access-token lifetime in seconds. @defaultValue 3599 */
  tokenLifetimeSeconds?: number;
}

/** A Pipedrive sandbox: a Fastify plugin plus in-process access to its state. */
export interface PipedriveSandboxInstance {
  /** Fastify plugin; register it at `/sandbox/pipedrive` (any prefix works). */
  plugin: FastifyPluginAsync;
  /** In-process access for tests: companies, records, counters, faults, tokens. */
  pipedrive: PipedriveSandbox;
}

const P = 'Pipedrive';

/**
 * Creates a Pipedrive sandbox; companies appear on first use and their seed records are computed on demand.
 * @throws Error for invalid options
 */
export function createPipedriveSandbox(opts: PipedriveSandboxOptions): PipedriveSandboxInstance {
  const publicUrl = publicUrlOption(P, opts.publicUrl);
  return createPipedriveSandboxWithUrl(opts, () => publicUrl);
}

/** Like {@link createPipedriveSandbox}, with the sandbox root URL read lazily (servers whose port is known only after listen). */
export function createPipedriveSandboxWithUrl(
  opts: Omit<PipedriveSandboxOptions, 'publicUrl'> & { publicUrl?: string },
  publicUrl: () => string,
): PipedriveSandboxInstance {
  const common = fakeSettings(P, PIPEDRIVE_ENDPOINTS.mount, opts, publicUrl, DEFAULT_PIPEDRIVE_CLIENT);
  const limits = opts.burstLimit ?? LIMITS.burst;
  const burstLimit =
    opts.burstLimit === null
      ? null
      : { apiToken: windowOption(P, limits.apiToken, 'burstLimit.apiToken'), oauth: windowOption(P, limits.oauth, 'burstLimit.oauth') };
  const search = opts.searchBurstLimit;
  const service = new PipedriveService({
    ...common,
    seed: seedSizesOption(P, opts.seed, { persons: 1000, organizations: 200, deals: DEFAULT_SEED_DEALS }),
    burstLimit,
    searchBurstLimit:
      search === undefined ? (burstLimit === null ? null : { ...LIMITS.search }) : search && windowOption(P, search, 'searchBurstLimit'),
    dailyTokenBudget: nullableNonNegativeOption(P, opts.dailyTokenBudget, 'dailyTokenBudget'),
    tokenLifetimeSeconds: nonNegativeOption(P, opts.tokenLifetimeSeconds, 3599, 'tokenLifetimeSeconds'),
  });
  return { plugin: pipedrivePlugin(service, opts.controlToken ?? null), pipedrive: sandboxHandle(service) };
}
