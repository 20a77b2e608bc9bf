/**
 * Records as the REST API renders them: `attributes` first (`type` and the
 * record's versioned `url`), then the fields; datetimes as
 * `2024-01-02T03:04:05.000+0000`; unset fields as `null`. Relationship fields
 * selected in SOQL (`Account.Name`) nest an object with its own `attributes`
 * under the relationship name, or `null` when the lookup is empty.
 */
import type { SalesforceOrg } from './org.js';
import type { FieldValue, StoredRecord } from './records.js';
import { fieldByName, type FieldDef, referenceTarget, type SObjectDef } from './schema.js';
import type { ResolvedPath } from './soql-compile.js';
import { formatDateTime } from './values.js';

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** The `attributes` of a record. */
export function attributes(def: SObjectDef, id: string, version: string): { type: string; url: string } {
  return { type: def.name, url: `/services/data/v${version}/sobjects/${def.name}/${id}` };
}

/** A stored value as JSON renders it. */
export function outputValue(field: FieldDef, value: FieldValue): FieldValue {
  if (value === null) return null;
  if (field.type === 'datetime' && typeof value === 'number') return formatDateTime(value);
  return value;
}

/** A record with the given fields (all fields of the type by default). */
export function recordJson(
  org: SalesforceOrg,
  def: SObjectDef,
  record: StoredRecord,
  version: string,
  fields: readonly FieldDef[] = def.fields,
): JsonObject {
  const json: JsonObject = { attributes: attributes(def, org.idOf(def, record), version) };
  for (const field of fields) json[field.name] = outputValue(field, org.value(def, record, field));
  return json;
}

/** A query row: selected paths in SELECT order, relationship paths nested. */
export function rowJson(org: SalesforceOrg, root: SObjectDef, record: StoredRecord, paths: readonly ResolvedPath[], version: string): JsonObject {
  const json: JsonObject = { attributes: attributes(root, org.idOf(root, record), version) };
  for (const path of paths) {
    let target: JsonObject | null = json;
    let owner = root;
    let current: StoredRecord | undefined = record;
    for (const hop of path.hops) {
      if (target === null || current === undefined) break;
      const existing: unknown = target[hop.name];
      const id = org.value(owner, current, hop.reference);
      // A polymorphic lookup (a task's What) goes to the type its id names.
      const to = typeof id === 'string' && hop.reference.referenceTo.length > 1 ? referenceTarget(hop.reference, id) : hop.target;
      current = typeof id === 'string' ? org.parent(to, id) : undefined;
      if (existing === undefined) {
        const nested: JsonObject | null = current === undefined ? null : { attributes: attributes(to, org.idOf(to, current), version) };
        target[hop.name] = nested;
        target = nested;
      } else {
        target = existing as JsonObject | null;
      }
      owner = to;
    }
    const leaf = owner === (path.hops[path.hops.length - 1]?.target ?? root) ? path.field : (fieldByName(owner, path.field.name) ?? path.field);
    if (target !== null && current !== undefined) target[path.field.name] = outputValue(leaf, org.value(owner, current, leaf));
  }
  return json;
}
