/**
 * Whether an error means the database is out of reach or out of room (as opposed to a bad query or bad input), in
 * the dialects' own terms, in one place. The HTTP layer answers such errors with a clean 503; the worker backs off.
 */

export type Unavailability = 'unavailable' | 'storage_full';

/** PostgreSQL SQLSTATEs of a database that is going away, refusing connections, or cancelled a statement by timeout. */
const PG_UNAVAILABLE = new Set([
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '08007', // connection exceptions
  '57P01',
  '57P02',
  '57P03',
  '57P05', // admin/crash shutdown, cannot connect now, idle session timeout
  '53300', // too many connections
  '57014', // query cancelled (statement_timeout)
]);
const PG_FULL = new Set(['53100']); // disk full
const NODE_NET = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** Messages node-postgres throws without a code when a connection is lost or times out. */
const PG_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'Client has encountered a connection error and is not queryable',
  'terminating connection',
  'Connection ended unexpectedly',
];

export function unavailability(error: unknown): Unavailability | null {
  // The error itself only, never its causes: a provider's network failure wrapped in another error is not the
  // database's.
  if (error && typeof error === 'object') {
    const e = error;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (code === 'SQLITE_FULL' || PG_FULL.has(code) || code === 'ENOSPC') return 'storage_full';
      if (PG_UNAVAILABLE.has(code)) return 'unavailable';
      // A socket of ours that failed (it has a syscall); a client that aborted its own request has the same codes
      // without one, and is not the database's doing.
      if (NODE_NET.has(code) && typeof (e as { syscall?: unknown }).syscall === 'string') return 'unavailable';
      if (
        code === 'SQLITE_BUSY' ||
        code.startsWith('SQLITE_BUSY_') ||
        code.startsWith('SQLITE_IOERR') ||
        code === 'SQLITE_CANTOPEN' ||
        code === 'SQLITE_READONLY' ||
        code === 'SQLITE_LOCKED'
      ) {
        return 'unavailable';
      }
    }
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && PG_MESSAGES.some((m) => message.includes(m))) return 'unavailable';
  }
  return null;
}
