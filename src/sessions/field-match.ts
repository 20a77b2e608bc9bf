/**
 * Custom schema properties matched to the provider's own fields (`company` → HubSpot's `company`), stored in the
 * session's configuration as each property's automatic source: the field step shows the match preselected, the
 * configuration reports it in `field_mapping`, and transfers read and write it. What the end user chose on the field
 * step (a field, or none) is kept; only properties Weft maps itself are (re)matched.
 */
import type { Connector, ProviderField } from '../connectors/index.js';
import { type FieldMatch, matchFields, needsMatch } from '../model/field-match.js';
import { COMMON_MODELS } from '../model/registry.js';
import type { SessionSchema } from '../model/types.js';
import type { Services } from '../services.js';
import { openConnection } from './connections.js';
import { choiceOf } from './journey.js';
import type { FieldChoice, SchemaChoice, Session } from './sessions.js';

/** The field choice of a provider field: its name, and what transfers need to know of it. */
export function sourceChoice(field: ProviderField, automatic: boolean): FieldChoice {
  return { source: field.name, ...(automatic ? { automatic: true } : {}), source_type: field.type, ...(field.writable ? {} : { read_only: true }) };
}

/** Whether Weft decides this field's source (the end user chose none of their own). */
const weftDecides = (f: FieldChoice | undefined) => f?.source === undefined || f.automatic === true;

/** The automatic matches of a schema's properties among the provider fields of its resource. */
export function automaticMatches(schema: SessionSchema, endgrateType: string, fields: ProviderField[]): Record<string, FieldMatch> {
  if (!schema.custom) return {};
  const common = Object.keys(COMMON_MODELS.get(endgrateType)?.schema.properties ?? {});
  return matchFields(schema.schema.properties, fields, common);
}

/** A schema's field choices with its automatic matches filled in where Weft decides the source. */
export function withAutomaticSources(schema: SessionSchema, choice: SchemaChoice, fields: ProviderField[]): Record<string, FieldChoice> {
  const endgrateType = choice.endgrate_type ?? schema.endgrate_type;
  const matches = endgrateType ? automaticMatches(schema, endgrateType, fields) : {};
  const out: Record<string, FieldChoice> = {};
  for (const p of Object.keys(schema.schema.properties)) {
    const current = choice.fields?.[p];
    let next: FieldChoice | undefined = current;
    if (weftDecides(current)) {
      const rest: FieldChoice = current?.upsert ? { upsert: current.upsert } : {};
      const match = matches[p];
      const field = match ? fields.find((f) => f.name === match.source) : undefined;
      next = field ? { ...rest, ...sourceChoice(field, true) } : rest;
    }
    if (next && Object.keys(next).length) out[p] = next;
  }
  return out;
}

/** Whether a schema has properties Weft may match to provider fields (custom ones the common model does not cover). */
function wantsMatching(session: Session, schema: SessionSchema): boolean {
  const choice = choiceOf(session, schema);
  const endgrateType = choice.endgrate_type ?? schema.endgrate_type;
  if (!schema.custom || !endgrateType || !(choice.pull || choice.push)) return false;
  const common = Object.keys(COMMON_MODELS.get(endgrateType)?.schema.properties ?? {});
  return Object.entries(schema.schema.properties).some(([p, prop]) => needsMatch(p, prop, common) && weftDecides(choice.fields?.[p]));
}

/**
 * The session's schema choices with automatic sources, for the schemas that have custom properties to match (one
 * provider call per resource). Throws the connector's ProviderError when the provider does not list its fields.
 */
export async function matchSessionFields(services: Services, session: Session, connector: Connector): Promise<Record<string, SchemaChoice>> {
  const schemas = session.schemas.filter((s) => wantsMatching(session, s));
  const out: Record<string, SchemaChoice> = { ...session.configuration?.schemas };
  if (!schemas.length) return out;
  const conn = await openConnection(services, session, connector.manifest.name);
  const listed = new Map<string, Promise<ProviderField[]>>();
  for (const schema of schemas) {
    const choice = choiceOf(session, schema);
    const endgrateType = (choice.endgrate_type ?? schema.endgrate_type) as string;
    let fields = listed.get(endgrateType);
    if (!fields) {
      fields = connector.fields(conn.client, endgrateType);
      listed.set(endgrateType, fields);
    }
    out[schema.key] = { ...choice, fields: withAutomaticSources(schema, choice, await fields) };
  }
  return out;
}
