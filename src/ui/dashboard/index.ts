/**
 * The developer's dashboard at /dashboard: administrator setup and sign-in, then, per project, Settings (API keys,
 * webhook secret), Sessions, Errors, Webhooks (the delivery log), OAuth apps, Provider lists, and the Administrators
 * page. Server-rendered HTML, no outside assets; every route but setup, sign-in, invitations and the script needs a
 * signed-in administrator, and every POST a CSRF token.
 */
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance } from 'fastify';

import { FailureLimiter, type FailureLimiterOptions, Slowdown, type SlowdownOptions } from '../../admin/rate-limit.js';
import { html } from '../html.js';
import administratorsPage from './administrators-page.js';
import dashboardAssets from './assets.js';
import brandingPage from './branding-page.js';
import { ADMIN } from './context.js';
import errorsPage from './errors-page.js';
import { installGuard } from './guard.js';
import invitePage from './invite-page.js';
import { authPage } from './layout.js';
import oauthAppsPage from './oauth-apps-page.js';
import { alertBox, sendHtml } from './parts.js';
import projectsPage from './projects-page.js';
import providerListsPage from './provider-lists-page.js';
import sessionDetailPage from './session-detail-page.js';
import sessionsPage from './sessions-page.js';
import settingsPage from './settings-page.js';
import setupPage from './setup-page.js';
import signInPage from './sign-in-page.js';
import webhooksPage from './webhooks-page.js';

export { ensureSetupToken } from '../../admin/setup.js';

/** Options of `dashboardPlugin` (tests tune the limits). */
export interface DashboardOptions {
  /**
   * Limits on failed sign-in, setup and invitation attempts (default 5 per 15 minutes per address); failures for one email from anywhere only slow its attempts (`slowdown`).
   */
  rateLimit?: FailureLimiterOptions & { slowdown?: SlowdownOptions };
}

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Registers the dashboard's routes. Register it on the app built by `buildApp()`, at the root (no prefix). */
export async function dashboardPlugin(app: FastifyInstance, options: DashboardOptions = {}): Promise<void> {
  // An encapsulated scope: the hooks, error handler and form parser below apply to the dashboard's routes only.
  await app.register(async (scope) => {
    if (!scope.hasContentTypeParser('application/x-www-form-urlencoded')) await scope.register(formbody, { bodyLimit: 64 * 1024 });
    // The branding form's logo upload: one file, in memory, fields as the body (so the CSRF guard reads them as usual).
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: 1024 * 1024, files: 1, fields: 20, fieldSize: 4096, parts: 24 },
    });
    scope.addHook('onSend', async (_request, reply, payload) => {
      if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
        reply.header('content-security-policy', CSP);
        reply.header('x-content-type-options', 'nosniff');
        reply.header('referrer-policy', 'no-referrer');
        reply.header('x-frame-options', 'DENY');
      }
      return payload;
    });
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) request.log.error({ err: error }, 'dashboard request failed');
      const message =
        status === 500
          ? 'Something went wrong on the server; nothing secret was shown. Try again, and see the server log if it persists.'
          : status === 413
            ? 'The file or form is too large (a logo may be at most 256 KB). Nothing was changed. Go back and choose a smaller file.'
            : 'The request could not be read. Go back and try again.';
      return sendHtml(
        reply,
        authPage({
          title: 'Error',
          body: html`<h1>${status === 500 ? 'Something went wrong' : 'Bad request'}</h1>${alertBox(message)}<p><a href="/dashboard">Back to the dashboard</a></p>`,
        }),
        status,
      );
    });
    installGuard(scope);

    const limiter = new FailureLimiter(options.rateLimit);
    const slowdown = new Slowdown({
      ...(options.rateLimit?.windowMs !== undefined ? { windowMs: options.rateLimit.windowMs } : {}),
      ...options.rateLimit?.slowdown,
    });
    setupPage(scope, limiter);
    signInPage(scope, limiter, slowdown);
    invitePage(scope, limiter);
    dashboardAssets(scope);
    settingsPage(scope);
    brandingPage(scope);
    sessionsPage(scope);
    sessionDetailPage(scope);
    errorsPage(scope);
    webhooksPage(scope);
    oauthAppsPage(scope);
    providerListsPage(scope);
    administratorsPage(scope);
    projectsPage(scope);

    scope.get('/dashboard/*', ADMIN, async (_request, reply) =>
      sendHtml(
        reply,
        authPage({
          title: 'Not found',
          body: html`<h1>Page not found</h1>${alertBox('There is no dashboard page at this address.')}<p><a href="/dashboard">Back to the dashboard</a></p>`,
        }),
        404,
      ),
    );
  });
}
