/**
 * The connector registry: every provider Weft supports, in one explicit list. Adding a provider is its folder plus
 * one line here.
 */
import { asanaConnector } from './asana/index.js';
import { attioConnector } from './attio/index.js';
import { bigcommerceConnector } from './bigcommerce/index.js';
import { closeConnector } from './close/index.js';
import { copperConnector } from './copper/index.js';
import { dynamicsConnector } from './dynamics/index.js';
import { freshdeskConnector } from './freshdesk/index.js';
import { freshsalesConnector } from './freshsales/index.js';
import { hubspotConnector } from './hubspot/index.js';
import type { Connector } from './kit/connector.js';
import { mailchimpConnector } from './mailchimp/index.js';
import { pipedriveConnector } from './pipedrive/index.js';
import { quickbooksConnector } from './quickbooks/index.js';
import { salesforceConnector } from './salesforce/index.js';
import { shopifyConnector } from './shopify/index.js';
import { slackConnector } from './slack/index.js';
import { todoistConnector } from './todoist/index.js';
import { typeformConnector } from './typeform/index.js';
import { woocommerceConnector } from './woocommerce/index.js';
import { xeroConnector } from './xero/index.js';
import { zendeskConnector } from './zendesk/index.js';
import { zohoConnector } from './zoho/index.js';

export const CONNECTORS: readonly Connector[] = [
  hubspotConnector,
  salesforceConnector,
  pipedriveConnector,
  freshsalesConnector,
  copperConnector,
  zohoConnector,
  attioConnector,
  dynamicsConnector,
  closeConnector,
  shopifyConnector,
  quickbooksConnector,
  woocommerceConnector,
  bigcommerceConnector,
  xeroConnector,
  zendeskConnector,
  freshdeskConnector,
  asanaConnector,
  todoistConnector,
  typeformConnector,
  slackConnector,
  mailchimpConnector,
];

const byName = new Map(CONNECTORS.map((c) => [c.manifest.name, c]));

export function getConnector(name: string): Connector | undefined {
  return byName.get(name);
}

export {
  apiKeyHeaders,
  callbackValueMatches,
  type FieldProblem,
  filledOAuthManifest,
  fillTemplate,
  keyFieldValues,
  liveApiBase,
  MAX_FIELD_LENGTH,
  readFields,
  trustedAccountsServer,
} from './kit/connection-fields.js';
export type { Connector, ProviderField, ProviderObject, PulledRecord, PullPage, PullRequest, PushOperation, PushResult } from './kit/connector.js';
export { liveEgress, type ProviderEgress, sandboxEgress } from './kit/egress.js';
export { isProviderError, ProviderError } from './kit/errors.js';
export { type AuthHandle, type ClientStats, createProviderClient, type ProviderClient, type ProviderRequest } from './kit/http.js';
export type { ApiBaseChoice, ApiKeyManifest, AuthMethod, ConnectionField, ConnectorManifest, OAuth2Manifest } from './kit/manifest.js';
export { authMethods, PROVIDER_CATEGORIES, type ProviderCategory, routeLimitOf } from './kit/manifest.js';
export {
  authorizationUrl,
  exchangeCode,
  filledOAuthApp,
  newPkcePair,
  type OAuthApp,
  OAuthGrantError,
  type PkcePair,
  refreshTokens,
  signedCallbackError,
  type TokenSet,
} from './kit/oauth.js';
export { GRANT_OPEN_MS, RateLimiterRegistry, type SharedWindowStore } from './kit/rate-limiter.js';
export { type SandboxEndpoint, sandboxEndpoint, type SandboxEndpoints, sandboxKeyPagePath, sandboxOAuth } from './kit/sandbox.js';
