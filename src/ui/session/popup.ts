/**
 * OAuth in a pop-up. Where scripts run, choosing an app that signs in with OAuth opens the provider's consent page
 * in a pop-up window while the session page stays where it is; once the provider sends the end user back, the pop-up
 * hands the journey back to the session page and closes. Without scripts, with the pop-up blocked, or when the
 * provider cut the pop-up off from its opener, the same flow runs as a redirect in one window.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';

import type { Session } from '../../sessions/sessions.js';
import { html, page } from '../html.js';
import { scriptMessages, type Translator } from '../i18n/index.js';
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
  var failed = document.querySelector('[data-oauth-failed]');
  if (failed) {
    // In the pop-up, the consent failed (denied, refused): the session page shows why, in place, and this closes.
    var parent = null;
    try {
      parent = window.opener && window.opener.location.origin === location.origin ? window.opener : null;
    } catch (e) {
      parent = null;
    }
    if (parent) {
      parent.postMessage({ type: 'weft:oauth-failed', reason: failed.getAttribute('data-reason') || '' }, location.origin);
      window.close();
    }
    return;
  }
  // The page's words in its language (attributes of an element the page carries: see scriptMessages in src/ui/i18n).
  var words = document.getElementById('weft-messages');
  function word(name) {
    return (words && words.getAttribute('data-' + name)) || '';
  }
  var locale = word('locale') || 'en';
  var waiting = document.getElementById('oauth-waiting');
  var failure = document.getElementById('oauth-failed');
  var retry = null; // the provider button to press again
  var watch = null; // the timer watching the pop-up
  function showFailure(reason) {
    if (watch) { clearInterval(watch); watch = null; }
    if (waiting) waiting.hidden = true;
    if (!failure) return;
    failure.querySelector('[data-reason]').textContent = reason;
    failure.hidden = false;
    var again = failure.querySelector('button');
    again.hidden = !retry;
    again.onclick = function () {
      failure.hidden = true;
      if (retry) retry.click();
    };
    again.focus();
  }
  document.querySelectorAll('form[data-oauth-popup]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      var button = event.submitter;
      if (!button || button.getAttribute('data-auth') !== 'oauth2' || form.getAttribute('data-popup-off') === '1') return;
      var popup = window.open('about:blank', 'weft-oauth', 'popup,width=520,height=720');
      if (!popup) return; // blocked: the redirect goes on in this window
      event.preventDefault();
      retry = button;
      if (failure) failure.hidden = true;
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
      var name = button.getAttribute('data-name') || button.textContent.trim();
      if (waiting) {
        waiting.querySelector('[data-provider]').textContent = name;
        waiting.hidden = false;
        waiting.querySelector('button').onclick = function () {
          // Sign in in this window instead.
          if (watch) { clearInterval(watch); watch = null; }
          try { popup.close(); } catch (e) { /* already closed */ }
          form.setAttribute('data-popup-off', '1');
          button.click();
        };
      }
      // A pop-up closed before it handed the journey back: say so, and offer to try again.
      if (watch) clearInterval(watch);
      watch = setInterval(function () {
        if (popup.closed) showFailure(word('closed').split('{provider}').join(name));
      }, 500);
    });
  });
  window.addEventListener('message', function (event) {
    if (event.origin !== location.origin || !event.data) return;
    if (event.data.type === 'weft:oauth-failed') {
      showFailure(typeof event.data.reason === 'string' && event.data.reason ? event.data.reason : word('unfinished'));
      return;
    }
    if (event.data.type !== 'weft:oauth-done') return;
    if (watch) { clearInterval(watch); watch = null; }
    if (typeof event.data.next === 'string' && event.data.next.charAt(0) === '/') location.assign(event.data.next);
  });
  // More than a few apps: a search box filters the list (every app stays listed without scripts).
  var search = document.querySelector('[data-provider-search]');
  if (search) {
    var count = document.querySelector('[data-provider-count]');
    search.addEventListener('input', function () {
      var q = search.value.trim().toLowerCase();
      var shown = 0;
      document.querySelectorAll('li[data-provider-name]').forEach(function (li) {
        var match = !q || li.getAttribute('data-provider-name').indexOf(q) !== -1;
        li.hidden = !match;
        if (match) shown++;
      });
      document.querySelectorAll('ul.providers').forEach(function (ul) {
        var any = ul.querySelector('li:not([hidden])');
        ul.hidden = !any;
        var heading = ul.getAttribute('aria-labelledby') && document.getElementById(ul.getAttribute('aria-labelledby'));
        if (heading) heading.hidden = !any;
      });
      if (count) {
        var form = word('matches-' + new Intl.PluralRules(locale).select(shown)) || word('matches-other') || '#';
        count.textContent = q ? form.split('#').join(new Intl.NumberFormat(locale).format(shown)) : '';
      }
    });
  }
})();
`;

/**
 * The status line the session page shows while the pop-up is open, and the reason when the consent failed or its
 * window was closed, with "Try again" (both hidden until then).
 */
export function waitingNote(t: Translator) {
  return html`<div id="oauth-waiting" role="status" hidden>
  <p>${t.html('popup.waiting', { provider: html`<strong data-provider></strong>` })}</p>
  <p><button type="button">${t('popup.thisWindow')}</button></p>
</div>
<div id="oauth-failed" class="notice-box" role="alert" hidden>
  <p data-reason></p>
  <p><button type="button" class="primary">${t('common.tryAgain')}</button></p>
</div>
${scriptMessages(t)}
<script src="${SESSION_SCRIPT_PATH}" defer></script>`;
}

/** The page the pop-up lands on after the provider connected: it hands the journey back, or goes on by itself. */
export function popupDonePage(reply: FastifyReply, session: Session, providerName: string, t: Translator): FastifyReply {
  const next = continuePath(session.id);
  const body = html`<main><div class="card" data-oauth-done data-next="${next}">
  <h1 class="ok">${t('popup.signedInTitle')}</h1>
  <p role="status">${t('popup.signedIn', { provider: providerName })}</p>
  <p><a class="button" href="${next}">${t('common.continue')}</a></p>
</div></main>
<script src="${SESSION_SCRIPT_PATH}" defer></script>`;
  return reply.type('text/html; charset=utf-8').send(page({ title: t('popup.signedInTitle'), body, lang: t.locale }));
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
