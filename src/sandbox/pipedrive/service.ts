/** The state of one Pipedrive sandbox: settings, companies, API tokens, OAuth tokens, counters of unattributed requests. */
import type { AccountRegistry } from '../shared/account-registry.js';
import { apiKeyAccounts, sandboxSecret } from '../shared/api-key-accounts.js';
import { RequestCounters } from '../shared/counters.js';
import { OAuthStore as KitOAuthStore } from '../shared/oauth-store.js';
import { type CredentialKind, PipedriveCompany } from './company.js';
import type { PipedriveSettings } from './limits.js';
import { type OAuthStore, PIPEDRIVE_OAUTH, type PipedriveClientConfig } from './oauth-store.js';

/** The token endpoint's success body (Pipedrive's OAuth token response). */
export interface PipedriveTokenGrant {
  access_token: string;
  token_type: 'Bearer';
  refresh_token: string;
  /** Comma-separated scopes, e.g. "base,contacts:full". */
  scope: string;
  expires_in: number;
  /** The company's API base; the SDK calls `${api_domain}/api/v2` and `/api/v1`. */
  api_domain: string;
}

/** Who a request acts as, and the credential (for the per-token burst windows). */
export type Principal = { company: PipedriveCompany; userId: number; kind: CredentialKind; token: string };

/** One Pipedrive sandbox. */
export class PipedriveService {
  readonly settings: PipedriveSettings;
  readonly companies: AccountRegistry<PipedriveCompany>;
  readonly oauth: OAuthStore;
  readonly unattributed = new RequestCounters();
  /** The company an API token belongs to. */
  readonly companyOfApiToken: (token: string) => PipedriveCompany | undefined;

  constructor(settings: PipedriveSettings) {
    this.settings = settings;
    const journal = settings.journal;
    journal?.checkSeed(settings.seed);
    this.oauth = new KitOAuthStore(PIPEDRIVE_OAUTH, settings.now, settings.tokenLifetimeSeconds, journal);
    // API tokens are derived from this secret: a stored sandbox keeps it, so a company's API token survives restarts.
    const secret = Buffer.from(sandboxSecret(journal, 'api-token-secret'), 'hex');
    const make = (key: string) => new PipedriveCompany(key, settings, secret);
    const { accounts, byKey } = apiKeyAccounts(make, (company) => company.apiToken, journal, settings.maxAccounts ?? null);
    this.companies = accounts;
    this.companyOfApiToken = byKey;
  }

  baseUrl(): string {
    return this.settings.baseUrl();
  }

  /** The OAuth client with this id, if configured. */
  client(clientId: string | undefined): PipedriveClientConfig | undefined {
    return clientId === undefined ? undefined : this.settings.clients.find((client) => client.clientId === clientId);
  }

  /** The principal of a valid (unexpired) OAuth access token. */
  principalOfAccessToken(token: string): Principal | undefined {
    const record = this.oauth.findAccessToken(token);
    if (!record || record.expiresAt <= this.settings.now()) return undefined;
    return { company: this.companies.get(record.companyKey), userId: record.userId, kind: 'oauth', token };
  }

  /** Issues a token pair and renders Pipedrive's token response. */
  grant(clientId: string, companyKey: string, userId: number, scopes: readonly string[]): PipedriveTokenGrant {
    const company = this.companies.get(companyKey);
    const grant = { clientId, companyKey: company.key, userId, scopes: [...scopes] };
    const prefix = `${company.companyId}:${userId}:`;
    const access = this.oauth.issueAccessToken(grant, { prefix });
    const refresh = this.oauth.issueRefreshToken(grant, prefix);
    return {
      access_token: access.token,
      token_type: 'Bearer',
      refresh_token: refresh.token,
      scope: access.scopes.join(','),
      expires_in: this.oauth.lifetimeSeconds,
      api_domain: this.baseUrl(),
    };
  }

  /** Scopes of a client (by default base and contacts:full). */
  scopesOf(clientId: string): string[] {
    return [...(this.client(clientId)?.scopes ?? ['base', 'contacts:full'])];
  }
}
