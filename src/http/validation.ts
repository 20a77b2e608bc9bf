/**
 * Request validation. Bodies are checked strictly (no type coercion: `"true"` is not a boolean); query strings are
 * coerced, since every query value arrives as text. Failures become one WEFT_ERR_VALIDATION error listing every
 * problem by field.
 */
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { invalidRequest, type ErrorDetails } from '../errors.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const bodyAjv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: true, removeAdditional: false }));
const queryAjv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: true, useDefaults: true, removeAdditional: false }));

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : queryAjv;
  const validate = ajv.compile(schema as object);
  return (data: unknown) => {
    if (httpPart === 'body' && (data === undefined || data === null)) {
      return { error: invalidRequest({ body: 'is required (a JSON object)' }) };
    }
    if (validate(data)) return { value: data };
    return { error: invalidRequest(details(validate.errors ?? [])) };
  };
};

/** Ajv errors as `{field: problem}`, worded for people. */
export function details(errors: ErrorObject[]): ErrorDetails {
  const out: ErrorDetails = {};
  for (const e of errors) {
    const path = e.instancePath.replace(/^\//, '');
    let field = path;
    let problem = e.message ?? 'is invalid';
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
