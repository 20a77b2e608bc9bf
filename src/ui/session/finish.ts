import type { FastifyReply } from 'fastify';
import type { Connector } from '../../connectors/index.js';
import type { Services } from '../../services.js';
import { saveCredentials, type StoredCredentials } from '../../sessions/connections.js';
import { markConfigured, type Session } from '../../sessions/sessions.js';
import { html, page } from '../html.js';

/** Stores the new credentials, marks the session configured, and ends the journey (success screen or redirect_url). */
export async function finishConnection(
  reply: FastifyReply,
  services: Services,
  session: Session,
  connector: Connector,
  creds: StoredCredentials,
): Promise<FastifyReply> {
  const now = Date.now();
  await saveCredentials(services, session.id, connector.manifest.name, creds, now);
  await markConfigured(services.database.db, session.id, { provider: connector.manifest.name, mode: creds.mode, configured_at: now });
  const redirect = session.options.redirect_url;
  if (redirect) return reply.redirect(redirect, 303);
  const body = html`<main><div class="card"><h1 class="ok">Connected</h1><p role="status">You're connected to ${connector.manifest.displayName}. You can close this window.</p></div></main>`;
  return reply.type('text/html; charset=utf-8').send(page({ title: 'Connected', body }));
}
