/**
 * The HTTP client every connector talks to its provider through: authentication (with refresh), pacing by the
 * provider's rate limit, retries with backoff, and counters for transfer statistics. A request is retried only when
 * repeating it cannot duplicate an effect: reads, requests the provider refused before doing anything (429), and
 * failures to connect. A write that may have reached the provider is never retried blindly.
 */
import { Agent, errors as undiciErrors, request as undiciRequest } from 'undici';

import { egressRefusal } from '../../lib/egress.js';
import { asText } from '../../lib/text.js';
import { providerRateLimited, providerRequests, providerRetries } from '../../metrics/index.js';
import { pathPattern, type Span, SpanKind, tracing, withSpan } from '../../telemetry/index.js';
import type { ProviderEgress } from './egress.js';
import { ProviderError, type ProviderErrorKind } from './errors.js';
import { type ConnectorManifest, routeLimitOf } from './manifest.js';
import { type Clock, type RateLimiter, systemClock } from './rate-limiter.js';

export interface ProviderRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** A path relative to the API base (`/crm/v3/...`) or an absolute URL. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  /** A body sent as it is, its Content-Type in `headers` (where the provider takes something else than JSON: Dataverse's `$batch`). */
  text?: string;
  /** True for a POST that only reads (search, batch read): it may be retried like a GET. */
  readOnly?: boolean;
  /** Extra request headers (e.g. Salesforce's Sforce-Query-Options). */
  headers?: Record<string, string>;
}

export interface ProviderResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

/** Supplies the authentication headers, and renews them when the provider says they expired. */
export interface AuthHandle {
  headers(): Promise<Record<string, string>>;
  /** Called after an `auth_expired` answer; resolves when fresh credentials are in place (or throws). */
  renew(): Promise<void>;
}

/** Classifies a provider's non-2xx answer. Connectors override it for their quirks. */
export type ErrorClassifier = (res: ProviderResponse) => { kind: ProviderErrorKind; message: string; retryAfterMs?: number };

export interface ProviderClientOptions {
  manifest: ConnectorManifest;
  apiBase: string;
  auth: AuthHandle;
  limiter: RateLimiter | null;
  /** The limiter of a route with a stricter limit of its own (see `RateLimitManifest.routes`), if the request has one. */
  routeLimiter?: (req: ProviderRequest) => RateLimiter | null;
  classify?: ErrorClassifier;
  clock?: Clock;
  /** Attempts for one request, including the first. */
  maxAttempts?: number;
  /**
   * Longest a request keeps waiting out 429s (the waits added up) before it fails for good with an explained
   * `quota_exhausted` error instead of retrying for ever.
   */
  rateLimitGiveUpMs?: number;
  signal?: AbortSignal;
  /**
   * Where requests may go: every request's URL (the base, a provider-given base such as Salesforce's instance_url,
   * or an absolute next-page link) is checked before it is sent, and the egress dispatcher checks the addresses it
   * connects to. A refused request fails at once, without retries.
   */
  egress: ProviderEgress;
}

export interface ProviderClient {
  request<T = unknown>(req: ProviderRequest): Promise<ProviderResponse<T>>;
  readonly apiBase: string;
  /** Points later requests at another base (a refresh may move the account, e.g. Salesforce's instance_url). */
  setApiBase(base: string): void;
  /** Requests sent (every attempt), retries, 429 answers and the time waited for rate limits, since creation. */
  readonly stats: ClientStats;
  /** What `stats` gained since the last call (each figure is counted into a transfer exactly once). */
  takeStats(): ClientStats;
}

export interface ClientStats {
  requests: number;
  retries: number;
  /** Answers that were 429 (rate limited). */
  rateLimited: number;
  /** Time spent waiting for rate limits after 429s, in ms. */
  waitedMs: number;
}

/** How long a request keeps waiting out 429s by default before it fails (the waits added up). */
export const DEFAULT_RATE_LIMIT_GIVE_UP_MS = 120_000;

const sharedAgent = new Agent({ keepAliveTimeout: 30_000, connections: 64 });

export function createProviderClient(options: ProviderClientOptions): ProviderClient {
  const clock = options.clock ?? systemClock;
  const classify: ErrorClassifier = options.classify ?? defaultClassifier;
  const maxAttempts = options.maxAttempts ?? 6;
  const giveUpMs = options.rateLimitGiveUpMs ?? DEFAULT_RATE_LIMIT_GIVE_UP_MS;
  const stats: ClientStats = { requests: 0, retries: 0, rateLimited: 0, waitedMs: 0 };
  const taken: ClientStats = { requests: 0, retries: 0, rateLimited: 0, waitedMs: 0 };
  const headersOf = options.manifest.rateLimit.headers;

  let apiBase = options.apiBase;

  async function send(req: ProviderRequest, route: RateLimiter | null): Promise<ProviderResponse> {
    const url = buildUrl(apiBase, req.path, req.query);
    const refusal = options.egress.refuse(url);
    if (refusal !== null) throw new ProviderError('rejected', refusal, null, null, false);
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers, ...(await options.auth.headers()) };
    let body: string | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.text !== undefined) body = req.text;
    // The stricter route limit first, so a request waiting for it holds no slot of the account's window.
    const releaseRoute = route ? await route.acquire(options.signal) : () => undefined;
    let release: () => void = () => undefined;
    try {
      if (options.limiter) release = await options.limiter.acquire(options.signal);
    } catch (e) {
      releaseRoute();
      throw e;
    }
    stats.requests++;
    providerRequests.inc({ provider: options.manifest.name });
    try {
      const res = await undiciRequest(url, {
        method: req.method,
        headers,
        body,
        dispatcher: options.egress.dispatcher ?? sharedAgent,
        signal: options.signal,
        headersTimeout: 60_000,
        bodyTimeout: 120_000,
      });
      const text = await res.body.text();
      let parsed: unknown = text;
      if (text.length > 0 && /json/i.test(String(res.headers['content-type'] ?? ''))) {
        try {
          parsed = JSON.parse(text);
        } catch (e) {
          throw new ProviderError('transient', `Provider sent malformed JSON (status ${res.statusCode})`, res.statusCode, text, false, { cause: e });
        }
      } else if (text.length === 0) {
        parsed = null;
      }
      return { status: res.statusCode, headers: res.headers, body: parsed };
    } finally {
      release();
      releaseRoute();
    }
  }

  function observe(res: ProviderResponse): void {
    if (!options.limiter) return;
    const num = (name?: string) => {
      if (!name) return undefined;
      const v = Number(first(res.headers[name.toLowerCase()]));
      return Number.isFinite(v) ? v : undefined;
    };
    const report: { max?: number; remaining?: number; intervalMs?: number } = {};
    const max = num(headersOf.max);
    const remaining = num(headersOf.remaining);
    const intervalMs = num(headersOf.intervalMs);
    if (max !== undefined) report.max = max;
    if (remaining !== undefined) report.remaining = remaining;
    if (intervalMs !== undefined) report.intervalMs = intervalMs;
    const structured = headersOf.structured ? parseRateLimitField(first(res.headers[headersOf.structured.toLowerCase()])) : undefined;
    if (structured?.limit !== undefined) report.max = structured.limit;
    if (structured?.remaining !== undefined) report.remaining = structured.remaining;
    options.limiter.observe(report);
    // The window is spent: no request until it resets (other clients of the account may have spent it).
    if (structured?.remaining === 0 && structured.reset !== undefined) options.limiter.pauseUntil(clock.now() + structured.reset * 1000);
  }

  /**
   * One span per request (every attempt inside it), when traces are on: the provider, the method, the path as a
   * pattern (ids replaced, no query), the final status, the retries and 429s. Nothing of the URL's host or query,
   * the headers or the bodies.
   */
  function request<T>(req: ProviderRequest): Promise<ProviderResponse<T>> {
    if (!tracing()) return attempts<T>(req, null);
    return withSpan(
      `${options.manifest.name} ${req.method}`,
      {
        kind: SpanKind.CLIENT,
        attributes: { 'weft.provider': options.manifest.name, 'http.request.method': req.method, 'weft.provider.path': spanPath(apiBase, req.path) },
      },
      (span) => attempts<T>(req, span),
    );
  }

  async function attempts<T>(req: ProviderRequest, span: Span | null): Promise<ProviderResponse<T>> {
    const idempotent = req.method === 'GET' || req.method === 'PUT' || req.method === 'DELETE' || req.readOnly === true;
    let renewed = false;
    // A route with a limit of its own (HubSpot's search) is paced, and paused after a 429, apart from the account's window.
    const route = options.routeLimiter?.(req) ?? null;
    // Without a Retry-After, a 429 is waited out no longer than the limit's own window (HubSpot's 10 s, Pipedrive's
    // 2 s, a route's 1 s): by then the window has moved on.
    const windowMs = (route ? routeWindow(options.manifest, req) : null) ?? options.manifest.rateLimit.window.intervalMs;
    let rateLimitedFor = 0;
    let limitedTimes = 0;
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) {
        stats.retries++;
        providerRetries.inc({ provider: options.manifest.name });
      }
      let res: ProviderResponse;
      try {
        res = await send(req, route);
      } catch (e) {
        if (e instanceof ProviderError) {
          // A malformed answer may be cured by asking again; a refused address is refused again.
          if (e.kind === 'transient' && idempotent && attempt < maxAttempts) {
            await clock.sleep(backoff(attempt), options.signal);
            continue;
          }
          throw e;
        }
        if (options.signal?.aborted) throw e;
        const refused = egressRefusal(e);
        if (refused) throw new ProviderError('rejected', refused.message, null, null, false, { cause: e });
        const neverSent = isConnectFailure(e);
        if ((idempotent || neverSent) && attempt < maxAttempts) {
          await clock.sleep(backoff(attempt), options.signal);
          continue;
        }
        throw new ProviderError('transient', `Could not reach the provider: ${(e as Error).message}`, null, null, !neverSent, { cause: e });
      }
      observe(res);
      span?.setAttributes({
        'http.response.status_code': res.status,
        'weft.provider.retries': attempt - 1,
        'weft.provider.rate_limited': limitedTimes,
      });
      if (res.status < 300) return res as ProviderResponse<T>;
      const verdict = classify(res);
      if (verdict.kind === 'rate_limited') {
        stats.rateLimited++;
        providerRateLimited.inc({ provider: options.manifest.name });
        limitedTimes++;
        span?.setAttribute('weft.provider.rate_limited', limitedTimes);
        const said = verdict.retryAfterMs ?? retryAfter(res, headersOf.retryAfter);
        const wait = said ?? Math.min(windowMs, backoff(attempt));
        if (rateLimitedFor + wait > giveUpMs) {
          const name = options.manifest.displayName;
          throw new ProviderError(
            'quota_exhausted',
            `${name} kept answering 429 (rate limited) to this request: ${limitedTimes === 1 ? 'once' : `${limitedTimes} times in a row`}, ` +
              `${Math.round(rateLimitedFor / 1000)} s of waiting${said === undefined ? ' without saying how long to wait (no Retry-After)' : `, and then asked for ${Math.round(said / 1000)} s more`}. ` +
              `Weft stopped the transfer after ${Math.round(giveUpMs / 1000)} s (WEFT_RATE_LIMIT_GIVE_UP_MS); another app may be using up the account's limit. Start the transfer again later.`,
            res.status,
            res.body,
            false,
          );
        }
        rateLimitedFor += wait;
        stats.waitedMs += wait;
        // A route with a limit of its own waits alone; anything else holds back every request to the account.
        const paused = route ?? options.limiter;
        paused?.pauseUntil(clock.now() + wait);
        if (!paused) await clock.sleep(wait, options.signal);
        continue;
      }
      if (verdict.kind === 'auth_expired' && !renewed) {
        renewed = true;
        await options.auth.renew();
        continue;
      }
      if (verdict.kind === 'transient' && idempotent && attempt < maxAttempts) {
        await clock.sleep(retryAfter(res, headersOf.retryAfter) ?? backoff(attempt), options.signal);
        continue;
      }
      throw new ProviderError(
        verdict.kind === 'auth_expired' ? 'auth_invalid' : verdict.kind,
        verdict.message,
        res.status,
        res.body,
        verdict.kind === 'transient' && !idempotent,
      );
    }
  }

  return {
    request,
    get apiBase() {
      return apiBase;
    },
    setApiBase(base: string) {
      apiBase = base;
    },
    stats,
    takeStats() {
      const delta: ClientStats = {
        requests: stats.requests - taken.requests,
        retries: stats.retries - taken.retries,
        rateLimited: stats.rateLimited - taken.rateLimited,
        waitedMs: stats.waitedMs - taken.waitedMs,
      };
      Object.assign(taken, stats);
      return delta;
    },
  };
}

/** The window of the route limit a request falls under, if any. */
function routeWindow(manifest: ConnectorManifest, req: ProviderRequest): number | null {
  return routeLimitOf(manifest, req)?.window.intervalMs ?? null;
}

/** Exponential backoff with full jitter: up to 0.5 s, 1 s, 2 s … capped at 30 s. */
export function backoff(attempt: number): number {
  const cap = Math.min(30_000, 250 * 2 ** attempt);
  return Math.round(cap / 2 + Math.random() * (cap / 2));
}

function retryAfter(res: ProviderResponse, header = 'retry-after'): number | undefined {
  const raw = first(res.headers[header.toLowerCase()]);
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/**
 * A RateLimit structured field (IETF httpapi-ratelimit-headers, as Close sends it in `ratelimit`): `limit=100,
 * remaining=42, reset=3` (the seconds until the window resets; fractions allowed). Several policies (a list, e.g. one
 * per API key and one per organisation) give the tightest: the least remaining and, with it, its limit and reset.
 * Parameters (`;w=1`) are ignored; members that are not non-negative numbers are left out; undefined when none is read.
 */
export function parseRateLimitField(raw: string | undefined): { limit?: number; remaining?: number; reset?: number } | undefined {
  if (raw === undefined) return undefined;
  type Policy = { limit?: number; remaining?: number; reset?: number };
  const items: Policy[] = raw.split(',').map((item) => {
    const out: Policy = {};
    for (const part of item.split(';')) {
      const m = /^\s*(limit|remaining|reset)\s*=\s*"?(\d+(?:\.\d+)?)"?\s*$/i.exec(part);
      if (m) out[(m[1] as string).toLowerCase() as keyof Policy] = Number(m[2]);
    }
    return out;
  });
  const read = items.filter((p) => Object.keys(p).length > 0);
  if (read.length === 0) return undefined;
  // One policy written as a list of its members (`limit=100, remaining=42, reset=3`).
  if (read.every((p) => Object.keys(p).length === 1)) return Object.assign({}, ...read) as Policy;
  // Several policies: the one with the least left.
  return read.reduce((best, p) => ((p.remaining ?? Infinity) < (best.remaining ?? Infinity) ? p : best));
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function isConnectFailure(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return (
    e instanceof undiciErrors.ConnectTimeoutError ||
    code === 'ECONNREFUSED' ||
    code === 'ENOTFOUND' ||
    code === 'EAI_AGAIN' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  );
}

export function defaultClassifier(res: ProviderResponse): { kind: ProviderErrorKind; message: string } {
  const message = providerMessage(res);
  if (res.status === 429) return { kind: 'rate_limited', message };
  if (res.status === 401) return { kind: 'auth_expired', message };
  if (res.status >= 500) return { kind: 'transient', message };
  return { kind: 'rejected', message };
}

/** The most telling message in a provider's error body. */
export function providerMessage(res: ProviderResponse): string {
  const b = res.body as Record<string, unknown> | Array<Record<string, unknown>> | string | null;
  let text: string | undefined;
  if (typeof b === 'string') text = b.slice(0, 500);
  else if (Array.isArray(b))
    text = b
      .map((e: Record<string, unknown>) => asText(e['message']))
      .filter(Boolean)
      .join('; ');
  else if (b && typeof b === 'object') {
    const m = b['message'] ?? b['error_description'] ?? b['error'];
    text = typeof m === 'string' ? m : m === undefined ? undefined : JSON.stringify(m);
  }
  return `${res.status}${text ? `: ${text}` : ''}`;
}

/** A request's path as a span shows it (see `pathPattern`); empty when the URL cannot be parsed (`send` then fails). */
function spanPath(base: string, path: string): string {
  try {
    return pathPattern(buildUrl(base, path).pathname);
  } catch {
    // The request fails in `send`, with its own error; the span just has no path.
    return '';
  }
}

function buildUrl(base: string, path: string, query?: ProviderRequest['query']): URL {
  const url = new URL(/^https?:\/\//i.test(path) ? path : base.replace(/\/+$/, '') + path);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined) url.searchParams.set(k, String(v));
  }
  return url;
}
