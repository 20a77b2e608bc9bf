/**
 * The connector registry: every provider Weft supports, in one explicit list. Adding a provider is its folder plus
 * one line here.
 */
import type { Connector } from './kit/connector.js';
import { hubspotConnector } from './hubspot/index.js';
import { pipedriveConnector } from './pipedrive/index.js';
import { salesforceConnector } from './salesforce/index.js';

export const CONNECTORS: readonly Connector[] = [hubspotConnector, salesforceConnector, pipedriveConnector];

const byName = new Map(CONNECTORS.map((c) => [c.manifest.name, c]));

export function getConnector(name: string): Connector | undefined {
  return byName.get(name);
}

export type { Connector, PassthroughSupport, ProviderField, ProviderObject, PullPage, PullRequest, PulledRecord, PushOperation, PushResult } from './kit/connector.js';
export type { ConnectorManifest, OAuth2Manifest, ApiKeyManifest, AuthMethod } from './kit/manifest.js';
export { authMethods } from './kit/manifest.js';
export { ProviderError, isProviderError } from './kit/errors.js';
export { createProviderClient, type ClientStats, type ProviderClient, type ProviderRequest, type AuthHandle } from './kit/http.js';
export { liveEgress, sandboxEgress, type ProviderEgress } from './kit/egress.js';
export { GRANT_OPEN_MS, RateLimiterRegistry, type SharedWindowStore } from './kit/rate-limiter.js';
export { authorizationUrl, exchangeCode, newPkcePair, refreshTokens, OAuthGrantError, type OAuthApp, type PkcePair, type TokenSet } from './kit/oauth.js';
