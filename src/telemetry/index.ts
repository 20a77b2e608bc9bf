/**
 * Optional OpenTelemetry traces (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT, see src/config.ts).
 * This file holds only what the rest of Weft calls, on the API package alone (a no-op without an SDK); the SDK and
 * the exporter are in ./sdk.ts, imported only when an endpoint is set. Without one, every helper here is a null check.
 *
 * Spans: `startTelemetry` before the HTTP app is built (its hooks are added only when tracing is on), one span per API
 * request (./fastify.ts), one per job run (src/jobs/worker.ts, continuing the `traceparent` stored with the job by
 * `enqueue`), one per provider request (src/connectors/kit/http.ts), one per OAuth token refresh (under the span
 * that opened the connection: src/sessions/connections.ts) and one per webhook delivery attempt (continuing the
 * `traceparent` stored with the delivery: src/webhooks/dispatcher.ts). Attributes are fixed small facts: route
 * patterns, provider names, methods, statuses, counts. Never a query string, a secret, an id from a path or a record's
 * value.
 */
import {
  type Attributes,
  type Context,
  context,
  ROOT_CONTEXT,
  type Span,
  type SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
} from '@opentelemetry/api';

import type { Config } from '../config.js';

export { type Context, type Span, SpanKind, SpanStatusCode } from '@opentelemetry/api';

let tracer: Tracer | null = null;

export interface Telemetry {
  /** Sends the spans still buffered and stops tracing. */
  shutdown(): Promise<void>;
}

/** Starts tracing when an OTLP endpoint is configured; null (and nothing loaded) otherwise. */
export async function startTelemetry(settings: Config['telemetry']): Promise<Telemetry | null> {
  if (settings === null) return null;
  const { startTracing } = await import('./sdk.js');
  const tracing = startTracing(settings);
  tracer = tracing.tracer;
  return {
    async shutdown() {
      if (tracer === tracing.tracer) tracer = null;
      await tracing.shutdown();
    },
  };
}

/** Whether spans are being recorded (an endpoint is set and tracing started). */
export function tracing(): boolean {
  return tracer !== null;
}

/**
 * Runs `fn` in a new span (the active one while `fn` runs), ended when `fn` settles; `fn` gets null when tracing is
 * off. `parent`: the context to continue (default: the active one). A failure marks the span as an error with the
 * error's name only (messages may quote provider answers), or what `errorType` makes of the error (a fixed word).
 */
export async function withSpan<T>(
  name: string,
  options: { kind: SpanKind; attributes?: Attributes; parent?: Context; errorType?: (e: unknown) => string },
  fn: (span: Span | null) => Promise<T>,
): Promise<T> {
  if (tracer === null) return fn(null);
  return tracer.startActiveSpan(
    name,
    { kind: options.kind, attributes: options.attributes ?? {} },
    options.parent ?? context.active(),
    async (span) => {
      try {
        return await fn(span);
      } catch (e) {
        span.setAttribute('error.type', options.errorType ? options.errorType(e) : e instanceof Error ? e.name : 'unknown');
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw e;
      } finally {
        span.end();
      }
    },
  );
}

/** A span started now and ended by the caller, with the context in which it is active (the HTTP request's span). */
export function startSpan(name: string, kind: SpanKind, attributes: Attributes): { span: Span; context: Context } | null {
  if (tracer === null) return null;
  const span = tracer.startSpan(name, { kind, attributes }, context.active());
  return { span, context: trace.setSpan(context.active(), span) };
}

/** The active context, to parent spans started later from elsewhere (a connection's token refreshes); null when tracing is off. */
export function activeContext(): Context | null {
  return tracer === null ? null : context.active();
}

/** Runs `fn` with `ctx` active. */
export function runInContext<T>(ctx: Context, fn: () => T): T {
  return context.with(ctx, fn);
}

/** The active span's W3C `traceparent` (to be stored with a job), or null when no span is recording. */
export function currentTraceparent(): string | null {
  if (tracer === null) return null;
  const sc = trace.getSpanContext(context.active());
  if (!sc || !trace.isSpanContextValid(sc)) return null;
  return `00-${sc.traceId}-${sc.spanId}-${(sc.traceFlags & 1).toString(16).padStart(2, '0')}`;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The context continuing a stored `traceparent` (a new trace when there is none, or it is malformed). */
export function contextOf(traceparent: string | null): Context {
  const m = traceparent === null ? null : TRACEPARENT.exec(traceparent);
  if (!m) return ROOT_CONTEXT;
  const sc = { traceId: m[1] as string, spanId: m[2] as string, traceFlags: parseInt(m[3] as string, 16) & 1, isRemote: true };
  return trace.isSpanContextValid(sc) ? trace.setSpanContext(ROOT_CONTEXT, sc) : ROOT_CONTEXT;
}

/**
 * A URL path as a route-ish pattern for a span: segments that may be ids or values (anything but letters, `_`, `-`,
 * `.`, `$`, or a version such as `v3` or `2024-01`) become `{id}`; the query is never included.
 */
export function pathPattern(pathname: string): string {
  return pathname
    .split('/')
    .map((seg) => (seg === '' || /^[A-Za-z_.$-]+$/.test(seg) || /^v\d+(\.\d+)*$/i.test(seg) || /^\d{4}-\d{2}(-\d{2})?$/.test(seg) ? seg : '{id}'))
    .join('/');
}
