/**
 * Each fake's address and OAuth client as the fakes declare them (each fake's `endpoints.ts`), without loading the
 * fakes: Weft's server reads these at start whether or not it mounts the sandbox, and loads the sandbox itself only
 * when it mounts it (src/server.ts).
 */
import { ASANA_ENDPOINTS } from './asana/endpoints.js';
import { ATTIO_ENDPOINTS } from './attio/endpoints.js';
import { BIGCOMMERCE_ENDPOINTS } from './bigcommerce/endpoints.js';
import { CLOSE_ENDPOINTS } from './close/endpoints.js';
import { COPPER_ENDPOINTS } from './copper/endpoints.js';
import { DYNAMICS_ENDPOINTS } from './dynamics/endpoints.js';
import { FRESHDESK_ENDPOINTS } from './freshdesk/endpoints.js';
import { FRESHSALES_ENDPOINTS } from './freshsales/endpoints.js';
import { HUBSPOT_ENDPOINTS } from './hubspot/endpoints.js';
import { MAILCHIMP_ENDPOINTS } from './mailchimp/endpoints.js';
import { PIPEDRIVE_ENDPOINTS } from './pipedrive/endpoints.js';
import { QUICKBOOKS_ENDPOINTS } from './quickbooks/endpoints.js';
import { SALESFORCE_ENDPOINTS } from './salesforce/endpoints.js';
import { SHOPIFY_ENDPOINTS } from './shopify/endpoints.js';
import { SLACK_ENDPOINTS } from './slack/endpoints.js';
import { TODOIST_ENDPOINTS } from './todoist/endpoints.js';
import { TYPEFORM_ENDPOINTS } from './typeform/endpoints.js';
import { WOOCOMMERCE_ENDPOINTS } from './woocommerce/endpoints.js';
import { XERO_ENDPOINTS } from './xero/endpoints.js';
import { ZENDESK_ENDPOINTS } from './zendesk/endpoints.js';
import { ZOHO_ENDPOINTS } from './zoho/endpoints.js';

/** What one fake declares for the connector side: its folder under the sandbox URL, its OAuth paths and default client. */
function endpointsOf(
  fake: { mount: string; keyPagePath?: string } & (
    | Pick<typeof HUBSPOT_ENDPOINTS, 'authorizePath' | 'tokenPath' | 'defaultClient'>
    | { authorizePath?: undefined; tokenPath?: undefined; defaultClient?: undefined }
  ),
): {
  apiPath: string;
  keyPagePath?: string;
  authorizePath?: string;
  tokenPath?: string;
  clientId?: string;
  clientSecret?: string;
} {
  return {
    apiPath: fake.mount,
    ...(fake.keyPagePath ? { keyPagePath: fake.keyPagePath } : {}),
    ...(fake.defaultClient
      ? {
          authorizePath: fake.authorizePath,
          tokenPath: fake.tokenPath,
          clientId: fake.defaultClient.clientId,
          clientSecret: fake.defaultClient.clientSecret,
        }
      : {}),
  };
}

/**
 * Each fake's address and OAuth endpoints, by provider, as the fakes declare them: `apiPath` is the fake's folder
 * under the sandbox's base URL (e.g. "hubspot"), the OAuth paths are relative to it, and the client is the one the
 * fake accepts by default. The connector side learns these from configuration instead of repeating them.
 */
export function sandboxEndpoints(): Record<
  string,
  { apiPath: string; keyPagePath?: string; authorizePath?: string; tokenPath?: string; clientId?: string; clientSecret?: string }
> {
  return {
    ...Object.fromEntries(
      [
        HUBSPOT_ENDPOINTS,
        PIPEDRIVE_ENDPOINTS,
        SALESFORCE_ENDPOINTS,
        COPPER_ENDPOINTS,
        ZOHO_ENDPOINTS,
        ATTIO_ENDPOINTS,
        DYNAMICS_ENDPOINTS,
        SHOPIFY_ENDPOINTS,
        QUICKBOOKS_ENDPOINTS,
        XERO_ENDPOINTS,
        CLOSE_ENDPOINTS,
        ZENDESK_ENDPOINTS,
        ASANA_ENDPOINTS,
        TODOIST_ENDPOINTS,
        TYPEFORM_ENDPOINTS,
        SLACK_ENDPOINTS,
        MAILCHIMP_ENDPOINTS,
      ].map((fake) => [fake.mount, endpointsOf(fake)]),
    ),
    // API keys only: no OAuth pages or client.
    [FRESHSALES_ENDPOINTS.mount]: { apiPath: FRESHSALES_ENDPOINTS.mount, keyPagePath: FRESHSALES_ENDPOINTS.keyPagePath },
    [FRESHDESK_ENDPOINTS.mount]: { apiPath: FRESHDESK_ENDPOINTS.mount, keyPagePath: FRESHDESK_ENDPOINTS.keyPagePath },
    [WOOCOMMERCE_ENDPOINTS.mount]: { apiPath: WOOCOMMERCE_ENDPOINTS.mount, keyPagePath: WOOCOMMERCE_ENDPOINTS.keyPagePath },
    [BIGCOMMERCE_ENDPOINTS.mount]: { apiPath: BIGCOMMERCE_ENDPOINTS.mount, keyPagePath: BIGCOMMERCE_ENDPOINTS.keyPagePath },
  };
}
