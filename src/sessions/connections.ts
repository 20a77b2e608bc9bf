/**
 * A session's connection to its provider: a provider client authenticated with the session's credentials. OAuth
 * tokens are refreshed before they expire and once more when the provider refuses them; refreshes are single-flight
 * within a process and leased across processes: one process refreshes while the others wait for its result.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  apiKeyHeaders,
  type AuthHandle,
  type Connector,
  createProviderClient,
  fillTemplate,
  getConnector,
  OAuthGrantError,
  type ProviderClient,
  ProviderError,
  type ProviderRequest,
  refreshTokens,
  routeLimitOf,
  type TokenSet,
} from '../connectors/index.js';
import { tokenRefreshes } from '../metrics/index.js';
import type { Services } from '../services.js';
import { activeContext, type Context, SpanKind, tracing, withSpan } from '../telemetry/index.js';
import {
  type OAuthCredentials,
  readCredentials,
  releaseRefreshLease,
  type StoredCredentials,
  swapCredentials,
  takeRefreshLease,
} from './credentials.js';
import { apiBaseFor, egressFor, oauthManifest, resolveOAuthApp } from './provider-env.js';

export { credentialsFromTokens, saveCredentials, type StoredCredentials } from './credentials.js';
export { apiBaseFor, egressFor, providerMode, resolveOAuthApp, sandboxBase } from './provider-env.js';

export interface Connection {
  connector: Connector;
  client: ProviderClient;
  credentials: StoredCredentials;
}

export interface ConnectionOptions {
  signal?: AbortSignal;
  /**
   * Endgrate's `bypass_rate_limit`: do not pace requests by the provider's published limit; only a 429 (or the like)
   * makes the client wait. For providers and plans whose real limit is higher than the documented default.
   */
  bypassRateLimit?: boolean;
}

const refreshing = new Map<string, Promise<{ creds: OAuthCredentials; version: number }>>();

const reconnect = (what: string) => new ProviderError('auth_invalid', `${what}; the end user must connect again.`, null);

/** Opens the provider client of a configured session. Throws ProviderError('auth_invalid') without credentials. */
export async function openConnection(
  services: Services,
  session: { id: string; projectId: string },
  provider: string,
  options: ConnectionOptions = {},
): Promise<Connection> {
  const sessionId = session.id;
  const connector = getConnector(provider);
  if (!connector) throw new Error(`Unknown provider ${provider}`);
  const stored = await readCredentials(services, sessionId);
  if (!stored) throw reconnect('The session has no credentials');
  let current = stored.creds;
  let version = stored.version;
  const margin = services.config.tokenRefreshMarginMs;
  const client = (): ProviderClient => built;
  // Token refreshes are traced under the span that opens the connection (a transfer's job run); null: traces off.
  const spanParent = activeContext();

  const auth: AuthHandle =
    current.kind === 'api_key'
      ? apiKeyAuth(connector, current)
      : {
          async headers() {
            const c = current as OAuthCredentials;
            if (c.expiresAt !== null && c.expiresAt - Date.now() <= margin) await refresh(false);
            const token = (current as OAuthCredentials).accessToken;
            const oauth = connector.manifest.auth.oauth2;
            const fixed = oauthHeaders(oauth?.headers, (current as OAuthCredentials).fields ?? {});
            const header = oauth?.tokenHeader;
            if (header !== undefined) return { ...fixed, [header]: token };
            return { ...fixed, authorization: `${oauth?.tokenScheme ?? 'Bearer'} ${token}` };
          },
          renew: () => refresh(true),
        };

  async function refresh(force: boolean): Promise<void> {
    let pending = refreshing.get(sessionId);
    if (!pending) {
      const trace: RefreshTrace = { parent: spanParent, reason: force ? 'rejected' : 'expiring' };
      pending = refreshOnce(services, connector as Connector, session, current as OAuthCredentials, version, force, options.signal, trace).finally(
        () => refreshing.delete(sessionId),
      );
      refreshing.set(sessionId, pending);
    }
    const fresh = await pending;
    current = fresh.creds;
    version = fresh.version;
    client().setApiBase(current.apiBase);
  }

  const limiter = options.bypassRateLimit
    ? null
    : services.limiters.get(`${provider}:${current.mode}:${current.accountKey}`, {
        ...connector.manifest.rateLimit.window,
        ...(connector.manifest.rateLimit.concurrency === undefined ? {} : { concurrency: connector.manifest.rateLimit.concurrency }),
      });
  const routes = options.bypassRateLimit ? [] : (connector.manifest.rateLimit.routes ?? []);
  const routeLimiter = (req: ProviderRequest) => {
    const route = routes.length ? routeLimitOf(connector.manifest, req) : undefined;
    return route ? services.limiters.get(`${provider}:${current.mode}:${current.accountKey}:${route.name}`, route.window) : null;
  };
  const built = createProviderClient({
    manifest: connector.manifest,
    apiBase: current.apiBase,
    auth,
    limiter,
    rateLimitGiveUpMs: services.config.rateLimitGiveUpMs,
    egress: egressFor(services, connector, current.mode, current.apiBase),
    ...(routes.length ? { routeLimiter } : {}),
    ...(connector.classify ? { classify: connector.classify } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return {
    connector,
    client: built,
    get credentials() {
      return current;
    },
  };
}

function apiKeyAuth(connector: Connector, creds: { apiKey: string; fields?: Record<string, string> }): AuthHandle {
  const manifest = connector.manifest.auth.apiKey;
  if (!manifest) throw new Error(`${connector.manifest.name} does not take API keys`);
  const headers = apiKeyHeaders(manifest, creds.apiKey, creds.fields ?? {});
  return {
    headers: async () => headers,
    renew: async () => {
      throw reconnect(`${connector.manifest.displayName} refused the API key`);
    },
  };
}

/** An OAuth connection's further headers (Xero's `Xero-tenant-id`), filled from its fields. */
function oauthHeaders(templates: Readonly<Record<string, string>> | undefined, fields: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, template] of Object.entries(templates ?? {})) out[name] = fillTemplate(template, fields);
  return out;
}

/** How long one process may take to refresh a token before another one may try (the provider call has its timeouts). */
export const REFRESH_LEASE_MS = 30_000;
/** How often a process waiting for another's refresh looks for its result. */
const REFRESH_POLL_MS = 100;

/**
 * Refreshes the session's OAuth token, or waits for the process that is refreshing it (one process at a time across
 * every Weft process on the database: the refresh lease on the credentials row) and takes its result.
 */
async function refreshOnce(
  services: Services,
  connector: Connector,
  session: { id: string; projectId: string },
  current: OAuthCredentials,
  version: number,
  force: boolean,
  signal: AbortSignal | undefined,
  trace: RefreshTrace,
): Promise<{ creds: OAuthCredentials; version: number }> {
  const sessionId = session.id;
  const margin = services.config.tokenRefreshMarginMs;
  const owner = randomUUID();
  for (;;) {
    signal?.throwIfAborted();
    const latest = await readCredentials(services, sessionId);
    if (!latest || latest.creds.kind !== 'oauth2') throw reconnect('The session has no credentials');
    // Another process may have refreshed already.
    const fresh = latest.creds.expiresAt === null || latest.creds.expiresAt - Date.now() > margin;
    if (latest.version !== version && fresh && (!force || latest.creds.accessToken !== current.accessToken)) {
      return { creds: latest.creds, version: latest.version };
    }
    if (!latest.creds.refreshToken) throw reconnect('The access token expired and the provider gave no refresh token');
    if (await takeRefreshLease(services, sessionId, latest.version, owner, REFRESH_LEASE_MS)) {
      return refreshWithLease(services, connector, session, latest as { creds: OAuthCredentials; version: number }, owner, trace);
    }
    // Another process is refreshing: wait for its result (or for its lease to run out).
    await sleep(REFRESH_POLL_MS, undefined, signal ? { signal } : undefined);
  }
}

async function refreshWithLease(
  services: Services,
  connector: Connector,
  session: { id: string; projectId: string },
  latest: { creds: OAuthCredentials; version: number },
  owner: string,
  trace: RefreshTrace,
): Promise<{ creds: OAuthCredentials; version: number }> {
  const sessionId = session.id;
  let tokens: TokenSet;
  try {
    tokens = await traced(connector, trace, async () => {
      const app = await resolveOAuthApp(services, session.projectId, connector, latest.creds.mode);
      // An account whose provider named its own token endpoint (Zoho's data centre) refreshes there.
      const tokenUrl = latest.creds.tokenUrl;
      return refreshTokens(oauthManifest(connector), tokenUrl === undefined ? app : { ...app, tokenUrl }, latest.creds.refreshToken as string);
    });
  } catch (e) {
    tokenRefreshes.inc({ provider: connector.manifest.name, outcome: 'failure' });
    await releaseRefreshLease(services, sessionId, owner);
    if (e instanceof OAuthGrantError) {
      throw new ProviderError(e.invalidGrant ? 'auth_invalid' : 'transient', `Token refresh failed: ${e.message}`, null, null, false, { cause: e });
    }
    throw e;
  }
  tokenRefreshes.inc({ provider: connector.manifest.name, outcome: 'success' });
  const defaultBase = apiBaseFor(services, connector, latest.creds.mode);
  const next: OAuthCredentials = {
    ...latest.creds,
    // Some providers move an account to another API host (Salesforce's instance_url).
    apiBase: connector.apiBase ? connector.apiBase(latest.creds.apiBase ?? defaultBase, tokens) : latest.creds.apiBase,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken ?? latest.creds.refreshToken,
    expiresAt: tokens.expiresAt,
    scope: tokens.scope ?? latest.creds.scope,
  };
  if (!(await swapCredentials(services, sessionId, latest.version, next))) {
    // The lease ran out and another process stored its own refresh meanwhile; both token sets are valid, use the
    // stored one.
    const winner = await readCredentials(services, sessionId);
    if (!winner || winner.creds.kind !== 'oauth2') throw reconnect('The session was deleted');
    return { creds: winner.creds, version: winner.version };
  }
  services.log.debug({ sessionId, provider: connector.manifest.name }, 'access token refreshed');
  return { creds: next, version: latest.version + 1 };
}

/** Where a refresh's span goes (the span that opened the connection) and why the refresh happens. */
interface RefreshTrace {
  parent: Context | null;
  /** `expiring`: the token runs out within the margin; `rejected`: the provider refused it (a 401 or the like). */
  reason: 'expiring' | 'rejected';
}

/**
 * The refresh grant in a `token refresh` span when traces are on: under the span that opened the connection (in a
 * transfer, the job run's; not the provider request that found the token expired, as every request of the connection
 * waits for the one refresh). Attributes: the provider, the reason, the outcome (as `weft_token_refreshes_total`
 * counts it) and on failure the kind of error. Never a token, a code, the client's secret or the token endpoint.
 */
function traced(connector: Connector, trace: RefreshTrace, exchange: () => Promise<TokenSet>): Promise<TokenSet> {
  if (!tracing()) return exchange();
  return withSpan(
    'token refresh',
    {
      kind: SpanKind.CLIENT,
      attributes: { 'weft.provider': connector.manifest.name, 'weft.token_refresh.reason': trace.reason },
      ...(trace.parent ? { parent: trace.parent } : {}),
      errorType: refreshErrorType,
    },
    async (span) => {
      try {
        const tokens = await exchange();
        span?.setAttribute('weft.token_refresh.outcome', 'success');
        return tokens;
      } catch (e) {
        span?.setAttribute('weft.token_refresh.outcome', 'failure');
        throw e;
      }
    },
  );
}

/** A failed refresh's kind of error, as the transfer sees it: the provider error's kind, else the error's name. */
function refreshErrorType(e: unknown): string {
  if (e instanceof OAuthGrantError) return e.invalidGrant ? 'auth_invalid' : 'transient';
  if (e instanceof ProviderError) return e.kind;
  return e instanceof Error ? e.name : 'unknown';
}
