/**
 * A session's provider credentials, sealed at rest (AES-256-GCM, bound to the session id). The row carries a version
 * for compare-and-swap updates: two processes refreshing the same token never overwrite a newer one.
 */
import { type TSchema, Type } from '@sinclair/typebox';
import { sql } from 'kysely';

import type { Connector, OAuthApp, TokenSet } from '../connectors/index.js';
import { storedJson } from '../lib/stored-json.js';
import type { Services } from '../services.js';
import type { ProviderMode } from './provider-env.js';

interface Common {
  mode: ProviderMode;
  /** Where API calls go. */
  apiBase: string;
  /** The provider account, for rate limiting (HubSpot's hub_id, Salesforce's org id, …). */
  accountKey: string;
  /** What the end user typed beside the key or the consent (Copper's e-mail, Dynamics' environment URL), by name. */
  fields?: Record<string, string>;
}

export interface OAuthCredentials extends Common {
  kind: 'oauth2';
  accessToken: string;
  refreshToken: string | null;
  expiresAt: number | null;
  scope: string | null;
  /** Provider-specific fields of the last token response (hub_id, instance_url, …), without the tokens. */
  extra: Record<string, unknown>;
  /** The account's own token endpoint, where the provider named it at the callback (Zoho's data centre). */
  tokenUrl?: string;
}

export interface ApiKeyCredentials extends Common {
  kind: 'api_key';
  apiKey: string;
}

export type StoredCredentials = OAuthCredentials | ApiKeyCredentials;

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const CommonFields = {
  mode: Type.Union([Type.Literal('live'), Type.Literal('sandbox')]),
  apiBase: Type.String(),
  accountKey: Type.String(),
  fields: Type.Optional(Type.Record(Type.String(), Type.String())),
};
/** The one decoding of `credentials.secret` (once opened): either kind, checked field by field. */
const decodeCredentials = storedJson(
  'credentials.secret',
  Type.Unsafe<StoredCredentials>(
    Type.Union([
      Type.Object({
        ...CommonFields,
        kind: Type.Literal('oauth2'),
        accessToken: Type.String(),
        refreshToken: Nullable(Type.String()),
        expiresAt: Nullable(Type.Number()),
        scope: Nullable(Type.String()),
        extra: Type.Record(Type.String(), Type.Unknown()),
        tokenUrl: Type.Optional(Type.String()),
      }),
      Type.Object({ ...CommonFields, kind: Type.Literal('api_key'), apiKey: Type.String() }),
    ]),
  ),
);

/**
 * The credentials of a connection made with `tokens`. `defaultBase` is the API base before the token response names
 * another; `fields` are what the end user typed before the consent; `tokenUrl` the account's own token endpoint when
 * it is not the app's.
 */
export function credentialsFromTokens(
  connector: Connector,
  app: OAuthApp,
  defaultBase: string,
  tokens: TokenSet,
  more: { fields?: Record<string, string>; tokenUrl?: string } = {},
): OAuthCredentials {
  const extra = { ...tokens.raw };
  delete extra['access_token'];
  delete extra['refresh_token'];
  delete extra['id_token'];
  return {
    kind: 'oauth2',
    mode: app.mode,
    apiBase: connector.apiBase ? connector.apiBase(defaultBase, tokens) : defaultBase,
    accountKey: connector.accountKey(tokens, more.fields ?? {}),
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: tokens.expiresAt,
    scope: tokens.scope,
    extra,
    ...(more.fields && Object.keys(more.fields).length ? { fields: more.fields } : {}),
    ...(more.tokenUrl !== undefined ? { tokenUrl: more.tokenUrl } : {}),
  };
}

const expiryOf = (c: StoredCredentials) => (c.kind === 'oauth2' ? c.expiresAt : null);

/** Seals and stores a session's credentials, replacing any (a reconnection). */
export async function saveCredentials(
  services: Services,
  sessionId: string,
  provider: string,
  creds: StoredCredentials,
  now = Date.now(),
): Promise<void> {
  const secret = services.sealer.seal(JSON.stringify(creds), sessionId);
  await services.database.db
    .insertInto('credentials')
    .values({ session_id: sessionId, provider, secret, access_expires_at: expiryOf(creds), version: 1, created_at: now, updated_at: now })
    .onConflict((oc) =>
      oc.column('session_id').doUpdateSet({
        provider,
        secret,
        access_expires_at: expiryOf(creds),
        version: sql<number>`credentials.version + 1`,
        updated_at: now,
        refresh_lease_until: null,
        refresh_lease_owner: null,
      }),
    )
    .execute();
}

export async function readCredentials(services: Services, sessionId: string): Promise<{ creds: StoredCredentials; version: number } | null> {
  const row = await services.database.db
    .selectFrom('credentials')
    .select(['secret', 'version'])
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  if (!row) return null;
  return { creds: decodeCredentials(services.sealer.open(row.secret, sessionId)), version: row.version };
}

/** Replaces the credentials if they are still at `version`; false when another process changed them first. */
export async function swapCredentials(
  services: Services,
  sessionId: string,
  version: number,
  creds: StoredCredentials,
  now = Date.now(),
): Promise<boolean> {
  const res = await services.database.db
    .updateTable('credentials')
    .set({
      secret: services.sealer.seal(JSON.stringify(creds), sessionId),
      access_expires_at: expiryOf(creds),
      version: version + 1,
      updated_at: now,
      // The swap is the refresh's result: whoever held the lease is done.
      refresh_lease_until: null,
      refresh_lease_owner: null,
    })
    .where('session_id', '=', sessionId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Takes the right to refresh the session's OAuth token for `leaseMs`, if the credentials are still at `version` and
 * no other process holds an unexpired lease. One process refreshes; the others wait for the new version. The lease
 * expires, so a process that died while refreshing blocks the others no longer than `leaseMs`.
 */
export async function takeRefreshLease(
  services: Services,
  sessionId: string,
  version: number,
  owner: string,
  leaseMs: number,
  now = Date.now(),
): Promise<boolean> {
  const res = await services.database.db
    .updateTable('credentials')
    .set({ refresh_lease_until: now + leaseMs, refresh_lease_owner: owner })
    .where('session_id', '=', sessionId)
    .where('version', '=', version)
    .where((eb) => eb.or([eb('refresh_lease_until', 'is', null), eb('refresh_lease_until', '<=', now)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Gives the refresh lease back without a new token (the refresh failed), so that another process may try at once. */
export async function releaseRefreshLease(services: Services, sessionId: string, owner: string): Promise<void> {
  await services.database.db
    .updateTable('credentials')
    .set({ refresh_lease_until: null, refresh_lease_owner: null })
    .where('session_id', '=', sessionId)
    .where('refresh_lease_owner', '=', owner)
    .execute();
}
