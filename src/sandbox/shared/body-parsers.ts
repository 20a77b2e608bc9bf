/** Body parsers of the provider fakes' scopes, without extra dependencies. */
import type { FastifyInstance } from 'fastify';

const FORM = 'application/x-www-form-urlencoded';

/** Parses form bodies into a flat object, unless a parent already registered a parser. */
export function ensureFormParser(scope: FastifyInstance): void {
  if (scope.hasContentTypeParser(FORM)) return;
  scope.addContentTypeParser(FORM, { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    done(null, Object.fromEntries(new URLSearchParams(text)));
  });
}

/** JSON bodies for an API scope: an empty body is "no body"; invalid JSON fails with the provider's error (`invalid()`). */
export function lenientJsonParser(scope: FastifyInstance, invalid: () => Error): void {
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text) as unknown);
    } catch (error) {
      done(Object.assign(invalid(), { cause: error }), undefined);
    }
  });
}
