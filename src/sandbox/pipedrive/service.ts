/** The state of one Pipedrive sandbox: settings, companies, API tokens, OAuth tokens, counters of unattributed requests. */
import { OAuthFakeService } from '../shared/oauth-fake-service.js';
import { type CredentialKind, PipedriveCompany } from './company.js';
import type { PipedriveSettings } from './limits.js';
import { PIPEDRIVE_OAUTH, type PipedriveGrant } from './oauth-store.js';

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

/** One Pipedrive sandbox: its companies have API tokens beside OAuth. */
export class PipedriveService extends OAuthFakeService<PipedriveSettings, PipedriveCompany, PipedriveGrant> {
  constructor(settings: PipedriveSettings) {
    const company = (key: string, secret: Buffer) => new PipedriveCompany(key, settings, secret);
    super(settings, PIPEDRIVE_OAUTH, { secretName: 'api-token-secret', account: company, keyOf: (company) => company.apiToken });
  }

  /** The principal of a valid (unexpired) OAuth access token. */
  principalOfAccessToken(token: string): Principal | undefined {
    const record = this.oauth.peekAccessToken(token);
    return record && { company: this.accounts.get(record.companyKey), userId: record.userId, kind: 'oauth', token };
  }

  /** Issues a token pair and renders Pipedrive's token response. */
  grant(clientId: string, companyKey: string, userId: number, scopes: readonly string[]): PipedriveTokenGrant {
    const company = this.accounts.get(companyKey);
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
