/**
 * OAuth in a pop-up. Where scripts run, choosing an app that signs in with OAuth opens the provider's consent page
 * in a pop-up window while the session page stays where it is; once the provider sends the end user back, the pop-up
 * hands the journey back to the session page and closes. Without scripts, with the pop-up blocked, or when the
 * provider cut the pop-up off from its opener, the same flow runs as a redirect in one window.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';

import type { Session } from '../../sessions/sessions.js';
import { html, page } from '../html.js';
import { resumeJourney } from './finish.js';
import { sessionToChange } from './load.js';

export const SESSION_SCRIPT_PATH = '/static/session.js';

/** Where the journey goes on once the provider is connected: the next step, or the end. */
export const continuePath = (sessionId: string) => `/session/continue?session_id=${encodeURIComponent(sessionId)}`;

const SESSION_SCRIPT = String.raw`/* Weft: OAuth in a pop-up on the session page. Same origin only, no dependencies. */
(function () {
  'use strict';
  var done = document.querySelector('[data-oauth-done]');
  if (done) {
    // In the pop-up, back from the provider: hand the journey to the session page, or go on here.
    var next = done.getAttribute('data-next');
    var opener = null;
    try {
      opener = window.opener && window.opener.location.origin === location.origin ? window.opener : null;
    } catch (e) {
      opener = null; // another origin: not ours to talk to
    }
    if (opener) {
      opener.postMessage({ type: 'weft:oauth-done', next: next }, location.origin);
      window.close();
    } else {
      location.replace(next);
    }
    return;
  }
  var waiting = document.getElementById('oauth-waiting');
  document.querySelectorAll('form[data-oauth-popup]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      var button = event.submitter;
      if (!button || button.getAttribute('data-auth') !== 'oauth2' || form.getAttribute('data-popup-off') === '1') return;
      var popup = window.open('about:blank', 'weft-oauth', 'popup,width=520,height=720');
      if (!popup) return; // blocked: the redirect goes on in this window
      event.preventDefault();
      var extra = [['popup', '1'], [button.name, button.value]].map(function (pair) {
        var input = document.createElement('input');
        input.type = 'hidden';
        input.name = pair[0];
        input.value = pair[1];
        form.appendChild(input);
        return input;
      });
      form.target = 'weft-oauth';
      form.submit();
      form.removeAttribute('target');
      extra.forEach(function (input) { input.remove(); });
      if (waiting) {
        waiting.querySelector('[data-provider]').textContent = button.getAttribute('data-name') || button.textContent.trim();
        waiting.hidden = false;
        waiting.querySelector('button').onclick = function () {
          // Sign in in this window instead.
          try { popup.close(); } catch (e) { /* already closed */ }
          form.setAttribute('data-popup-off', '1');
          button.click();
        };
      }
    });
  });
  window.addEventListener('message', function (event) {
    if (event.origin !== location.origin || !event.data || event.data.type !== 'weft:oauth-done') return;
    if (typeof event.data.next === 'string' && event.data.next.charAt(0) === '/') location.assign(event.data.next);
  });
})();
`;

/** The status line the session page shows while the pop-up is open (hidden until then). */
export function waitingNote() {
  return html`<div id="oauth-waiting" role="status" hidden>
  <p>Finish signing in to <strong data-provider></strong> in the pop-up window.</p>
  <p><button type="button">Sign in in this window instead</button></p>
</div>
<script src="${SESSION_SCRIPT_PATH}" defer></script>`;
}

/** The page the pop-up lands on after the provider connected: it hands the journey back, or goes on by itself. */
export function popupDonePage(reply: FastifyReply, session: Session, providerName: string): FastifyReply {
  const next = continuePath(session.id);
  const body = html`<main><div class="card" data-oauth-done data-next="${next}">
  <h1 class="ok">Signed in</h1>
  <p role="status">You're signed in to ${providerName}. This window closes by itself.</p>
  <p><a class="button" href="${next}">Continue</a></p>
</div></main>
<script src="${SESSION_SCRIPT_PATH}" defer></script>`;
  return reply.type('text/html; charset=utf-8').send(page({ title: 'Signed in', body }));
}

export default function sessionPopup(app: FastifyInstance): void {
  app.get(SESSION_SCRIPT_PATH, { config: { auth: false } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(SESSION_SCRIPT),
  );

  /** GET /session/continue — the journey after a connection made in a pop-up: the next step, or the end. */
  app.get<{ Querystring: Record<string, string | undefined> }>('/session/continue', { config: { auth: false } }, async (request, reply) => {
    const session = await sessionToChange(app.services, { request, reply }, request.query['session_id']);
    if (!session) return reply;
    // Nothing connected yet: back to the choice of app.
    if (!session.configuration?.provider) return reply.redirect(`/session?session_id=${encodeURIComponent(session.id)}`, 303);
    return resumeJourney(reply, app.services, session);
  });
}
