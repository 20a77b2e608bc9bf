/**
 * Validation of pushed data against a session's schema, with Ajv. Optional properties also accept `null` (meaning
 * "no value"); read-only properties (timestamps) are accepted and ignored; aliases are renamed before validation.
 */
import type { ErrorObject } from 'ajv';

import { COMMON_MODELS } from './registry.js';
import { compileCallerSchema } from './schema-compiler.js';
import type { JsonSchemaObject, JsonSchemaProperty, SessionSchema } from './types.js';

export type ValidationResult = { ok: true; data: Record<string, unknown> } | { ok: false; problems: string[] };

export interface DataValidator {
  (data: unknown): ValidationResult;
}

/**
 * A validator of `transfer_data[].data` for a session schema. With `passthroughFields`, properties the schema does
 * not name are let through (they become provider fields); otherwise they are an error for Weft's default schemas.
 */
export function dataValidator(schema: SessionSchema, options: { passthroughFields: boolean }): DataValidator {
  const model = schema.custom || !schema.endgrate_type ? undefined : COMMON_MODELS.get(schema.endgrate_type);
  const aliases = model?.aliases ?? {};
  const strict = !schema.custom && !options.passthroughFields;
  const fn = compileCallerSchema(nullable(schema.schema, strict));
  return (data) => {
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      return { ok: false, problems: ['data must be an object'] };
    }
    const renamed: Record<string, unknown> = { ...(data as Record<string, unknown>) };
    for (const [alias, target] of Object.entries(aliases)) {
      if (alias in renamed) {
        if (!(target in renamed)) renamed[target] = renamed[alias];
        delete renamed[alias];
      }
    }
    if (fn(renamed)) return { ok: true, data: renamed };
    return { ok: false, problems: (fn.errors ?? []).map(describe) };
  };
}

function describe(e: ErrorObject): string {
  const where = `data${e.instancePath}`;
  if (e.keyword === 'additionalProperties') {
    return `${where} has unknown property '${String(e.params['additionalProperty'])}'`;
  }
  if (e.keyword === 'type') {
    const types = String(e.params['type'])
      .split(',')
      .filter((t) => t !== 'null');
    const article = (t: string) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);
    return `${where} must be ${types.map(article).join(' or ')}`;
  }
  if (e.keyword === 'enum') {
    const allowed = (e.params['allowedValues'] as unknown[]).filter((v) => v !== null);
    return `${where} must be one of ${allowed.map(String).join(', ')}`;
  }
  return `${where} ${e.message ?? 'is invalid'}`;
}

/** A copy of the schema in which every optional property may also be null. */
function nullable(schema: JsonSchemaObject, strict: boolean): JsonSchemaProperty {
  return widen({ ...schema, type: 'object' }, strict, true);
}

function widen(p: JsonSchemaProperty, strict: boolean, top = false): JsonSchemaProperty {
  const out: JsonSchemaProperty = { ...p };
  delete out['endgrate_type'];
  delete out['associations'];
  if (p.properties) {
    const required = new Set(p.required ?? []);
    out.properties = {};
    for (const [name, child] of Object.entries(p.properties)) {
      const w = widen(child, strict);
      out.properties[name] = required.has(name) ? w : allowNull(w);
    }
    if (strict && top) out.additionalProperties = false;
  }
  if (p.items) out.items = widen(p.items, strict);
  return out;
}

function allowNull(p: JsonSchemaProperty): JsonSchemaProperty {
  if (p.type === undefined) return p;
  const types = Array.isArray(p.type) ? p.type : [p.type];
  const out: JsonSchemaProperty = { ...p, type: types.includes('null') ? types : [...types, 'null'] };
  if (p.enum) out.enum = [...p.enum, null];
  return out;
}
