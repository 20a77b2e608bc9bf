/**
 * Request validation. Bodies are checked strictly (no type coercion: `"true"` is not a boolean); query strings are
 * coerced, since every query value arrives as text. Failures become one WEFT_ERR_VALIDATION error listing every
 * problem by field.
 */
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

import { type ErrorDetails, invalidRequest } from '../errors.js';
import { lazy } from '../lib/lazy.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const bodyAjv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: true, removeAdditional: false }));
const queryAjv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: true, useDefaults: true, removeAdditional: false }));

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : queryAjv;
  // Compiled at the route's first request, not at start (a server with every route's validator compiled up front
  // takes a quarter of a second longer to serve).
  const compiled = lazy(() => ajv.compile(schema as object));
  return (data: unknown) => {
    const validate = compiled();
    if (httpPart === 'body' && (data === undefined || data === null)) {
      return { error: invalidRequest({ body: 'is required (a JSON object)' }) };
    }
    if (validate(data)) {
      const nul = findNul(data, '');
      if (nul !== null) return { error: invalidRequest({ [nul || 'body']: 'must not contain the NUL character' }) };
      return { value: data };
    }
    return { error: invalidRequest(details(validate.errors ?? [])) };
  };
};

/** Ajv errors as `{field: problem}`, worded for people. */
export function details(errors: ErrorObject[]): ErrorDetails {
  const out: ErrorDetails = {};
  for (const e of errors) {
    const path = e.instancePath.replace(/^\//, '');
    let field = path;
    let problem: string;
    switch (e.keyword) {
      case 'required':
        field = [path, String(e.params['missingProperty'])].filter(Boolean).join('/');
        problem = 'is required';
        break;
      case 'additionalProperties':
        field = [path, String(e.params['additionalProperty'])].filter(Boolean).join('/');
        problem = 'is not a known field';
        break;
      case 'type':
        problem = `must be ${e.params['type'] === 'integer' ? 'an integer' : `of type ${String(e.params['type'])}`}`;
        break;
      case 'enum':
        problem = `must be one of ${(e.params['allowedValues'] as unknown[]).map(String).join(', ')}`;
        break;
      case 'anyOf':
        // The branches' own errors say more; keep this one only if nothing else was said about the field.
        if (Object.keys(out).some((k) => k.startsWith(path))) continue;
        problem = 'does not match any allowed form';
        break;
      default:
        problem = e.message ?? 'is invalid';
    }
    const key = field || 'body';
    if (!(key in out)) out[key] = problem;
  }
  return out;
}

/** The path of the first string (or key) holding U+0000, which no database column can store; null if none. */
function findNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], path ? `${path}/${i}` : String(i));
      if (hit !== null) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const here = path ? `${path}/${k}` : k;
      if (k.includes('\u0000')) return here;
      const hit = findNul(v, here);
      if (hit !== null) return hit;
    }
  }
  return null;
}
