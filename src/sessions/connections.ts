/**
 * A session's connection to its provider: which OAuth app (the real provider's, or the sandbox's), the sealed
 * credentials, and a provider client that refreshes tokens before they expire. Refreshes are single-flight within a
 * process and compare-and-swap across processes (the credentials row has a version), so two workers never
 * overwrite each other's fresh tokens with stale ones.
 */
import type { Config } from '../config.js';
import {
  OAuthGrantError,
  ProviderError,
  createProviderClient,
  getConnector,
  refreshTokens,
  type AuthHandle,
  type Connector,
  type OAuth2Manifest,
  type OAuthApp,
  type ProviderClient,
  type TokenSet,
} from '../connectors/index.js';
import type { Services } from '../services.js';

/** The OAuth app Weft uses for a provider in the given mode (default: live when configured, else sandbox). */
export function resolveOAuthApp(config: Config, connector: Connector, mode?: 'live' | 'sandbox'): OAuthApp {
  const auth = connector.manifest.auth;
  if (auth.kind !== 'oauth2') throw new Error(`${connector.manifest.name} does not use OAuth`);
  const live = config.oauthApps[connector.manifest.name];
  if ((mode ?? (live ? 'live' : 'sandbox')) === 'live') {
    if (!live) throw new ProviderError('auth_invalid', `No ${connector.manifest.displayName} OAuth app is configured.`, null);
    return { mode: 'live', clientId: live.clientId, clientSecret: live.clientSecret, authorizeUrl: auth.authorizeUrl, tokenUrl: auth.tokenUrl };
  }
  const base = sandboxBase(config, connector);
  return {
    mode: 'sandbox',
    clientId: auth.sandbox.clientId,
    clientSecret: auth.sandbox.clientSecret,
    authorizeUrl: base + auth.sandbox.authorizePath,
    tokenUrl: base + auth.sandbox.tokenPath,
  };
}

export function sandboxBase(config: Config, connector: Connector): string {
  return `${config.sandbox.url}/${connector.manifest.api.sandboxPath}`;
}

/** True when sessions connecting to this provider now go to the sandbox. */
export function usesSandbox(config: Config, connector: Connector): boolean {
  return connector.manifest.auth.kind === 'oauth2' ? !config.oauthApps[connector.manifest.name] : false;
}

/** What is sealed in the credentials row. */
export interface StoredCredentials {
  kind: 'oauth2';
  mode: 'live' | 'sandbox';
  apiBase: string;
  accountKey: string;
  accessToken: string;
  refreshToken: string | null;
  expiresAt: number | null;
  scope: string | null;
  /** Provider-specific fields of the token response (hub_id, instance_url, …), without the tokens. */
  extra: Record<string, unknown>;
}

export function credentialsFromTokens(connector: Connector, app: OAuthApp, defaultBase: string, tokens: TokenSet): StoredCredentials {
  const extra = { ...tokens.raw };
  delete extra['access_token'];
  delete extra['refresh_token'];
  delete extra['id_token'];
  return {
    kind: 'oauth2',
    mode: app.mode,
    apiBase: connector.apiBase ? connector.apiBase(defaultBase, tokens) : defaultBase,
    accountKey: connector.accountKey(tokens),
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: tokens.expiresAt,
    scope: tokens.scope,
    extra,
  };
}

export function apiBaseFor(config: Config, connector: Connector, mode: 'live' | 'sandbox'): string {
  return mode === 'live' ? connector.manifest.api.baseUrl : sandboxBase(config, connector);
}

/** Seals and stores a session's credentials (replacing any), bound to the session by the cipher's associated data. */
export async function saveCredentials(services: Services, sessionId: string, provider: string, creds: StoredCredentials, now = Date.now()): Promise<void> {
  const secret = services.sealer.seal(JSON.stringify(creds), sessionId);
  const db = services.database.db;
  await db
    .insertInto('credentials')
    .values({ session_id: sessionId, provider, secret, access_expires_at: creds.expiresAt, version: 1, created_at: now, updated_at: now })
    .onConflict((oc) =>
      oc.column('session_id').doUpdateSet({ provider, secret, access_expires_at: creds.expiresAt, version: 1, updated_at: now }),
    )
    .execute();
}

async function readCredentials(services: Services, sessionId: string): Promise<{ creds: StoredCredentials; version: number } | null> {
  const row = await services.database.db
    .selectFrom('credentials')
    .select(['secret', 'version'])
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  if (!row) return null;
  return { creds: JSON.parse(services.sealer.open(row.secret, sessionId)) as StoredCredentials, version: row.version };
}

const refreshing = new Map<string, Promise<StoredCredentials>>();

export interface Connection {
  connector: Connector;
  client: ProviderClient;
  credentials: StoredCredentials;
}

/** Opens the provider client of a configured session. Throws ProviderError('auth_invalid') without credentials. */
export interface ConnectionOptions {
  signal?: AbortSignal;
  /**
   * Endgrate's `bypass_rate_limit`: do not pace requests by the provider's published limit; only a 429 (or the like)
   * makes the client wait. For providers and plans whose real limit is higher than the documented default.
   */
  bypassRateLimit?: boolean;
}

export async function openConnection(
  services: Services,
  sessionId: string,
  provider: string,
  options: ConnectionOptions = {},
): Promise<Connection> {
  const { signal } = options;
  const connector = getConnector(provider);
  if (!connector) throw new Error(`Unknown provider ${provider}`);
  const stored = await readCredentials(services, sessionId);
  if (!stored) throw new ProviderError('auth_invalid', 'The session has no credentials; the end user must connect again.', null);
  let current = stored.creds;
  let version = stored.version;
  const margin = services.config.tokenRefreshMarginMs;

  const refresh = async (force: boolean): Promise<void> => {
    let pending = refreshing.get(sessionId);
    if (!pending) {
      pending = doRefresh(force).finally(() => refreshing.delete(sessionId));
      refreshing.set(sessionId, pending);
    }
    current = await pending;
  };

  const doRefresh = async (force: boolean): Promise<StoredCredentials> => {
    const latest = await readCredentials(services, sessionId);
    if (!latest) throw new ProviderError('auth_invalid', 'The session has no credentials; the end user must connect again.', null);
    // Another process may have refreshed already.
    const fresh = latest.creds.expiresAt === null || latest.creds.expiresAt - Date.now() > margin;
    if (latest.version !== version && fresh && (!force || latest.creds.accessToken !== current.accessToken)) {
      version = latest.version;
      return latest.creds;
    }
    if (!latest.creds.refreshToken) {
      throw new ProviderError('auth_invalid', 'The access token expired and the provider gave no refresh token; the end user must connect again.', null);
    }
    let tokens: TokenSet;
    try {
      tokens = await refreshTokens(
        connector.manifest.auth as OAuth2Manifest,
        resolveOAuthApp(services.config, connector, latest.creds.mode),
        latest.creds.refreshToken,
      );
    } catch (e) {
      if (e instanceof OAuthGrantError) {
        throw new ProviderError(e.invalidGrant ? 'auth_invalid' : 'transient', `Token refresh failed: ${e.message}`, null, null, false, { cause: e });
      }
      throw e;
    }
    const next: StoredCredentials = {
      ...latest.creds,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken ?? latest.creds.refreshToken,
      expiresAt: tokens.expiresAt,
      scope: tokens.scope ?? latest.creds.scope,
    };
    const now = Date.now();
    const res = await services.database.db
      .updateTable('credentials')
      .set({ secret: services.sealer.seal(JSON.stringify(next), sessionId), access_expires_at: next.expiresAt, version: latest.version + 1, updated_at: now })
      .where('session_id', '=', sessionId)
      .where('version', '=', latest.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) {
      // Another process stored its own refresh meanwhile; both token sets are valid, use the stored one.
      const winner = await readCredentials(services, sessionId);
      if (!winner) throw new ProviderError('auth_invalid', 'The session was deleted.', null);
      version = winner.version;
      return winner.creds;
    }
    version = latest.version + 1;
    services.log.debug({ sessionId, provider }, 'access token refreshed');
    return next;
  };

  const auth: AuthHandle = {
    async headers() {
      if (current.expiresAt !== null && current.expiresAt - Date.now() <= margin) await refresh(false);
      return { authorization: `Bearer ${current.accessToken}` };
    },
    renew: () => refresh(true),
  };

  const window = connector.manifest.rateLimit.window;
  const limiter = options.bypassRateLimit ? null : services.limiters.get(`${provider}:${current.mode}:${current.accountKey}`, window);
  const client = createProviderClient({
    manifest: connector.manifest,
    apiBase: current.apiBase,
    auth,
    limiter,
    ...(connector.classify ? { classify: connector.classify } : {}),
    ...(signal ? { signal } : {}),
  });
  return { connector, client, credentials: current };
}
