/**
 * One schema for every environment variable Weft reads. Parsed once, at start, by `loadConfig()`;
 * nothing else in the code reads `process.env`. Invalid values are all reported together.
 */
import { isIP } from 'node:net';
import path from 'node:path';

import { type Static, Type } from '@sinclair/typebox';
import { Ajv } from 'ajv';

import { parseAllowlist } from './lib/egress.js';

const Bool = Type.Boolean();
const Int = (min: number, def: number, max?: number) => Type.Integer({ minimum: min, default: def, ...(max === undefined ? {} : { maximum: max }) });

/** The environment as Weft reads it. Every entry is documented in docs/configuration.md. */
export const EnvSchema = Type.Object({
  /** TCP port the server listens on. @defaultValue 3000 */
  PORT: Int(0, 3000, 65535),
  /** Interface the server binds to. @defaultValue 127.0.0.1 */
  HOST: Type.String({ default: '127.0.0.1', minLength: 1 }),
  /** Directory for the SQLite database and the generated encryption key. @defaultValue ./.weft */
  WEFT_DATA_DIR: Type.String({ default: '.weft', minLength: 1 }),
  /** Base of every absolute URL Weft hands out (statistics links, OAuth redirect, paging links). @defaultValue http://localhost:$PORT */
  WEFT_PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^/]+(/.*)?$' })),
  /** PostgreSQL connection string; when set, Weft uses PostgreSQL instead of the embedded SQLite file. */
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  /**
   * PostgreSQL connections each Weft process keeps at most for writes and the queue (its pool); a process that serves
   * the API keeps as many again for its reads (`Database.read`). @defaultValue 10
   */
  WEFT_PG_POOL_SIZE: Int(1, 10, 1000),
  /**
   * Key for provider credentials at rest: 32 bytes, base64. Generated into the data directory when absent. It seals
   * everything new; to rotate it, see WEFT_ENCRYPTION_KEYS_OLD.
   */
  WEFT_ENCRYPTION_KEY: Type.Optional(Type.String({ minLength: 1 })),
  /**
   * Former encryption keys, kept for reading only while a rotation is under way: 32 bytes each, base64,
   * comma-separated. Values sealed with them still open; nothing new is sealed with them. To rotate a key held in
   * WEFT_ENCRYPTION_KEY: (1) set the new key (`openssl rand -base64 32`) as WEFT_ENCRYPTION_KEY and the old one here,
   * in every process, and restart them; (2) stop the server and every worker and run `weft encryption-key rotate`,
   * which seals every stored secret again with the current key in one transaction; (3) remove this setting everywhere
   * and start again. A value whose key is in neither setting is refused with the key id it needs.
   */
  WEFT_ENCRYPTION_KEYS_OLD: Type.String({ default: '', maxLength: 10_000 }),
  /** pino log level. @defaultValue info */
  WEFT_LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  /**
   * How log lines look: `pretty` (one coloured line per event, for a person at a terminal), `json` (one JSON object per
   * line, for log collectors), or `auto`: pretty when standard output is a terminal and NODE_ENV is not `production`,
   * JSON otherwise. @defaultValue auto
   */
  WEFT_LOG_FORMAT: Type.Union(
    ['auto', 'pretty', 'json'].map((l) => Type.Literal(l)),
    { default: 'auto' },
  ),
  /**
   * Token `GET /metrics` requires as `authorization: Bearer …`; unset, `/metrics` answers anyone who reaches it (keep it
   * behind your network or proxy then: it names providers and counts, never ids or secrets).
   */
  WEFT_METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16, maxLength: 512, pattern: '^[\\x21-\\x7e]+$' })),
  /**
   * OpenTelemetry traces (optional): the OTLP/HTTP endpoint spans are sent to as JSON, in full
   * (`http://collector:4318/v1/traces`). Standard OpenTelemetry name; takes precedence over OTEL_EXPORTER_OTLP_ENDPOINT.
   * With neither set, no tracing code is loaded. Spans: one per API request (route pattern and status), one per job
   * run (continuing the trace of the request that enqueued it, in whichever process runs it), one per provider request
   * (provider, method, path with ids replaced, status, retries, 429s); never a query string, secret or record value.
   */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://' })),
  /** OpenTelemetry's base OTLP/HTTP endpoint (`http://collector:4318`): traces go to `<it>/v1/traces`. */
  OTEL_EXPORTER_OTLP_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://' })),
  /** The `service.name` of Weft's spans (only with an OTLP endpoint). @defaultValue weft */
  OTEL_SERVICE_NAME: Type.String({ default: 'weft', minLength: 1, maxLength: 200 }),
  /** Run a worker inside the server process. @defaultValue true */
  WEFT_WORKER: { ...Bool, default: true },
  /**
   * Port on which `weft worker` (a worker run apart from the server) serves its own Prometheus metrics at `/metrics`
   * (its provider requests, records, retries, token refreshes, webhook attempts: counted where the work is done) and
   * `/healthz`, on the HOST interface; WEFT_METRICS_TOKEN guards it as it guards the server's. Unset: no listener.
   * The server's `/metrics` alone gives the figures read from the database (transfers, queue, workers).
   */
  WEFT_WORKER_METRICS_PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
  /** Jobs one worker process runs at once. @defaultValue 4 */
  WEFT_WORKER_CONCURRENCY: Int(1, 4, 256),
  /** How long a claimed job stays leased without a heartbeat before another worker may take it over. @defaultValue 30000 */
  WEFT_JOB_LEASE_MS: Int(1000, 30_000),
  /** How often an idle worker looks for new jobs. @defaultValue 250 */
  WEFT_WORKER_POLL_MS: Int(10, 250),
  /** Largest request body accepted, in bytes. @defaultValue 16777216 (16 MiB) */
  WEFT_BODY_LIMIT: Int(1024, 16 * 1024 * 1024),
  /**
   * Which proxies' `X-Forwarded-For` gives the client's address (sign-in limits, logs): `false`, `true` (any: only when
   * every request comes through your proxy), a hop count, or IP addresses and CIDR blocks of your proxies
   * (also `loopback`, `linklocal`, `uniquelocal`), comma-separated. @defaultValue false
   */
  WEFT_TRUST_PROXY: Type.String({ default: 'false', maxLength: 2000 }),
  /** Hand pull filters (`params`) to the provider's own filters where it has them (Weft filters every record either way). @defaultValue true */
  WEFT_FILTER_PUSHDOWN: { ...Bool, default: true },
  /** Longest a `synchronous: true` transfer request waits. @defaultValue 300000 (5 minutes) */
  WEFT_SYNC_TIMEOUT_MS: Int(0, 300_000),
  /** Lifetime of a session created without `save_session`. @defaultValue 72 */
  WEFT_SESSION_TTL_HOURS: Int(1, 72),
  /** Refresh an OAuth access token this many seconds before it expires. @defaultValue 300 */
  WEFT_TOKEN_REFRESH_MARGIN_S: Int(0, 300),
  /** Longest a client may take to send a whole request (headers and body); a slower one gets 408 and its connection closed. @defaultValue 30000 */
  WEFT_REQUEST_TIMEOUT_MS: Int(1000, 30_000),
  /** Share of time the event loop may be busy (over each second) before requests are shed with 503; 0 turns shedding off. @defaultValue 0.98 */
  WEFT_MAX_EVENT_LOOP_UTILIZATION: Type.Number({ minimum: 0, maximum: 1, default: 0.98 }),
  /**
   * How much V8 lets the JavaScript heap grow past what the last full collection kept before it collects again, in
   * percent; 0 leaves V8 its own factor (up to 300 %), under which a long pull's RSS grows with its length. @defaultValue 60
   */
  WEFT_HEAP_GROWTH_PERCENT: Int(0, 60, 300),
  /** Longest a stop (SIGTERM, SIGINT) takes: in-flight provider batches finish, jobs are handed back, then the process exits. @defaultValue 10000 */
  WEFT_SHUTDOWN_GRACE_MS: Int(1000, 10_000),
  /** Longest one PostgreSQL statement may run, and longest Weft waits for its answer (ms). @defaultValue 30000 */
  WEFT_DB_QUERY_TIMEOUT_MS: Int(1000, 30_000),
  /** Longest one provider request keeps waiting out 429s (the waits added up) before its transfer fails with an explained error. @defaultValue 120000 */
  WEFT_RATE_LIMIT_GIVE_UP_MS: Int(1000, 120_000),
  /** Mount the provider sandbox (faithful fakes) under /sandbox. @defaultValue true */
  WEFT_SANDBOX: { ...Bool, default: true },
  /** Base URL of the sandbox providers are sent to when no real OAuth app is configured. @defaultValue $WEFT_PUBLIC_URL/sandbox */
  WEFT_SANDBOX_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  /** Contacts in each sandbox account. @defaultValue 1000 */
  WEFT_SANDBOX_CONTACTS: Int(0, 1000),
  /** Companies in each sandbox account. @defaultValue 200 */
  WEFT_SANDBOX_COMPANIES: Int(0, 200),
  /** Sandbox rate limit as MAX/INTERVAL_MS (HubSpot's is 100/10000), or "off". @defaultValue 100/10000 */
  WEFT_SANDBOX_RATE_LIMIT: Type.String({ default: '100/10000', pattern: '^(off|[0-9]+/[0-9]+)$' }),
  /** Latency the sandbox adds to every API response, in ms. @defaultValue 0 */
  WEFT_SANDBOX_LATENCY_MS: Int(0, 0),
  /** Lifetime of sandbox access tokens in seconds. @defaultValue 1800 */
  WEFT_SANDBOX_TOKEN_LIFETIME_S: Int(1, 1800),
  /** Most records one sandbox account may gain by writes (seed records do not count). @defaultValue 10000 */
  WEFT_SANDBOX_MAX_WRITES_PER_ACCOUNT: Int(1, 10_000),
  /** Most accounts the sandbox creates for names typed on its consent and API-token pages. @defaultValue 1000 */
  WEFT_SANDBOX_MAX_ACCOUNTS: Int(1, 1_000),
  /** Removed: live keys reach real providers (API-token providers always, OAuth providers with an OAuth app); setting it stops the start with that explanation. */
  WEFT_LIVE_PROVIDERS: Type.Optional(Type.String()),
  /** Token the sandbox's control API (`/sandbox/<provider>/_sandbox`) requires as `authorization: Bearer …`; unset, the control API is off (404). */
  WEFT_SANDBOX_CONTROL_TOKEN: Type.Optional(Type.String({ minLength: 16, maxLength: 512, pattern: '^[\\x21-\\x7e]+$' })),
  /** Longest Weft waits for a webhook receiver to answer one attempt, in ms. @defaultValue 10000 */
  WEFT_WEBHOOK_TIMEOUT_MS: Int(100, 10_000, 300_000),
  /** Attempts of a webhook delivery before it is given up (status `failed`). @defaultValue 12 */
  WEFT_WEBHOOK_MAX_ATTEMPTS: Int(1, 12, 100),
  /** Wait before a webhook's second attempt, doubled for each next one (with jitter), in ms. @defaultValue 5000 */
  WEFT_WEBHOOK_RETRY_BASE_MS: Int(1, 5_000),
  /** Longest wait between two attempts of a webhook, in ms. @defaultValue 3600000 (1 hour) */
  WEFT_WEBHOOK_RETRY_MAX_MS: Int(1, 3_600_000),
  /** Webhook deliveries one worker process sends at once. @defaultValue 8 */
  WEFT_WEBHOOK_CONCURRENCY: Int(1, 8, 256),
  /** Delivered and failed webhook deliveries are kept this many hours in the delivery log. @defaultValue 168 (7 days) */
  WEFT_WEBHOOK_RETENTION_HOURS: Int(1, 168),
  /** After a webhook secret is rotated, the replaced secret signs deliveries beside the new one this many hours (0: stops at once). @defaultValue 24 */
  WEFT_WEBHOOK_SECRET_OVERLAP_HOURS: Int(0, 24, 24 * 30),
  /** Interval of the pulls Weft starts by itself for `data_webhook.continuous` sessions, in ms. @defaultValue 900000 (15 minutes) */
  WEFT_CONTINUOUS_PULL_INTERVAL_MS: Int(100, 900_000),
  /**
   * Webhooks, and the API addresses real providers hand back, may go to loopback and private addresses (for
   * development and internal deployments). @defaultValue false
   */
  WEFT_WEBHOOK_ALLOW_PRIVATE: { ...Bool, default: false },
  /** Hosts (`hooks.internal`, `*.corp.example`), IP addresses and CIDR blocks Weft may reach whatever they are, comma-separated. */
  WEFT_EGRESS_ALLOWLIST: Type.String({ default: '', maxLength: 10_000 }),
});

/**
 * Real OAuth apps come as `WEFT_<PROVIDER>_CLIENT_ID` and `WEFT_<PROVIDER>_CLIENT_SECRET` pairs (for example
 * WEFT_HUBSPOT_CLIENT_ID); with both set, that provider's sessions go to the real provider.
 */
const OAUTH_APP_VAR = /^WEFT_([A-Z0-9]+)_CLIENT_(ID|SECRET)$/;
export type Env = Static<typeof EnvSchema>;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly publicUrl: string;
  readonly databaseUrl: string | undefined;
  /** The PostgreSQL pool's size in each process (WEFT_PG_POOL_SIZE). */
  readonly pgPoolSize: number;
  readonly encryptionKey: string | undefined;
  /** Former keys that still open what they sealed (WEFT_ENCRYPTION_KEYS_OLD), base64, each checked to be 32 bytes. */
  readonly encryptionKeysOld: readonly string[];
  readonly logLevel: string;
  /** WEFT_LOG_FORMAT as set (`auto` is decided when the logger is made: see `resolveLogFormat`). */
  readonly logFormat: 'auto' | 'pretty' | 'json';
  /** NODE_ENV is `production` (read here, as every setting: it turns the `auto` log format to JSON). */
  readonly production: boolean;
  /** Where spans go (an OTLP endpoint is set) and the service name; null: no tracing (nothing loaded). */
  readonly telemetry: { readonly endpoint: string; readonly serviceName: string } | null;
  /** The bearer token `/metrics` requires (WEFT_METRICS_TOKEN); null: `/metrics` is open. */
  readonly metricsToken: string | null;
  readonly worker: {
    readonly enabled: boolean;
    readonly concurrency: number;
    readonly leaseMs: number;
    readonly pollMs: number;
    /** Port of `weft worker`'s own metrics listener (WEFT_WORKER_METRICS_PORT); null: none. */
    readonly metricsPort: number | null;
  };
  /** Pull filters go to the provider's own filters where it has them (WEFT_FILTER_PUSHDOWN). */
  readonly filterPushdown: boolean;
  readonly bodyLimit: number;
  /** Fastify's `trustProxy` (WEFT_TRUST_PROXY): off, any, a hop count, or the proxies' addresses and CIDR blocks. */
  readonly trustProxy: boolean | number | readonly string[];
  readonly syncTimeoutMs: number;
  readonly sessionTtlMs: number;
  readonly tokenRefreshMarginMs: number;
  /** Longest a client may take to send a whole request (ms). */
  readonly requestTimeoutMs: number;
  /** Event-loop utilisation past which requests are shed with 503 (0: never). */
  readonly maxEventLoopUtilization: number;
  /** V8's heap growing percent set by a server or worker process at start (0: V8's own). */
  readonly heapGrowthPercent: number;
  /** Longest a stop takes before the process exits anyway (ms). */
  readonly shutdownGraceMs: number;
  /** Longest one PostgreSQL statement may run (ms). */
  readonly dbQueryTimeoutMs: number;
  /** Longest one provider request keeps waiting out 429s before it fails (ms). */
  readonly rateLimitGiveUpMs: number;
  readonly sandbox: {
    readonly enabled: boolean;
    /** Whether test sessions have a sandbox: Weft's own (`enabled`) or one run apart (`WEFT_SANDBOX_URL`). */
    readonly available: boolean;
    readonly url: string;
    /** The control API's bearer token; null: the control API is off. */
    readonly controlToken: string | null;
    readonly maxWritesPerAccount: number;
    readonly maxAccounts: number;
    readonly contacts: number;
    readonly companies: number;
    readonly rateLimit: { readonly max: number; readonly intervalMs: number } | null;
    readonly latencyMs: number;
    readonly tokenLifetimeS: number;
  };
  /** OAuth apps configured through the environment, keyed by provider name. */
  readonly oauthApps: Readonly<Record<string, { readonly clientId: string; readonly clientSecret: string }>>;
  readonly webhooks: {
    readonly timeoutMs: number;
    readonly maxAttempts: number;
    readonly retryBaseMs: number;
    readonly retryMaxMs: number;
    readonly concurrency: number;
    readonly retentionMs: number;
    readonly continuousIntervalMs: number;
    /** How long a rotated-out signing secret still signs (WEFT_WEBHOOK_SECRET_OVERLAP_HOURS). */
    readonly secretOverlapMs: number;
  };
  /** Where webhooks and provider-given addresses may go (see src/lib/egress.ts). */
  readonly egress: {
    /** Loopback and private addresses are allowed (WEFT_WEBHOOK_ALLOW_PRIVATE). */
    readonly allowPrivate: boolean;
    /** Hosts, addresses and CIDR blocks allowed whatever they are (WEFT_EGRESS_ALLOWLIST). */
    readonly allowlist: readonly string[];
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

// The schema is ours and fixed, so Ajv does not first check it against JSON Schema's own meta-schema (compiling that
// meta-schema is a twentieth of a second of every start).
const ajv = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: true, strict: false, validateSchema: false });
const validateEnv = ajv.compile(EnvSchema);

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** WEFT_TRUST_PROXY: `false`, `true`, a hop count (1–32), or addresses, CIDR blocks and proxy-addr's names. */
export function parseTrustProxy(text: string): { value: boolean | number | string[] } | { problem: string } {
  const t = text.trim().toLowerCase();
  if (t === 'false' || t === '0' || t === '') return { value: false };
  if (t === 'true') return { value: true };
  if (/^[0-9]+$/.test(t)) {
    const hops = Number(t);
    return hops <= 32 ? { value: hops } : { problem: `a hop count must be at most 32, not ${hops}` };
  }
  const entries = t
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const bad = entries.filter((entry) => {
    if (PROXY_NAMES.includes(entry)) return false;
    const [addr, prefix, ...rest] = entry.split('/');
    const family = isIP(addr ?? '');
    if (family === 0 || rest.length) return true;
    return prefix !== undefined && !(/^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  });
  if (bad.length) {
    return {
      problem: `'${bad.join("', '")}' ${bad.length === 1 ? 'is' : 'are'} not false, true, a hop count, an IP address, a CIDR block or one of ${PROXY_NAMES.join(', ')}`,
    };
  }
  return { value: entries };
}

/** Parses the environment (default: process.env) into a frozen Config, or throws ConfigError listing every problem. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const env: Record<string, unknown> = {};
  for (const key of Object.keys(EnvSchema.properties)) {
    const value = source[key];
    if (value !== undefined && value !== '') env[key] = value;
  }
  if (!validateEnv(env)) {
    const problems = (validateEnv.errors ?? []).map((e) => {
      const key = e.instancePath.replace(/^\//, '') || String(e.params['missingProperty'] ?? '');
      return `${key}: ${e.message ?? 'is invalid'}`;
    });
    throw new ConfigError(problems);
  }
  const e = env as Env;
  const publicUrl = (e.WEFT_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const oauthApps: Record<string, { clientId: string; clientSecret: string }> = {};
  const parts: Record<string, { ID?: string; SECRET?: string }> = {};
  for (const [key, value] of Object.entries(source)) {
    const m = OAUTH_APP_VAR.exec(key);
    if (m && value) (parts[(m[1] as string).toLowerCase()] ??= {})[m[2] as 'ID' | 'SECRET'] = value;
  }
  const unpaired: string[] = [];
  for (const [provider, p] of Object.entries(parts)) {
    if (p.ID && p.SECRET) oauthApps[provider] = { clientId: p.ID, clientSecret: p.SECRET };
    else unpaired.push(`WEFT_${provider.toUpperCase()}_CLIENT_ID and WEFT_${provider.toUpperCase()}_CLIENT_SECRET must be set together`);
  }
  if (unpaired.length) throw new ConfigError(unpaired);
  if (e.WEFT_LIVE_PROVIDERS !== undefined) {
    throw new ConfigError([
      'WEFT_LIVE_PROVIDERS was removed: which environment a session uses now follows the API key that made it. Live keys (weft_sk_live_…, `npx weft keys create --live`) reach real providers only (API-token providers such as Pipedrive always, OAuth providers when an OAuth app is configured); test keys reach the sandbox. Unset WEFT_LIVE_PROVIDERS.',
    ]);
  }
  const allowlist = parseAllowlist(e.WEFT_EGRESS_ALLOWLIST);
  if (allowlist.problems.length) throw new ConfigError(allowlist.problems.map((p) => `WEFT_EGRESS_ALLOWLIST: ${p}`));
  const encryptionKeysOld = e.WEFT_ENCRYPTION_KEYS_OLD.split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  // Which entry is wrong is told by its place, never by its value.
  const badKeys = encryptionKeysOld.flatMap((k, i) => (Buffer.from(k, 'base64').length === 32 ? [] : [i + 1]));
  if (badKeys.length) {
    throw new ConfigError([`WEFT_ENCRYPTION_KEYS_OLD: entry ${badKeys.join(', ')} is not 32 bytes, base64-encoded`]);
  }
  const trustProxy = parseTrustProxy(e.WEFT_TRUST_PROXY);
  if ('problem' in trustProxy) throw new ConfigError([`WEFT_TRUST_PROXY: ${trustProxy.problem}`]);
  let rateLimit: Config['sandbox']['rateLimit'] = null;
  if (e.WEFT_SANDBOX_RATE_LIMIT !== 'off') {
    const [max, intervalMs] = e.WEFT_SANDBOX_RATE_LIMIT.split('/').map(Number) as [number, number];
    rateLimit = { max, intervalMs };
  }
  return deepFreeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.WEFT_DATA_DIR),
    publicUrl,
    databaseUrl: e.DATABASE_URL,
    pgPoolSize: e.WEFT_PG_POOL_SIZE,
    encryptionKey: e.WEFT_ENCRYPTION_KEY,
    encryptionKeysOld,
    logLevel: e.WEFT_LOG_LEVEL,
    logFormat: e.WEFT_LOG_FORMAT as Config['logFormat'],
    production: source['NODE_ENV'] === 'production',
    metricsToken: e.WEFT_METRICS_TOKEN ?? null,
    telemetry: tracesEndpoint(e) === null ? null : { endpoint: tracesEndpoint(e) as string, serviceName: e.OTEL_SERVICE_NAME },
    worker: {
      enabled: e.WEFT_WORKER,
      concurrency: e.WEFT_WORKER_CONCURRENCY,
      leaseMs: e.WEFT_JOB_LEASE_MS,
      pollMs: e.WEFT_WORKER_POLL_MS,
      metricsPort: e.WEFT_WORKER_METRICS_PORT ?? null,
    },
    bodyLimit: e.WEFT_BODY_LIMIT,
    trustProxy: trustProxy.value,
    syncTimeoutMs: e.WEFT_SYNC_TIMEOUT_MS,
    filterPushdown: e.WEFT_FILTER_PUSHDOWN,
    sessionTtlMs: e.WEFT_SESSION_TTL_HOURS * 3600_000,
    tokenRefreshMarginMs: e.WEFT_TOKEN_REFRESH_MARGIN_S * 1000,
    rateLimitGiveUpMs: e.WEFT_RATE_LIMIT_GIVE_UP_MS,
    dbQueryTimeoutMs: e.WEFT_DB_QUERY_TIMEOUT_MS,
    shutdownGraceMs: e.WEFT_SHUTDOWN_GRACE_MS,
    requestTimeoutMs: e.WEFT_REQUEST_TIMEOUT_MS,
    maxEventLoopUtilization: e.WEFT_MAX_EVENT_LOOP_UTILIZATION,
    heapGrowthPercent: e.WEFT_HEAP_GROWTH_PERCENT,
    sandbox: {
      enabled: e.WEFT_SANDBOX,
      available: e.WEFT_SANDBOX || e.WEFT_SANDBOX_URL !== undefined,
      url: (e.WEFT_SANDBOX_URL ?? `${publicUrl}/sandbox`).replace(/\/+$/, ''),
      controlToken: e.WEFT_SANDBOX_CONTROL_TOKEN ?? null,
      maxWritesPerAccount: e.WEFT_SANDBOX_MAX_WRITES_PER_ACCOUNT,
      maxAccounts: e.WEFT_SANDBOX_MAX_ACCOUNTS,
      contacts: e.WEFT_SANDBOX_CONTACTS,
      companies: e.WEFT_SANDBOX_COMPANIES,
      rateLimit,
      latencyMs: e.WEFT_SANDBOX_LATENCY_MS,
      tokenLifetimeS: e.WEFT_SANDBOX_TOKEN_LIFETIME_S,
    },
    oauthApps,
    webhooks: {
      timeoutMs: e.WEFT_WEBHOOK_TIMEOUT_MS,
      maxAttempts: e.WEFT_WEBHOOK_MAX_ATTEMPTS,
      retryBaseMs: e.WEFT_WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: Math.max(e.WEFT_WEBHOOK_RETRY_MAX_MS, e.WEFT_WEBHOOK_RETRY_BASE_MS),
      concurrency: e.WEFT_WEBHOOK_CONCURRENCY,
      retentionMs: e.WEFT_WEBHOOK_RETENTION_HOURS * 3600_000,
      continuousIntervalMs: e.WEFT_CONTINUOUS_PULL_INTERVAL_MS,
      secretOverlapMs: e.WEFT_WEBHOOK_SECRET_OVERLAP_HOURS * 3600_000,
    },
    egress: { allowPrivate: e.WEFT_WEBHOOK_ALLOW_PRIVATE, allowlist: allowlist.entries },
  });
}

/** The OTLP/HTTP traces URL: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, else OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces. */
function tracesEndpoint(e: Env): string | null {
  if (e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (e.OTEL_EXPORTER_OTLP_ENDPOINT) return `${e.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
  return null;
}

/** The log format to use: `auto` is pretty on a terminal outside production, JSON otherwise. */
export function resolveLogFormat(format: Config['logFormat'], where: { isTTY: boolean; production: boolean }): 'pretty' | 'json' {
  if (format !== 'auto') return format;
  return where.isTTY && !where.production ? 'pretty' : 'json';
}

/** Refuses OAuth apps configured for providers Weft does not have. */
export function checkProviderNames(config: Config, known: readonly string[]): void {
  const problems = [
    ...Object.keys(config.oauthApps)
      .filter((p) => !known.includes(p))
      .map((p) => `WEFT_${p.toUpperCase()}_CLIENT_ID: there is no provider '${p}' (known: ${known.join(', ')})`),
  ];
  if (problems.length) throw new ConfigError(problems);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
