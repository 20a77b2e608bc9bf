/**
 * GET /dashboard/assets/dashboard.js — the dashboard's only script, and an optional one: "Copy" buttons next to
 * read-only values (keys, links), and selecting such a value when it gets focus. Every page works without it.
 */
import type { FastifyInstance } from 'fastify';

import { PUBLIC } from './context.js';

const SCRIPT = `'use strict';
for (const field of document.querySelectorAll('input[data-select-all]')) {
  field.addEventListener('focus', () => field.select());
}
for (const button of document.querySelectorAll('button[data-copy]')) {
  const id = button.getAttribute('data-copy');
  const field = document.getElementById(id);
  const status = document.querySelector('[data-copy-status="' + id + '"]');
  if (!field || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener('click', () => {
    field.select();
    navigator.clipboard.writeText(field.value).then(
      () => { if (status) status.textContent = 'Copied.'; },
      () => { if (status) status.textContent = 'Copying failed: select the text and copy it.'; },
    );
  });
}
`;

/** Serves the dashboard's script. */
export default function dashboardAssets(app: FastifyInstance): void {
  app.get('/dashboard/assets/dashboard.js', PUBLIC, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(SCRIPT),
  );
}
