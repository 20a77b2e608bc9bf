/**
 * The session configuration document (`GET /api/session/configuration`, and the body of configuration_webhook):
 * the provider the end user connected, and for every schema the integration behind it and the schema itself.
 */
import { integrationInfo, providerInfo } from '../connectors/catalog.js';
import { getConnector } from '../connectors/index.js';
import { Errors } from '../errors.js';
import { choiceOf, upsertOf } from './journey.js';
import { isConfigured, type Session } from './sessions.js';

export function configurationDocument(session: Session, publicUrl: string): Record<string, unknown> {
  const connector = session.provider ? getConnector(session.provider) : undefined;
  if (!isConfigured(session) || !connector) throw Errors.sessionNotConfigured();
  const schemas: Record<string, unknown> = {};
  for (const s of session.schemas) {
    const choice = choiceOf(session, s);
    const type = choice.endgrate_type ?? s.endgrate_type ?? s.key;
    const method = choice.pull && choice.push ? 'IMPORT_EXPORT' : choice.pull ? 'IMPORT' : choice.push ? 'EXPORT' : 'NONE';
    const info = integrationInfo(connector.manifest, type, choice.pull || !choice.push ? 'IMPORT' : 'EXPORT');
    const passthrough =
      session.options.passthrough_fields === true
        ? {
            passthrough_fields: {
              properties: Object.fromEntries(
                (choice.passthrough_fields === 'all' ? [] : (choice.passthrough_fields ?? [])).map((f) => [f, { title: f, type: 'string' }]),
              ),
              required: [],
              ...(choice.passthrough_fields === 'all' || choice.passthrough_fields === undefined ? { all_custom_fields: true } : {}),
            },
          }
        : {};
    schemas[s.key] = {
      integration_info: info,
      integration: info.name,
      schema: { ...s.schema, ...(s.endgrate_type || choice.endgrate_type ? { endgrate_type: type } : {}), title: s.key, session_method: method },
      selected: { pull: choice.pull, push: choice.push },
      // Per field: its provider field (null: Weft's mapping to the common model, or none), and whether Weft chose it.
      field_mapping: Object.fromEntries(
        Object.keys(s.schema.properties).map((p) => {
          const f = choice.fields?.[p];
          return [p, { source: f?.source ?? null, upsert: upsertOf(session, choice, p), automatic: f?.source === undefined || f.automatic === true }];
        }),
      ),
      ...passthrough,
    };
  }
  return {
    success: true,
    session_id: session.id,
    endgrate: {
      provider: connector.manifest.name,
      provider_info: providerInfo(connector.manifest, publicUrl),
      mode: session.configuration.mode,
    },
    schemas,
    passthrough_schemas: passthroughSchemas(session),
  };
}

/** The passthrough schemas the end user shared: every field of each is a passthrough field. */
function passthroughSchemas(session: Session): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, choice] of Object.entries(session.configuration?.passthrough_schemas ?? {})) {
    const method = choice.pull && choice.push ? 'IMPORT_EXPORT' : choice.pull ? 'IMPORT' : 'EXPORT';
    const properties = Object.fromEntries(
      Object.entries(choice.properties).map(([name, p]) => [
        name,
        { title: p.title ?? name, ...(p.type ? { type: p.type } : {}), ...(p.format ? { format: p.format } : {}) },
      ]),
    );
    out[key] = {
      integration_info: {
        name: `${choice.pull ? 'get' : 'create'}-${key}`,
        display_name: `${choice.pull ? 'Get' : 'Create'} ${choice.label}`,
        method: choice.pull ? 'IMPORT' : 'EXPORT',
        endgrate_type: key,
        supports_associations: false,
      },
      integration: `${choice.pull ? 'get' : 'create'}-${key}`,
      schema: { type: 'object', title: key, properties, required: [], session_method: method },
      selected: { pull: choice.pull, push: choice.push },
      passthrough_fields: { properties, required: [] },
      read_only: choice.read_only,
    };
  }
  return out;
}
