/**
 * The OpenTelemetry SDK, loaded only when an OTLP endpoint is set (see ./index.ts): a tracer provider whose batch
 * processor sends spans as OTLP/HTTP JSON, and the async-hooks context manager that carries the active span across
 * awaits (registered once per process).
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

import type { Config } from '../config.js';

let registered = false;

export function startTracing(settings: NonNullable<Config['telemetry']>) {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: settings.serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: settings.endpoint }))],
  });
  // The context manager (and the global provider) once per process: a second start (tests) keeps the first's
  // context manager and uses its own tracer directly.
  if (!registered) {
    provider.register({ propagator: null });
    registered = true;
  }
  return { tracer: provider.getTracer('weft'), shutdown: () => provider.shutdown() };
}
