/**
 * Passthrough schemas (the `passthrough_schemas` option): provider objects Weft has no common model for (custom
 * objects), read and written as the provider has them. The end user picks them on the schema step (or, without
 * `schema_selection`, every one the provider has is shared); each is then a schema of the session, keyed by the
 * object's API name, whose fields are all passthrough fields.
 */
import type { Connector, ProviderField, ProviderObject } from '../connectors/index.js';
import type { JsonSchemaProperty, SessionSchema } from '../model/types.js';
import type { Services } from '../services.js';
import { type Connection, openConnection } from './connections.js';
import type { PassthroughChoice, Session } from './sessions.js';

/** The passthrough schema of a session by key, when the end user shared that object. */
export function passthroughChoiceOf(session: Session, key: string): PassthroughChoice | undefined {
  const choices = session.configuration?.passthrough_schemas;
  return choices && Object.hasOwn(choices, key) ? choices[key] : undefined;
}

/** A passthrough schema as a session schema (for validation and filters): its fields, none required. */
export function passthroughSchema(key: string, choice: PassthroughChoice): SessionSchema {
  return {
    key,
    endgrate_type: null,
    title: key,
    custom: false,
    associations: false,
    schema: { type: 'object', title: key, properties: choice.properties },
  };
}

function propertyOf(f: ProviderField): JsonSchemaProperty {
  const title = f.label;
  const readOnly = f.writable ? {} : { readOnly: true };
  switch (f.type) {
    case 'string':
    case 'enum':
      return { type: 'string', title, ...readOnly };
    case 'number':
      return { type: 'number', title, ...readOnly };
    case 'boolean':
      return { type: 'boolean', title, ...readOnly };
    case 'date':
      return { type: 'string', format: 'date', title, ...readOnly };
    case 'datetime':
      return { type: 'string', format: 'date-time', title, ...readOnly };
    default:
      return { title, ...readOnly };
  }
}

/** A provider object's fields as the stored choice of a passthrough schema. */
export function describeObject(object: ProviderObject, fields: ProviderField[], wanted: { pull: boolean; push: boolean }): PassthroughChoice {
  return {
    label: object.label,
    pull: wanted.pull && object.pull,
    push: wanted.push && object.push,
    properties: Object.fromEntries(fields.map((f) => [f.name, propertyOf(f)])),
    read_only: fields.filter((f) => !f.writable).map((f) => f.name),
  };
}

/** The objects an end user may share as passthrough schemas: the provider's, minus names the session already uses. */
export async function availableObjects(connector: Connector, conn: Connection, session: Session): Promise<ProviderObject[]> {
  if (!connector.objects) return [];
  const taken = new Set(session.schemas.map((s) => s.key));
  const objects = await connector.objects(conn.client);
  return objects.filter((o) => !taken.has(o.name) && ((session.kind !== 'push' && o.pull) || (session.kind !== 'pull' && o.push)));
}

/** Describes the chosen objects (their fields, from the provider) for the session's configuration. */
export async function describeChosen(
  connector: Connector,
  conn: Connection,
  objects: ProviderObject[],
  chosen: (o: ProviderObject) => { pull: boolean; push: boolean },
): Promise<Record<string, PassthroughChoice>> {
  const out: Record<string, PassthroughChoice> = {};
  for (const o of objects) {
    const wanted = chosen(o);
    if (!wanted.pull && !wanted.push) continue;
    out[o.name] = describeObject(o, await connector.fields(conn.client, o.name), wanted);
  }
  return out;
}

/** Without schema selection, every object the provider has is shared, in each direction the session allows. */
export async function shareEveryObject(services: Services, session: Session, connector: Connector): Promise<Record<string, PassthroughChoice>> {
  if (!connector.objects) return {};
  const conn = await openConnection(services, session, connector.manifest.name);
  const objects = await availableObjects(connector, conn, session);
  return describeChosen(connector, conn, objects, () => ({ pull: session.kind !== 'push', push: session.kind !== 'pull' }));
}
