/**
 * Authorization codes, access tokens and refresh tokens of the Pipedrive sandbox.
 *
 * Behaviour taken from Pipedrive's "OAuth status codes" page: a code becomes
 * invalid after 5 minutes or once exchanged; a refresh token is "not valid for
 * provided client credentials or it was already exchanged", i.e. it is single
 * use and every refresh returns a new one (rotation). Refresh tokens expire
 * after 60 days without use. Access tokens live `tokenLifetimeSeconds`
 * (Pipedrive: about an hour, `expires_in: 3599` in examples).
 */
import { randomBytes } from 'node:crypto';

import { JournaledMap, type ProviderJournal } from '../shared/persistence.js';

/** An OAuth client (app) the sandbox accepts. */
export interface PipedriveClientConfig {
  clientId: string;
  clientSecret: string;
  /** When given, only these redirect URIs are accepted; otherwise any absolute http(s) URL is. */
  redirectUris?: string[];
  /** Scopes of the app (Pipedrive sets them on the app, not in the authorize URL). @defaultValue ["base", "contacts:full"] */
  scopes?: string[];
}

/** A pending authorization code. */
export interface AuthCodeRecord {
  code: string;
  clientId: string;
  redirectUri: string;
  companyKey: string;
  userId: number;
  scopes: string[];
  expiresAt: number;
}

/** A token (access or refresh). */
export interface TokenRecord {
  token: string;
  clientId: string;
  companyKey: string;
  userId: number;
  scopes: string[];
  expiresAt: number;
}

/** Lifetime of an authorization code (Pipedrive: 5 minutes). */
export const AUTH_CODE_LIFETIME_MS = 5 * 60 * 1000;
/** Refresh tokens expire after 60 days without use. */
export const REFRESH_IDLE_LIFETIME_MS = 60 * 86_400_000;

/** Outcome of redeeming a code. */
export type CodeRedemption = { ok: true; record: AuthCodeRecord } | { ok: false; reason: 'unknown' | 'expired' | 'client' | 'redirect' };

/** Pipedrive-looking opaque token: `<companyId>:<userId>:<40 hex>`. */
function opaqueToken(companyId: number, userId: number): string {
  return `${companyId}:${userId}:${randomBytes(20).toString('hex')}`;
}

/** In-memory OAuth state. */
export class OAuthStore {
  readonly #now: () => number;
  readonly #lifetimeMs: number;
  readonly #codes = new Map<string, AuthCodeRecord>();
  readonly #refresh: JournaledMap<TokenRecord>;
  readonly #access: JournaledMap<TokenRecord>;

  /** @param journal - where tokens are stored (authorization codes are not); the store starts from what it holds */
  constructor(now: () => number, tokenLifetimeSeconds: number, journal?: ProviderJournal) {
    this.#now = now;
    this.#lifetimeMs = tokenLifetimeSeconds * 1000;
    this.#refresh = new JournaledMap(journal?.tokenJournal('refresh'), (record) => record.token);
    this.#access = new JournaledMap(journal?.tokenJournal('access'), (record) => record.token);
  }

  get lifetimeSeconds(): number {
    return Math.round(this.#lifetimeMs / 1000);
  }

  /** Creates a single-use code. */
  issueCode(input: Omit<AuthCodeRecord, 'code' | 'expiresAt'>): AuthCodeRecord {
    const now = this.#now();
    for (const [code, record] of this.#codes) if (record.expiresAt <= now) this.#codes.delete(code);
    const record: AuthCodeRecord = { ...input, code: randomBytes(20).toString('hex'), expiresAt: now + AUTH_CODE_LIFETIME_MS };
    this.#codes.set(record.code, record);
    return record;
  }

  /** Redeems a code; success and expiry consume it, a mismatch leaves it usable. */
  redeemCode(code: string, clientId: string, redirectUri: string | undefined): CodeRedemption {
    const record = this.#codes.get(code);
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.expiresAt <= this.#now()) {
      this.#codes.delete(code);
      return { ok: false, reason: 'expired' };
    }
    if (record.clientId !== clientId) return { ok: false, reason: 'client' };
    if (redirectUri !== undefined && record.redirectUri !== redirectUri) return { ok: false, reason: 'redirect' };
    this.#codes.delete(code);
    return { ok: true, record };
  }

  /** Issues an access token and a refresh token. */
  issuePair(grant: Omit<TokenRecord, 'token' | 'expiresAt'>, companyId: number): { access: TokenRecord; refresh: TokenRecord } {
    const now = this.#now();
    const access: TokenRecord = {
      ...grant,
      scopes: [...grant.scopes],
      token: opaqueToken(companyId, grant.userId),
      expiresAt: now + this.#lifetimeMs,
    };
    const refresh: TokenRecord = {
      ...grant,
      scopes: [...grant.scopes],
      token: opaqueToken(companyId, grant.userId),
      expiresAt: now + REFRESH_IDLE_LIFETIME_MS,
    };
    this.#access.set(access.token, access);
    this.#refresh.set(refresh.token, refresh);
    return { access, refresh };
  }

  /** A live refresh token of a client, consumed by this call (rotation). */
  takeRefreshToken(token: string, clientId: string): TokenRecord | undefined {
    const record = this.#refresh.get(token);
    if (!record || record.clientId !== clientId) return undefined;
    this.#refresh.delete(token);
    return record.expiresAt > this.#now() ? record : undefined;
  }

  /** An access token (expired or not), if it was ever issued. */
  findAccessToken(token: string): TokenRecord | undefined {
    return this.#access.get(token);
  }

  /** Revokes a token of a client (access or refresh); returns whether one was found. */
  revoke(token: string, clientId: string): boolean {
    for (const map of [this.#access, this.#refresh]) {
      const record = map.get(token);
      if (record && record.clientId === clientId) {
        map.delete(token);
        return true;
      }
    }
    return false;
  }

  /** Makes every access token of a company expire now; returns how many were valid. */
  expireCompanyTokens(companyKey: string): number {
    const now = this.#now();
    let expired = 0;
    for (const record of this.#access.values()) {
      if (record.companyKey === companyKey && record.expiresAt > now) {
        record.expiresAt = now;
        this.#access.saved(record.token, record);
        expired += 1;
      }
    }
    return expired;
  }
}
