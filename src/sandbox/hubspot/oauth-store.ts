/**
 * Authorization codes, access tokens and refresh tokens of the HubSpot sandbox.
 *
 * Behaviour copied from HubSpot: codes are single use and short-lived; access
 * tokens live `tokenLifetimeSeconds` (HubSpot: 1800); refresh tokens neither
 * rotate nor expire (they are revoked only when an app is uninstalled).
 */
import { JournaledMap, type ProviderJournal } from '../shared/persistence.js';
import { randomToken, uuid } from '../shared/util.js';

/** An OAuth client (app) the sandbox accepts. */
export interface HubSpotClientConfig {
  clientId: string;
  clientSecret: string;
  /** When given, only these redirect URIs are accepted; otherwise any absolute http(s) URL is. */
  redirectUris?: string[];
}

/** A pending authorization code. */
export interface AuthCodeRecord {
  code: string;
  clientId: string;
  redirectUri: string;
  accountKey: string;
  scopes: string[];
  expiresAt: number;
}

/** A refresh token. */
export interface RefreshTokenRecord {
  token: string;
  clientId: string;
  accountKey: string;
  scopes: string[];
}

/** An access token. */
export interface AccessTokenRecord {
  token: string;
  clientId: string;
  accountKey: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
}

/** Lifetime of an authorization code. */
export const AUTH_CODE_LIFETIME_MS = 10 * 60 * 1000;

/** Outcome of redeeming a code. */
export type CodeRedemption = { ok: true; record: AuthCodeRecord } | { ok: false; reason: 'unknown' | 'expired' | 'client' | 'redirect' };

/** In-memory token state. */
export class OAuthStore {
  readonly #now: () => number;
  readonly #lifetimeMs: number;
  readonly #codes = new Map<string, AuthCodeRecord>();
  readonly #refresh: JournaledMap<RefreshTokenRecord>;
  readonly #access: JournaledMap<AccessTokenRecord>;

  /** @param journal - where tokens are stored (authorization codes are not); the store starts from what it holds */
  constructor(now: () => number, tokenLifetimeSeconds: number, journal?: ProviderJournal) {
    this.#now = now;
    this.#lifetimeMs = tokenLifetimeSeconds * 1000;
    this.#refresh = new JournaledMap(journal?.tokenJournal('refresh'), (record) => record.token);
    this.#access = new JournaledMap(journal?.tokenJournal('access'), (record) => record.token);
  }

  /** Access-token lifetime in seconds. */
  get lifetimeSeconds(): number {
    return Math.round(this.#lifetimeMs / 1000);
  }

  /** Creates a single-use code. */
  issueCode(clientId: string, redirectUri: string, accountKey: string, scopes: string[]): AuthCodeRecord {
    this.#sweepCodes();
    const record: AuthCodeRecord = {
      code: uuid(),
      clientId,
      redirectUri,
      accountKey,
      scopes,
      expiresAt: this.#now() + AUTH_CODE_LIFETIME_MS,
    };
    this.#codes.set(record.code, record);
    return record;
  }

  /**
   * Redeems a code for a client and redirect URI. A code is consumed by a
   * successful redemption and by an expired one; a mismatch leaves it usable.
   */
  redeemCode(code: string, clientId: string, redirectUri: string | undefined): CodeRedemption {
    const record = this.#codes.get(code);
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.expiresAt <= this.#now()) {
      this.#codes.delete(code);
      return { ok: false, reason: 'expired' };
    }
    if (record.clientId !== clientId) return { ok: false, reason: 'client' };
    if (record.redirectUri !== redirectUri) return { ok: false, reason: 'redirect' };
    this.#codes.delete(code);
    return { ok: true, record };
  }

  /** Creates a refresh token. */
  issueRefreshToken(clientId: string, accountKey: string, scopes: string[]): RefreshTokenRecord {
    const record: RefreshTokenRecord = { token: uuid(), clientId, accountKey, scopes };
    this.#refresh.set(record.token, record);
    return record;
  }

  /** A refresh token, if it exists. */
  findRefreshToken(token: string): RefreshTokenRecord | undefined {
    return this.#refresh.get(token);
  }

  /** Deletes a refresh token (as uninstalling an app does). Returns whether it existed. */
  revokeRefreshToken(token: string): boolean {
    return this.#refresh.delete(token);
  }

  /** Creates an access token (opaque, HubSpot-like: "C" + base64url). */
  issueAccessToken(clientId: string, accountKey: string, scopes: string[]): AccessTokenRecord {
    const now = this.#now();
    const record: AccessTokenRecord = {
      token: `C${randomToken(60)}`,
      clientId,
      accountKey,
      scopes,
      issuedAt: now,
      expiresAt: now + this.#lifetimeMs,
    };
    this.#access.set(record.token, record);
    return record;
  }

  /** An access token (expired or not), if it was ever issued. */
  findAccessToken(token: string): AccessTokenRecord | undefined {
    return this.#access.get(token);
  }

  /** Makes every access token of an account expire now. Returns how many were still valid. */
  expireAccountTokens(accountKey: string): number {
    const now = this.#now();
    let expired = 0;
    for (const record of this.#access.values()) {
      if (record.accountKey === accountKey && record.expiresAt > now) {
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
