/**
 * Table types for Kysely. Times are epoch milliseconds (bigint columns); JSON documents are stored as text so that
 * they are served byte for byte without being parsed again; booleans are 0/1 integers. Both dialects share these.
 */
import type { Generated } from 'kysely';

export interface ProjectsTable {
  id: string;
  name: string;
  /** The signing secret, sealed (`v1.…`); empty until first needed. A clear `whsec_…` is sealed at start. */
  webhook_secret: string;
  /** The secret a rotation replaced, sealed; it signs too until `webhook_secret_previous_until`. */
  webhook_secret_previous: string | null;
  webhook_secret_previous_until: number | null;
  created_at: number;
  /** The connect page's branding (src/projects/branding.ts): the name end users see, `#rrggbb`, an https link. */
  display_name: string | null;
  primary_color: string | null;
  support_url: string | null;
  /** The logo's bytes as base64, and its media type (PNG, JPEG, WebP or GIF only: no SVG, which could carry script). */
  logo: string | null;
  logo_type: string | null;
  /** JSON array of the origins allowed to embed the connect journey (src/projects/branding.ts). */
  embed_origins: string | null;
}

export interface ApiKeysTable {
  id: string;
  project_id: string;
  key_hash: string;
  /** The first characters of the key, shown to identify it. */
  prefix: string;
  label: string | null;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
  /** 'test' keys reach the sandbox, 'live' ones real providers (keys made before modes existed are live). */
  mode: KeyMode;
}

/** Stripe-style modes: test data (sandbox connections) and live data (real providers) are kept apart. */
export type KeyMode = 'test' | 'live';

export interface SessionsTable {
  id: string;
  project_id: string;
  /** The mode of the key that created it: a key reaches only sessions of its own mode. */
  mode: KeyMode;
  /** Which initiate endpoint created it: 'session' (push and pull), 'pull' or 'push'. */
  kind: 'session' | 'pull' | 'push';
  /** The initiate body minus `schema`, as JSON. */
  options: string;
  /** The session's schemas (normalised), as a JSON array. */
  schemas: string;
  provider: string | null;
  /** JSON: what the end user chose on the session page (null until configured). */
  configuration: string | null;
  label: string | null;
  created_at: number;
  configured_at: number | null;
  expires_at: number | null;
}

export interface CredentialsTable {
  session_id: string;
  provider: string;
  /** AES-256-GCM ciphertext of the provider credentials (see src/lib/crypto.ts). */
  secret: string;
  access_expires_at: number | null;
  version: number;
  created_at: number;
  updated_at: number;
  /** Until when (epoch ms) one process holds the right to refresh the OAuth token; null when nobody does. */
  refresh_lease_until: number | null;
  /** Random id of the holder of the refresh lease. */
  refresh_lease_owner: string | null;
}

/** The shared budget of one provider account's rate-limit window (src/limits/). */
export interface RateLimitWindowsTable {
  /** `provider:mode:account[:route]`. */
  window_key: string;
  /** JSON array of `[grantId, slots, occupiedUntil]`: slices of the budget taken by processes. */
  grants: string;
  updated_at: number;
}

export interface OAuthStatesTable {
  /** SHA-256 of the state value sent to the provider; the value itself is never stored. */
  state_hash: string;
  session_id: string;
  provider: string;
  /** Encrypted JSON (PKCE verifier and the like). */
  data: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** A single-use link by which the end user may edit or reauthenticate a configured session. */
export interface SessionLinksTable {
  /** SHA-256 of the token in the link; the token itself is never stored. */
  token_hash: string;
  session_id: string;
  kind: 'edit' | 'reauthenticate';
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** One change of a session's connection, as the dashboard's session page lists it. */
export interface SessionHistoryTable {
  id: string;
  session_id: string;
  at: number;
  event: 'connected' | 'reauthenticated' | 'edited';
  provider: string;
  /** The provider account (HubSpot's hub_id, Salesforce's org id, Pipedrive's api_domain; an API key's hash prefix). */
  account: string;
}

export type TransferStatus = 'queued' | 'running' | 'completed' | 'failed';
export type TransferMethod = 'IMPORT' | 'EXPORT';

export interface TransfersTable {
  id: string;
  project_id: string;
  session_id: string;
  method: TransferMethod;
  endgrate_type: string;
  provider: string;
  status: TransferStatus;
  /** JSON of the request options the engine needs (params, associations, synchronous, …). */
  request: string;
  /** JSON position of the engine (provider cursor, next batch), written with every stored page. */
  checkpoint: string | null;
  /** Items stored for this transfer so far: the next item's `seq`. */
  item_count: number;
  records: number;
  batches_queued: number;
  batches_success: number;
  batches_fail: number;
  provider_requests: number;
  retries: number;
  /** 429 answers the provider gave this transfer. */
  rate_limited: number;
  /** Time this transfer waited for the provider's rate limits after 429s, in ms. */
  waited_ms: number;
  /** JSON of the value of the records transferred, by currency (decimal strings), for types worth money; else null. */
  money_totals: string | null;
  /** Records a pull expects, where the provider told on its first page (progress estimate only); else null. */
  expected_records: number | null;
  error_count: number;
  last_error: string | null;
  created_at: number;
  started_at: number | null;
  completed_at: number | null;
}

/** A transfer's data: pulled records, or per-record push results. `seq` is dense from 0, so pages are key ranges. */
export interface TransferItemsTable {
  transfer_id: string;
  seq: number;
  provider_id: string | null;
  /** The item exactly as served in `transfer_data[]`, as JSON. */
  body: string;
}

/** The validated items of a push transfer, waiting for the worker. */
export interface TransferInputsTable {
  transfer_id: string;
  seq: number;
  body: string;
}

export interface ErrorsTable {
  id: string;
  project_id: string;
  session_id: string;
  transfer_id: string | null;
  error_type: string;
  message: string;
  resolved: number;
  record_index: number | null;
  internal_id: string | null;
  provider: string | null;
  endgrate_type: string | null;
  method: TransferMethod | null;
  created_at: number;
}

export type JobStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface JobsTable {
  id: string;
  kind: string;
  payload: string;
  status: JobStatus;
  priority: number;
  run_at: number;
  attempts: number;
  max_attempts: number;
  lease_owner: string | null;
  lease_token: string | null;
  lease_expires_at: number | null;
  last_error: string | null;
  transfer_id: string | null;
  /** Jobs with the same key run one at a time, oldest first (null: no such constraint). */
  serial_key: string | null;
  /** W3C `traceparent` of the span that enqueued the job (OpenTelemetry traces on), continued by its run; else null. */
  trace_parent: string | null;
  created_at: number;
  updated_at: number;
}

export interface AdminUsersTable {
  id: string;
  email: string;
  /** scrypt hash (see src/dashboard). */
  password_hash: string;
  created_at: number;
  last_sign_in_at: number | null;
}

export interface AdminSessionsTable {
  /** SHA-256 of the session cookie's value. */
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface AdminTokensTable {
  token_hash: string;
  purpose: 'setup' | 'invite';
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface OAuthAppsTable {
  project_id: string;
  provider: string;
  client_id: string;
  /** Sealed with the credentials key. */
  client_secret: string;
  created_at: number;
  updated_at: number;
}

export interface ProviderListsTable {
  id: string;
  project_id: string;
  name: string;
  /** JSON array of provider names. */
  providers: string;
  created_at: number;
}

/** A sample of a transfer's progress, for the statistics page's chart. */
export interface TransferProgressTable {
  transfer_id: string;
  at: number;
  records: number;
  provider_requests: number;
  errors: number;
}

export interface SyncRecordsTable {
  session_id: string;
  schema_key: string;
  provider_id: string;
  hash: string;
}

export interface SyncSeenTable {
  transfer_id: string;
  provider_id: string;
  hash: string;
}

export interface InternalIdsTable {
  session_id: string;
  schema_key: string;
  internal_id: string;
  provider_id: string;
  updated_at: number;
}

export interface IdempotencyKeysTable {
  project_id: string;
  key: string;
  request_hash: string;
  transfer_id: string;
  created_at: number;
}

export type WebhookKind = 'configuration' | 'data' | 'completed' | 'error';
/**
 * `held`: a transfer's latest data chunk, kept back until the next chunk or the transfer's end (the last chunk is the
 * one that says `completed: true`); it is not in the queue yet. `pending`: waiting for (another) attempt.
 */
export type DeliveryStatus = 'held' | 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveriesTable {
  id: string;
  project_id: string;
  session_id: string;
  transfer_id: string | null;
  kind: WebhookKind;
  url: string;
  body: string;
  ordering_key: string;
  seq: number;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  lease_owner: string | null;
  lease_expires_at: number | null;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
  /** W3C `traceparent` of the span that wrote the delivery (OpenTelemetry traces on), continued by its attempts; else null. */
  trace_parent: string | null;
}

/** The schedule of a session whose `data_webhook` is `continuous`: Weft pulls its schemas every interval. */
export interface SchedulesTable {
  name: string;
  next_run_at: number;
  last_run_at: number | null;
  last_owner: string | null;
}

export interface ContinuousPullsTable {
  session_id: string;
  project_id: string;
  next_run_at: number;
  last_run_at: number | null;
  created_at: number;
}

/** A worker's heartbeat, written every few seconds while it runs and removed when it stops (src/jobs/heartbeats.ts). */
export interface WorkerHeartbeatsTable {
  worker_id: string;
  started_at: number;
  beat_at: number;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface DB {
  projects: ProjectsTable;
  api_keys: ApiKeysTable;
  sessions: SessionsTable;
  credentials: CredentialsTable;
  oauth_states: OAuthStatesTable;
  session_links: SessionLinksTable;
  session_history: SessionHistoryTable;
  transfers: TransfersTable;
  transfer_items: TransferItemsTable;
  transfer_inputs: TransferInputsTable;
  errors: ErrorsTable;
  jobs: JobsTable;
  weft_meta: MetaTable;
  rate_limit_windows: RateLimitWindowsTable;
  admin_users: AdminUsersTable;
  admin_sessions: AdminSessionsTable;
  admin_tokens: AdminTokensTable;
  oauth_apps: OAuthAppsTable;
  provider_lists: ProviderListsTable;
  transfer_progress: TransferProgressTable;
  sync_records: SyncRecordsTable;
  sync_seen: SyncSeenTable;
  internal_ids: InternalIdsTable;
  idempotency_keys: IdempotencyKeysTable;
  webhook_deliveries: WebhookDeliveriesTable;
  continuous_pulls: ContinuousPullsTable;
  schedules: SchedulesTable;
  worker_heartbeats: WorkerHeartbeatsTable;
}

// Generated is re-exported for migrations that add generated columns later.
export type { Generated };
