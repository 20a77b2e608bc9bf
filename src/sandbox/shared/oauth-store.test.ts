import { describe, expect, it } from 'vitest';

import { type OAuthDialect, OAuthStore } from './oauth-store.js';

interface Grant {
  accountKey: string;
}

let counter = 0;
const next = (prefix: string): string => `${prefix}t${(counter += 1)}`;
const base: OAuthDialect<Grant> = {
  codeLifetimeMs: 1000,
  code: () => next('c'),
  accessToken: next,
  refreshToken: next,
  accountOf: (grant) => grant.accountKey,
  codeConsumption: 'lenient',
};

function store(dialect: Partial<OAuthDialect<Grant>> = {}): { oauth: OAuthStore<Grant>; clock: { now: number } } {
  const clock = { now: 1_000_000 };
  return { oauth: new OAuthStore({ ...base, ...dialect }, () => clock.now, 60), clock };
}

const grant = { clientId: 'app', accountKey: 'a', scopes: ['x'] };

describe('kit OAuth store', () => {
  it('lenient codes survive a redirect mismatch; strict codes do not', () => {
    const lenient = store().oauth;
    const code = lenient.issueCode({ ...grant, redirectUri: 'https://r' });
    expect(lenient.redeemCode(code.code, 'app', 'https://other')).toEqual({ ok: false, reason: 'redirect' });
    expect(lenient.redeemCode(code.code, 'app', 'https://r').ok).toBe(true);
    expect(lenient.redeemCode(code.code, 'app', 'https://r')).toEqual({ ok: false, reason: 'unknown' });

    const strict = store({ codeConsumption: 'strict' }).oauth;
    const other = strict.issueCode({ ...grant, redirectUri: 'https://r' });
    expect(strict.redeemCode(other.code, 'wrong', 'https://r')).toEqual({ ok: false, reason: 'client' });
    expect(strict.redeemCode(other.code, 'app', 'https://other')).toEqual({ ok: false, reason: 'redirect' });
    expect(strict.redeemCode(other.code, 'app', 'https://r')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('checks a PKCE verifier and skips an absent redirect URI only when the dialect says so', () => {
    const { oauth } = store({ redirectUriOptional: true });
    const code = oauth.issueCode({ ...grant, redirectUri: 'https://r', codeChallenge: { value: 'v', method: 'plain' } });
    expect(oauth.redeemCode(code.code, 'app', undefined, 'w')).toEqual({ ok: false, reason: 'verifier' });
    expect(oauth.redeemCode(code.code, 'app', undefined, 'v').ok).toBe(true);
    const strictRedirect = store().oauth;
    const again = strictRedirect.issueCode({ ...grant, redirectUri: 'https://r' });
    expect(strictRedirect.redeemCode(again.code, 'app', undefined)).toEqual({ ok: false, reason: 'redirect' });
  });

  it('expires codes and idle refresh tokens, and rotates refresh tokens when taken', () => {
    const { oauth, clock } = store({ refreshIdleLifetimeMs: 5000 });
    const code = oauth.issueCode({ ...grant, redirectUri: 'https://r' });
    clock.now += 1000;
    expect(oauth.redeemCode(code.code, 'app', 'https://r')).toEqual({ ok: false, reason: 'expired' });
    const refresh = oauth.issueRefreshToken(grant, 'p:');
    expect(refresh.token.startsWith('p:')).toBe(true);
    expect(oauth.takeRefreshToken(refresh.token, 'other')).toBeUndefined();
    expect(oauth.takeRefreshToken(refresh.token, 'app')?.accountKey).toBe('a');
    expect(oauth.takeRefreshToken(refresh.token, 'app')).toBeUndefined();
    const idle = oauth.issueRefreshToken(grant);
    clock.now += 5000;
    expect(oauth.findRefreshToken(idle.token)).toBeUndefined();
  });

  it('extends access tokens on use only when the dialect says so', () => {
    for (const extendOnUse of [true, false]) {
      const { oauth, clock } = store({ extendOnUse });
      const access = oauth.issueAccessToken(grant);
      clock.now += 40_000;
      oauth.useAccessToken(access.token);
      clock.now += 30_000;
      expect(oauth.useAccessToken(access.token) !== undefined).toBe(extendOnUse);
    }
  });

  it('revokes a refresh token with its access tokens, and expires an account’s tokens', () => {
    const { oauth } = store({ expireRevokes: true });
    const refresh = oauth.issueRefreshToken(grant);
    const access = oauth.issueAccessToken(grant, { refreshToken: refresh.token });
    expect(oauth.revoke(refresh.token, 'other')).toBe(false);
    expect(oauth.revoke(refresh.token)).toBe(true);
    expect(oauth.peekAccessToken(access.token)).toBeUndefined();
    expect(oauth.revoke(access.token)).toBe(false);
    const live = oauth.issueAccessToken(grant);
    oauth.issueAccessToken({ ...grant, accountKey: 'b' });
    expect(oauth.expireAccountTokens('a')).toBe(1);
    expect(oauth.revoke(live.token)).toBe(false);
    const deleting = store({ revokeDeletes: true }).oauth;
    const gone = deleting.issueAccessToken(grant);
    expect(deleting.revoke(gone.token, 'app')).toBe(true);
    expect(deleting.findAccessToken(gone.token)).toBeUndefined();
  });
});
