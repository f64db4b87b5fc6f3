import { context, propagation, ROOT_CONTEXT, SpanKind, trace, type TextMapGetter } from '@opentelemetry/api';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

const headerGetter: TextMapGetter<Headers> = {
  keys: (headers) => [...headers.keys()],
  get: (headers, key) => headers.get(key) ?? undefined,
};

/**
 * The router's part of a trace, with whatever tracer provider the process registered: a server
 * span per request (continuing a client's `traceparent`), a client span per subgraph fetch, and
 * the W3C `traceparent` of that fetch's span sent to the subgraph, so the subgraph's spans join
 * the trace. A production router would use its own tracing (Hive Gateway's OpenTelemetry plugin,
 * Apollo Router's); this one keeps the example to the OpenTelemetry API alone.
 */
export function useRouterTracing(): GatewayPlugin {
  const tracer = trace.getTracer('supergraph-router');
  return {
    instrumentation: {
      request: ({ request }, wrapped) => {
        const parent = propagation.extract(ROOT_CONTEXT, request.headers, headerGetter);
        const span = tracer.startSpan('router POST /graphql', { kind: SpanKind.SERVER }, parent);
        return Promise.resolve(context.with(trace.setSpan(parent, span), wrapped)).finally(() => span.end());
      },
    },
    onFetch: ({ url, options, setOptions }) => {
      const span = tracer.startSpan(`router fetch ${new URL(url).pathname}`, { kind: SpanKind.CLIENT });
      const headers: Record<string, string> = { ...options.headers };
      propagation.inject(trace.setSpan(context.active(), span), headers);
      setOptions({ ...options, headers });
      return () => span.end();
    },
  };
}
