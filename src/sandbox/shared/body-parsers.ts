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

const MULTIPART = 'multipart/form-data';

/**
 * Parses `multipart/form-data` bodies of text fields into a flat object (what some vendors' SDKs send to a token
 * endpoint, e.g. Zoho's); file parts are kept as text too. A body without a boundary is refused (400).
 */
export function ensureMultipartFieldsParser(scope: FastifyInstance): void {
  if (scope.hasContentTypeParser(MULTIPART)) return;
  scope.addContentTypeParser(MULTIPART, { parseAs: 'string' }, (request, body, done) => {
    const type = request.headers['content-type'] ?? '';
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(type);
    const mark = boundary?.[1] ?? boundary?.[2];
    if (!mark) {
      done(Object.assign(new Error('multipart body without a boundary'), { statusCode: 400 }), undefined);
      return;
    }
    const text = typeof body === 'string' ? body : body.toString('utf8');
    const out: Record<string, string> = {};
    for (const part of text.split(`--${mark}`)) {
      const at = part.indexOf('\r\n\r\n');
      if (at < 0) continue;
      const name = /name="([^"]*)"/i.exec(part.slice(0, at))?.[1];
      if (name === undefined) continue;
      out[name] = part.slice(at + 4).replace(/\r\n$/, '');
    }
    done(null, out);
  });
}
