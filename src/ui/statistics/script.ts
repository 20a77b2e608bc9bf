/**
 * The statistics page's script, served by Weft itself (the pages' policy allows scripts from Weft only). While the
 * transfer runs, it reads the page's live data every second from the same origin and puts the new texts, chart paths,
 * samples and errors in place; it stops once the transfer has ended. It never moves focus: the state element is a
 * polite live region, so a screen reader hears "Completed" when the transfer ends, and nothing else.
 *
 * It is plain JavaScript in a string (the project compiles for Node, without DOM types); the browser test exercises it.
 */

/** Where the script is served. */
export const STATISTICS_SCRIPT_PATH = '/static/statistics.js';

/** The script's source. */
export const STATISTICS_SCRIPT = String.raw`/* Weft: live figures on the statistics page. Same-origin polling, no dependencies. */
(function () {
  'use strict';
  var root = document.querySelector('[data-statistics]');
  if (!root || root.getAttribute('data-completed') === 'true') return;
  var source = root.getAttribute('data-source');
  var POLL_MS = 1000;
  var MAX_BACKOFF_MS = 15000;
  var failures = 0;

  function setText(el, text) {
    if (el && el.textContent !== text) el.textContent = text;
  }

  function setAttr(el, name, value) {
    if (el && el.getAttribute(name) !== value) el.setAttribute(name, value);
  }

  function applyFields(fields) {
    var els = root.querySelectorAll('[data-field]');
    for (var i = 0; i < els.length; i++) {
      var value = fields[els[i].getAttribute('data-field')];
      if (typeof value === 'string') setText(els[i], value);
    }
  }

  function applyState(view) {
    setAttr(root.querySelector('.state[data-state]'), 'data-state', view.state);
    var box = root.querySelector('[data-failure]');
    if (box) {
      box.hidden = view.failure === null;
      setText(box.querySelector('[data-failure-message]'), view.failure || '');
    }
    var bar = root.querySelector('progress[data-progress]');
    var barBox = root.querySelector('[data-progress-box]');
    if (barBox) barBox.hidden = !view.progress;
    if (bar && view.progress) {
      bar.max = Math.max(view.progress.max, 1);
      bar.value = view.progress.value;
    }
  }

  function applyChart(chart) {
    var figure = root.querySelector('[data-chart="' + chart.id + '"]');
    if (!figure) return;
    function part(name) {
      return figure.querySelector('[data-chart-part="' + name + '"]');
    }
    setText(part('summary'), chart.summary);
    setText(part('yMax'), chart.yMax);
    setText(part('yMid'), chart.yMid);
    setText(part('xEnd'), chart.xEnd);
    setAttr(part('line'), 'd', chart.line);
    setAttr(part('area'), 'd', chart.area);
    setAttr(part('dot'), 'd', chart.dot);
    var empty = part('empty');
    if (empty) empty.hidden = !chart.empty;
  }

  function cell(tag, text) {
    var el = document.createElement(tag);
    el.textContent = text;
    return el;
  }

  function applySamples(rows) {
    var body = root.querySelector('[data-samples]');
    if (!body) return;
    var fresh = document.createDocumentFragment();
    rows.forEach(function (row) {
      var tr = document.createElement('tr');
      [row.elapsed, row.records, row.provider_requests, row.errors].forEach(function (text) {
        tr.appendChild(cell('td', text));
      });
      fresh.appendChild(tr);
    });
    body.replaceChildren(fresh);
  }

  function errorItem(e) {
    var li = document.createElement('li');
    var meta = document.createElement('p');
    meta.className = 'meta';
    var badge = cell('span', e.type);
    badge.className = 'badge';
    meta.appendChild(badge);
    if (e.record) meta.appendChild(cell('span', e.record));
    if (e.internal_id !== null) {
      var internal = cell('span', 'internal_id ');
      internal.appendChild(cell('code', e.internal_id));
      meta.appendChild(internal);
    }
    meta.appendChild(cell('span', e.time));
    var message = cell('p', e.message);
    message.className = 'msg';
    li.appendChild(meta);
    li.appendChild(message);
    return li;
  }

  function applyErrors(errors) {
    setText(root.querySelector('[data-errors-note]'), errors.note);
    var list = root.querySelector('[data-errors]');
    if (!list) return;
    var signature = JSON.stringify(errors.items);
    if (list.getAttribute('data-signature') === signature) return;
    list.setAttribute('data-signature', signature);
    var fresh = document.createDocumentFragment();
    errors.items.forEach(function (e) {
      fresh.appendChild(errorItem(e));
    });
    list.replaceChildren(fresh);
  }

  function apply(view) {
    applyFields(view.fields);
    applyState(view);
    view.charts.forEach(applyChart);
    applySamples(view.samples);
    applyErrors(view.errors);
    if (view.completed) root.setAttribute('data-completed', 'true');
  }

  function pause(message) {
    setText(root.querySelector('[data-field="live"]'), message);
  }

  function schedule(ms) {
    window.setTimeout(poll, ms);
  }

  function poll() {
    if (document.hidden) {
      document.addEventListener('visibilitychange', poll, { once: true });
      return;
    }
    fetch(source, { headers: { accept: 'application/json' }, cache: 'no-store', credentials: 'same-origin' })
      .then(function (response) {
        if (response.status === 404) {
          pause('This transfer no longer exists (its session was deleted or has expired).');
          return null;
        }
        if (!response.ok) throw new Error('the server answered ' + response.status);
        return response.json();
      })
      .then(function (data) {
        if (data === null) return;
        failures = 0;
        apply(data.view);
        if (!data.view.completed) schedule(POLL_MS);
      })
      .catch(function (error) {
        failures += 1;
        var wait = Math.min(POLL_MS * Math.pow(2, failures), MAX_BACKOFF_MS);
        pause('Live updates are paused (' + (error && error.message ? error.message : 'connection problem') + '); trying again in ' + Math.round(wait / 1000) + ' s.');
        if (window.console) window.console.warn('Weft statistics: live update failed', error);
        schedule(wait);
      });
  }

  schedule(POLL_MS);
})();
`;
