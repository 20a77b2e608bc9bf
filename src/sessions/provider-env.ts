/**
 * Which environment a provider's new connections go to: the real provider ("live") when Weft has an OAuth app for
 * it or is told to (`WEFT_LIVE_PROVIDERS`), else Weft's sandbox of it. A connection keeps the environment it was
 * made in, whatever the configuration says later.
 */
import type { Config } from '../config.js';
import { ProviderError, type Connector, type OAuth2Manifest, type OAuthApp } from '../connectors/index.js';

export type ProviderMode = 'live' | 'sandbox';

export function providerMode(config: Config, connector: Connector): ProviderMode {
  const name = connector.manifest.name;
  return config.oauthApps[name] || config.liveProviders.includes(name) ? 'live' : 'sandbox';
}

/** True when sessions connecting to this provider now go to the sandbox. */
export function usesSandbox(config: Config, connector: Connector): boolean {
  return providerMode(config, connector) === 'sandbox';
}

export function sandboxBase(config: Config, connector: Connector): string {
  return `${config.sandbox.url}/${connector.manifest.api.sandboxPath}`;
}

/** The API base of a connection made in `mode`, before any token response names another. */
export function apiBaseFor(config: Config, connector: Connector, mode: ProviderMode): string {
  return mode === 'live' ? connector.manifest.api.baseUrl : sandboxBase(config, connector);
}

export function oauthManifest(connector: Connector): OAuth2Manifest {
  const m = connector.manifest.auth.oauth2;
  if (!m) throw new Error(`${connector.manifest.name} does not use OAuth`);
  return m;
}

/** The OAuth app Weft uses for a provider in `mode` (default: the provider's current mode). */
export function resolveOAuthApp(config: Config, connector: Connector, mode: ProviderMode = providerMode(config, connector)): OAuthApp {
  const auth = oauthManifest(connector);
  if (mode === 'live') {
    const live = config.oauthApps[connector.manifest.name];
    if (!live) throw new ProviderError('auth_invalid', `No ${connector.manifest.displayName} OAuth app is configured.`, null);
    return { mode, clientId: live.clientId, clientSecret: live.clientSecret, authorizeUrl: auth.authorizeUrl, tokenUrl: auth.tokenUrl };
  }
  const base = sandboxBase(config, connector);
  return {
    mode,
    clientId: auth.sandbox.clientId,
    clientSecret: auth.sandbox.clientSecret,
    authorizeUrl: base + auth.sandbox.authorizePath,
    tokenUrl: base + auth.sandbox.tokenPath,
  };
}
