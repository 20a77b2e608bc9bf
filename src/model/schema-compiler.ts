/**
 * Compiling JSON Schemas that callers give (custom schemas of sessions), safely:
 *  - `pattern` and `patternProperties` run on RE2 (re2js, linear time), never on the backtracking RegExp engine, so
 *    that a pattern like `^(a+)+$` cannot freeze the server; a pattern RE2 cannot run (look-arounds, back-references)
 *    is refused when the schema is given, with a clear 400;
 *  - compiled validators are kept by schema content in a bounded cache shared by every session and project, and Ajv
 *    keeps no schema itself: memory stays flat however many sessions are created, and one project's `$id` can never
 *    collide with another's.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { RE2JS } from 're2js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Ajv's regular-expression engine, on RE2. */
function re2(pattern: string): { test(input: string): boolean; toString(): string } {
  const compiled = RE2JS.compile(pattern);
  // Ajv keeps one compiled pattern per `toString()`: it must name the pattern, or every pattern of a schema is its first.
  return { test: (input: string) => compiled.test(input), toString: () => `/${pattern}/` };
}
re2.code = 'RE2JS.compile';

const ajv = addFormats(new Ajv({ allErrors: true, strict: false, addUsedSchema: false, code: { regExp: re2 } }));

/** Most validators kept at once (least recently used ones go first). */
export const MAX_COMPILED = 500;
const cache = new Map<string, ValidateFunction>();

/** A validator for a caller's schema (from the cache when the same content was compiled before). Throws if invalid. */
export function compileCallerSchema(schema: object): ValidateFunction {
  const key = JSON.stringify(schema);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const validate = ajv.compile(schema);
  // Ajv caches every schema object it compiled; the bounded cache above is the only one kept.
  ajv.removeSchema(schema);
  if (cache.size >= MAX_COMPILED) cache.delete(cache.keys().next().value as string);
  cache.set(key, validate);
  return validate;
}

/** How many validators are kept (for tests of the bound). */
export function compiledSchemaCount(): number {
  return cache.size;
}
