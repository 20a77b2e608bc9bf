/**
 * The security headers of the sandbox's HTML pages (OAuth consent pages, Pipedrive's API-token page): the same
 * rules as Weft's own hosted pages (src/ui), so that a sandbox page can be framed by no one, loads nothing from
 * elsewhere and runs no script. Written out here because the sandbox and Weft's pages share no code;
 * test/security/sandbox-modes.test.ts checks the two stay equal.
 */
import type { FastifyInstance } from 'fastify';

export const SANDBOX_PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; script-src 'self'; connect-src 'self'; form-action 'self' http: https:; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
});

/** Sets {@link SANDBOX_PAGE_HEADERS} on every HTML answer of the scope. */
export function securePages(scope: FastifyInstance): void {
  scope.addHook('onSend', async (_request, reply, payload) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      for (const [name, value] of Object.entries(SANDBOX_PAGE_HEADERS)) reply.header(name, value);
    }
    return payload;
  });
}
