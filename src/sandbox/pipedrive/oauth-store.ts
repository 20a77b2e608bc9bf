/**
 * Pipedrive's OAuth dialect of the kit's token store ("OAuth status codes" page): a code is invalid after 5 minutes
 * or once exchanged; a refresh token is single use (rotated) and expires after 60 days unused; access tokens live
 * `tokenLifetimeSeconds` (`expires_in: 3599` in examples) and look like `<companyId>:<userId>:<40 hex>`.
 */
import { randomBytes } from 'node:crypto';

import type { OAuthClientConfig, OAuthDialect } from '../shared/oauth-store.js';

export { DEFAULT_PIPEDRIVE_CLIENT, PIPEDRIVE_ENDPOINTS } from './endpoints.js';

/** An OAuth client (app) the sandbox accepts. */
export interface PipedriveClientConfig extends OAuthClientConfig {
  /** Scopes of the app (Pipedrive sets them on the app, not in the authorize URL). @defaultValue ["base", "contacts:full"] */
  scopes?: string[];
}

/** What a Pipedrive grant holds besides client and scopes. */
export interface PipedriveGrant {
  companyKey: string;
  userId: number;
}

const hex40 = (prefix: string): string => `${prefix}${randomBytes(20).toString('hex')}`;

export const PIPEDRIVE_OAUTH: OAuthDialect<PipedriveGrant> = {
  codeLifetimeMs: 5 * 60 * 1000,
  code: () => hex40(''),
  accessToken: hex40,
  refreshToken: hex40,
  accountOf: (grant) => grant.companyKey,
  codeConsumption: 'lenient',
  redirectUriOptional: true,
  refreshIdleLifetimeMs: 60 * 86_400_000,
  revokeDeletes: true,
};
