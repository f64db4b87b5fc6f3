import { SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';

/**
 * The gateway's tracer, or null while tracing is off: every place that would make a span checks
 * this first, so a gateway without an OTLP endpoint does no tracing work at all, not even no-op
 * spans.
 */
let tracer: Tracer | null = null;

export const activeTracer = (): Tracer | null => tracer;

/**
 * Starts OpenTelemetry's Node SDK when an OTLP endpoint is configured: traces exported in batches
 * over OTLP/HTTP (protobuf or JSON), W3C trace context taken from incoming requests, and
 * AsyncLocalStorage carrying the active span. The SDK reads its own variables (endpoint, headers,
 * OTEL_SERVICE_NAME, OTEL_TRACES_SAMPLER, OTEL_BSP_*). Loaded only then, so a gateway without an
 * endpoint never loads it. Returns what flushes and stops it at shutdown.
 */
export async function startTracing(settings: Config['tracing']): Promise<(() => Promise<void>) | null> {
  if (!settings) return null;
  const version = packageVersion();
  const [{ NodeTracerProvider, BatchSpanProcessor }, { defaultResource, detectResources, envDetector, resourceFromAttributes }] =
    await Promise.all([import('@opentelemetry/sdk-trace-node'), import('@opentelemetry/resources')]);
  const { OTLPTraceExporter } =
    settings.protocol === 'http/json'
      ? await import('@opentelemetry/exporter-trace-otlp-http')
      : await import('@opentelemetry/exporter-trace-otlp-proto');
  const provider = new NodeTracerProvider({
    // The variables (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES) win over the gateway's own name.
    resource: defaultResource()
      .merge(resourceFromAttributes({ 'service.name': 'mfa-methods-gateway', 'service.version': version }))
      .merge(detectResources({ detectors: [envDetector] })),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  tracer = trace.getTracer('mfa-methods-gateway', version);
  return async () => {
    tracer = null;
    await provider.shutdown();
  };
}

/**
 * Runs `work` inside a span named `name`, child of the active one, when tracing is on; as it is
 * otherwise. A failure marks the span as an error with the error's name only: messages may carry
 * what the export must not (ids).
 */
export function inSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: Span | null) => Promise<T>,
  kind = SpanKind.INTERNAL,
): Promise<T> {
  if (!tracer) return work(null);
  return tracer.startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorName(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** What an error is, without what it says. */
export const errorName = (error: unknown): string => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'Error';
};

/** The version in the nearest package.json above this module (the bundle may sit a folder or two deep): it names the service. */
function packageVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    if (dirname(dir) === dir) return 'unknown';
  }
}
