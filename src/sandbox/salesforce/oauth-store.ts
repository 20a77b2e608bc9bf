/**
 * Authorization codes, access tokens and refresh tokens of the Salesforce sandbox.
 *
 * Behaviour copied from Salesforce (Salesforce Help, "OAuth 2.0 Web Server
 * Flow", "OAuth 2.0 Refresh Token Flow", "Revoke OAuth Tokens"):
 * - codes are single use and expire after 15 minutes;
 * - an access token lives as long as the session timeout (2 hours by default)
 *   and is extended on use once more than half of it has elapsed (Salesforce
 *   Help, "Session Timeout": active sessions are extended);
 * - refresh tokens do not rotate and do not expire (the default refresh token
 *   policy "valid until revoked");
 * - revoking a refresh token also revokes the access tokens issued from it.
 * Access tokens look like Salesforce's: the 15-character org id, `!`, then an
 * opaque string.
 */
import { createHash } from 'node:crypto';

import { JournaledMap, type ProviderJournal } from '../shared/persistence.js';
import { randomToken } from '../shared/util.js';

/** An OAuth client (connected app) the sandbox accepts. */
export interface SalesforceClientConfig {
  clientId: string;
  clientSecret: string;
  /** When given, only these callback URLs are accepted; otherwise any absolute http(s) URL is. */
  redirectUris?: string[];
}

/** A pending authorization code. */
export interface AuthCodeRecord {
  code: string;
  clientId: string;
  redirectUri: string;
  orgKey: string;
  scopes: string[];
  /** PKCE `code_challenge` (S256 or plain) sent to the authorize endpoint. */
  codeChallenge?: { value: string; method: 'S256' | 'plain' };
  expiresAt: number;
}

/** A refresh token. */
export interface RefreshTokenRecord {
  token: string;
  clientId: string;
  orgKey: string;
  scopes: string[];
}

/** An access token. */
export interface AccessTokenRecord {
  token: string;
  clientId: string;
  orgKey: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  /** The refresh token it was issued from (or with). */
  refreshToken?: string;
  /** Set when revoked or force-expired: the token never comes back to life. */
  revoked: boolean;
}

/** Lifetime of an authorization code (Salesforce: 15 minutes). */
export const AUTH_CODE_LIFETIME_MS = 15 * 60 * 1000;

/** Outcome of redeeming a code. */
export type CodeRedemption = { ok: true; record: AuthCodeRecord } | { ok: false; reason: 'unknown' | 'expired' | 'client' | 'redirect' | 'verifier' };

function pkceMatches(challenge: AuthCodeRecord['codeChallenge'], verifier: string | undefined): boolean {
  if (challenge === undefined) return true;
  if (verifier === undefined) return false;
  const computed = challenge.method === 'plain' ? verifier : createHash('sha256').update(verifier).digest('base64url');
  return computed === challenge.value;
}

/** In-memory token state. */
export class OAuthStore {
  readonly #now: () => number;
  readonly #lifetimeMs: number;
  readonly #codes = new Map<string, AuthCodeRecord>();
  readonly #refresh: JournaledMap<RefreshTokenRecord>;
  readonly #access: JournaledMap<AccessTokenRecord>;

  /** @param journal - where tokens are stored (authorization codes are not); the store starts from what it holds */
  constructor(now: () => number, sessionTimeoutSeconds: number, journal?: ProviderJournal) {
    this.#now = now;
    this.#lifetimeMs = sessionTimeoutSeconds * 1000;
    this.#refresh = new JournaledMap(journal?.tokenJournal('refresh'), (record) => record.token);
    this.#access = new JournaledMap(journal?.tokenJournal('access'), (record) => record.token);
  }

  /** Session timeout in seconds. */
  get lifetimeSeconds(): number {
    return Math.round(this.#lifetimeMs / 1000);
  }

  /** Creates a single-use code (base64 ending in `==`, like Salesforce's). */
  issueCode(input: Omit<AuthCodeRecord, 'code' | 'expiresAt'>): AuthCodeRecord {
    this.#sweepCodes();
    const record: AuthCodeRecord = {
      ...input,
      code: `aPrx${randomToken(48).replace(/-/g, '.').replace(/_/g, 'A')}==`,
      expiresAt: this.#now() + AUTH_CODE_LIFETIME_MS,
    };
    this.#codes.set(record.code, record);
    return record;
  }

  /**
   * Redeems a code. A code is consumed by any redemption attempt that finds it
   * (Salesforce codes are strictly single use), except a client mismatch.
   */
  redeemCode(code: string, clientId: string, redirectUri: string | undefined, verifier: string | undefined): CodeRedemption {
    const record = this.#codes.get(code);
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.clientId !== clientId) return { ok: false, reason: 'client' };
    this.#codes.delete(code);
    if (record.expiresAt <= this.#now()) return { ok: false, reason: 'expired' };
    if (record.redirectUri !== redirectUri) return { ok: false, reason: 'redirect' };
    if (!pkceMatches(record.codeChallenge, verifier)) return { ok: false, reason: 'verifier' };
    return { ok: true, record };
  }

  /** Creates a refresh token. */
  issueRefreshToken(clientId: string, orgKey: string, scopes: string[]): RefreshTokenRecord {
    const record: RefreshTokenRecord = { token: `5Aep861${randomToken(60).replace(/[-_]/g, '.')}`, clientId, orgKey, scopes };
    this.#refresh.set(record.token, record);
    return record;
  }

  /** A refresh token, if it exists (and was not revoked). */
  findRefreshToken(token: string): RefreshTokenRecord | undefined {
    return this.#refresh.get(token);
  }

  /** Creates an access token for an org whose 15-character id is `orgId15`. */
  issueAccessToken(input: { clientId: string; orgKey: string; orgId15: string; scopes: string[]; refreshToken?: string }): AccessTokenRecord {
    const now = this.#now();
    const record: AccessTokenRecord = {
      token: `${input.orgId15}!AQ${randomToken(72).replace(/[-_]/g, '.')}`,
      clientId: input.clientId,
      orgKey: input.orgKey,
      scopes: input.scopes,
      issuedAt: now,
      expiresAt: now + this.#lifetimeMs,
      revoked: false,
    };
    if (input.refreshToken !== undefined) record.refreshToken = input.refreshToken;
    this.#access.set(record.token, record);
    return record;
  }

  /**
   * A usable access token, extended when more than half of its lifetime has
   * elapsed; undefined when unknown, revoked or expired.
   */
  useAccessToken(token: string): AccessTokenRecord | undefined {
    const record = this.#access.get(token);
    const now = this.#now();
    if (!record || record.revoked || record.expiresAt <= now) return undefined;
    if (record.expiresAt - now < this.#lifetimeMs / 2) {
      record.expiresAt = now + this.#lifetimeMs;
      this.#access.saved(record.token, record);
    }
    return record;
  }

  /** An access token without touching its expiry (for the identity endpoints). */
  peekAccessToken(token: string): AccessTokenRecord | undefined {
    const record = this.#access.get(token);
    return record && !record.revoked && record.expiresAt > this.#now() ? record : undefined;
  }

  /**
   * Revokes a token of either kind; a refresh token takes its access tokens with it.
   * @returns false when the token is unknown or already revoked
   */
  revoke(token: string): boolean {
    const access = this.#access.get(token);
    if (access && !access.revoked) {
      access.revoked = true;
      this.#access.saved(access.token, access);
      return true;
    }
    if (!this.#refresh.delete(token)) return false;
    for (const record of this.#access.values()) {
      if (record.refreshToken === token && !record.revoked) {
        record.revoked = true;
        this.#access.saved(record.token, record);
      }
    }
    return true;
  }

  /** Makes every access token of an org unusable now. Returns how many were usable. */
  expireOrgTokens(orgKey: string): number {
    const now = this.#now();
    let expired = 0;
    for (const record of this.#access.values()) {
      if (record.orgKey === orgKey && !record.revoked && record.expiresAt > now) {
        record.revoked = true;
        record.expiresAt = now;
        this.#access.saved(record.token, record);
        expired += 1;
      }
    }
    return expired;
  }

  #sweepCodes(): void {
    const now = this.#now();
    for (const [code, record] of this.#codes) if (record.expiresAt <= now) this.#codes.delete(code);
  }
}
