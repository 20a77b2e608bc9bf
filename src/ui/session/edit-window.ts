/**
 * The edit window: what a used edit link (src/sessions/edit-links.ts) gives the browser that opened it. A cookie
 * (`weft_edit`; HttpOnly; SameSite=Lax, so that it comes back on a provider's redirect to the OAuth callback;
 * Path=/session; Secure when the public URL is https) holds, sealed with the server's key, the session id and when
 * the window ends. While it lasts, that browser may change the configured session: its journey steps, a new
 * authentication. Other browsers, and the plain session link, may not.
 */
import type { FastifyRequest } from 'fastify';

import { parseCookies, serializeCookie } from '../../admin/cookies.js';
import type { Services } from '../../services.js';
import type { BrowserExchange } from './browser-binding.js';

export const EDIT_COOKIE = 'weft_edit';
export const EDIT_WINDOW_MS = 30 * 60_000;
const SEAL_CONTEXT = 'weft-session-edit-window';

/** Opens the window for this browser and session (its cookie is set on the reply). */
export function openEditWindow(services: Services, { reply }: BrowserExchange, sessionId: string, now = Date.now()): void {
  const value = services.sealer.seal(JSON.stringify({ session_id: sessionId, until: now + EDIT_WINDOW_MS }), SEAL_CONTEXT);
  reply.header(
    'set-cookie',
    serializeCookie(EDIT_COOKIE, value, {
      path: '/session',
      maxAge: EDIT_WINDOW_MS / 1000,
      secure: services.config.publicUrl.startsWith('https:'),
      httpOnly: true,
      sameSite: 'Lax',
    }),
  );
}

/** Whether this browser holds an open edit window for the session. */
export function hasEditWindow(services: Services, request: FastifyRequest, sessionId: string, now = Date.now()): boolean {
  const value = parseCookies(request.headers.cookie).get(EDIT_COOKIE);
  if (value === undefined || value.length > 2000) return false;
  let window: unknown;
  try {
    window = JSON.parse(services.sealer.open(value, SEAL_CONTEXT));
  } catch (e) {
    // Not a value this server sealed (or sealed with a retired key): no window.
    request.log.info({ err: e }, 'an edit-window cookie that does not open');
    return false;
  }
  if (typeof window !== 'object' || window === null) return false;
  const { session_id, until } = window as { session_id?: unknown; until?: unknown };
  return session_id === sessionId && typeof until === 'number' && until > now;
}
