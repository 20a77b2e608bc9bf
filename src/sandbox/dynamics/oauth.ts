/**
 * The Microsoft identity platform's OAuth 2.0 (v2.0 endpoints of the `organizations` tenant) as the Dataverse fake
 * serves it: the authorization request names the environment in its scope (`https://<org>.crm.dynamics.com/
 * user_impersonation`, with `offline_access` for a refresh token); access tokens are JWTs (header, claims with `aud`,
 * `exp`, `tid`, `oid`, `scp`; the signature is random, nobody checks it here) that live about an hour; every refresh
 * answers a new refresh token (they rotate; the old one stays usable, as Microsoft's do, until it expires);
 * errors carry Azure AD's `error_codes`, `timestamp`, `trace_id` and `correlation_id`.
 */
import { randomBytes, randomUUID } from 'node:crypto';

import type { OAuthDialect } from '../shared/oauth-store.js';

export { DEFAULT_DYNAMICS_CLIENT, DYNAMICS_ENDPOINTS } from './endpoints.js';

export interface DataverseGrant {
  orgKey: string;
  userId: string;
}

/** An environment's host, as Dataverse names them (`contoso.crm.dynamics.com`, `contoso.crm4.dynamics.com`). */
export const ENVIRONMENT_HOST = /^[a-z0-9][a-z0-9-]*\.crm[0-9]*\.dynamics\.com$/;

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export const DATAVERSE_OAUTH: OAuthDialect<DataverseGrant> = {
  codeLifetimeMs: 10 * 60 * 1000,
  code: () => `1.A${randomBytes(96).toString('base64url')}`,
  // The prefix is the JWT's header and claims; the signature is random.
  accessToken: (prefix) => `${prefix}${randomBytes(64).toString('base64url')}`,
  refreshToken: () => `1.A${randomBytes(180).toString('base64url')}`,
  accountOf: (grant) => grant.orgKey,
  codeConsumption: 'strict',
  redirectUriOptional: false,
  // A refresh token unused for 90 days expires.
  refreshIdleLifetimeMs: 90 * 86_400_000,
};

/** The scopes of an authorization request: one Dataverse resource's, and `offline_access`/`openid`/`profile`/`email`. */
export function readScopes(scope: string | undefined): { scopes: string[] } | { error: string } {
  const scopes = (scope ?? '').split(' ').filter((s) => s !== '');
  const resources = new Set<string>();
  for (const s of scopes) {
    if (['offline_access', 'openid', 'profile', 'email'].includes(s)) continue;
    const m = /^https:\/\/([^/]+)\/(user_impersonation|\.default)$/.exec(s);
    if (!m || !ENVIRONMENT_HOST.test(m[1] as string)) {
      return { error: `AADSTS650053: The application asked for scope '${s}' that doesn't exist on the resource.` };
    }
    resources.add(m[1] as string);
  }
  if (resources.size !== 1) {
    return { error: "AADSTS70011: The provided request must include a 'scope' input parameter naming one Dataverse environment." };
  }
  return { scopes };
}

/** The environment (`https://<host>`) a grant's scopes name. */
export function audienceOf(scopes: readonly string[]): string | undefined {
  for (const s of scopes) {
    const m = /^(https:\/\/[^/]+)\//.exec(s);
    if (m) return m[1];
  }
  return undefined;
}

/** The JWT header and claims of an access token, ending with the dot before the signature. */
export function jwtPrefix(claims: {
  aud: string;
  tid: string;
  oid: string;
  upn: string;
  appid: string;
  now: number;
  lifetimeSeconds: number;
}): string {
  const iat = Math.floor(claims.now / 1000);
  return `${b64({ typ: 'JWT', alg: 'RS256', kid: 'weft-sandbox' })}.${b64({
    aud: claims.aud,
    iss: `https://sts.windows.net/${claims.tid}/`,
    iat,
    nbf: iat,
    exp: iat + claims.lifetimeSeconds,
    appid: claims.appid,
    oid: claims.oid,
    puid: claims.oid.replace(/-/g, '').slice(0, 16).toUpperCase(),
    scp: 'user_impersonation',
    tid: claims.tid,
    upn: claims.upn,
    ver: '1.0',
  })}.`;
}

/** AADSTS codes of the token endpoint's errors, by OAuth error and what it says. */
function aadCode(error: string, description: string): [number, string] {
  if (error === 'invalid_client')
    return [7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.'];
  if (error === 'invalid_grant' && /refresh/.test(description)) return [700082, 'The refresh token has expired or is invalid.'];
  if (error === 'invalid_grant') return [70008, 'The provided authorization code or refresh token has expired due to inactivity.'];
  if (error === 'unsupported_grant_type') return [70003, 'The app requested an unsupported grant type.'];
  return [900144, `The request body must contain the following parameter or a valid value: ${description}`];
}

/** An error body of the token endpoint in Azure AD's shape. */
export function aadError(error: string, description: string, now: number): Record<string, unknown> {
  const [code, text] = aadCode(error, description);
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date(now).toISOString().replace('T', ' ').replace('Z', 'Z');
  return {
    error,
    error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  };
}
