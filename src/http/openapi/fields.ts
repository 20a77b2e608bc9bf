/**
 * What each request field means, by name, for the OpenAPI document (the same name means the same thing on every
 * route). Where Endgrate's reference words a field, the wording follows it. test/api/openapi.test.ts checks that
 * every body field and query parameter of the document has a description.
 */
export const FIELD_DESCRIPTIONS: Record<string, string> = {
  // Sessions
  schema:
    'The schemas of the session: `{ "endgrate_type": "crm-contact" }` for a common model, or a JSON Schema of your own under an `endgrate_type` or a `title`. May be left out when `category` names the schemas, or when the end user picks provider objects (`passthrough_schemas` with `schema_selection`).',
  completed_webhook: 'Weft posts to this webhook whenever a transfer of the session ends (`{ endpoint or url, metadata }`).',
  configuration_webhook: 'Weft posts to this webhook when the end user has configured the session.',
  error_webhook: 'Weft posts to this webhook whenever errors are logged.',
  data_webhook: 'Weft posts the records to this webhook as they are stored; with `continuous: true`, Weft also pulls new data on a schedule.',
  field_selection: 'Whether the end user may configure the field mapping.',
  prepopulate: "Values that fill in the end user's sign-in step in advance (an API key, a subdomain…), by provider.",
  provider: 'A provider chosen in advance: the end user goes straight to its sign-in.',
  integration_provider_list_id: 'Offer only the providers of this list (made on the dashboard).',
  redirect_url: 'Where the end user goes once the session is set up (with `session_id`; with `error=user_exited` if they leave).',
  resource_selection: 'Whether the end user chooses the provider object behind each schema (e.g. leads or contacts for crm-contact).',
  save_session: 'Whether the session is kept for good; otherwise it expires (after 72 hours by default).',
  schema_selection: 'Whether the end user chooses which schemas to share.',
  statistics: 'Whether the end user is shown the transfer statistics.',
  webhook_concurrency: 'Whether webhook posts may be sent concurrently (otherwise one at a time, in order).',
  bypass_ui: "Skip Weft's own screens: the end user goes straight to the provider's sign-in, with defaults for every choice.",
  label: 'A label for the session, shown on the dashboard.',
  name: 'The same as `label`.',
  category: 'A category (`CRM`, `Accounting`, `Ecommerce`): every common model of it is added to the schemas.',
  language: "The language of the connect pages, a BCP 47 tag (`de`, `fr-CA`); it wins over the browser's.",
  default_upsert_setting: 'What a push does with a field the record already has, unless the end user chooses otherwise.',
  passthrough_fields: "Whether the provider's own fields (custom fields) may be shared beside the common model.",
  passthrough_schemas: "Whether the provider's own objects may be shared as they are.",
  sync: "Whether pulls return only what is new or changed since the session's previous pull.",
  // Transfers
  session_id: "The session's id.",
  endgrate_type: "An `endgrate_type` of the session; a schema's title may be used instead.",
  synchronous: 'Answer only when the transfer has finished (up to 5 minutes); otherwise at once.',
  bypass_rate_limit: "Accepted for Endgrate's sake; Weft always keeps to the provider's limits.",
  params:
    'Conditions on fields (`{ "updated_at": { "gte": "2026-01-01T00:00:00Z" } }`), or a list of them any one of which may match; pushed down to the provider where it can.',
  associations: 'Per associated type, whether to read the associations (ids of linked records) of each record.',
  transfer_data: 'The records to push, in the common model of the `endgrate_type` (with `id` to update a record).',
  transfer_id: "The transfer's id.",
  limit: 'How many items a page holds (1–250).',
  offset: 'How many items to skip.',
  resolved: 'Only resolved (`true`) or unresolved (`false`) errors.',
  method: 'Only transfers of this direction: `IMPORT` (pull) or `EXPORT` (push).',
  data: 'The schemas to add or change: `endgrate_type` and whether to read `associations`.',
  kind: '`edit`: change the choices; `reauthenticate`: sign in to the app again.',
};
