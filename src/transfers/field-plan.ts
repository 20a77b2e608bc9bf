/**
 * How a transfer shapes records with the end user's choices: field-mapping overrides (a schema field read from or
 * written to another provider field), passthrough fields (provider fields shared as they are), custom schemas
 * (projected from and back to the common model), and upsert settings for pushes that update records.
 */
import type { Connector, ProviderClient, ProviderField, PulledRecord } from '../connectors/index.js';
import { asText } from '../lib/text.js';
import { projectRecord, unprojectRecord } from '../model/project.js';
import { ASSOCIATION_FIELDS, COMMON_MODELS } from '../model/registry.js';
import type { JsonSchemaProperty, SessionSchema } from '../model/types.js';
import { choiceOf, upsertOf } from '../sessions/journey.js';
import type { PassthroughChoice, Session, UpsertSetting } from '../sessions/sessions.js';

export interface FieldPlan {
  endgrateType: string;
  /** Provider fields to read besides the mapped ones. */
  readFields: string[];
  /** Schema field → provider field, for overridden fields. */
  overrides: Record<string, string>;
  passthrough: string[];
  /** The session schema is the caller's own (its fields are projected from the common model's by name). */
  custom: boolean;
  /** A pulled record as the transfer's data. */
  shape(record: PulledRecord): Record<string, unknown>;
  /** Pushed data as common-model data for the mapper, plus raw provider fields, and what will not be written. */
  split(data: Record<string, unknown>): { data: Record<string, unknown>; fields: Record<string, unknown>; warnings: string[] };
  /** The upsert setting of each schema field that is not OVERWRITE. */
  upserts: Record<string, UpsertSetting>;
}

function coerce(value: unknown, prop: JsonSchemaProperty | undefined): unknown {
  if (value === null || value === undefined || value === '') return null;
  const type = Array.isArray(prop?.type) ? prop?.type.find((t) => t !== 'null') : prop?.type;
  if ((type === 'number' || type === 'integer') && typeof value === 'string') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  if (type === 'string' && typeof value !== 'string') return asText(value);
  if (type === 'boolean' && typeof value === 'string') return value === 'true';
  return value;
}

/** A pushed value as the provider field it is written to holds it (text to a number field, a number to text, …). */
export function toProvider(value: unknown, type: ProviderField['type'] | undefined): unknown {
  if (value === null || value === undefined) return value;
  if (type === 'number' && typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : value;
  }
  if (type === 'boolean' && typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  if ((type === 'string' || type === 'enum') && (typeof value === 'number' || typeof value === 'boolean')) return String(value);
  return value;
}

/** The plan of a transfer of `schema`; asks the provider for its fields only when every custom field passes through. */
export async function fieldPlan(session: Session, schema: SessionSchema, conn: { connector: Connector; client: ProviderClient }): Promise<FieldPlan> {
  const choice = choiceOf(session, schema);
  const endgrateType = choice.endgrate_type ?? schema.endgrate_type;
  if (!endgrateType) throw new Error(`Schema ${schema.key} is not matched to a provider resource`);
  const props = schema.schema.properties;
  const overrides: Record<string, string> = {};
  // Fields the end user mapped to no provider field; overrides the provider cannot write; the sources' types.
  const left = new Set<string>();
  const unwritable = new Set<string>();
  const sourceTypes: Record<string, ProviderField['type']> = {};
  for (const [prop, f] of Object.entries(choice.fields ?? {})) {
    if (!Object.hasOwn(props, prop)) continue;
    if (f.source === null) left.add(prop);
    else if (f.source) {
      overrides[prop] = f.source;
      if (f.source_type) sourceTypes[prop] = f.source_type;
      if (f.read_only) unwritable.add(prop);
    }
  }
  const provider = conn.connector.manifest.displayName;
  let passthrough: string[] = [];
  if (session.options.passthrough_fields === true) {
    passthrough =
      choice.passthrough_fields === 'all' || choice.passthrough_fields === undefined
        ? (await conn.connector.fields(conn.client, endgrateType)).filter((f) => f.custom && !f.mapped).map((f) => f.name)
        : choice.passthrough_fields;
    passthrough = passthrough.filter((f) => !Object.hasOwn(props, f));
  }
  const upserts: Record<string, UpsertSetting> = {};
  for (const prop of Object.keys(props)) {
    const u = upsertOf(session, choice, prop);
    if (u !== 'OVERWRITE') upserts[prop] = u;
  }
  const commonFields = Object.keys(COMMON_MODELS.get(endgrateType)?.schema.properties ?? {});
  // Link fields a push fills from an item's associations (a contact's company_id): common fields, whatever the schema.
  const linkFields = new Set(Object.values(ASSOCIATION_FIELDS[endgrateType] ?? {}));
  return {
    endgrateType,
    readFields: [...new Set([...Object.values(overrides), ...passthrough])],
    overrides,
    passthrough,
    custom: schema.custom,
    upserts,
    shape(record) {
      const data = schema.custom ? projectRecord(record.data, props) : { ...record.data };
      for (const [prop, field] of Object.entries(overrides)) data[prop] = coerce(record.fields?.[field], props[prop]);
      for (const prop of left) data[prop] = null;
      for (const f of passthrough) data[f] = record.fields?.[f] ?? null;
      return data;
    },
    split(input) {
      const fields: Record<string, unknown> = {};
      const own: Record<string, unknown> = {};
      const links: Record<string, unknown> = {};
      const skipped: string[] = [];
      for (const [k, v] of Object.entries(input)) {
        if (left.has(k)) skipped.push(`'${k}' is mapped to no ${provider} field in this session; not written`);
        else if (unwritable.has(k)) skipped.push(`${provider} cannot write '${overrides[k]}', which '${k}' is read from; not written`);
        else if (Object.hasOwn(overrides, k)) fields[overrides[k] as string] = toProvider(v, sourceTypes[k]);
        else if (Object.hasOwn(props, k)) own[k] = v;
        else if (linkFields.has(k)) links[k] = v;
        else fields[k] = v; // a passthrough field (validation let it through only with passthrough_fields)
      }
      if (!schema.custom) return { data: { ...own, ...links }, fields, warnings: skipped };
      const unprojected = unprojectRecord(own, commonFields);
      const { unmapped } = unprojected;
      const common = { ...unprojected.common, ...links };
      const names = Object.keys(unmapped);
      // A custom field with no match is written as a provider field only when the session passes fields through.
      if (session.options.passthrough_fields === true) return { data: common, fields: { ...unmapped, ...fields }, warnings: skipped };
      const warnings = names.length ? [`No ${endgrateType} field matches ${names.map((n) => `'${n}'`).join(', ')}; not written`] : [];
      return { data: common, fields, warnings: [...skipped, ...warnings] };
    },
  };
}

/**
 * The plan of a passthrough schema (a provider object as it is): records pass unchanged, every field is read, and
 * the session's default upsert setting applies to every field.
 */
export function passthroughPlan(session: Session, key: string, choice: PassthroughChoice): FieldPlan {
  const fields = Object.keys(choice.properties);
  const setting = session.options.default_upsert_setting ?? 'OVERWRITE';
  return {
    endgrateType: key,
    readFields: fields,
    overrides: {},
    passthrough: [],
    custom: true,
    upserts: setting === 'OVERWRITE' ? {} : Object.fromEntries(fields.map((f) => [f, setting])),
    // Typed by the object's fields (HubSpot, for one, answers every value as text).
    shape: (record) => Object.fromEntries(fields.map((f) => [f, coerce(record.data[f], choice.properties[f])])),
    split: (input) => ({ data: { ...input }, fields: {}, warnings: [] }),
  };
}
