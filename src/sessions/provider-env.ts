/**
 * Which environment a session's connections go to, from the session's mode (the mode of the key that made it):
 * a test session always to Weft's sandbox (even where a real OAuth app exists), a live session only to the real
 * provider: an OAuth provider only when the project has an OAuth app for it (dashboard or environment), an API-key
 * provider (Pipedrive's API token) always. A provider not available in a session's mode is not offered, and every
 * entry refuses it. A connection keeps the environment it was made in, whatever the configuration says later.
 */
import type { Config } from '../config.js';
import {
  type AuthMethod,
  authMethods,
  type Connector,
  fillTemplate,
  liveApiBase,
  liveEgress,
  type OAuth2Manifest,
  type OAuthApp,
  type ProviderEgress,
  ProviderError,
  sandboxEgress,
  sandboxEndpoint,
  sandboxOAuth,
} from '../connectors/index.js';
import type { KeyMode } from '../db/schema.js';
import { Errors } from '../errors.js';
import type { Services } from '../services.js';

export type ProviderMode = 'live' | 'sandbox';

/**
 * The OAuth app credentials of a provider for a project: set on the dashboard (stored sealed), else from the
 * environment (`WEFT_<PROVIDER>_CLIENT_ID`/`_SECRET`), else none.
 */
export async function oauthAppCredentials(
  services: Services,
  projectId: string,
  provider: string,
): Promise<{ clientId: string; clientSecret: string } | undefined> {
  const row = await services.database.db
    .selectFrom('oauth_apps')
    .select(['client_id', 'client_secret'])
    .where('project_id', '=', projectId)
    .where('provider', '=', provider)
    .executeTakeFirst();
  if (row) return { clientId: row.client_id, clientSecret: services.sealer.open(row.client_secret, `oauth-app:${projectId}:${provider}`) };
  return services.config.oauthApps[provider];
}

/** The environment of a session's new connections: the sandbox for test sessions, real providers for live ones. */
export function providerMode(session: { mode: KeyMode }): ProviderMode {
  return session.mode === 'test' ? 'sandbox' : 'live';
}

/** Whether this server has a sandbox for test sessions: its own (`WEFT_SANDBOX`) or one run apart (`WEFT_SANDBOX_URL`). */
export function sandboxAvailable(config: Config): boolean {
  return config.sandbox.available;
}

/**
 * How the end user of a session may authenticate with a provider, in order of preference; empty when the provider is
 * not available in the session's mode (a test session without a sandbox; a live session of an OAuth-only provider
 * without an OAuth app).
 */
export async function availableAuthMethods(
  services: Services,
  session: { projectId: string; mode: KeyMode },
  connector: Connector,
): Promise<AuthMethod[]> {
  const methods = authMethods(connector.manifest);
  if (session.mode === 'test') return sandboxAvailable(services.config) ? methods : [];
  const app = methods.includes('oauth2') ? await oauthAppCredentials(services, session.projectId, connector.manifest.name) : undefined;
  return methods.filter((m) => m === 'api_key' || app !== undefined);
}

/**
 * Refuses, at initiate, what a session of this mode could never do: a test session without a sandbox
 * (`WEFT_ERR_SANDBOX_UNAVAILABLE`), a preset `provider` not available in the mode (`WEFT_ERR_PROVIDER_NOT_IN_MODE`).
 */
export async function checkInitiateMode(
  services: Services,
  scope: { projectId: string; mode: KeyMode },
  connector: Connector | undefined,
): Promise<void> {
  if (scope.mode === 'test' && !sandboxAvailable(services.config)) throw Errors.sandboxUnavailable();
  if (connector && (await availableAuthMethods(services, scope, connector)).length === 0) {
    throw Errors.providerNotInMode(connector.manifest.name, scope.mode, { provider: `is not available to ${scope.mode} sessions` });
  }
}

/** What the sandbox's addresses are resolved from: the configuration and the endpoints the sandbox declares. */
export type SandboxEnv = Pick<Services, 'config' | 'sandboxEndpoints'>;

export function sandboxBase(services: SandboxEnv, connector: Connector): string {
  return `${services.config.sandbox.url}/${sandboxEndpoint(services.sandboxEndpoints, connector.manifest.name).apiPath}`;
}

/** The API base of a connection made in `mode`, before any token response names another. */
export function apiBaseFor(services: SandboxEnv, connector: Connector, mode: ProviderMode): string {
  return mode === 'live' ? connector.manifest.api.baseUrl : sandboxBase(services, connector);
}

/**
 * The API base of a connection made in `mode` with what the end user typed: a live one's from the auth method's
 * template where it has one (Freshsales' `https://{domain}/crm/sales`, Dynamics' `{environment}/api/data/v9.2`), else
 * as {@link apiBaseFor}. The fields' patterns and the egress policy keep it on the provider's domains.
 */
export function connectionApiBase(
  services: SandboxEnv,
  connector: Connector,
  mode: ProviderMode,
  method: AuthMethod,
  values: Readonly<Record<string, string>>,
): string {
  const auth = connector.manifest.auth;
  const keyBase = auth.apiKey?.apiBase;
  const template = method === 'oauth2' ? auth.oauth2?.apiBase : typeof keyBase === 'string' ? keyBase : undefined;
  // A template over the environment's own base (QuickBooks' `{base}/v3/company/{realmId}`, BigCommerce's
  // `{base}/stores/{store_hash}`) is filled in either mode.
  if (template?.startsWith('{base}')) return fillTemplate(template, { ...values, base: apiBaseFor(services, connector, mode) });
  const live = mode === 'live' ? liveApiBase(method === 'api_key' ? auth.apiKey?.apiBase : auth.oauth2?.apiBase, values) : undefined;
  return live ?? apiBaseFor(services, connector, mode);
}

/**
 * Where a connection made in `mode` may send requests: a real provider's https domains, through the egress agent
 * (a provider-given instance_url, api_domain or link is held to them); the sandbox's own origin, trusted by
 * configuration.
 */
export function egressFor(services: Services, connector: Connector, mode: ProviderMode, apiBase?: string): ProviderEgress {
  return mode === 'live'
    ? liveEgress(connector.manifest, services.egress.agent, apiBase)
    : sandboxEgress(connector.manifest, services.config.sandbox.url);
}

export function oauthManifest(connector: Connector): OAuth2Manifest {
  const m = connector.manifest.auth.oauth2;
  if (!m) throw new Error(`${connector.manifest.name} does not use OAuth`);
  return m;
}

/** The OAuth app Weft uses for a provider in a project, for a connection in `mode`. */
export async function resolveOAuthApp(services: Services, projectId: string, connector: Connector, mode: ProviderMode): Promise<OAuthApp> {
  const auth = oauthManifest(connector);
  const chosen = mode;
  if (chosen === 'live') {
    const live = await oauthAppCredentials(services, projectId, connector.manifest.name);
    if (!live) throw new ProviderError('auth_invalid', `No ${connector.manifest.displayName} OAuth app is configured.`, null);
    return { mode: chosen, clientId: live.clientId, clientSecret: live.clientSecret, authorizeUrl: auth.authorizeUrl, tokenUrl: auth.tokenUrl };
  }
  const base = sandboxBase(services, connector);
  const sandbox = sandboxOAuth(services.sandboxEndpoints, connector.manifest.name);
  return {
    mode: chosen,
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    authorizeUrl: base + sandbox.authorizePath,
    tokenUrl: base + sandbox.tokenPath,
  };
}
