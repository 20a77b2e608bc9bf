/**
 * Where a fake looks for a request's credential, declared in order: a header (trimmed), the bearer token of
 * `Authorization`, a query parameter. The first place the request fills decides: its value is the credential, of the
 * kind declared for that place, and a filled `Authorization` that is not `Bearer <token>` means no credential at all
 * (later places are not read), as a gateway that rejects a malformed header does.
 */
import type { FastifyRequest } from 'fastify';

/** One place a credential may be in, and the kind of credential found there. */
export type CredentialPlace<K extends string> = { kind: K } & ({ header: string } | { bearer: true } | { query: string });

/** The credential of a request by its declared places (undefined: none, or a malformed `Authorization`). */
export function requestCredential<K extends string>(
  request: FastifyRequest,
  places: ReadonlyArray<CredentialPlace<K>>,
): { kind: K; value: string } | undefined {
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  for (const place of places) {
    if ('query' in place) {
      const value = ((request.query ?? {}) as Record<string, unknown>)[place.query];
      if (typeof value === 'string' && value !== '') return { kind: place.kind, value };
      continue;
    }
    const value = header('header' in place ? place.header : 'authorization');
    if (value === undefined) continue;
    if ('header' in place) return { kind: place.kind, value };
    const bearer = /^Bearer\s+(\S+)$/i.exec(value)?.[1];
    return bearer === undefined ? undefined : { kind: place.kind, value: bearer };
  }
  return undefined;
}
