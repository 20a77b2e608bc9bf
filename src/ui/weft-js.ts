/**
 * `weft.js`: the developer's side of an embedded connect journey, as `@nangohq/frontend` and `react-merge-link` are
 * for theirs. `<script src="https://weft.example.com/weft.js">` defines `window.Weft`; `/weft.mjs` is the same as an
 * ES module (`import Weft from 'https://weft.example.com/weft.mjs'`).
 *
 *     Weft.open({ sessionId, onSuccess, onExit, onEvent, mode: 'modal' | 'popup' })
 *
 * opens the session's journey in a modal frame over the page (or in a pop-up window) and calls back: `onEvent` for
 * each step, `onSuccess({ sessionId, provider })` when the session is connected, `onExit({ sessionId, reason })`
 * when the end user leaves (`user_exited`) or closes the frame or window (`closed`). The frame closes at the end.
 * The page that embeds must be on one of the project's allowed embedding origins (the dashboard's Connect page tab):
 * Weft's pages refuse other frames, and tell only those origins what happens. Messages are taken only from the
 * frame or window this script opened, on Weft's origin, for the session it opened.
 */
import type { FastifyInstance } from 'fastify';

const CORE = String.raw`function createWeft(base) {
  'use strict';
  var origin = new URL(base).origin;
  var current = null;
  function call(fn, arg) {
    if (typeof fn === 'function') fn(arg);
  }
  // A pop-up still navigating (to the exit page, say) may ignore one close: asked again for up to ten seconds.
  function closePopup(popup) {
    var tries = 0;
    // The page in it also closes itself when asked (a window a script opened may close itself).
    popup.postMessage({ type: 'weft:close' }, origin);
    popup.close();
    var again = setInterval(function () {
      if (popup.closed || ++tries > 100) clearInterval(again);
      else popup.close();
    }, 100);
  }
  function open(options) {
    if (!options || typeof options.sessionId !== 'string' || !options.sessionId) throw new TypeError('Weft.open needs { sessionId }');
    var url = options.url ? new URL(options.url, base) : new URL('session?session_id=' + encodeURIComponent(options.sessionId), base);
    if (url.origin !== origin) throw new TypeError('Weft.open: the url must be on ' + origin);
    if (current) current.close();
    var ended = false;
    var source = null;
    var overlay = null;
    var popup = null;
    var watch = null;
    var before = document.activeElement;
    var title = typeof options.title === 'string' && options.title ? options.title : 'Connect your app';
    var handle = {
      close: function () {
        end('exit', { sessionId: options.sessionId, reason: 'closed' });
      },
    };
    function teardown() {
      window.removeEventListener('message', onMessage);
      document.removeEventListener('keydown', onKey);
      if (watch) clearInterval(watch);
      if (overlay && overlay.parentNode) overlay.parentNode.removeChild(overlay);
      if (popup) closePopup(popup);
      if (current === handle) current = null;
      if (overlay && before && typeof before.focus === 'function') before.focus();
    }
    function end(kind, detail) {
      if (ended) return;
      ended = true;
      teardown();
      call(kind === 'success' ? options.onSuccess : options.onExit, detail);
    }
    function onMessage(event) {
      if (event.origin !== origin || !source || event.source !== source) return;
      var data = event.data;
      if (!data || typeof data.type !== 'string' || data.type.indexOf('weft:') !== 0 || data.sessionId !== options.sessionId) return;
      call(options.onEvent, data);
      if (data.type === 'weft:success') end('success', { sessionId: options.sessionId, provider: data.provider || null });
      else if (data.type === 'weft:exit') end('exit', { sessionId: options.sessionId, reason: data.reason || 'user_exited' });
    }
    function onKey(event) {
      if (event.key === 'Escape') handle.close();
    }
    window.addEventListener('message', onMessage);
    if (options.mode === 'popup') {
      popup = window.open(url.href, 'weft-connect', 'popup,width=520,height=760');
      if (popup) {
        source = popup;
        watch = setInterval(function () {
          if (popup.closed) handle.close();
        }, 500);
        current = handle;
        return handle;
      }
      // A blocked pop-up: the modal frame instead.
    }
    overlay = document.createElement('div');
    overlay.setAttribute('data-weft-overlay', '');
    overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;display:flex;align-items:center;justify-content:center;background:rgba(0,0,0,.55)';
    var dialog = document.createElement('div');
    dialog.setAttribute('role', 'dialog');
    dialog.setAttribute('aria-modal', 'true');
    dialog.setAttribute('aria-label', title);
    dialog.style.cssText = 'display:flex;flex-direction:column;width:min(520px,100vw);height:min(780px,100vh);background:#f6f8fa;border-radius:12px;overflow:hidden;box-shadow:0 10px 40px rgba(0,0,0,.35)';
    var bar = document.createElement('div');
    bar.style.cssText = 'display:flex;justify-content:flex-end;padding:4px;background:#1b1f24';
    var close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Close';
    close.style.cssText = 'font:600 14px system-ui,sans-serif;color:#fff;background:transparent;border:1px solid rgba(255,255,255,.5);border-radius:6px;padding:4px 10px;cursor:pointer';
    close.addEventListener('click', handle.close);
    bar.appendChild(close);
    var frame = document.createElement('iframe');
    frame.src = url.href;
    frame.title = title;
    frame.style.cssText = 'flex:1;width:100%;border:0;background:#f6f8fa';
    dialog.appendChild(bar);
    dialog.appendChild(frame);
    overlay.appendChild(dialog);
    document.body.appendChild(overlay);
    source = frame.contentWindow;
    document.addEventListener('keydown', onKey);
    frame.addEventListener('load', function () {
      frame.focus();
    });
    current = handle;
    return handle;
  }
  return { open: open, origin: origin };
}`;

/** The classic script: `window.Weft`, on the origin (and path) the script was loaded from. */
const CLASSIC = `/* Weft's connect journey for your app: Weft.open({ sessionId, onSuccess, onExit, onEvent, mode }). */
(function () {
${CORE}
  var script = document.currentScript;
  window.Weft = createWeft(new URL('.', script && script.src ? script.src : location.href).href);
})();
`;

/** The ES module: `import Weft from '…/weft.mjs'` (or `import { Weft }`). */
const MODULE = `/* Weft's connect journey for your app: Weft.open({ sessionId, onSuccess, onExit, onEvent, mode }). */
${CORE}
export const Weft = createWeft(new URL('.', import.meta.url).href);
export default Weft;
`;

export default function weftScript(app: FastifyInstance): void {
  for (const [path, source] of [
    ['/weft.js', CLASSIC],
    ['/weft.mjs', MODULE],
  ] as const) {
    app.get(path, { config: { auth: false } }, async (_request, reply) =>
      reply
        .type('text/javascript; charset=utf-8')
        // Loaded by the developer's pages, on other origins (a module needs CORS).
        .header('access-control-allow-origin', '*')
        .header('cache-control', 'public, max-age=300')
        .header('x-content-type-options', 'nosniff')
        .send(source),
    );
  }
}
