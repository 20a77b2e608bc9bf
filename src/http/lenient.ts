/**
 * Lenient where Endgrate is lenient. Clients generated from Endgrate's OpenAPI document (its official Python SDK among
 * them) send every optional field they were not given as an explicit `null`, and clients written for a newer Endgrate
 * may send options Weft does not know yet. Before a request is validated:
 *  - `null` in an optional field, at any depth the route's schema describes (webhook objects, schema entries, list
 *    items), means the field was not given, and is removed; a required field given as `null` is removed too, so that
 *    validation names it as required;
 *  - unknown top-level body fields and unknown query parameters are removed and named in the `Weft-Ignored-Fields`
 *    response header. Nested objects stay exact: a typo inside a webhook object is still refused.
 * Fields whose own schema admits `null` keep it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

type Schema = Record<string, unknown>;

export const IGNORED_FIELDS_HEADER = 'weft-ignored-fields';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a JSON Schema accepts `null` (a `null` type, or a union with one). */
export function admitsNull(schema: unknown): boolean {
  if (!isObject(schema)) return true; // no schema: anything goes
  const type = schema['type'];
  if (type === 'null' || (Array.isArray(type) && type.includes('null'))) return true;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list) && list.some((s) => isObject(s) && s['type'] !== undefined && admitsNull(s))) return true;
  }
  return false;
}

/** The declared properties of an object schema, or null when the schema declares none (a free-form object). */
function declared(schema: Schema): Record<string, Schema> | null {
  const props = schema['properties'];
  if (!isObject(props) || Object.keys(props).length === 0) return null;
  return props as Record<string, Schema>;
}

/** Removes `null` from fields that do not admit it, at every depth the schema describes. */
function dropNulls(schema: unknown, value: unknown): void {
  if (!isObject(schema)) return;
  if (Array.isArray(value)) {
    const items = schema['items'];
    if (isObject(items)) for (const item of value) dropNulls(items, item);
    return;
  }
  if (!isObject(value)) return;
  const props = declared(schema);
  if (!props) return;
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(props, key)) continue;
    const prop = props[key];
    if (value[key] === null) {
      if (!admitsNull(prop)) delete value[key];
    } else {
      dropNulls(prop, value[key]);
    }
  }
}

/** Removes the top-level fields a strict object schema does not declare; returns their names. */
function dropUnknown(schema: unknown, value: unknown): string[] {
  if (!isObject(schema) || !isObject(value) || schema['additionalProperties'] !== false) return [];
  const props = isObject(schema['properties']) ? schema['properties'] : {};
  const ignored: string[] = [];
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(props, key)) {
      ignored.push(key);
      delete value[key];
    }
  }
  return ignored;
}

/** The body and query of a request made lenient in place; the ignored names (`body.x`, `query.y`) are returned. */
export function makeLenient(schemas: { body?: unknown; querystring?: unknown }, body: unknown, query: unknown): string[] {
  const ignored: string[] = [];
  if (schemas.body !== undefined && isObject(body)) {
    dropNulls(schemas.body, body);
    ignored.push(...dropUnknown(schemas.body, body));
  }
  if (schemas.querystring !== undefined && isObject(query)) ignored.push(...dropUnknown(schemas.querystring, query));
  return ignored;
}

/** Adds field names to the response's `Weft-Ignored-Fields` header, after those already there. */
export function addIgnoredFields(reply: FastifyReply, names: string[]): void {
  if (!names.length) return;
  const before = reply.getHeader(IGNORED_FIELDS_HEADER);
  const all = [...(typeof before === 'string' && before ? before.split(', ') : []), ...names];
  reply.header(IGNORED_FIELDS_HEADER, [...new Set(all)].join(', '));
}

/** The preValidation hook of the API routes. */
export async function lenientHook(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const schema = request.routeOptions.schema;
  if (!schema) return;
  const ignored = makeLenient({ body: schema.body, querystring: schema.querystring }, request.body, request.query);
  addIgnoredFields(reply, ignored);
}
