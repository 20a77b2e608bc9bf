/**
 * What every dashboard request knows about its caller: the signed-in administrator (set by the guard), and the
 * route's declaration of whether it is public (setup, sign-in, invitations).
 */
import type { AdminSession } from '../../admin/admin-sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in administrator's session (set by the dashboard guard), or null. */
    dashboardAdmin: AdminSession | null;
  }
  interface FastifyContextConfig {
    /** Dashboard routes reachable without signing in (setup, sign-in, invitations, assets). */
    dashboardPublic?: boolean;
  }
}

/** The route options of a public dashboard route (no API key, no administrator). */
export const PUBLIC = { config: { auth: false, dashboardPublic: true } } as const;
/** The route options of a dashboard route that needs a signed-in administrator (no API key). */
export const ADMIN = { config: { auth: false } } as const;

/** The `weft_admin` cookie: the sign-in session. */
export const SESSION_COOKIE = 'weft_admin';
/** The `weft_admin_form` cookie: the CSRF token of forms shown before signing in (double-submit). */
export const FORM_COOKIE = 'weft_admin_form';
/** Every dashboard cookie is scoped to this path. */
export const COOKIE_PATH = '/dashboard';

/** The first value of a form or query field, trimmed ('' when absent). */
export function field(source: unknown, name: string): string {
  const v = (source as Record<string, unknown> | null | undefined)?.[name];
  const first: unknown = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first.trim() : '';
}

/** Every value of a repeated form field. */
export function fields(source: unknown, name: string): string[] {
  const v = (source as Record<string, unknown> | null | undefined)?.[name];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string').map((x) => x.trim());
}

/**
 * `next` if it is a path of the dashboard on this server (`/dashboard…`, so never `//host` or `/\host`), else the
 * dashboard's home.
 */
export function safeNext(next: string): string {
  // Printable ASCII only (it becomes a Location header), no backslash, and under /dashboard.
  if (/^\/dashboard(?:[/?#]|$)/.test(next) && /^[\x21-\x7e]+$/.test(next) && !next.includes('\\')) return next;
  return '/dashboard';
}
