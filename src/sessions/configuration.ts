/**
 * The session configuration document (`GET /api/session/configuration`, and the body of configuration_webhook):
 * the provider the end user connected, and for every schema the integration behind it and the schema itself.
 */
import { integrationInfo, providerInfo } from '../connectors/catalog.js';
import { getConnector } from '../connectors/index.js';
import { Errors } from '../errors.js';
import type { Session } from './sessions.js';

export function sessionMethod(session: Session): 'IMPORT' | 'EXPORT' | 'IMPORT_EXPORT' {
  return session.kind === 'pull' ? 'IMPORT' : session.kind === 'push' ? 'EXPORT' : 'IMPORT_EXPORT';
}

export function configurationDocument(session: Session, publicUrl: string): Record<string, unknown> {
  const connector = session.provider ? getConnector(session.provider) : undefined;
  if (!session.configuration || !connector) throw Errors.sessionNotConfigured();
  const method = sessionMethod(session);
  const schemas: Record<string, unknown> = {};
  for (const s of session.schemas) {
    const type = s.endgrate_type ?? s.key;
    const info = integrationInfo(connector.manifest, type, method === 'EXPORT' ? 'EXPORT' : 'IMPORT');
    schemas[s.key] = {
      integration_info: info,
      integration: info.name,
      schema: { ...s.schema, title: s.key, session_method: method },
      ...(session.options.passthrough_fields ? { passthrough_fields: { properties: {}, required: [] } } : {}),
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
    passthrough_schemas: {},
  };
}
