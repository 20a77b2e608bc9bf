/**
 * The cookie that binds an OAuth flow to the browser that started it. When Weft sends an end user to a provider's
 * consent page it sets `weft_oauth` (a random value; HttpOnly; SameSite=Lax, so that it comes back on the provider's
 * top-level redirect to the callback; Path=/session; Secure when the public URL is https; as long-lived as a state)
 * and the state keeps the value's hash. The callback refuses a state whose browser does not present the same value.
 * A browser that already holds a well-formed value keeps it, so that flows started in several tabs all complete.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

import { parseCookies, serializeCookie } from '../../admin/cookies.js';
import { randomToken } from '../../lib/ids.js';
import type { Services } from '../../services.js';
import { STATE_TTL_MS } from '../../sessions/oauth-state.js';

export const BINDING_COOKIE = 'weft_oauth';
const BINDING_PATH = '/session';
const WELL_FORMED = /^[\w-]{43}$/;

/** The request and reply of the page that starts an authorization: it reads and sets the binding cookie. */
export interface BrowserExchange {
  request: FastifyRequest;
  reply: FastifyReply;
}

/** The binding value the browser presented, if it is one Weft could have set. */
export function presentedBinding(request: FastifyRequest): string | undefined {
  const value = parseCookies(request.headers.cookie).get(BINDING_COOKIE);
  return value !== undefined && WELL_FORMED.test(value) ? value : undefined;
}

/** The browser's binding value (a new one when it has none), with its cookie (re)set for a state's lifetime. */
export function bindBrowser(services: Services, { request, reply }: BrowserExchange): string {
  const value = presentedBinding(request) ?? randomToken(32);
  reply.header(
    'set-cookie',
    serializeCookie(BINDING_COOKIE, value, {
      path: BINDING_PATH,
      maxAge: STATE_TTL_MS / 1000,
      secure: services.config.publicUrl.startsWith('https:'),
      httpOnly: true,
      sameSite: 'Lax',
    }),
  );
  return value;
}
