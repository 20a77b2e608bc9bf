/**
 * A session as Weft works with it: its stored row decoded once (options, schemas and configuration read from their
 * JSON columns), and the end user's choices that its configuration holds.
 */
import { Type } from '@sinclair/typebox';

import type { ProviderField } from '../connectors/index.js';
import type { KeyMode, SessionsTable } from '../db/schema.js';
import { storedJson } from '../lib/stored-json.js';
import type { JsonSchemaProperty, SessionSchema } from '../model/types.js';
import type { SessionKind, SessionOptions } from './options.js';

export type UpsertSetting = 'OVERWRITE' | 'DO_NOT_UPDATE' | 'SET_IF_NOT_SET';

/**
 * How one field of a schema is read and written: the end user's choice on the field-selection page, or Weft's
 * automatic match of a custom property to a provider field (made when the session is configured).
 */
export interface FieldChoice {
  /**
   * The provider field the schema field is read from and written to. Absent: Weft's mapping to the common model.
   * null: none (the end user chose to leave the field out: pulled as null, not written).
   */
  source?: string | null;
  /** The source is Weft's automatic match, not the end user's choice. */
  automatic?: boolean;
  /** The source's type as the provider describes it (pushed values are converted to it). */
  source_type?: ProviderField['type'];
  /** The source cannot be written (pushed values are left out, with a warning). */
  read_only?: boolean;
  /** For pushes that update an existing record. */
  upsert?: UpsertSetting;
}

/** What the end user chose for one schema of the session. */
export interface SchemaChoice {
  /** Selected for pulling and for pushing (schema selection). */
  pull: boolean;
  push: boolean;
  /** The provider resource the schema is read from and written to (resource selection), as an endgrate_type. */
  endgrate_type: string | null;
  /** Field mapping overrides and upsert settings, by schema field (field selection). */
  fields?: Record<string, FieldChoice>;
  /** Provider fields passed through as they are: the chosen ones, or 'all' unmapped custom fields. */
  passthrough_fields?: string[] | 'all';
}

/** A provider object the end user shares as a passthrough schema (a custom object), keyed by its API name. */
export interface PassthroughChoice {
  /** Its name for people. */
  label: string;
  pull: boolean;
  push: boolean;
  /** Its fields when it was chosen, as JSON Schema properties (every field is a passthrough field). */
  properties: Record<string, JsonSchemaProperty>;
  /** Fields that cannot be written. */
  read_only: string[];
}

/** What the end user chose on the session page. */
export interface SessionConfiguration {
  provider: string;
  /** 'sandbox' when the provider is Weft's sandbox fake, 'live' for the real provider. */
  mode: 'sandbox' | 'live';
  /** When the end user finished the journey; null while later steps (selections) are still to come. */
  configured_at: number | null;
  /** Choices by schema key; a schema without one uses the defaults. */
  schemas?: Record<string, SchemaChoice>;
  /** Passthrough schemas (with the `passthrough_schemas` option), by provider object name; unset until chosen. */
  passthrough_schemas?: Record<string, PassthroughChoice>;
}

export interface Session {
  id: string;
  projectId: string;
  /** The mode of the key that created it: test sessions connect to the sandbox, live ones to real providers. */
  mode: KeyMode;
  kind: SessionKind;
  options: SessionOptions;
  schemas: SessionSchema[];
  provider: string | null;
  configuration: SessionConfiguration | null;
  label: string | null;
  createdAt: number;
  configuredAt: number | null;
  expiresAt: number | null;
}

/*
 * The decoders of the sessions' JSON columns, the only place they are parsed. The options and schemas were checked
 * in full when the session was initiated (against the request schema, which may grow stricter over deploys); here
 * their outline is checked, so a corrupt row fails with a StoredDataError rather than being read as something else.
 */
const Choices = Type.Record(Type.String(), Type.Object({}));
const decodeOptions = storedJson('sessions.options', Type.Unsafe<SessionOptions>(Type.Object({ provider: Type.Optional(Type.String()) })));
const decodeSchemas = storedJson(
  'sessions.schemas',
  Type.Unsafe<SessionSchema[]>(
    Type.Array(
      Type.Object({
        key: Type.String(),
        endgrate_type: Type.Union([Type.String(), Type.Null()]),
        title: Type.String(),
        custom: Type.Boolean(),
        associations: Type.Boolean(),
        optional: Type.Optional(Type.Literal(true)),
        schema: Type.Object({ type: Type.Literal('object'), properties: Type.Object({}) }),
      }),
    ),
  ),
);
const decodeConfiguration = storedJson(
  'sessions.configuration',
  Type.Unsafe<SessionConfiguration>(
    Type.Object({
      provider: Type.String(),
      mode: Type.Union([Type.Literal('sandbox'), Type.Literal('live')]),
      configured_at: Type.Union([Type.Number(), Type.Null()]),
      schemas: Type.Optional(Choices),
      passthrough_schemas: Type.Optional(Choices),
    }),
  ),
);

/** A session's stored options (its initiate request, less its schemas), decoded. */
export function sessionOptionsOf(row: Pick<SessionsTable, 'options'>): SessionOptions {
  return decodeOptions(row.options);
}

/** The one decoding of a stored `sessions` row (its JSON columns read once). */
export function toSession(row: SessionsTable): Session {
  return {
    id: row.id,
    projectId: row.project_id,
    mode: row.mode,
    kind: row.kind,
    options: decodeOptions(row.options),
    schemas: decodeSchemas(row.schemas),
    provider: row.provider,
    configuration: row.configuration ? decodeConfiguration(row.configuration) : null,
    label: row.label,
    createdAt: row.created_at,
    configuredAt: row.configured_at,
    expiresAt: row.expires_at,
  };
}
