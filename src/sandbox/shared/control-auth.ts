/**
 * The control API's lock. The control API (`/_sandbox/…` of each fake: accounts, records, faults, tokens, reset) is
 * served only when a control token is configured; then every control request must carry
 * `authorization: Bearer <token>`, compared in constant time, else 401 `{ "error": … }` (the control API's own style).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

import type { FastifyInstance } from 'fastify';

export const CONTROL_UNAUTHORIZED = 'The sandbox control API needs the header authorization: Bearer <control token>.';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Whether a presented `authorization` header carries the token (hashes of equal length, compared in constant time). */
export function controlTokenMatches(authorization: string | undefined, token: string): boolean {
  const presented = typeof authorization === 'string' ? /^\s*bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] : undefined;
  // The comparison runs even without a token presented, so that its time says nothing of the token.
  const same = timingSafeEqual(digest(presented ?? ''), digest(token));
  return presented !== undefined && same;
}

/** Makes every route of `scope` require the control token. */
export function requireControlToken(scope: FastifyInstance, token: string): void {
  if (token.length === 0) throw new Error('The sandbox control token must not be empty');
  scope.addHook('onRequest', async (request, reply) => {
    if (controlTokenMatches(request.headers.authorization, token)) return;
    return reply.code(401).header('www-authenticate', 'Bearer realm="sandbox-control"').send({ error: CONTROL_UNAUTHORIZED });
  });
}
