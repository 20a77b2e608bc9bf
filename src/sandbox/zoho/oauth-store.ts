/**
 * Zoho's OAuth dialect of the kit's token store and its data centres. Zoho Accounts: a grant token (code) lives a
 * few minutes and is used once; access tokens live an hour; refresh tokens do not rotate and live until revoked; the
 * consent is asked at accounts.zoho.com, the callback names the user's accounts server (`accounts-server`) and the
 * token response the API domain of the user's data centre (`api_domain`).
 */
import { randomBytes } from 'node:crypto';

import type { OAuthDialect } from '../shared/oauth-store.js';

export { DEFAULT_ZOHO_CLIENT, ZOHO_ENDPOINTS } from './endpoints.js';

/** What a Zoho grant holds besides client and scopes: the org and the user. */
export interface ZohoGrant {
  orgKey: string;
  userId: string;
}

/** Zoho's data centres: `location` as the callback says it, with the real accounts and API domains. */
export const DATA_CENTRES = {
  us: { accounts: 'accounts.zoho.com', api: 'www.zohoapis.com' },
  eu: { accounts: 'accounts.zoho.eu', api: 'www.zohoapis.eu' },
  in: { accounts: 'accounts.zoho.in', api: 'www.zohoapis.in' },
  au: { accounts: 'accounts.zoho.com.au', api: 'www.zohoapis.com.au' },
  jp: { accounts: 'accounts.zoho.jp', api: 'www.zohoapis.jp' },
  ca: { accounts: 'accounts.zohocloud.ca', api: 'www.zohoapis.ca' },
  sa: { accounts: 'accounts.zoho.sa', api: 'www.zohoapis.sa' },
  cn: { accounts: 'accounts.zoho.com.cn', api: 'www.zohoapis.com.cn' },
} as const;
export type Location = keyof typeof DATA_CENTRES;
export const LOCATIONS = Object.keys(DATA_CENTRES) as Location[];

/** The data centre of an account name: a name ending in `.eu`, `.in`, … lives there; any other in the US. */
export function locationOf(accountKey: string): Location {
  const suffix = /\.([a-z]{2})$/.exec(accountKey)?.[1];
  return suffix !== undefined && (LOCATIONS as string[]).includes(suffix) ? (suffix as Location) : 'us';
}

/** Zoho's tokens: `1000.<32 hex>.<32 hex>`. */
const token = () => `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;

export const ZOHO_OAUTH: OAuthDialect<ZohoGrant> = {
  codeLifetimeMs: 2 * 60 * 1000,
  code: token,
  accessToken: token,
  refreshToken: token,
  accountOf: (grant) => grant.orgKey,
  codeConsumption: 'strict',
  redirectUriOptional: false,
  revokeDeletes: true,
};
