/**
 * GET and POST /dashboard/sign-in, POST /dashboard/sign-out. A refused sign-in says only "Email or password is
 * incorrect."; 5 failures in 15 minutes for an email or from an address answer 429 until the window passes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { countAdmins, normaliseEmail, verifySignIn } from '../../admin/admins.js';
import type { FailureLimiter, Slowdown } from '../../admin/rate-limit.js';
import { html } from '../html.js';
import { formToken, signIn, signOut } from './auth-cookies.js';
import { ADMIN, field, PUBLIC, safeNext } from './context.js';
import { authPage } from './layout.js';
import { alertBox, input, notice, sendHtml } from './parts.js';

/** The 429 page of a rate-limited form. */
export function tooManyAttempts(reply: FastifyReply, waitMs: number): FastifyReply {
  const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
  reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
  return sendHtml(
    reply,
    authPage({
      title: 'Too many attempts',
      body: html`<h1>Too many attempts</h1>${alertBox(`Too many failed attempts. For your security, try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`)}<p><a href="/dashboard/sign-in">Back to sign in</a></p>`,
    }),
    429,
  );
}

interface FormState {
  email?: string;
  next?: string;
  error?: string;
  message?: string;
}

function form(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, state: FormState = {}, status = 200): FastifyReply {
  const body = html`<h1>Sign in</h1>
${notice(state.message)}
${state.error ? alertBox(state.error) : ''}
<form method="post" action="/dashboard/sign-in" novalidate>
<input type="hidden" name="csrf_token" value="${formToken(app.services, request, reply)}">
<input type="hidden" name="next" value="${state.next ?? ''}">
${input({ id: 'email', label: 'Email', type: 'email', value: state.email ?? '', autocomplete: 'username', required: true, maxlength: 254, autofocus: !state.email })}
${input({ id: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', required: true, autofocus: !!state.email })}
<div class="actions"><button type="submit" class="primary">Sign in</button></div>
</form>
<p class="muted">No account yet? Ask an administrator for an invitation.</p>`;
  return sendHtml(reply, authPage({ title: 'Sign in', body }), status);
}

/** GET and POST /dashboard/sign-in, POST /dashboard/sign-out. */
export default function signInPage(app: FastifyInstance, limiter: FailureLimiter, slowdown: Slowdown): void {
  const { services } = app;
  app.get<{ Querystring: Record<string, string | undefined> }>('/dashboard/sign-in', PUBLIC, async (request, reply) => {
    const next = safeNext(field(request.query, 'next'));
    if (request.dashboardAdmin) return reply.redirect(next, 303);
    if ((await countAdmins(services.database.db)) === 0) return reply.redirect('/dashboard/setup', 303);
    const message = field(request.query, 'signed_out') ? 'You are signed out.' : undefined;
    return form(app, request, reply, { next, ...(message ? { message } : {}) });
  });

  app.post('/dashboard/sign-in', PUBLIC, async (request, reply) => {
    const email = normaliseEmail(field(request.body, 'email'));
    const raw = (request.body as Record<string, unknown> | undefined)?.['password'];
    const password = typeof raw === 'string' ? raw : '';
    const next = safeNext(field(request.body, 'next'));
    // Locked per address (request.ip follows WEFT_TRUST_PROXY); an email alone is only slowed, so that nobody can
    // lock a known administrator out for everyone.
    const ipKey = `ip:${request.ip}`;
    const emailKey = `email:${email}`;
    const at = Date.now();
    const wait = limiter.retryAfterMs([ipKey], at);
    if (wait > 0) return tooManyAttempts(reply, wait);
    // Counted as a failure before the (slow) check, so that guesses sent all at once cannot pass the limit.
    limiter.fail([ipKey], at);
    const delay = slowdown.delayMs(emailKey, at);
    slowdown.fail(emailKey, at);
    if (delay > 0) {
      request.log.info({ ip: request.ip, delayMs: delay }, 'dashboard sign-in slowed: many failures for this email');
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    const user = email && password && password.length <= 1024 ? await verifySignIn(services.database.db, email, password) : null;
    if (!user) {
      request.log.info({ ip: request.ip }, 'dashboard sign-in refused');
      return form(app, request, reply, { email, next, error: 'Email or password is incorrect.' }, 400);
    }
    slowdown.clear(emailKey);
    limiter.forgive(ipKey, at);
    await signIn(services, request, reply, user.id);
    return reply.redirect(next, 303);
  });

  app.post('/dashboard/sign-out', ADMIN, async (request, reply) => {
    await signOut(services, request, reply);
    return reply.redirect('/dashboard/sign-in?signed_out=1', 303);
  });
}
