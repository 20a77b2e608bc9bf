/**
 * Access control of every dashboard route: the sign-in session is read from its cookie; a route not declared public
 * sends visitors without one to the sign-in page (303, with `next`); and every POST must carry the CSRF token of
 * the session (or, before signing in, of the form cookie), else 403.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { csrfMatches, loadAdminSession } from '../../admin/admin-sessions.js';
import { parseCookies } from '../../admin/cookies.js';
import { html } from '../html.js';
import { presentedFormToken } from './auth-cookies.js';
import { field, SESSION_COOKIE } from './context.js';
import { authPage } from './layout.js';
import { alertBox, sendHtml } from './parts.js';

/** The sign-in page's URL, coming back to `next` afterwards. */
export function signInUrl(next?: string): string {
  return next ? `/dashboard/sign-in?${new URLSearchParams({ next })}` : '/dashboard/sign-in';
}

function forbidden(reply: FastifyReply, request: FastifyRequest): FastifyReply {
  const back = request.dashboardAdmin ? '/dashboard' : '/dashboard/sign-in';
  return sendHtml(
    reply,
    authPage({
      title: 'Form expired',
      body: html`<h1>This form has expired</h1>${alertBox('The form was sent without a valid security token, so nothing was changed.')}<p>Go back, reload the page and try again.</p><p><a href="${back}">Back to the dashboard</a></p>`,
    }),
    403,
  );
}

/** True when any value (or name) of a parsed form holds a NUL character. */
function hasNulCharacter(body: unknown): boolean {
  if (typeof body === 'string') return body.includes('\u0000');
  if (Array.isArray(body)) return body.some(hasNulCharacter);
  if (body && typeof body === 'object') return Object.entries(body).some(([k, v]) => k.includes('\u0000') || hasNulCharacter(v));
  return false;
}

/** Installs the session, access and CSRF hooks on the dashboard scope. */
export function installGuard(app: FastifyInstance): void {
  const db = app.services.database.db;
  app.decorateRequest('dashboardAdmin', null);

  app.addHook('onRequest', async (request, reply) => {
    request.dashboardAdmin = await loadAdminSession(db, parseCookies(request.headers.cookie).get(SESSION_COOKIE));
    if (request.routeOptions.config.dashboardPublic || request.dashboardAdmin) return;
    const next = request.method === 'GET' ? request.url : undefined;
    await reply.header('cache-control', 'no-store').redirect(signInUrl(next), 303);
    return reply;
  });

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    if (hasNulCharacter(request.body)) {
      // PostgreSQL cannot store NUL characters in text: refuse them here rather than fail later.
      await sendHtml(
        reply,
        authPage({
          title: 'Bad request',
          body: html`<h1>Bad request</h1>${alertBox('The form contains characters that cannot be stored. Nothing was changed.')}<p><a href="/dashboard">Back to the dashboard</a></p>`,
        }),
        400,
      );
      return reply;
    }
    const expected = request.routeOptions.config.dashboardPublic ? presentedFormToken(request) : request.dashboardAdmin?.csrfToken;
    if (!expected || !csrfMatches(expected, field(request.body, 'csrf_token'))) {
      request.log.warn({ url: request.routeOptions.url }, 'dashboard form refused: missing or wrong CSRF token');
      await forbidden(reply, request);
      return reply;
    }
  });
}
