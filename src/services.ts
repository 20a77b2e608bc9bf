/**
 * The long-lived parts a Weft process is made of, built once from the configuration and handed to the HTTP app and
 * the worker: database (migrated), secret sealer, logger, rate limiters and the in-process event bus.
 */
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';

import { type Logger, type LoggerOptions, pino } from 'pino';
import type PinoPretty from 'pino-pretty';
import type { Agent } from 'undici';

import { checkProviderNames, type Config, resolveLogFormat } from './config.js';
import { CONNECTORS, RateLimiterRegistry, type SandboxEndpoints } from './connectors/index.js';
import { type Database, migrate, openDatabase } from './db/database.js';
import { DatabaseHealth } from './db/health.js';
import { checkSealingKey } from './db/sealing-check.js';
import { createSealer, decodeOldKeys, loadEncryptionKey, type Sealer } from './lib/crypto.js';
import { createEgressAgent, EgressPolicy, type Resolve } from './lib/egress.js';
import { lazy } from './lib/lazy.js';
import { asText } from './lib/text.js';
import { createSharedWindowStore } from './limits/index.js';
import { DEFAULT_PROJECT, ensureProject } from './projects/index.js';
import { sandboxEndpoints } from './sandbox/endpoints.js';
import { sealClearWebhookSecrets } from './webhooks/secrets.js';

/** pino-pretty, loaded when the pretty log format is chosen (JSON logs never need its modules). */
const loadPretty = lazy(() => createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty);

export interface Services {
  readonly config: Config;
  readonly log: Logger;
  readonly database: Database;
  /** Whether the database answers (the API answers 503 at once while it does not). */
  readonly health: DatabaseHealth;
  readonly sealer: Sealer;
  readonly limiters: RateLimiterRegistry;
  /** In-process notifications: 'job' (a job was enqueued), `transfer:<id>` (a transfer changed state). */
  readonly events: EventEmitter;
  /** Aborted when the process begins to shut down: synchronous requests stop waiting and answer at once. */
  readonly stopping: AbortSignal;
  /** Begins the shutdown (see `stopping`). */
  beginShutdown(): void;
  /**
   * Where webhooks and provider-given addresses may go (WEFT_WEBHOOK_ALLOW_PRIVATE, WEFT_EGRESS_ALLOWLIST), and the
   * HTTP agent that enforces it when connecting.
   */
  readonly egress: { readonly policy: EgressPolicy; readonly agent: Agent };
  /** Where the sandbox of each provider answers and the OAuth client it accepts, as the sandbox declares them. */
  readonly sandboxEndpoints: SandboxEndpoints;
  close(): Promise<void>;
}

export interface ServicesOptions {
  log?: Logger;
  /** PostgreSQL schema (tests). */
  pgSchema?: string;
  /** Name resolution of the egress agent (tests: names they control); the system resolver by default. */
  resolve?: Resolve;
}

/** Paths of secrets that must never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.access_token',
  '*.refresh_token',
  '*.client_secret',
  '*.api_key',
  '*.password',
  'accessToken',
  'refreshToken',
];

const SECRET_PARAMS = /^(code|state|token|access_token|refresh_token|id_token|client_secret|api_key|api_token|password)$/i;

/** A URL with the values of secret query parameters (OAuth codes and states, tokens) replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of new Set(params.keys())) if (SECRET_PARAMS.test(key)) params.set(key, '[redacted]');
  return `${url.slice(0, q)}?${params.toString()}`;
}

/** Options every Weft logger shares: secrets redacted, request URLs without secret query values. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { method?: string; url?: string; ip?: string }) => ({
        method: req.method,
        url: req.url === undefined ? undefined : redactUrl(req.url),
        remoteAddress: req.ip,
      }),
    },
  };
}

/** Where a logger writes (tests): a stream instead of standard output, and whether it counts as a terminal. */
export interface LogTarget {
  stream?: NodeJS.WritableStream;
  isTTY?: boolean;
}

/** A request log line's words: `GET /api/pull/data 200 12 ms`, or the message alone for other lines. */
function prettyMessage(log: Record<string, unknown>, messageKey: string): string {
  const msg = asText(log[messageKey] ?? '');
  const req = log['req'] as { method?: string; url?: string } | undefined;
  if (!req || typeof req !== 'object') return msg;
  const res = log['res'] as { statusCode?: number } | undefined;
  const took = typeof log['responseTime'] === 'number' ? ` ${Math.round(log['responseTime'])} ms` : '';
  return `${msg === 'request completed' ? '' : `${msg} `}${req.method ?? ''} ${req.url ?? ''}${res?.statusCode === undefined ? '' : ` ${res.statusCode}`}${took}`;
}

/**
 * The stream of the pretty log format: one line per event, the time, a coloured level (colours when the destination
 * takes them and NO_COLOR is not set), the message, and the other fields after it on the same line.
 */
export function prettyStream(destination?: NodeJS.WritableStream): NodeJS.WritableStream {
  const pretty = loadPretty();
  return pretty({
    colorize: destination ? false : pretty.isColorSupported,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,req,res,responseTime',
    messageFormat: prettyMessage,
    // Lines written before a `process.exit` (a failed start, the end of a shutdown) are not lost.
    sync: true,
    destination: destination ?? 1,
  });
}

/** The process's logger: JSON lines, or the pretty format (WEFT_LOG_FORMAT, `auto`: pretty on a terminal outside production). */
export function createLogger(config: Config, target: LogTarget = {}): Logger {
  const format = resolveLogFormat(config.logFormat, { isTTY: target.isTTY ?? process.stdout.isTTY === true, production: config.production });
  const options = loggerOptions(config.logLevel);
  if (format === 'pretty') return pino(options, prettyStream(target.stream));
  return target.stream ? pino(options, target.stream) : pino(options);
}

export async function createServices(config: Config, options: ServicesOptions = {}): Promise<Services> {
  checkProviderNames(
    config,
    CONNECTORS.map((c) => c.manifest.name),
  );
  const log = options.log ?? createLogger(config);
  const database = openDatabase({
    databaseUrl: config.databaseUrl,
    pgPoolSize: config.pgPoolSize,
    dataDir: config.dataDir,
    ...(options.pgSchema ? { pgSchema: options.pgSchema } : {}),
    onIdleError: (error) => log.warn({ err: error }, 'a PostgreSQL connection failed'),
    queryTimeoutMs: config.dbQueryTimeoutMs,
  });
  try {
    const applied = await migrate(database);
    if (applied.length) log.info({ migrations: applied }, 'database migrated');
    await ensureProject(database.db, DEFAULT_PROJECT);
  } catch (e) {
    await database.close();
    throw e;
  }
  // The current key seals; former keys (WEFT_ENCRYPTION_KEYS_OLD, during a rotation) only open.
  const sealer = createSealer([loadEncryptionKey(config.encryptionKey, config.dataDir), ...decodeOldKeys(config.encryptionKeysOld)]);
  try {
    // Another process on this database with another key would make every credential unreadable to one of them.
    await checkSealingKey(database.db, sealer);
    // Webhook secrets an older Weft kept in clear are sealed now that the key is known.
    const sealed = await sealClearWebhookSecrets(database.db, sealer);
    if (sealed) log.info({ projects: sealed }, 'webhook secrets sealed');
  } catch (e) {
    await database.close();
    throw e;
  }
  const events = new EventEmitter();
  events.setMaxListeners(0);
  // Provider accounts' rate-limit budgets are shared with every other process on the database.
  const limiters = new RateLimiterRegistry(undefined, createSharedWindowStore(database, log));
  const health = new DatabaseHealth(database, log);
  const stopping = new AbortController();
  const policy = new EgressPolicy(config.egress);
  const agent = createEgressAgent(policy, {
    ...(options.resolve ? { resolve: options.resolve } : {}),
    agent: { keepAliveTimeout: 30_000, connections: 64 },
  });
  return {
    config,
    log,
    database,
    health,
    sealer,
    limiters,
    events,
    stopping: stopping.signal,
    beginShutdown: () => stopping.abort(new Error('Weft is shutting down')),
    egress: { policy, agent },
    sandboxEndpoints: sandboxEndpoints(),
    close: async () => {
      await limiters.flush();
      health.close();
      await agent.close();
      await database.close();
    },
  };
}
