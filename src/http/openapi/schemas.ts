/**
 * The answers' schemas, for the OpenAPI document (`/openapi.json`). The routes declare them as their `response`
 * schemas; they do not change what is sent (the serializer is `JSON.stringify`, see src/http/app.ts), and the test
 * harness checks every answer of the test suite against them, so the document cannot drift from the server.
 *
 * Objects Weft builds itself are closed (`additionalProperties: false`): a field added to an answer and not here
 * fails the suite. Objects that carry the caller's or the provider's data (records, schemas) stay open.
 */
import { type TSchema, Type } from '@sinclair/typebox';

import { ERROR_TYPES } from '../../error-log/index.js';
import { allErrorCodes, Errors } from '../../errors.js';
import { UPSERT_SETTINGS } from '../../sessions/options.js';

const closed = <T extends Record<string, TSchema>>(props: T, options: { description?: string; title?: string } = {}) =>
  Type.Object(props, { additionalProperties: false, ...options });

const open = (description: string) => Type.Object({}, { additionalProperties: true, description });

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const DateTime = (description: string) => Type.String({ format: 'date-time', description });

export const SessionIdAnswer = closed(
  {
    success: Type.Literal(true),
    session_id: Type.String({
      description: "The session's id: send the end user to `/session?session_id=…`.",
      examples: ['0f8c2f6e7d1b4b0e9a3c5d7e9f1a2b3c'],
    }),
  },
  { title: 'SessionIdResponse', description: 'Done: the session.' },
);

export const EditLinkAnswer = closed(
  {
    success: Type.Literal(true),
    url: Type.String({ description: 'The single-use link to give the end user.' }),
    expires_at: DateTime('When the link stops working (15 minutes after it was made).'),
  },
  { title: 'EditLinkResponse', description: 'The link.' },
);

const statisticsLink = Type.String({ description: "The transfer's statistics page, for people." });

export const TransferAnswer = Type.Union(
  [
    closed({ success: Type.Literal(true), transfer_id: Type.String(), statistics: statisticsLink }, { title: 'TransferStarted' }),
    closed(
      {
        success: Type.Literal(true),
        transfer_id: Type.String(),
        statistics: statisticsLink,
        completed: Type.Literal(false),
        status: Type.String({ description: "The transfer's state when the synchronous wait ended." }),
        message: Type.String(),
      },
      {
        title: 'TransferStillRunning',
        description: 'A synchronous request whose wait ended (5 minutes, or the server stopping) before the transfer.',
      },
    ),
    closed(
      { success: Type.Literal(false), transfer_id: Type.String(), statistics: statisticsLink, message: Type.String() },
      { title: 'TransferFailed' },
    ),
  ],
  {
    title: 'TransferResponse',
    description: 'The transfer: started, finished (synchronous), still running when a synchronous wait ended, or failed.',
  },
);

const PageLink = closed({ offset: Type.Integer({ minimum: 0 }), link: Type.String() });

export const PageMeta = closed(
  {
    count: Type.Integer({ minimum: 0, description: 'How many items there are in all.' }),
    previous: Type.Optional(PageLink),
    next: Type.Optional(PageLink),
  },
  { title: 'PageMeta', description: '`previous` and `next` are there only when such a page exists.' },
);

export const DataPageAnswer = closed(
  {
    success: Type.Literal(true),
    transfer_errors: Type.Boolean({ description: 'Whether the transfer recorded errors (see `GET /api/errors?transfer_id=…`).' }),
    meta: PageMeta,
    transfer_data: Type.Array(
      Type.Object(
        { id: Type.Optional(Nullable(Type.String({ description: "The record's id at the provider (null: a pushed item that was not written)." }))) },
        {
          additionalProperties: true,
          description: 'A record in the common model of the `endgrate_type` (or, for a push, the item and its outcome).',
        },
      ),
    ),
  },
  { title: 'TransferDataResponse', description: "A page of the transfer's items." },
);

const ProviderInfo = closed(
  {
    name: Type.String({ examples: ['hubspot'] }),
    display_name: Type.String({ examples: ['HubSpot'] }),
    url: Type.String(),
    image: Type.String(),
    auth_type: Type.Union([Type.Literal('oauth'), Type.Literal('api_key'), Type.Literal('custom')]),
    specific: open('Provider-specific details (none yet).'),
    endgrate_provider_type: Type.String({ examples: ['CRM'] }),
  },
  { title: 'ProviderInfo' },
);

const Method = Type.Union([Type.Literal('IMPORT'), Type.Literal('EXPORT')]);

const IntegrationInfo = closed(
  {
    name: Type.String(),
    display_name: Type.String(),
    method: Method,
    endgrate_type: Type.String(),
    supports_associations: Type.Boolean(),
  },
  { title: 'IntegrationInfo' },
);

/** A page of a push's outcome: per item, as it was pushed. */
export const PushDataAnswer = closed(
  {
    success: Type.Literal(true),
    transfer_errors: Type.Boolean({ description: 'Whether the transfer recorded errors (see `GET /api/errors?transfer_id=…`).' }),
    meta: PageMeta,
    transfer_data: Type.Array(
      closed(
        {
          id: Type.Optional(Nullable(Type.String({ description: "The record's id at the provider (null: the item was not written)." }))),
          internal_id: Type.Optional(Nullable(Type.String({ description: 'The `internal_id` the item was pushed with.' }))),
          index: Type.Integer({ minimum: 0, description: "The item's position in `transfer_data` as pushed." }),
          success: Type.Boolean(),
          errors: Type.Array(Type.String(), { description: 'Why the item was not written.' }),
          warnings: Type.Optional(Type.Array(Type.String(), { description: 'What was written, but not as asked.' })),
        },
        { title: 'PushItemResult' },
      ),
    ),
  },
  { title: 'PushDataResponse', description: "A page of the push's per-item outcome." },
);

export const IntegrationsAnswer = closed(
  {
    providers: Type.Array(
      closed({
        provider: ProviderInfo,
        integrations: Type.Array(
          closed({
            display_name: Type.String(),
            endgrate_type: Type.String({ examples: ['crm-contact'] }),
            supports_push: Type.Boolean(),
            supports_pull: Type.Boolean(),
            is_custom_object: Type.Boolean(),
            supports_associations: Type.Boolean(),
          }),
        ),
      }),
    ),
  },
  { title: 'IntegrationsResponse', description: 'The providers.' },
);

export const ErrorsAnswer = closed(
  {
    success: Type.Literal(true),
    meta: PageMeta,
    errors: Type.Array(
      closed(
        {
          pk: Type.String(),
          transfer_id: Nullable(Type.String()),
          session_id: Nullable(Type.String()),
          timestamp: DateTime('When the error happened.'),
          error_resolve_text: Type.String({ description: 'What went wrong and what to do about it.' }),
          error_type: Type.Union(
            ERROR_TYPES.map((t) => Type.Literal(t)),
            {
              description:
                "Endgrate's five kinds: `mapping` (a pushed item that does not match its schema), `upstream` (the provider refused or failed), `authentication` (the end user must reconnect), `internal`, `integration`.",
            },
          ),
          resolved: Type.Boolean(),
          index: Nullable(Type.Integer({ description: "The pushed item's index in `transfer_data`, for an item's error." })),
          internal_id: Nullable(Type.String({ description: "The record's id at the provider, where known." })),
          endgrate: Nullable(closed({ provider_info: ProviderInfo, integration_info: Nullable(IntegrationInfo) })),
        },
        { title: 'ErrorListItem' },
      ),
    ),
  },
  { title: 'ErrorsResponse', description: 'A page of the error log.' },
);

const TypeStatistics = closed({
  batch_size: Nullable(Type.Integer()),
  records: Type.Integer({ description: 'Records to transfer (a push) or read so far (a pull).' }),
  batches: Type.Integer(),
  batches_queued: Type.Integer(),
  batches_success: Type.Integer(),
  batches_fail: Type.Integer(),
  records_transferred: Type.Integer(),
  completed: Type.Boolean(),
  provider: Type.String(),
  integration: Nullable(Type.String()),
  provider_requests: Type.Integer(),
  retries: Type.Integer(),
  rate_limited: Type.Integer({ description: "How many of the provider's answers were rate limits (429)." }),
  rate_limit_wait_ms: Type.Integer(),
  errors: Type.Integer(),
  duration_ms: Type.Integer(),
});

export const StatisticsAnswer = closed(
  {
    success: Type.Literal(true),
    transfer_id: Type.Optional(Type.String({ description: 'Left out when asked by `session_id` without an API key.' })),
    session_id: Type.Optional(Type.String({ description: "Only with the project's API key." })),
    method: Method,
    status: Type.String({ examples: ['completed'] }),
    completed: Type.Boolean(),
    initiated: DateTime('When the transfer was asked for.'),
    started: Nullable(DateTime('When a worker started it.')),
    finished: Nullable(DateTime('When it finished.')),
    statistics: Type.Record(Type.String(), TypeStatistics, { description: 'By `endgrate_type`.' }),
  },
  { title: 'StatisticsResponse', description: 'The statistics.' },
);

export const ConfigurationAnswer = closed(
  {
    success: Type.Literal(true),
    session_id: Type.String(),
    endgrate: closed({ provider: Type.String(), provider_info: ProviderInfo, mode: Type.String({ description: '`live` or `test`.' }) }),
    schemas: Type.Record(
      Type.String(),
      Type.Object(
        {
          integration_info: IntegrationInfo,
          integration: Type.String(),
          schema: open('The schema as configured, with `title`, `endgrate_type` and `session_method`.'),
          selected: closed({ pull: Type.Boolean(), push: Type.Boolean() }),
          field_mapping: Type.Record(
            Type.String(),
            closed({
              source: Nullable(Type.String()),
              upsert: Type.Union(
                UPSERT_SETTINGS.map((u) => Type.Literal(u)),
                { description: 'What a push does with a value the record already has.' },
              ),
              automatic: Type.Boolean(),
            }),
            { description: "Per field: the provider field it comes from (null: Weft's mapping), the upsert setting, and whether Weft chose it." },
          ),
          passthrough_fields: Type.Optional(open("The provider's own fields the end user shared.")),
        },
        { additionalProperties: false },
      ),
      { description: 'By schema title.' },
    ),
    passthrough_schemas: Type.Record(Type.String(), open('A provider object the end user shared as it is.')),
  },
  { title: 'ConfigurationResponse', description: 'The configuration.' },
);

export const HealthAnswer = closed({ status: Type.Literal('ok') }, { title: 'Health', description: 'Alive.' });

const Check = closed({
  status: Type.Union([Type.Literal('ok'), Type.Literal('fail'), Type.Literal('not-run'), Type.Literal('skipped')]),
  message: Type.Optional(Type.String()),
});

export const ReadinessAnswer = closed(
  {
    status: Type.Union([Type.Literal('ready'), Type.Literal('unready')]),
    failed: Type.Array(Type.String()),
    checks: closed({ database: Check, migrations: Check, worker: Check }),
  },
  { title: 'Readiness', description: 'Ready.' },
);

const ERROR_CODES = allErrorCodes();

/** Endgrate's error shape with Weft's stable code (every code of src/errors.ts; docs/errors.md says each one). */
export function errorBody(codes: readonly string[]) {
  return closed(
    {
      success: Type.Literal(false),
      code: Type.Union(codes.map((c) => Type.Literal(c))),
      message: Type.String(),
      errors: Type.Record(Type.String(), Type.String(), {
        description: 'By field (a JSON pointer into the body, or a query parameter): the problem.',
      }),
    },
    { title: 'Error' },
  );
}

/** Error answers by status, for a route that can give these codes (plus those every route can give). */
export function errorResponses(codes: readonly { code: string }[], options: { auth?: boolean; body?: boolean } = {}): Record<number, TSchema> {
  // A 500 is a bug or damaged stored data (the answer never says more than `WEFT_ERR_INTERNAL`).
  const every = [
    'WEFT_ERR_VALIDATION',
    'WEFT_ERR_DATABASE_UNAVAILABLE',
    'WEFT_ERR_OVERLOADED',
    'WEFT_ERR_SHUTTING_DOWN',
    'WEFT_ERR_STORAGE_FULL',
    'WEFT_ERR_INTERNAL',
  ];
  const withBody = ['WEFT_ERR_INVALID_JSON', 'WEFT_ERR_UNSUPPORTED_MEDIA_TYPE', 'WEFT_ERR_BODY_TOO_DEEP', 'WEFT_ERR_BODY_TOO_LARGE'];
  const wanted = new Set([
    ...every,
    ...(options.body ? withBody : []),
    ...(options.auth === false ? [] : ['WEFT_ERR_UNAUTHORIZED']),
    ...codes.map((c) => c.code),
  ]);
  const byStatus = new Map<number, string[]>();
  for (const { code, statusCode } of ERROR_CODES) {
    if (!wanted.has(code)) continue;
    byStatus.set(statusCode, [...(byStatus.get(statusCode) ?? []), code]);
  }
  return Object.fromEntries([...byStatus].map(([status, list]) => [status, { ...errorBody(list), description: `Error: ${list.join(', ')}` }]));
}

/** The errors of starting a transfer of a session's type (pull and push alike). */
export const TRANSFER_ERRORS = [
  Errors.invalidSession,
  Errors.sessionNotConfigured,
  Errors.typeNotInSession,
  Errors.ambiguousType,
  Errors.methodNotAllowedForSession,
  Errors.schemaNotSelected,
  Errors.providerUnsupported,
  Errors.unknownEndgrateType,
  Errors.notSupported,
];
