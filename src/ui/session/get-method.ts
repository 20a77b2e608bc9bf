import type { FastifyInstance } from 'fastify';

import { availableAuthMethods } from '../../sessions/provider-env.js';
import { html } from '../html.js';
import { translatorFor } from '../i18n/index.js';
import { sendJourneyScreen } from './frame.js';
import { providerFor, sessionToChange } from './load.js';
import { waitingNote } from './popup.js';
import { authenticationStep } from './post-connect.js';

/** GET /session/method — a provider that takes OAuth and API keys: the end user chooses. */
export default function getAuthMethod(app: FastifyInstance): void {
  app.get<{ Querystring: Record<string, string | undefined> }>('/session/method', { config: { auth: false } }, async (request, reply) => {
    const session = await sessionToChange(app.services, { request, reply }, request.query['session_id']);
    if (!session) return reply;
    const connector = await providerFor(app.services, reply, session, request.query['provider']);
    if (!connector) return reply;
    // One way in the session's mode (a live session without the provider's OAuth app): no choice to make.
    if ((await availableAuthMethods(app.services, session, connector)).length < 2) {
      return reply.redirect(await authenticationStep(app.services, { request, reply }, session, connector), 303);
    }
    const m = connector.manifest;
    const t = translatorFor(request, session);
    const title = t('connect.title', { provider: m.displayName });
    const body = html`<h1>${title}</h1>
  <p>${t('connect.how')}</p>
  <form method="post" action="/session/connect" data-oauth-popup>
    <input type="hidden" name="session_id" value="${session.id}">
    <input type="hidden" name="provider" value="${m.name}">
    <ul class="providers">
      <li><button type="submit" name="method" value="oauth2" data-auth="oauth2" data-name="${m.displayName}">${t('connect.oauth', { provider: m.displayName })}</button></li>
      <li><button type="submit" name="method" value="api_key">${t('connect.apiKey', { label: m.auth.apiKey ? t.provider(m.auth.apiKey.label) : t('connect.apiKeyDefault') })}</button></li>
    </ul>
  </form>
  ${waitingNote(t)}`;
    return sendJourneyScreen(app.services, reply, session, {
      title,
      body,
      step: 'sign-in',
      backLabel: t('connect.chooseAnother'),
    });
  });
}
