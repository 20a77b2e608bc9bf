/**
 * The steps of an OAuth token request with client credentials in the form body
 * (grant type, client, secret, then the refresh token or the code), in that
 * order; a provider declares the error each failed step throws.
 */
import type { GrantBase, OAuthClientConfig, OAuthStore } from './oauth-store.js';
import { bodyField } from './util.js';

/** A step of a token request that failed. */
export type TokenFailure = 'grant_type' | 'client_id' | 'client_secret' | 'refresh_token' | 'code' | 'code_expired' | 'redirect_uri';

/** What a token request redeemed: the client, the grant's data and scopes, and the refresh token when one was used. */
export type RedeemedGrant<G> = G & GrantBase & { refreshToken?: string };

/** Checks a form-encoded token request and redeems its code or refresh token; `fail` builds the error thrown. */
export function redeemTokenRequest<G extends object>(
  body: unknown,
  client: (clientId: string) => OAuthClientConfig | undefined,
  oauth: OAuthStore<G>,
  fail: (failure: TokenFailure) => Error,
): RedeemedGrant<G> {
  const grantType = bodyField(body, 'grant_type');
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') throw fail('grant_type');
  const clientId = bodyField(body, 'client_id');
  const config = clientId === undefined ? undefined : client(clientId);
  if (!config || clientId === undefined) throw fail('client_id');
  if (bodyField(body, 'client_secret') !== config.clientSecret) throw fail('client_secret');
  if (grantType === 'refresh_token') {
    const token = bodyField(body, 'refresh_token');
    const record = token === undefined ? undefined : oauth.findRefreshToken(token);
    if (!record || record.clientId !== clientId) throw fail('refresh_token');
    return { ...record, refreshToken: record.token };
  }
  const code = bodyField(body, 'code');
  if (code === undefined) throw fail('code');
  const redeemed = oauth.redeemCode(code, clientId, bodyField(body, 'redirect_uri'));
  if (!redeemed.ok) throw fail(redeemed.reason === 'expired' ? 'code_expired' : redeemed.reason === 'redirect' ? 'redirect_uri' : 'code');
  return redeemed.record;
}
