/**
 * GET and POST /dashboard/setup — the first administrator. Needs the setup token printed in the server's log (or by
 * `npx weft admin setup-token`); closed for good once an administrator exists.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { countAdmins, createAdminWithToken } from '../../admin/admins.js';
import type { FailureLimiter } from '../../admin/rate-limit.js';
import { html } from '../html.js';
import { accountFields, accountProblems, readAccount } from './account-form.js';
import { formToken, signIn } from './auth-cookies.js';
import { field, PUBLIC } from './context.js';
import { authPage } from './layout.js';
import { alertBox, input, type Problems, sendHtml } from './parts.js';
import { tooManyAttempts } from './sign-in-page.js';

function closed(reply: FastifyReply): FastifyReply {
  return sendHtml(
    reply,
    authPage({
      title: 'Setup is closed',
      body: html`<h1>Setup is closed</h1>${alertBox('An administrator already exists, so this page no longer creates accounts.')}<p>Sign in instead, or ask an administrator for an invitation.</p><p><a class="button" href="/dashboard/sign-in">Sign in</a></p>`,
    }),
    404,
  );
}

function form(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  state: { email?: string; problems?: Problems } = {},
  status = 200,
): FastifyReply {
  const problems = state.problems ?? {};
  const body = html`<h1>Set up Weft</h1>
<p>Create the first administrator. Other administrators can be invited afterwards.</p>
<form method="post" action="/dashboard/setup" novalidate>
<input type="hidden" name="csrf_token" value="${formToken(app.services, request, reply)}">
${accountFields({
  email: state.email ?? '',
  problems,
  before: input({
    id: 'setup_token',
    label: 'Setup token',
    type: 'password',
    autocomplete: 'off',
    required: true,
    help: html`Printed in the server's log when Weft starts without an administrator. Lost it? Run <code>npx weft admin setup-token</code> for a new one.`,
    problems,
  }),
})}
<div class="actions"><button type="submit" class="primary">Create administrator</button></div>
</form>`;
  return sendHtml(reply, authPage({ title: 'Set up Weft', body }), status);
}

/** GET and POST /dashboard/setup. */
export default function setupPage(app: FastifyInstance, limiter: FailureLimiter): void {
  const { services } = app;
  app.get('/dashboard/setup', PUBLIC, async (request, reply) => {
    if ((await countAdmins(services.database.db)) > 0) return reply.redirect('/dashboard/sign-in', 303);
    return form(app, request, reply);
  });

  app.post('/dashboard/setup', PUBLIC, async (request, reply) => {
    if ((await countAdmins(services.database.db)) > 0) return closed(reply);
    const ipKey = `setup-ip:${request.ip}`;
    const wait = limiter.retryAfterMs([ipKey]);
    if (wait > 0) return tooManyAttempts(reply, wait);
    const account = readAccount(request.body);
    const token = field(request.body, 'setup_token');
    const problems = accountProblems(account);
    if (!token) problems['setup_token'] = 'Enter the setup token.';
    if (Object.keys(problems).length) return form(app, request, reply, { email: account.email, problems }, 400);
    // Counted before the password is hashed (scrypt, 32 MiB): attempts sent all at once cannot each cost a hash.
    const at = Date.now();
    limiter.fail([ipKey], at);
    const result = await createAdminWithToken(services.database, { purpose: 'setup', token, email: account.email, password: account.password });
    if (!result.ok) {
      if (result.reason === 'closed') {
        limiter.forgive(ipKey, at);
        return closed(reply);
      }
      const message =
        result.reason === 'token'
          ? 'This setup token is invalid, expired or already used. Run npx weft admin setup-token for a new one.'
          : 'An administrator with this email already exists.';
      return form(app, request, reply, { email: account.email, problems: { [result.reason === 'token' ? 'setup_token' : 'email']: message } }, 400);
    }
    limiter.forgive(ipKey, at);
    request.log.info({ admin: result.user.id }, 'first administrator created');
    await signIn(services, request, reply, result.user.id);
    return reply.redirect('/dashboard/settings?welcome=1', 303);
  });
}
