/**
 * The dashboard's cookies: the sign-in session (`weft_admin`: HttpOnly, SameSite=Strict, Path=/dashboard, Secure
 * when the public URL is https) and the CSRF token of the forms shown before signing in (`weft_admin_form`).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

import { ADMIN_SESSION_TTL_MS, createAdminSession, deleteAdminSession } from '../../admin/admin-sessions.js';
import { parseCookies, serializeCookie } from '../../admin/cookies.js';
import { randomToken } from '../../lib/ids.js';
import type { Services } from '../../services.js';
import { COOKIE_PATH, FORM_COOKIE, SESSION_COOKIE } from './context.js';

function secure(services: Services): boolean {
  return services.config.publicUrl.startsWith('https:');
}

/** Signs the user in: a new session (an existing one of this browser is ended) and its cookie. */
export async function signIn(services: Services, request: FastifyRequest, reply: FastifyReply, userId: string): Promise<void> {
  if (request.dashboardAdmin) await deleteAdminSession(services.database.db, request.dashboardAdmin.tokenHash);
  const { token } = await createAdminSession(services.database.db, userId);
  reply.header(
    'set-cookie',
    serializeCookie(SESSION_COOKIE, token, { path: COOKIE_PATH, maxAge: ADMIN_SESSION_TTL_MS / 1000, secure: secure(services) }),
  );
}

/** Signs out: the session row is deleted and the cookie cleared. */
export async function signOut(services: Services, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.dashboardAdmin) await deleteAdminSession(services.database.db, request.dashboardAdmin.tokenHash);
  reply.header('set-cookie', serializeCookie(SESSION_COOKIE, '', { path: COOKIE_PATH, maxAge: 0, secure: secure(services) }));
}

/** The form cookie's token, if the browser sent a well-formed one. */
export function presentedFormToken(request: FastifyRequest): string | undefined {
  const value = parseCookies(request.headers.cookie).get(FORM_COOKIE);
  return value && /^[\w-]{43}$/.test(value) ? value : undefined;
}

/** The CSRF token for a form shown before signing in: the browser's form cookie, set now if it has none. */
export function formToken(services: Services, request: FastifyRequest, reply: FastifyReply): string {
  const existing = presentedFormToken(request);
  if (existing) return existing;
  const token = randomToken(32);
  reply.header('set-cookie', serializeCookie(FORM_COOKIE, token, { path: COOKIE_PATH, maxAge: 24 * 60 * 60, secure: secure(services) }));
  return token;
}
