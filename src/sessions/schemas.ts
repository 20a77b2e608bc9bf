/**
 * The `schema` array of an initiate request, checked and normalised. Each entry is a default schema
 * (`{"endgrate_type": "crm-contact"}`), a custom schema under an endgrate_type (with its own `properties`), or a
 * custom schema named by its `title` alone (no endgrate_type, or `"unspecified"`).
 *
 * A schema's `key` is what later calls name it by: a custom schema's `title` when it has one (Endgrate's "Defining
 * Custom Schemas": the title is its identifier), else its endgrate_type. A default schema keeps its endgrate_type as
 * key. Two schemas of one endgrate_type may share a session when their keys differ.
 */
import { type ErrorDetails, Errors, invalidRequest } from '../errors.js';
import { COMMON_MODELS, isKnownEndgrateType } from '../model/registry.js';
import { compileCallerSchema } from '../model/schema-compiler.js';
import type { JsonSchemaObject, SessionSchema } from '../model/types.js';

export interface SchemaEntry {
  endgrate_type?: string;
  title?: string;
  type?: string;
  properties?: Record<string, unknown>;
  required?: string[];
  associations?: boolean;
  [key: string]: unknown;
}

/** The endgrate_type of a schema that has none, only a title (Endgrate's dashboard writes it this way). */
export const UNSPECIFIED_TYPE = 'unspecified';

/**
 * Names that cannot name a schema or a field: as keys of the plain objects the configuration, projections and pages
 * are built from they would reach Object.prototype instead of a field (`__proto__` sets the prototype; `constructor`
 * and `prototype` read inherited values). A JSON body with a `__proto__` key is already refused whole by the parser.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The problems of a schema entry whose title or any property name (nested ones too) is a reserved name. */
function reservedNames(entry: SchemaEntry, at: string): ErrorDetails | null {
  const problems: ErrorDetails = {};
  if (typeof entry.title === 'string' && RESERVED_NAMES.has(entry.title)) problems[`${at}/title`] = `must not be '${entry.title}' (a reserved name)`;
  const walk = (properties: unknown, path: string): void => {
    if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) return;
    for (const [name, value] of Object.entries(properties)) {
      if (RESERVED_NAMES.has(name)) problems[`${path}/${name}`] = `must not be '${name}' (a reserved name)`;
      else if (typeof value === 'object' && value !== null) {
        const v = value as Record<string, unknown>;
        walk(v['properties'], `${path}/${name}/properties`);
        if (typeof v['items'] === 'object' && v['items'] !== null)
          walk((v['items'] as Record<string, unknown>)['properties'], `${path}/${name}/items/properties`);
      }
    }
  };
  walk(entry.properties, `${at}/properties`);
  return Object.keys(problems).length ? problems : null;
}

export function normaliseSchemas(entries: SchemaEntry[]): SessionSchema[] {
  const problems: ErrorDetails = {};
  const out: SessionSchema[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    const at = `schema/${i}`;
    const unspecified = entry.endgrate_type === UNSPECIFIED_TYPE;
    const type = unspecified ? undefined : entry.endgrate_type;
    if (type !== undefined && !isKnownEndgrateType(type)) {
      throw Errors.unknownEndgrateType(type, { [`${at}/endgrate_type`]: `unknown endgrate_type '${type}'` });
    }
    const reserved = reservedNames(entry, at);
    if (reserved) {
      Object.assign(problems, reserved);
      return;
    }
    if (type === undefined && !entry.title) {
      problems[at] = unspecified ? `a schema whose endgrate_type is '${UNSPECIFIED_TYPE}' needs a title` : 'give an endgrate_type or a title';
      return;
    }
    // A custom schema is named by its title; a default schema (no properties) by its endgrate_type.
    const key = type !== undefined && (entry.properties === undefined || !entry.title) ? type : (entry.title as string);
    if (seen.has(key)) {
      problems[at] = `'${key}' is given twice`;
      return;
    }
    seen.add(key);
    if (entry.properties === undefined) {
      if (type === undefined) {
        // A custom object without properties: its fields are chosen from the provider (passthrough).
        out.push({
          key,
          endgrate_type: null,
          title: key,
          custom: true,
          associations: entry.associations === true,
          schema: { type: 'object', title: key, properties: {}, required: [] },
        });
        return;
      }
      const model = COMMON_MODELS.get(type);
      if (!model) {
        problems[at] = `Weft has no default schema for '${type}' yet; give its properties`;
        return;
      }
      out.push({
        key,
        endgrate_type: type,
        title: type,
        custom: false,
        associations: entry.associations === true,
        schema: { ...model.schema, title: type, associations: entry.associations === true },
      });
      return;
    }
    const schema: JsonSchemaObject = {
      ...(entry as Record<string, unknown>),
      type: 'object',
      properties: entry.properties as JsonSchemaObject['properties'],
      required: entry.required ?? [],
      title: entry.title ?? key,
    };
    delete schema['endgrate_type'];
    delete schema['associations'];
    try {
      // Compiled as transfers will use it: with RE2 for patterns (one that would need backtracking is refused here).
      compileCallerSchema(schema);
    } catch (e) {
      problems[`${at}/properties`] = `is not a valid JSON Schema: ${(e as Error).message}`;
      return;
    }
    for (const r of schema.required ?? []) {
      if (!Object.hasOwn(schema.properties, r)) problems[`${at}/required`] = `names '${r}', which is not among the properties`;
    }
    out.push({
      key,
      endgrate_type: type ?? null,
      title: schema.title ?? key,
      custom: true,
      associations: entry.associations === true,
      schema: { ...schema, ...(type ? { endgrate_type: type } : {}), associations: entry.associations === true },
    });
  });
  if (Object.keys(problems).length) throw invalidRequest(problems);
  return out;
}
