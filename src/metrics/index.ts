/**
 * Weft's Prometheus metrics: one registry of the process (never prom-client's global one), every name prefixed
 * `weft_`. Counters are incremented where things happen (the HTTP hook, the connector kit's HTTP client, the pull and
 * push engines, the token refresh, the webhook dispatcher); what lives in the database (transfers by state, the
 * queue) is read when Prometheus scrapes, by the route (src/http/metrics.ts) through the tables' owners, so that
 * several processes on one database never count it twice.
 *
 * Labels are fixed, small sets: routes as patterns (never the raw URL), provider names, Endgrate types, states and
 * outcomes. No label ever carries a project's, session's or transfer's id, nor anything secret.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'weft_' });

export const httpRequests = new Counter({
  name: 'weft_http_requests_total',
  help: 'HTTP requests answered, by method, route pattern and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

export const httpDuration = new Histogram({
  name: 'weft_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by method, route pattern and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

export const recordsPulled = new Counter({
  name: 'weft_records_pulled_total',
  help: 'Records pulled from providers and stored, by provider and Endgrate type.',
  labelNames: ['provider', 'endgrate_type'] as const,
  registers: [registry],
});

export const recordsPushed = new Counter({
  name: 'weft_records_pushed_total',
  help: 'Records pushed to providers, by provider, Endgrate type and outcome (success, failure).',
  labelNames: ['provider', 'endgrate_type', 'outcome'] as const,
  registers: [registry],
});

export const providerRequests = new Counter({
  name: 'weft_provider_requests_total',
  help: 'Requests sent to providers (every attempt), by provider.',
  labelNames: ['provider'] as const,
  registers: [registry],
});

export const providerRetries = new Counter({
  name: 'weft_provider_retries_total',
  help: 'Provider requests sent again (after a 429, a transient error or an expired token), by provider.',
  labelNames: ['provider'] as const,
  registers: [registry],
});

export const providerRateLimited = new Counter({
  name: 'weft_provider_rate_limited_total',
  help: 'Provider answers that were 429 (rate limited), by provider.',
  labelNames: ['provider'] as const,
  registers: [registry],
});

export const tokenRefreshes = new Counter({
  name: 'weft_token_refreshes_total',
  help: 'OAuth access-token refreshes, by provider and outcome (success, failure).',
  labelNames: ['provider', 'outcome'] as const,
  registers: [registry],
});

export const webhookDeliveries = new Counter({
  name: 'weft_webhook_attempts_total',
  help: 'Webhook delivery attempts, by outcome: delivered, retry (failed, will be tried again), failed (given up).',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const transfers = new Gauge({
  name: 'weft_transfers',
  help: 'Transfers in the database, by provider, Endgrate type, method and state (read at scrape time).',
  labelNames: ['provider', 'endgrate_type', 'method', 'state'] as const,
  registers: [registry],
});

export const queueDepth = new Gauge({
  name: 'weft_queue_jobs',
  help: 'Jobs in the queue, by kind and state (queued: waiting or due; running: leased) (read at scrape time).',
  labelNames: ['kind', 'state'] as const,
  registers: [registry],
});

export const queueLag = new Gauge({
  name: 'weft_queue_lag_seconds',
  help: 'How long the oldest due queued job has been waiting to be claimed, in seconds; 0 when none waits (read at scrape time).',
  registers: [registry],
});

export const workers = new Gauge({
  name: 'weft_workers',
  help: 'Workers whose heartbeat is fresh, over every process on the database (read at scrape time).',
  registers: [registry],
});

/** What the database holds, as the tables' owners read it at scrape time. */
export interface ScrapeSnapshot {
  transfers: ReadonlyArray<{ provider: string; endgrateType: string; method: string; state: string; count: number }>;
  queue: {
    byKind: ReadonlyArray<{ kind: string; state: string; count: number }>;
    /** Age of the oldest due, unclaimed job in ms (0: none). */
    lagMs: number;
  };
  freshWorkers: number;
}

/** The registry's text exposition, with the scrape-time gauges set from `snapshot` first. */
export async function exposition(snapshot: ScrapeSnapshot): Promise<string> {
  transfers.reset();
  for (const t of snapshot.transfers)
    transfers.set({ provider: t.provider, endgrate_type: t.endgrateType, method: t.method, state: t.state }, t.count);
  queueDepth.reset();
  for (const q of snapshot.queue.byKind) queueDepth.set({ kind: q.kind, state: q.state }, q.count);
  queueLag.set(snapshot.queue.lagMs / 1000);
  workers.set(snapshot.freshWorkers);
  return registry.metrics();
}

export const CONTENT_TYPE = registry.contentType;

/** Counts one answered HTTP request: `route` is the route's pattern (`/api/pull/data`), or `unmatched`. */
export function countRequest(method: string, route: string, status: number, seconds: number): void {
  const labels = { method, route, status: String(status) };
  httpRequests.inc(labels);
  httpDuration.observe(labels, seconds);
}

/** The gauges read from the database at scrape time: only the server's `/metrics` sets them (see `exposition`). */
const SCRAPE_TIME = new Set(['weft_transfers', 'weft_queue_jobs', 'weft_queue_lag_seconds', 'weft_workers']);

/**
 * This process's own metrics only (its counters and the process's default metrics), without the gauges read from the
 * database: a worker run apart exposes these, so that the database's figures come from the servers alone.
 */
export async function processExposition(): Promise<string> {
  const names = registry
    .getMetricsAsArray()
    .map((m) => m.name)
    .filter((name) => !SCRAPE_TIME.has(name));
  const parts = await Promise.all(names.map((name) => registry.getSingleMetricAsString(name)));
  return `${parts.join('\n\n')}\n`;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether an `authorization` header carries `Bearer <token>` (compared in constant time). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m !== null && timingSafeEqual(digest(m[1] as string), digest(token));
}
