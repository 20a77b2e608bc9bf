/**
 * The delivery loop, run by every worker next to its job loops: claims due deliveries (up to the configured number
 * at once), POSTs each stored body with its Standard Webhooks signature, and records the outcome: delivered, retried
 * later with exponential backoff and jitter, or failed after the last attempt. A sink: it never starts a transfer.
 * Any number of workers may share one database. With OpenTelemetry traces on, each attempt is a span continuing the
 * trace that wrote the delivery (see `#attempt`).
 */
import { type Dispatcher, request } from 'undici';

import { egressRefusal } from '../lib/egress.js';
import { randomToken } from '../lib/ids.js';
import { webhookDeliveries } from '../metrics/index.js';
import type { Services } from '../services.js';
import { contextOf, type Span, SpanKind, SpanStatusCode, tracing, withSpan } from '../telemetry/index.js';
import { type AttemptOutcome, backoff, claimDeliveries, type ClaimedDelivery, recordAttempt, releaseClaim } from './outbox.js';
import { signingSecrets } from './secrets.js';
import { signedHeaders, WEBHOOK_KIND_HEADER } from './signing.js';

export interface DispatcherOptions {
  /** Names the worker in leases. */
  owner: string;
  /** How often an idle dispatcher looks for due deliveries. */
  pollMs: number;
}

/** Most of a receiver's answer kept in the delivery log. */
const ANSWER_CHARS = 300;

export class WebhookDispatcher {
  #running = false;
  #loop: Promise<void> | null = null;
  #inflight = new Set<Promise<void>>();
  #stop = new AbortController();
  #wake: (() => void) | null = null;

  constructor(
    private readonly services: Services,
    private readonly options: DispatcherOptions,
  ) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#stop = new AbortController();
    this.#loop = this.#run();
  }

  /** Stops claiming; attempts in flight are aborted and given back unattempted, for another worker to send. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#stop.abort(new Error('worker stopping'));
    this.#wake?.();
    await this.#loop;
    await Promise.allSettled([...this.#inflight]);
  }

  get #leaseMs(): number {
    // Longer than any attempt can take, so a live worker never loses a delivery it is sending.
    return this.services.config.webhooks.timeoutMs + 30_000;
  }

  async #run(): Promise<void> {
    const { services } = this;
    const cfg = services.config.webhooks;
    while (this.#running) {
      let claimed = 0;
      try {
        const free = cfg.concurrency - this.#inflight.size;
        if (free > 0) {
          const lease = `${this.options.owner}:${randomToken(6)}`;
          const deliveries = await claimDeliveries(services.database, lease, this.#leaseMs, free);
          claimed = deliveries.length;
          for (const d of deliveries) {
            const p = this.#attempt(d).finally(() => {
              this.#inflight.delete(p);
              this.#wake?.();
            });
            this.#inflight.add(p);
          }
        }
      } catch (e) {
        services.log.error({ err: e }, 'webhook dispatcher failed a round');
      }
      // Claim again at once when there may be more; otherwise wait for a poll or for an attempt to end.
      if (this.#running && (claimed === 0 || this.#inflight.size >= cfg.concurrency)) await this.#idle();
    }
  }

  #idle(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
      const timer = setTimeout(done, this.options.pollMs);
      this.#wake = done;
    });
  }

  /**
   * One attempt. With traces on, in a CLIENT span `webhook <kind>` under the span that wrote the delivery (its stored
   * `traceparent`: a transfer's job run, a request; else a trace of its own): the kind, the attempt's number, the
   * receiver's host, the status or the kind of failure, and the outcome as `weft_webhook_attempts_total` counts it
   * (or `lease_lost`, `released`). Never the URL's path or query, the secret, the signature or the body.
   */
  #attempt(d: ClaimedDelivery): Promise<void> {
    if (!tracing()) return this.#deliver(d, null);
    const host = hostOf(d.url);
    return withSpan(
      `webhook ${d.kind}`,
      {
        kind: SpanKind.CLIENT,
        parent: contextOf(d.traceParent),
        attributes: {
          'weft.webhook.kind': d.kind,
          'weft.webhook.attempt': d.attempts,
          'http.request.method': 'POST',
          ...(host === null ? {} : { 'server.address': host }),
        },
      },
      (span) => this.#deliver(d, span),
    );
  }

  async #deliver(d: ClaimedDelivery, span: Span | null): Promise<void> {
    const { services } = this;
    const cfg = services.config.webhooks;
    const log = services.log.child({ delivery: d.id, attempt: d.attempts });
    const ended = (outcome: string, failure: string | null, status: number | null) => {
      if (!span) return;
      span.setAttribute('weft.webhook.outcome', outcome);
      if (status !== null) span.setAttribute('http.response.status_code', status);
      if (failure !== null) {
        span.setAttribute('error.type', failure);
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
    };
    try {
      const secrets = await signingSecrets(services.database.db, services.sealer, d.projectId);
      if (!secrets) {
        await recordAttempt(services.database.db, d, { ok: false, status: null, error: 'The project no longer exists.' }, null);
        ended('failed', 'project_gone', null);
        return;
      }
      const outcome = await send(d, secrets, cfg.timeoutMs, this.#stop.signal, services.egress.agent);
      const failure = outcome.ok ? null : outcome.status !== null ? String(outcome.status) : (outcome.failure ?? 'unknown');
      if (this.#stop.signal.aborted && !outcome.ok) {
        await releaseClaim(services.database.db, d);
        ended('released', failure, outcome.status);
        return;
      }
      // A target the egress policy refuses stays refused: the delivery fails at once.
      const final = !outcome.ok && outcome.refused === true;
      const retryAt = outcome.ok || final || d.attempts >= cfg.maxAttempts ? null : Date.now() + backoff(d.attempts, cfg.retryBaseMs, cfg.retryMaxMs);
      const kept = await recordAttempt(services.database.db, d, outcome, retryAt);
      const counted = outcome.ok ? 'delivered' : retryAt === null ? 'failed' : 'retry';
      if (kept) webhookDeliveries.inc({ outcome: counted });
      ended(kept ? counted : 'lease_lost', failure, outcome.status);
      if (!kept) log.warn('webhook delivery lease lost; another worker has it');
      else if (!outcome.ok)
        log.warn({ status: outcome.status, err: outcome.error, retryAt }, retryAt ? 'webhook attempt failed; will retry' : 'webhook delivery failed');
    } catch (e) {
      span?.setAttribute('error.type', e instanceof Error ? e.name : 'unknown');
      span?.setStatus({ code: SpanStatusCode.ERROR });
      log.error({ err: e }, 'webhook attempt could not be recorded');
    }
  }
}

/** A webhook URL's host name, as a span shows it (nothing of its path or query); null when it cannot be parsed. */
function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

/**
 * One attempt: POST the body, signed for this attempt, through the egress agent (which refuses loopback, private and
 * other internal addresses before connecting). Any 2xx answer is success.
 */
async function send(
  d: ClaimedDelivery,
  secrets: readonly string[],
  timeoutMs: number,
  stop: AbortSignal,
  dispatcher: Dispatcher,
): Promise<AttemptOutcome> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const res = await request(d.url, {
      dispatcher,
      method: 'POST',
      headers: { ...signedHeaders(secrets, d.id, d.body), [WEBHOOK_KIND_HEADER]: `${d.kind}_webhook`, 'user-agent': 'Weft-Webhooks' },
      body: d.body,
      signal: AbortSignal.any([timeout, stop]),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const answer = await readSome(res.body, ANSWER_CHARS);
    if (res.statusCode >= 200 && res.statusCode < 300) return { ok: true, status: res.statusCode };
    return { ok: false, status: res.statusCode, error: `HTTP ${res.statusCode}${answer ? `: ${answer}` : ''}` };
  } catch (e) {
    const refused = egressRefusal(e);
    if (refused) return { ok: false, status: null, error: refused.message, refused: true, failure: 'egress_refused' };
    const err = e as Error & { code?: string; cause?: { code?: string; message?: string } };
    const code = err.code ?? err.cause?.code;
    // The attempt's own timer and undici's header and body timers (set to the same time) may fire in either order.
    if (timeout.aborted || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      return { ok: false, status: null, error: `No answer within ${timeoutMs} ms.`, failure: 'timeout' };
    }
    return {
      ok: false,
      status: null,
      error: `${err.cause?.message ?? err.message}${code && !(err.cause?.message ?? err.message).includes(code) ? ` (${code})` : ''}`,
      // A connection error's code (ECONNREFUSED, UND_ERR_SOCKET): a fixed word, never a message.
      failure: code !== undefined && /^[A-Z][A-Z0-9_]*$/.test(code) ? code : 'connection_error',
    };
  }
}

/** The start of an answer's body as text (the rest is discarded). */
async function readSome(body: AsyncIterable<Buffer> & { destroy?: () => void }, chars: number): Promise<string> {
  let text = '';
  for await (const chunk of body) {
    text += chunk.toString('utf8');
    if (text.length >= chars) break;
  }
  return text.slice(0, chars).replace(/\s+/g, ' ').trim();
}
