/** The state of one Zoho sandbox: its settings, orgs (by account name), OAuth tokens and unattributed counters. */
import type { FakeSettings } from '../shared/fake-options.js';
import { OAuthFakeService } from '../shared/oauth-fake-service.js';
import type { OAuthClientConfig } from '../shared/oauth-store.js';
import { type Location, ZOHO_OAUTH, type ZohoGrant } from './oauth-store.js';
import { ZohoOrg, type ZohoUser } from './org.js';

export interface ZohoSettings extends FakeSettings<OAuthClientConfig & { scopes?: string[] }> {
  seed: { contacts: number; companies: number; deals: number };
  /** API credits per org per rolling 24 h; null: not enforced. */
  credits: number | null;
  /** Concurrent requests per org; null: not enforced. */
  concurrency: number | null;
  tokenLifetimeSeconds: number;
}

export const DEFAULT_SCOPES = ['ZohoCRM.modules.ALL', 'ZohoCRM.users.READ', 'ZohoCRM.settings.READ', 'ZohoCRM.coql.READ'];

/** A Zoho scope: service, scope name (with an optional sub-scope) and operation, e.g. `ZohoCRM.modules.contacts.READ`. */
const ZOHO_SCOPE = /^[A-Za-z]+\.[A-Za-z_]+(?:\.[A-Za-z_]+)?\.(?:ALL|READ|CREATE|UPDATE|DELETE|WRITE)$/i;

/**
 * The `scope` of an authorization request as Zoho's accounts server reads it: several scopes separated by commas
 * (https://www.zoho.com/accounts/protocol/oauth/web-apps/authorization.html); a space is no separator, so a list
 * joined with spaces is one invalid scope.
 */
export function readZohoScopes(raw: string | undefined): { scopes: string[] } | { error: string } {
  const scopes = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!scopes.length) return { error: 'Invalid OAuth Scope: the request names no scope.' };
  const invalid = scopes.find((s) => !ZOHO_SCOPE.test(s));
  if (invalid !== undefined) return { error: `Invalid OAuth Scope: "${invalid.slice(0, 200)}" is not a scope (separate several with commas).` };
  return { scopes: [...new Set(scopes)] };
}

/** Who an API request acts as. */
export interface Principal {
  org: ZohoOrg;
  user: ZohoUser;
  scopes: string[];
}

export class ZohoService extends OAuthFakeService<ZohoSettings, ZohoOrg, ZohoGrant> {
  constructor(settings: ZohoSettings) {
    const org = (key: string) =>
      new ZohoOrg(key, {
        seed: settings.seed,
        credits: settings.credits,
        concurrency: settings.concurrency,
        now: settings.now,
        ...(settings.journal ? { journal: settings.journal } : {}),
      });
    super(settings, ZOHO_OAUTH, org);
  }

  /** A data centre's accounts server under the fake (what `accounts-server` names). */
  accountsServer(location: Location): string {
    return `${this.baseUrl()}/accounts/${location}`;
  }

  /** A data centre's API domain under the fake (what `api_domain` names). */
  apiDomain(location: Location): string {
    return `${this.baseUrl()}/api/${location}`;
  }

  scopesOf(clientId: string): string[] {
    return [...(this.client(clientId)?.scopes ?? DEFAULT_SCOPES)];
  }

  /** The principal of a live access token used at the API domain of `location` (a token of another DC is unknown there). */
  principal(token: string, location: string): Principal | undefined {
    const record = this.oauth.peekAccessToken(token);
    if (!record) return undefined;
    const org = this.accounts.get(record.orgKey);
    if (org.location !== location) return undefined;
    const user = org.users.find((u) => u.id === record.userId) ?? org.admin;
    return { org, user, scopes: record.scopes };
  }
}
