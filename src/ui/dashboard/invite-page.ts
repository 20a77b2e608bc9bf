/**
 * GET and POST /dashboard/invite?token=… — an invited administrator creates their account from the link another
 * administrator created (single use, valid 24 hours).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { isLiveToken } from '../../admin/admin-tokens.js';
import { createAdminWithToken } from '../../admin/admins.js';
import type { FailureLimiter } from '../../admin/rate-limit.js';
import { html } from '../html.js';
import { accountFields, accountProblems, readAccount } from './account-form.js';
import { formToken, signIn } from './auth-cookies.js';
import { field, PUBLIC } from './context.js';
import { authPage } from './layout.js';
import { alertBox, type Problems, sendHtml } from './parts.js';
import { tooManyAttempts } from './sign-in-page.js';

function invalid(reply: FastifyReply): FastifyReply {
  return sendHtml(
    reply,
    authPage({
      title: 'Invitation not valid',
      body: html`<h1>Invitation not valid</h1>${alertBox('This invitation is invalid, expired or was already used.')}<p>Ask an administrator for a new invitation link.</p><p><a href="/dashboard/sign-in">Sign in</a></p>`,
    }),
    404,
  );
}

function form(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  state: { email?: string; problems?: Problems } = {},
  status = 200,
): FastifyReply {
  const body = html`<h1>Join the Weft dashboard</h1>
<p>You were invited to administer this Weft server. Choose your email and password.</p>
<form method="post" action="/dashboard/invite" novalidate>
<input type="hidden" name="csrf_token" value="${formToken(app.services, request, reply)}">
<input type="hidden" name="token" value="${token}">
${accountFields({ email: state.email ?? '', problems: state.problems ?? {} })}
<div class="actions"><button type="submit" class="primary">Create account</button></div>
</form>`;
  return sendHtml(reply, authPage({ title: 'Join the dashboard', body }), status);
}

/** GET and POST /dashboard/invite. */
export default function invitePage(app: FastifyInstance, limiter: FailureLimiter): void {
  const { services } = app;
  app.get('/dashboard/invite', PUBLIC, async (request, reply) => {
    const token = field(request.query, 'token');
    if (!(await isLiveToken(services.database.db, 'invite', token))) return invalid(reply);
    return form(app, request, reply, token);
  });

  app.post('/dashboard/invite', PUBLIC, async (request, reply) => {
    const ipKey = `invite-ip:${request.ip}`;
    const wait = limiter.retryAfterMs([ipKey]);
    if (wait > 0) return tooManyAttempts(reply, wait);
    const token = field(request.body, 'token');
    if (!(await isLiveToken(services.database.db, 'invite', token))) {
      limiter.fail([ipKey]);
      return invalid(reply);
    }
    const account = readAccount(request.body);
    const problems = accountProblems(account);
    if (Object.keys(problems).length) return form(app, request, reply, token, { email: account.email, problems }, 400);
    const result = await createAdminWithToken(services.database, { purpose: 'invite', token, email: account.email, password: account.password });
    if (!result.ok) {
      if (result.reason === 'email_taken') {
        return form(
          app,
          request,
          reply,
          token,
          { email: account.email, problems: { email: 'An administrator with this email already exists.' } },
          400,
        );
      }
      return invalid(reply);
    }
    request.log.info({ admin: result.user.id }, 'invited administrator created');
    await signIn(services, request, reply, result.user.id);
    return reply.redirect('/dashboard/settings?welcome=1', 303);
  });
}
