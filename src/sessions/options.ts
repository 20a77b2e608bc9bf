/**
 * The body of `POST /api/session/initiate` (and of its pull- and push-only twins), as Endgrate documents it.
 * Unknown top-level fields are ignored and named in the `Weft-Ignored-Fields` response header (see src/http/lenient.ts);
 * `null` in an optional field means the field was not given.
 */
import { type Static, type TObject, type TProperties, Type } from '@sinclair/typebox';

import { LANGUAGE_PATTERN } from './language.js';
import { PrepopulateSchema, type StoredPrepopulate } from './prepopulate.js';

export const UPSERT_SETTINGS = ['OVERWRITE', 'DO_NOT_UPDATE', 'SET_IF_NOT_SET'] as const;

/** An http(s) URL without spaces or control characters (a CR/LF in a redirect would break the end user's page). */
export const URL_PATTERN = '^https?://[^\\s\\x00-\\x1f\\x7f]+$';
const Url = Type.String({ minLength: 1, maxLength: 2048, pattern: URL_PATTERN });

/** `{endpoint, metadata}`; newer Endgrate docs call the URL `url`, and both are accepted. */
export const WebhookSchema = Type.Object(
  {
    endpoint: Type.Optional(Url),
    url: Type.Optional(Url),
    metadata: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: false, anyOf: [{ required: ['endpoint'] }, { required: ['url'] }] },
);
export const DataWebhookSchema = Type.Object(
  {
    endpoint: Type.Optional(Url),
    url: Type.Optional(Url),
    metadata: Type.Optional(Type.Object({}, { additionalProperties: true })),
    continuous: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, anyOf: [{ required: ['endpoint'] }, { required: ['url'] }] },
);
export type Webhook = Static<typeof WebhookSchema>;

export const SchemaEntrySchema = Type.Object(
  {
    endgrate_type: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    type: Type.Optional(Type.Literal('object')),
    properties: Type.Optional(Type.Object({}, { additionalProperties: true })),
    required: Type.Optional(Type.Array(Type.String())),
    associations: Type.Optional(Type.Boolean()),
  },
  // A schema entry is a JSON Schema: other keywords (description, $schema, …) are kept.
  { additionalProperties: true },
);

const common = {
  schema: Type.Array(SchemaEntrySchema, { minItems: 0, maxItems: 100 }),
  completed_webhook: Type.Optional(WebhookSchema),
  configuration_webhook: Type.Optional(WebhookSchema),
  error_webhook: Type.Optional(WebhookSchema),
  field_selection: Type.Optional(Type.Boolean()),
  /** Values that prefill the end user's authentication step (keys: see src/sessions/prepopulate.ts). */
  prepopulate: Type.Optional(PrepopulateSchema),
  provider: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  integration_provider_list_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  redirect_url: Type.Optional(Url),
  resource_selection: Type.Optional(Type.Boolean()),
  save_session: Type.Optional(Type.Boolean()),
  schema_selection: Type.Optional(Type.Boolean()),
  statistics: Type.Optional(Type.Boolean()),
  webhook_concurrency: Type.Optional(Type.Boolean()),
  /** "Whether or not the Endgrate UI should be bypassed (Beta)." See src/sessions/bypass.ts. */
  bypass_ui: Type.Optional(Type.Boolean()),
  /** "A human-readable label for the session that will appear on the Sessions tab of your dashboard." */
  label: Type.Optional(Type.String({ maxLength: 200 })),
  /** Same as `label` (Endgrate's docs do not show the parameter's name; both are accepted). */
  name: Type.Optional(Type.String({ maxLength: 200 })),
  /** "An integration category. If specified, all common data model schemas from the category will be added." */
  category: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  /**
   * The language of the end user's connect journey, a BCP 47 tag ("de", "fr-CA"): it wins over the browser's
   * Accept-Language; one Weft does not have falls back to the browser's choice, then English (src/ui/i18n).
   */
  language: Type.Optional(Type.String({ minLength: 2, maxLength: 35, pattern: LANGUAGE_PATTERN })),
  /** Default upsert setting shown to the end user for push field mappings. */
  default_upsert_setting: Type.Optional(Type.Union(UPSERT_SETTINGS.map((s) => Type.Literal(s)))),
} satisfies TProperties;

const pullOnly = {
  data_webhook: Type.Optional(DataWebhookSchema),
  passthrough_fields: Type.Optional(Type.Boolean()),
  passthrough_schemas: Type.Optional(Type.Boolean()),
  sync: Type.Optional(Type.Boolean()),
} satisfies TProperties;

function body<P extends TProperties>(props: P): TObject<P> {
  // `schema` may be omitted when `category` names the schemas, or when the end user chooses provider objects
  // (`passthrough_schemas` with `schema_selection`): `createSession` checks that, naming the field.
  return Type.Object(props, { additionalProperties: false });
}

const optionalSchema = { ...common, schema: Type.Optional(common.schema) };

export const SessionInitiateBody = body({ ...optionalSchema, ...pullOnly });
export const PullInitiateBody = body({ ...optionalSchema, ...pullOnly });
export const PushInitiateBody = body({ ...optionalSchema });

export type SessionInitiate = Static<typeof SessionInitiateBody>;
export type SessionKind = 'session' | 'pull' | 'push';

/** The options a session keeps (the initiate body minus its schemas; `prepopulate` as stored, its secret sealed). */
export type SessionOptions = Omit<SessionInitiate, 'schema' | 'prepopulate'> & { prepopulate?: StoredPrepopulate };
