/**
 * `bypass_ui: true` ("Bypass Endgrate UI (Beta)"): the developer shows the list of providers in their own UI, then
 * initiates a session with `provider` set to the end user's choice and `bypass_ui` true. Endgrate documents that the
 * end user then gets the provider's authentication pop-up, that the developer afterwards lists the resources of that
 * provider (GET /api/session/configuration), and that UI-related body parameters are not supported with it.
 *
 * What Weft does where that page is silent (or was truncated):
 *  - `provider` is required, must be a provider Weft has, and must support every schema of the session in its
 *    directions; every schema needs an `endgrate_type` (a schema named by its title alone needs the resource step,
 *    which a bypassed UI does not have).
 *  - The UI options (`schema_selection`, `resource_selection`, `field_selection`, `statistics`,
 *    `integration_provider_list_id`) are ignored, named in `Weft-Ignored-Fields`, and not stored: what they would
 *    choose is chosen as when they are false.
 *  - The session link goes straight to the provider's authentication; for a provider with both OAuth and an API key,
 *    the API-key form when `prepopulate` gives a key or the provider has no OAuth app in this environment, else OAuth.
 */
import { type AuthMethod, type Connector, type ConnectorManifest } from '../connectors/index.js';
import { Errors, invalidRequest } from '../errors.js';
import type { SessionSchema } from '../model/types.js';
import type { Services } from '../services.js';
import type { Session } from './model.js';
import type { SessionInitiate, SessionKind } from './options.js';
import { hasPrefilledApiKey, ignoredPrepopulateKeys } from './prepopulate.js';
import { availableAuthMethods } from './provider-env.js';

/** Options of the hosted UI, which a bypassed UI does not have. */
export const BYPASS_IGNORED_OPTIONS = [
  'schema_selection',
  'resource_selection',
  'field_selection',
  'statistics',
  'integration_provider_list_id',
] as const;

/**
 * The initiate body as Weft keeps it, and the names of what Weft ignores in it (`prepopulate.<key>` for keys of
 * `prepopulate` it does not read, the UI options under `bypass_ui`).
 */
export function prepareInitiate(body: SessionInitiate): { body: SessionInitiate; ignored: string[] } {
  const ignored = ignoredPrepopulateKeys(body.prepopulate).map((k) => `prepopulate.${k}`);
  if (body.bypass_ui !== true) return { body, ignored };
  if (body.provider === undefined) {
    throw invalidRequest({ provider: "is required when bypass_ui is true (the end user does not choose an app on Weft's page)" });
  }
  const kept: SessionInitiate = { ...body };
  for (const name of BYPASS_IGNORED_OPTIONS) {
    if (kept[name] === undefined) continue;
    ignored.push(name);
    delete kept[name];
  }
  return { body: kept, ignored };
}

/** The first schema a provider does not support in the session's directions, or null. */
export function unsupportedSchema(
  manifest: ConnectorManifest,
  kind: SessionKind,
  schemas: Array<Pick<SessionSchema, 'endgrate_type'>>,
): { type: string; method: 'pulling' | 'pushing' } | null {
  for (const s of schemas) {
    if (s.endgrate_type === null) continue;
    const support = manifest.schemas[s.endgrate_type];
    if (kind !== 'push' && !support?.pull) return { type: s.endgrate_type, method: 'pulling' };
    if (kind !== 'pull' && !support?.push) return { type: s.endgrate_type, method: 'pushing' };
  }
  return null;
}

/** Checks a new bypass session: its provider takes every schema, and every schema has its resource. */
export function checkBypassSession(kind: SessionKind, connector: Connector, schemas: SessionSchema[]): void {
  const i = schemas.findIndex((s) => s.endgrate_type === null);
  if (i >= 0) {
    throw invalidRequest({
      [`schema/${i}/endgrate_type`]:
        'is required when bypass_ui is true (the end user cannot choose the resource of a schema named by its title alone)',
    });
  }
  const missing = unsupportedSchema(connector.manifest, kind, schemas);
  if (missing) {
    throw Errors.providerUnsupported(connector.manifest.name, missing.type, missing.method, {
      provider: `does not support ${missing.method} of '${missing.type}'`,
    });
  }
}

/** How the end user of a bypass session authenticates with its provider (Weft chooses; the end user is not asked). */
export async function bypassAuthMethod(services: Services, session: Session, connector: Connector): Promise<AuthMethod | undefined> {
  const methods = await availableAuthMethods(services, session, connector);
  if (methods.length <= 1) return methods[0];
  if (methods.includes('api_key') && hasPrefilledApiKey(session)) return 'api_key';
  return 'oauth2';
}
