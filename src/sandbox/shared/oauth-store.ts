/**
 * OAuth 2.0 authorization-code, access-token and refresh-token state, shared by
 * the provider fakes. A provider declares its dialect (`OAuthDialect`): token
 * shapes, lifetimes, refresh rotation and idle expiry, how strictly a code is
 * consumed, whether use extends an access token. `G` is what a grant holds
 * besides client and scopes (an account key, a user id...); it is stored on
 * codes and tokens as is.
 */
import { createHash } from 'node:crypto';

import { JournaledMap, type ProviderJournal } from './persistence.js';

/** An OAuth client (app) a fake accepts. */
export interface OAuthClientConfig {
  clientId: string;
  clientSecret: string;
  /** When given, only these redirect URIs are accepted; otherwise any absolute http(s) URL is. */
  redirectUris?: string[];
}

/** Where a fake is mounted and its OAuth endpoints, as it declares them (paths relative to its mount). */
export interface FakeEndpoints {
  /** The fake's folder under the sandbox's base URL, e.g. "hubspot". */
  mount: string;
  authorizePath: string;
  tokenPath: string;
  /** The OAuth client the fake accepts when none is configured. */
  defaultClient: Readonly<OAuthClientConfig>;
}

/** What every grant holds: the client and the scopes. */
export interface GrantBase {
  clientId: string;
  scopes: string[];
}

/** A pending authorization code. */
export type OAuthCode<G> = G &
  GrantBase & {
    code: string;
    redirectUri: string;
    /** PKCE `code_challenge` (S256 or plain) sent to the authorize endpoint. */
    codeChallenge?: { value: string; method: 'S256' | 'plain' };
    expiresAt: number;
  };

/** A refresh token; `expiresAt` only when the dialect expires idle refresh tokens. */
export type OAuthRefreshToken<G> = G & GrantBase & { token: string; expiresAt?: number };

/** An access token. */
export type OAuthAccessToken<G> = G &
  GrantBase & {
    token: string;
    issuedAt: number;
    expiresAt: number;
    /** The refresh token it was issued from (or with). */
    refreshToken?: string;
    /** Set when revoked: the token never comes back to life. */
    revoked?: boolean;
  };

/** Outcome of redeeming a code. */
export type CodeRedemption<G> =
  { ok: true; record: OAuthCode<G> } | { ok: false; reason: 'unknown' | 'expired' | 'client' | 'redirect' | 'verifier' };

/** How a provider's OAuth server behaves. */
export interface OAuthDialect<G> {
  /** Lifetime of an authorization code. */
  codeLifetimeMs: number;
  /** A new authorization code. */
  code: () => string;
  /** A new access token; `prefix` is what the caller gives for the account (may be ''). */
  accessToken: (prefix: string) => string;
  /** A new refresh token. */
  refreshToken: (prefix: string) => string;
  /** The account a grant belongs to (for expiring an account's tokens). */
  accountOf: (grant: G) => string;
  /**
   * 'lenient': an expired code is consumed, a client or redirect mismatch leaves it usable;
   * 'strict': every attempt that finds the code consumes it, except a client mismatch.
   */
  codeConsumption: 'lenient' | 'strict';
  /** When true, a token request without `redirect_uri` skips the redirect check. */
  redirectUriOptional?: boolean;
  /** Refresh tokens expire after this long without use (none: never). */
  refreshIdleLifetimeMs?: number;
  /** Access tokens are extended on use once more than half their lifetime has elapsed. */
  extendOnUse?: boolean;
  /** Revoked access tokens are deleted (otherwise kept and marked revoked). */
  revokeDeletes?: boolean;
  /** Force-expired access tokens count as revoked too (revoking them again fails). */
  expireRevokes?: boolean;
}

function pkceMatches(challenge: OAuthCode<unknown>['codeChallenge'], verifier: string | undefined): boolean {
  if (challenge === undefined) return true;
  if (verifier === undefined) return false;
  const computed = challenge.method === 'plain' ? verifier : createHash('sha256').update(verifier).digest('base64url');
  return computed === challenge.value;
}

/** In-memory token state; tokens are journaled, codes are not. */
export class OAuthStore<G extends object> {
  readonly #dialect: OAuthDialect<G>;
  readonly #now: () => number;
  readonly #lifetimeMs: number;
  readonly #codes = new Map<string, OAuthCode<G>>();
  readonly #refresh: JournaledMap<OAuthRefreshToken<G>>;
  readonly #access: JournaledMap<OAuthAccessToken<G>>;

  /** @param journal - where tokens are stored; the store starts from what it holds */
  constructor(dialect: OAuthDialect<G>, now: () => number, accessLifetimeSeconds: number, journal?: ProviderJournal) {
    this.#dialect = dialect;
    this.#now = now;
    this.#lifetimeMs = accessLifetimeSeconds * 1000;
    this.#refresh = new JournaledMap(journal?.tokenJournal('refresh'), (record) => record.token);
    this.#access = new JournaledMap(journal?.tokenJournal('access'), (record) => record.token);
  }

  /** Access-token lifetime in seconds. */
  get lifetimeSeconds(): number {
    return Math.round(this.#lifetimeMs / 1000);
  }

  /** Creates a single-use code. */
  issueCode(input: Omit<OAuthCode<G>, 'code' | 'expiresAt'>): OAuthCode<G> {
    const now = this.#now();
    for (const [code, record] of this.#codes) if (record.expiresAt <= now) this.#codes.delete(code);
    const record = { ...input, code: this.#dialect.code(), expiresAt: now + this.#dialect.codeLifetimeMs } as OAuthCode<G>;
    this.#codes.set(record.code, record);
    return record;
  }

  /** Redeems a code for a client, redirect URI and PKCE verifier, consuming it as the dialect says. */
  redeemCode(code: string, clientId: string, redirectUri: string | undefined, verifier?: string): CodeRedemption<G> {
    const record = this.#codes.get(code);
    if (!record) return { ok: false, reason: 'unknown' };
    const strict = this.#dialect.codeConsumption === 'strict';
    if (strict) {
      if (record.clientId !== clientId) return { ok: false, reason: 'client' };
      this.#codes.delete(code);
    }
    if (record.expiresAt <= this.#now()) {
      this.#codes.delete(code);
      return { ok: false, reason: 'expired' };
    }
    if (record.clientId !== clientId) return { ok: false, reason: 'client' };
    const skipRedirect = this.#dialect.redirectUriOptional === true && redirectUri === undefined;
    if (!skipRedirect && record.redirectUri !== redirectUri) return { ok: false, reason: 'redirect' };
    if (!pkceMatches(record.codeChallenge, verifier)) return { ok: false, reason: 'verifier' };
    this.#codes.delete(code);
    return { ok: true, record };
  }

  /** Creates a refresh token. */
  issueRefreshToken(grant: G & GrantBase, prefix = ''): OAuthRefreshToken<G> {
    const idle = this.#dialect.refreshIdleLifetimeMs;
    const record = {
      ...grant,
      scopes: [...grant.scopes],
      token: this.#dialect.refreshToken(prefix),
      ...(idle === undefined ? {} : { expiresAt: this.#now() + idle }),
    } as OAuthRefreshToken<G>;
    this.#refresh.set(record.token, record);
    return record;
  }

  /** A refresh token, if it exists and has not expired. */
  findRefreshToken(token: string): OAuthRefreshToken<G> | undefined {
    const record = this.#refresh.get(token);
    return record && (record.expiresAt === undefined || record.expiresAt > this.#now()) ? record : undefined;
  }

  /** A live refresh token of a client, consumed by this call (rotation); an expired one is consumed too. */
  takeRefreshToken(token: string, clientId: string): OAuthRefreshToken<G> | undefined {
    const record = this.#refresh.get(token);
    if (!record || record.clientId !== clientId) return undefined;
    this.#refresh.delete(token);
    return record.expiresAt === undefined || record.expiresAt > this.#now() ? record : undefined;
  }

  /** Puts back a refresh token a refresh took, for providers whose refresh tokens do not rotate (Zoho). */
  keepRefreshToken(record: OAuthRefreshToken<G>): void {
    this.#refresh.set(record.token, record);
  }

  /** Deletes a refresh token (as uninstalling an app does). Returns whether it existed. */
  revokeRefreshToken(token: string): boolean {
    return this.#refresh.delete(token);
  }

  /** Creates an access token. */
  issueAccessToken(grant: G & GrantBase, options: { prefix?: string; refreshToken?: string } = {}): OAuthAccessToken<G> {
    const now = this.#now();
    const record = {
      ...grant,
      scopes: [...grant.scopes],
      token: this.#dialect.accessToken(options.prefix ?? ''),
      issuedAt: now,
      expiresAt: now + this.#lifetimeMs,
      ...(options.refreshToken === undefined ? {} : { refreshToken: options.refreshToken }),
    } as OAuthAccessToken<G>;
    this.#access.set(record.token, record);
    return record;
  }

  /** An access token (expired or not), if it was ever issued. */
  findAccessToken(token: string): OAuthAccessToken<G> | undefined {
    return this.#access.get(token);
  }

  /** A usable access token (extended when the dialect says so); undefined when unknown, revoked or expired. */
  useAccessToken(token: string): OAuthAccessToken<G> | undefined {
    const record = this.peekAccessToken(token);
    if (!record) return undefined;
    const now = this.#now();
    if (this.#dialect.extendOnUse === true && record.expiresAt - now < this.#lifetimeMs / 2) {
      record.expiresAt = now + this.#lifetimeMs;
      this.#access.saved(record.token, record);
    }
    return record;
  }

  /** A usable access token without touching its expiry. */
  peekAccessToken(token: string): OAuthAccessToken<G> | undefined {
    const record = this.#access.get(token);
    return record && record.revoked !== true && record.expiresAt > this.#now() ? record : undefined;
  }

  /**
   * Revokes a token of either kind (of `clientId` when given); a refresh token
   * takes the access tokens issued from it along.
   * @returns false when the token is unknown, of another client or already revoked
   */
  revoke(token: string, clientId?: string): boolean {
    const access = this.#access.get(token);
    if (access && access.revoked !== true && (clientId === undefined || access.clientId === clientId)) {
      if (this.#dialect.revokeDeletes === true) this.#access.delete(token);
      else this.#revokeAccess(access);
      return true;
    }
    const refresh = this.#refresh.get(token);
    if (!refresh || (clientId !== undefined && refresh.clientId !== clientId)) return false;
    this.#refresh.delete(token);
    for (const record of this.#access.values()) if (record.refreshToken === token && record.revoked !== true) this.#revokeAccess(record);
    return true;
  }

  /** Makes every usable access token of an account expire now. Returns how many were usable. */
  expireAccountTokens(accountKey: string): number {
    const now = this.#now();
    let expired = 0;
    for (const record of this.#access.values()) {
      if (this.#dialect.accountOf(record) === accountKey && record.revoked !== true && record.expiresAt > now) {
        record.expiresAt = now;
        if (this.#dialect.expireRevokes === true) record.revoked = true;
        this.#access.saved(record.token, record);
        expired += 1;
      }
    }
    return expired;
  }

  #revokeAccess(record: OAuthAccessToken<G>): void {
    record.revoked = true;
    this.#access.saved(record.token, record);
  }
}
