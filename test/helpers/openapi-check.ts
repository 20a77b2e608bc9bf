/**
 * Every answer the test harness receives is checked against Weft's OpenAPI document (`/openapi.json`): for a
 * documented operation, its status must be documented and a JSON body must match that status's schema. The whole
 * suite thereby referees the document: a field, status or error code the server sends and the document does not
 * say fails the test that saw it.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

import { apiWithoutTrailingSlash } from '../../src/http/app.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: object }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, object> };
}

export type ResponseCheck = (method: string, url: string, status: number, contentType: string, body: unknown) => string[];

/** A checker of answers against the document; it returns the problems (none: the answer is as documented). */
export function responseChecker(doc: OpenApiDocument): ResponseCheck {
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  ajv.addKeyword({ keyword: 'example' });
  const compiled = new Map<string, ValidateFunction>();
  const validator = (key: string, schema: object) => {
    let v = compiled.get(key);
    if (!v) {
      v = ajv.compile({ ...schema, components: doc.components ?? {} });
      compiled.set(key, v);
    }
    return v;
  };
  return (method, url, status, contentType, body) => {
    const path = new URL(apiWithoutTrailingSlash(url), 'http://weft.test').pathname;
    const operation = doc.paths[path]?.[method.toLowerCase()];
    if (!operation) return [];
    const response = operation.responses?.[String(status)];
    const where = `${method.toUpperCase()} ${path} answered ${status}`;
    if (!response) return [`${where}, which its OpenAPI operation does not document (${Object.keys(operation.responses ?? {}).join(', ')})`];
    if (!contentType.includes('json')) return [];
    const schema = response.content?.['application/json']?.schema;
    if (!schema) return [`${where} with JSON, and the document gives that answer no JSON schema`];
    const validate = validator(`${method} ${path} ${status}`, schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${where}: ${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  };
}
