/**
 * A project's OAuth apps: the client id and secret Weft uses with a real provider. The secret is sealed with the
 * credentials key, bound to the project and provider, and never read back by the dashboard.
 */
import type { Connector } from '../connectors/index.js';
import { CONNECTORS } from '../connectors/index.js';
import type { Services } from '../services.js';

/** Where a provider's OAuth app comes from. */
export type OAuthAppSource = 'dashboard' | 'environment' | 'none';

/** A provider's OAuth app as the dashboard shows it (never the secret). */
export interface OAuthAppStatus {
  connector: Connector;
  source: OAuthAppSource;
  /** The stored client id (not a secret), when set on the dashboard. */
  clientId: string | null;
  /** Whether live sessions may sign in to the real provider with OAuth (an app is set); test sessions always use the sandbox. */
  live: boolean;
  updatedAt: number | null;
}

/** The associated data every sealed OAuth app secret is bound to (see `oauthAppCredentials`). */
export function oauthAppSealContext(projectId: string, provider: string): string {
  return `oauth-app:${projectId}:${provider}`;
}

/** Providers that authenticate with OAuth 2.0, in registry order. */
export function oauthConnectors(): Connector[] {
  return CONNECTORS.filter((c) => c.manifest.auth.oauth2);
}

/** The OAuth app status of every OAuth provider, for a project. */
export async function oauthAppStatuses(services: Services, projectId: string): Promise<OAuthAppStatus[]> {
  const rows = await services.database.db
    .selectFrom('oauth_apps')
    .select(['provider', 'client_id', 'updated_at'])
    .where('project_id', '=', projectId)
    .execute();
  return Promise.all(
    oauthConnectors().map(async (connector) => {
      const name = connector.manifest.name;
      const row = rows.find((r) => r.provider === name);
      const source: OAuthAppSource = row ? 'dashboard' : services.config.oauthApps[name] ? 'environment' : 'none';
      return { connector, source, clientId: row?.client_id ?? null, live: source !== 'none', updatedAt: row?.updated_at ?? null };
    }),
  );
}

/** Stores (or replaces) the app; a null secret keeps the stored one (false when there is none to keep). */
export async function saveOAuthApp(
  services: Services,
  projectId: string,
  provider: string,
  app: { clientId: string; clientSecret: string | null },
  now = Date.now(),
): Promise<boolean> {
  const db = services.database.db;
  if (app.clientSecret === null) {
    const res = await db
      .updateTable('oauth_apps')
      .set({ client_id: app.clientId, updated_at: now })
      .where('project_id', '=', projectId)
      .where('provider', '=', provider)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }
  const sealed = services.sealer.seal(app.clientSecret, oauthAppSealContext(projectId, provider));
  await db
    .insertInto('oauth_apps')
    .values({ project_id: projectId, provider, client_id: app.clientId, client_secret: sealed, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['project_id', 'provider']).doUpdateSet({ client_id: app.clientId, client_secret: sealed, updated_at: now }))
    .execute();
  return true;
}

/** Removes the app: the provider's new sessions go back to the sandbox (unless the environment names an app). */
export async function removeOAuthApp(services: Services, projectId: string, provider: string): Promise<boolean> {
  const res = await services.database.db
    .deleteFrom('oauth_apps')
    .where('project_id', '=', projectId)
    .where('provider', '=', provider)
    .executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}
