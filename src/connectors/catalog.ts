/**
 * How providers and their integrations are described to API callers and end users, read from the manifests.
 */
import { COMMON_MODELS } from '../model/registry.js';
import { CONNECTORS } from './index.js';
import type { Connector } from './kit/connector.js';
import type { ConnectorManifest } from './kit/manifest.js';

export interface ProviderInfo {
  name: string;
  display_name: string;
  url: string;
  image: string;
  auth_type: 'oauth' | 'api_key' | 'custom';
  specific: Record<string, unknown>;
  endgrate_provider_type: string;
}

export function providerInfo(manifest: ConnectorManifest, publicUrl: string): ProviderInfo {
  return {
    name: manifest.name,
    display_name: manifest.displayName,
    url: manifest.url,
    image: `${publicUrl}/static/providers/${manifest.name}.svg`,
    auth_type: manifest.auth.oauth2 ? 'oauth' : 'api_key',
    specific: {},
    endgrate_provider_type: manifest.category,
  };
}

export interface IntegrationInfo {
  display_name: string;
  endgrate_type: string;
  supports_push: boolean;
  supports_pull: boolean;
  is_custom_object: boolean;
  supports_associations: boolean;
}

export function integrationsOf(manifest: ConnectorManifest): IntegrationInfo[] {
  return Object.entries(manifest.schemas).map(([type, s]) => ({
    display_name: COMMON_MODELS.get(type)?.displayName ?? s.integration.displayName,
    endgrate_type: type,
    supports_push: s.push,
    supports_pull: s.pull,
    is_custom_object: false,
    supports_associations: s.associations.length > 0,
  }));
}

/** Endgrate's `integration_info` of a schema of a configured session. */
export function integrationInfo(manifest: ConnectorManifest, endgrateType: string, method: 'IMPORT' | 'EXPORT') {
  const s = manifest.schemas[endgrateType];
  return {
    name: s?.integration.name ?? endgrateType,
    display_name: s?.integration.displayName ?? endgrateType,
    method,
    endgrate_type: endgrateType,
    supports_associations: (s?.associations.length ?? 0) > 0,
  };
}

/** Whether a provider serves an endgrate_type in the directions needed. */
export function serves(manifest: ConnectorManifest, type: string, needs: { pull: boolean; push: boolean }): boolean {
  const s = Object.hasOwn(manifest.schemas, type) ? manifest.schemas[type] : undefined;
  return !!s && (!needs.pull || s.pull) && (!needs.push || s.push);
}

/** The directions among those allowed in which a provider serves an endgrate_type (a read-only type: pull alone). */
export function servedDirections(manifest: ConnectorManifest, type: string, allowed: { pull: boolean; push: boolean }) {
  const s = Object.hasOwn(manifest.schemas, type) ? manifest.schemas[type] : undefined;
  return { pull: allowed.pull && s?.pull === true, push: allowed.push && s?.push === true };
}

/**
 * Providers that serve every `required` endgrate_type in the directions needed; with none required, those that serve
 * at least one `optional` type (a category's) in some direction allowed, or every provider when there are none of
 * either (custom objects).
 */
export function providersFor(types: { required: string[]; optional: string[] }, needs: { pull: boolean; push: boolean }): Connector[] {
  return CONNECTORS.filter((c) => {
    if (types.required.length) return types.required.every((t) => serves(c.manifest, t, needs));
    return (
      types.optional.length === 0 ||
      types.optional.some((t) => {
        const d = servedDirections(c.manifest, t, needs);
        return d.pull || d.push;
      })
    );
  });
}
