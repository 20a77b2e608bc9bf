/**
 * Embedding the connect journey in the developer's own app. A project lists the origins allowed to embed it (the
 * dashboard's Connect page tab); every page of a session of that project then lets those origins frame it
 * (`frame-ancestors`), and each journey screen tells its embedder what happens (`weft:step`, `weft:success`,
 * `weft:exit`) by `postMessage` to those origins only. `weft.js` (src/ui/weft-js.ts) is the developer's side.
 */
import type { FastifyReply } from 'fastify';

import { projectBranding } from '../../projects/branding.js';
import type { Services } from '../../services.js';

/** The project of the session a page shows (set where the session is loaded), and its origins once read, by reply. */
const pages = new WeakMap<FastifyReply, { projectId: string; origins?: readonly string[] }>();

/**
 * Marks the reply as a page of the project's session: its embedding origins may frame it. A caller that has read
 * the project's branding already passes its origins, so the page's headers need no second read.
 */
export function pageOfProject(reply: FastifyReply, projectId: string, origins?: readonly string[]): void {
  pages.set(reply, origins === undefined ? { projectId } : { projectId, origins });
}

/** The origins that may frame this reply's page (none for a page of no session). */
export async function frameAncestors(services: Services, reply: FastifyReply): Promise<readonly string[]> {
  const page = pages.get(reply);
  if (page === undefined) return [];
  return page.origins ?? (await projectBranding(services.database.db, page.projectId))?.embedOrigins ?? [];
}

export const EMBEDDED_SCRIPT_PATH = '/static/embedded.js';

/**
 * Runs on every journey screen. When the page is framed (or opened as a pop-up) by a page of an allowed origin, it
 * tells that page the step it is at, and the end (success, or the end user's exit, told as Exit is clicked). Messages
 * go to the listed origins only: another page never hears them.
 */
export const EMBEDDED_SCRIPT = String.raw`/* Weft: tells an embedding page where the connect journey is. */
(function () {
  'use strict';
  var main = document.querySelector('main[data-weft-session]');
  if (!main) return;
  var origins = (main.getAttribute('data-weft-origins') || '').split(' ').filter(Boolean);
  if (!origins.length) return;
  var target = window.parent !== window ? window.parent : window.opener;
  if (!target || target === window) return;
  var session = main.getAttribute('data-weft-session');
  function post(message) {
    message.sessionId = session;
    origins.forEach(function (origin) {
      target.postMessage(message, origin);
    });
  }
  var step = main.getAttribute('data-weft-step');
  var provider = main.getAttribute('data-weft-provider') || null;
  post({ type: 'weft:step', step: step, provider: provider });
  var outcome = main.getAttribute('data-weft-outcome');
  if (outcome === 'success') post({ type: 'weft:success', provider: provider });
  if (outcome === 'exit') post({ type: 'weft:exit', reason: 'user_exited' });
  // A pop-up opened by the embedder ends with the journey: told, it closes itself.
  if (outcome && window.parent === window) window.close();
  // The embedder that opened this window asks it to close at the end (its own close may come mid-navigation).
  window.addEventListener('message', function (event) {
    if (event.source === target && origins.indexOf(event.origin) !== -1 && event.data && event.data.type === 'weft:close') window.close();
  });
  var exit = document.querySelector('a.exit');
  if (exit) {
    exit.addEventListener('click', function () {
      // Told at once (the exit may go on to the developer's redirect_url, which is no Weft page); the embedder
      // closes its frame or pop-up, and an embedder that does not goes on to the exit page.
      post({ type: 'weft:exit', reason: 'user_exited' });
    });
  }
})();
`;
