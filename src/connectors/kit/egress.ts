/**
 * Where a provider client may send requests. A real provider's requests go only to https URLs on the provider's own
 * domains (its manifest's `api.domains`), through the egress agent that checks every address when connecting: an
 * `instance_url`, `api_domain` or next-page link a provider hands back cannot point Weft at another host, at plain
 * http, or at an internal address. A sandbox connection goes only to the sandbox's own origin, which Weft's
 * configuration (WEFT_SANDBOX_URL) names and therefore trusts.
 */
import type { Dispatcher } from 'undici';

import type { ConnectorManifest } from './manifest.js';

export interface ProviderEgress {
  /** Why a request to `url` may not be sent (`refused: …`), or null. Checked before every request. */
  refuse(url: URL): string | null;
  /** The dispatcher requests go through (the egress agent for real providers); the kit's shared agent when absent. */
  dispatcher?: Dispatcher;
}

/** True when `host` is `domain` or one of its subdomains. */
export function onDomain(host: string, domain: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const d = domain.toLowerCase();
  return h === d || h.endsWith(`.${d}`);
}

/**
 * A real provider: https on its own domains only (and, for a provider whose accounts are their own sites, the host of
 * the connection's API base), through `agent` (which refuses internal addresses).
 */
export function liveEgress(manifest: ConnectorManifest, agent: Dispatcher, apiBase?: string): ProviderEgress {
  const { displayName } = manifest;
  const own = manifest.api.connectionHost && apiBase !== undefined ? new URL(apiBase).hostname : undefined;
  const domains = own === undefined ? manifest.api.domains : [...manifest.api.domains, own];
  return {
    dispatcher: agent,
    refuse(url) {
      if (url.protocol !== 'https:') return `refused: ${displayName} must be called over https, not ${url.protocol.replace(':', '')} (${url.origin})`;
      if (url.username || url.password) return `refused: ${displayName} URLs carry no user name or password (${url.host})`;
      if (!domains.some((d) => (d === own ? url.hostname.toLowerCase() === own.toLowerCase() : onDomain(url.hostname, d)))) {
        return `refused: ${url.hostname} is not a ${displayName} domain (${domains.join(', ')})`;
      }
      return null;
    },
  };
}

/** Weft's sandbox of a provider (or one run apart): its origin only. */
export function sandboxEgress(manifest: ConnectorManifest, sandboxUrl: string): ProviderEgress {
  const origin = new URL(sandboxUrl).origin;
  return {
    refuse(url) {
      if (url.origin !== origin || url.username || url.password) {
        return `refused: ${url.origin} is not the address of the ${manifest.displayName} sandbox (${origin})`;
      }
      return null;
    },
  };
}
