import type { FastifyInstance } from 'fastify';
import { authorizationUrl, getConnector, type Connector, type OAuth2Manifest } from '../../connectors/index.js';
import { WeftError } from '../../errors.js';
import { resolveOAuthApp } from '../../sessions/connections.js';
import { createOAuthState } from '../../sessions/oauth-state.js';
import { loadSession, type Session } from '../../sessions/sessions.js';
import type { Services } from '../../services.js';
import { messagePage } from '../html.js';
import { providersForSession } from './providers.js';

export const CALLBACK_PATH = '/session/oauth/callback';

/** Creates the OAuth state for the session and returns the provider's authorization URL. */
export async function startAuthorization(services: Services, session: Session, connector: Connector): Promise<string> {
  const manifest = connector.manifest;
  if (manifest.auth.kind !== 'oauth2') throw new Error(`${manifest.name} does not use OAuth`);
  const app = resolveOAuthApp(services.config, connector);
  const state = await createOAuthState(services.database.db, services.sealer, {
    sessionId: session.id,
    provider: manifest.name,
    data: { mode: app.mode },
  });
  return authorizationUrl(manifest.auth as OAuth2Manifest, app, {
    redirectUri: services.config.publicUrl + CALLBACK_PATH,
    state,
  });
}

/** POST /session/connect — the end user picked a provider: off to its authorization page. */
export default function postSessionConnect(app: FastifyInstance): void {
  app.post<{ Body: { session_id?: string; provider?: string } }>('/session/connect', { config: { auth: false } }, async (request, reply) => {
    const { services } = app;
    const body = (request.body ?? {}) as { session_id?: string; provider?: string };
    let session;
    try {
      session = await loadSession(services.database.db, null, body.session_id);
    } catch (e) {
      if (e instanceof WeftError) {
        return reply.status(404).type('text/html').send(messagePage('Link expired', 'This link is invalid or has expired. Ask the app that sent you here for a new one.'));
      }
      throw e;
    }
    const connector = body.provider ? getConnector(body.provider) : undefined;
    if (!connector || !providersForSession(session).includes(connector)) {
      return reply.status(400).type('text/html').send(messagePage('Choose an app', 'That app is not available for this session.'));
    }
    return reply.redirect(await startAuthorization(services, session, connector), 303);
  });
}
