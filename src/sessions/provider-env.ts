/**
 * Which environment a provider's new connections go to: the real provider ("live") when the project has an OAuth
 * app for it (set on the dashboard or in the environment) or Weft is told to (`WEFT_LIVE_PROVIDERS`), else Weft's
 * sandbox of it. A connection keeps the environment it was made in, whatever the configuration says later.
 */
import type { Config } from '../config.js';
import {
  ProviderError,
  liveEgress,
  sandboxEgress,
  type Connector,
  type OAuth2Manifest,
  type OAuthApp,
  type ProviderEgress,
} from '../connectors/index.js';
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

export async function providerMode(services: Services, projectId: string, connector: Connector): Promise<ProviderMode> {
  const name = connector.manifest.name;
  if (services.config.liveProviders.includes(name)) return 'live';
  return connector.manifest.auth.oauth2 && (await oauthAppCredentials(services, projectId, name)) ? 'live' : 'sandbox';
}

export function sandboxBase(config: Config, connector: Connector): string {
  return `${config.sandbox.url}/${connector.manifest.api.sandboxPath}`;
}

/** The API base of a connection made in `mode`, before any token response names another. */
export function apiBaseFor(config: Config, connector: Connector, mode: ProviderMode): string {
  return mode === 'live' ? connector.manifest.api.baseUrl : sandboxBase(config, connector);
}

/**
 * Where a connection made in `mode` may send requests: a real provider's https domains, through the egress agent
 * (a provider-given instance_url, api_domain or link is held to them); the sandbox's own origin, trusted by
 * configuration.
 */
export function egressFor(services: Services, connector: Connector, mode: ProviderMode): ProviderEgress {
  return mode === 'live' ? liveEgress(connector.manifest, services.egress.agent) : sandboxEgress(connector.manifest, services.config.sandbox.url);
}

export function oauthManifest(connector: Connector): OAuth2Manifest {
  const m = connector.manifest.auth.oauth2;
  if (!m) throw new Error(`${connector.manifest.name} does not use OAuth`);
  return m;
}

/** The OAuth app Weft uses for a provider in a project, in `mode` (default: the provider's current mode). */
export async function resolveOAuthApp(services: Services, projectId: string, connector: Connector, mode?: ProviderMode): Promise<OAuthApp> {
  const auth = oauthManifest(connector);
  const chosen = mode ?? (await providerMode(services, projectId, connector));
  if (chosen === 'live') {
    const live = await oauthAppCredentials(services, projectId, connector.manifest.name);
    if (!live) throw new ProviderError('auth_invalid', `No ${connector.manifest.displayName} OAuth app is configured.`, null);
    return { mode: chosen, clientId: live.clientId, clientSecret: live.clientSecret, authorizeUrl: auth.authorizeUrl, tokenUrl: auth.tokenUrl };
  }
  const base = sandboxBase(services.config, connector);
  return {
    mode: chosen,
    clientId: auth.sandbox.clientId,
    clientSecret: auth.sandbox.clientSecret,
    authorizeUrl: base + auth.sandbox.authorizePath,
    tokenUrl: base + auth.sandbox.tokenPath,
  };
}
