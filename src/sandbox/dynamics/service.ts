/** The Dataverse fake's state: its settings, organizations (by account name), OAuth tokens and unattributed counters. */
import type { FakeSettings } from '../shared/fake-options.js';
import { OAuthFakeService } from '../shared/oauth-fake-service.js';
import type { GrantBase, OAuthClientConfig } from '../shared/oauth-store.js';
import type { Row } from './model.js';
import { audienceOf, DATAVERSE_OAUTH, type DataverseGrant, jwtPrefix } from './oauth.js';
import { DataverseOrg } from './org.js';

export interface DataverseSettings extends FakeSettings<OAuthClientConfig> {
  seed: { contacts: number; accounts: number; opportunities: number };
  requests: number | null;
  concurrency: number | null;
  tokenLifetimeSeconds: number;
}

/** Who an API request acts as: the org, the user, and the environment the token is for. */
export interface Principal {
  org: DataverseOrg;
  user: Row;
  audience: string;
}

export class DataverseService extends OAuthFakeService<DataverseSettings, DataverseOrg, DataverseGrant> {
  constructor(settings: DataverseSettings) {
    const org = (key: string) =>
      new DataverseOrg(key, { seed: settings.seed, requests: settings.requests, concurrency: settings.concurrency, now: settings.now });
    super(settings, DATAVERSE_OAUTH, org, false);
  }

  /** The Web API's root, as `@odata.context` and `@odata.nextLink` name it. */
  apiRoot(): string {
    return `${this.baseUrl()}/api/data/v9.2`;
  }

  /** The token endpoint's answer for a grant (a code or a refresh token): a new refresh token each time with `offline_access`. */
  issue(grant: DataverseGrant & GrantBase & { token?: string }): Record<string, unknown> {
    const org = this.accounts.get(grant.orgKey);
    const user = org.table('systemusers').get(grant.userId) ?? org.admin;
    const audience = audienceOf(grant.scopes) ?? 'https://unknown.crm.dynamics.com';
    const base = { clientId: grant.clientId, scopes: grant.scopes, orgKey: grant.orgKey, userId: grant.userId };
    // Microsoft's refresh tokens stay valid after use until they expire; the answer carries a new one.
    if (typeof grant.token === 'string') this.oauth.keepRefreshToken(grant as typeof grant & { token: string });
    const prefix = jwtPrefix({
      aud: audience,
      tid: org.tenantId,
      oid: user.id,
      upn: String(user.values['internalemailaddress']),
      appid: grant.clientId,
      now: this.settings.now(),
      lifetimeSeconds: this.oauth.lifetimeSeconds,
    });
    const offline = grant.scopes.includes('offline_access');
    const refresh = offline ? this.oauth.issueRefreshToken(base).token : undefined;
    const access = this.oauth.issueAccessToken(base, { prefix, ...(refresh === undefined ? {} : { refreshToken: refresh }) });
    return {
      token_type: 'Bearer',
      scope: grant.scopes.filter((s) => s !== 'offline_access' && s !== 'openid' && s !== 'profile' && s !== 'email').join(' '),
      expires_in: this.oauth.lifetimeSeconds,
      ext_expires_in: this.oauth.lifetimeSeconds,
      access_token: access.token,
      ...(refresh === undefined ? {} : { refresh_token: refresh }),
    };
  }

  /** The principal of a live access token. */
  principal(token: string): Principal | undefined {
    const record = this.oauth.peekAccessToken(token);
    if (!record) return undefined;
    const org = this.accounts.get(record.orgKey);
    const user = org.table('systemusers').get(record.userId) ?? org.admin;
    return { org, user, audience: audienceOf(record.scopes) ?? '' };
  }
}
