/**
 * The hosted pages of a session with `bypass_ui` (see src/sessions/bypass.ts): the session link goes straight to the
 * provider's authentication, and the journey ends without Weft's screens: at `redirect_url` when given, else on a
 * bare "Connected" page that tells the window which opened it (the developer's own page, of any origin) with
 * `postMessage({type: 'weft:session-configured', provider}, '*')` and closes. The message carries no session id
 * (the opener tells its pop-ups apart by `event.source`).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';

import { getConnector } from '../../connectors/index.js';
import type { Services } from '../../services.js';
import { bypassAuthMethod } from '../../sessions/bypass.js';
import { providersForSession } from '../../sessions/journey.js';
import { isConfigured, type Session } from '../../sessions/sessions.js';
import { html, messagePage, page } from '../html.js';
import { type Translator, translatorFor } from '../i18n/index.js';
import type { BrowserExchange } from './browser-binding.js';
import { authenticationStep } from './post-connect.js';

export const CONNECTED_SCRIPT_PATH = '/static/session-connected.js';

const CONNECTED_SCRIPT = String.raw`/* Weft: the end of a bypassed session page. No dependencies. */
(function () {
  'use strict';
  var done = document.querySelector('[data-session-connected]');
  if (!done || !window.opener) return;
  // The developer's page opened this window (its origin is not Weft's): tell it, then close.
  window.opener.postMessage({ type: 'weft:session-configured', provider: done.getAttribute('data-provider') }, '*');
  window.close();
})();
`;

/** GET /session of a bypass session: straight to the provider's authentication (or the end, once connected). */
export async function bypassEntry(services: Services, browser: BrowserExchange, session: Session): Promise<FastifyReply> {
  const { reply } = browser;
  const t = translatorFor(browser.request, session);
  if (isConfigured(session)) return bypassDonePage(reply, session.provider, t);
  const connector = providersForSession(session).find((c) => c.manifest.name === session.options.provider);
  // Undefined when the provider is not available in the session's mode (a live session never uses the sandbox).
  const method = connector ? await bypassAuthMethod(services, session, connector) : undefined;
  if (!connector || !method) {
    return reply
      .status(400)
      .type('text/html; charset=utf-8')
      .send(messagePage(t('load.notAvailableTitle'), t('common.appNotAvailable'), undefined, t.locale));
  }
  return reply.redirect(await authenticationStep(services, browser, session, connector, method), 303);
}

/** The end of a bypass session's journey without `redirect_url`. */
export function bypassDonePage(reply: FastifyReply, provider: string, t: Translator): FastifyReply {
  const name = getConnector(provider)?.manifest.displayName ?? provider;
  const body = html`<main><div class="card" data-session-connected data-provider="${provider}"><h1 class="ok">${t('common.connected')}</h1><p role="status">${t('common.connectedTo', { provider: name })}</p></div></main>
<script src="${CONNECTED_SCRIPT_PATH}" defer></script>`;
  return reply.type('text/html; charset=utf-8').send(page({ title: t('common.connected'), body, lang: t.locale }));
}

export default function sessionBypass(app: FastifyInstance): void {
  app.get(CONNECTED_SCRIPT_PATH, { config: { auth: false } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(CONNECTED_SCRIPT),
  );
}
