import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { startSupergraph } from '../../examples/supergraph/start.js';
import { exitOf, signal, spawnGateway, waitForOutput } from '../helpers/process.js';
import { startOtlpReceiver, type OtlpReceiver, type OtlpSpan } from '../helpers/otlp-receiver.js';
import type { Spawned } from '../../scripts/processes.js';
import { RedisProcess } from '../../scripts/redis-process.js';

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});
afterAll(() => {
  trace.disable();
  propagation.disable();
  context.disable();
});

/** The gateway in dev mode, exporting its traces to `receiver` with `protocol`. */
async function tracedGateway(
  receiver: OtlpReceiver,
  protocol: string,
  env: Record<string, string> = {},
): Promise<{ child: Spawned; url: string; token: string; lines: string[] }> {
  const child = spawnGateway({
    PORT: '0',
    LOG_LEVEL: 'info',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
    OTEL_SERVICE_NAME: 'mfa-gateway-under-test',
    OTEL_BSP_SCHEDULE_DELAY: '100',
    ...env,
  });
  cleanup.push(async () => {
    signal(child, 'SIGKILL');
    await exitOf(child);
  });
  const lines: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n')));
  const [, url] = await waitForOutput(child, /GraphiQL: (http:\/\/127\.0\.0\.1:\d+\/graphql)/, 30_000);
  const [, token] = await waitForOutput(child, /Authorization: Bearer (\S+)/);
  return { child, url: url!, token: token!, lines };
}

async function until<T>(find: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  for (const started = Date.now(); ;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('OpenTelemetry traces', () => {
  it('one trace from the router through this subgraph to the Management API, parented by traceparent, with no id, token or secret in it', async () => {
    const receiver = await startOtlpReceiver();
    cleanup.push(() => receiver.close());
    const redis = await RedisProcess.start();
    cleanup.push(() => redis.stop());
    const gateway = await tracedGateway(receiver, 'http/json', { REDIS_URL: redis.url });

    // The router runs here, exporting its own spans to the same receiver.
    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'router' }),
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${receiver.url}/v1/traces` }))],
    });
    provider.register();
    cleanup.push(() => provider.shutdown());
    const supergraph = await startSupergraph(gateway.url);
    cleanup.push(() => supergraph.close());

    const response = await fetch(supergraph.routerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.token}` },
      body: JSON.stringify({
        query: 'query AliceFactors($id: ID!) { user(id: $id) { email authenticationMethods { id } } }',
        variables: { id: 'auth0|alice' },
      }),
    });
    const body = (await response.json()) as { data?: { user: { authenticationMethods: unknown[] } } };
    expect(body.data?.user.authenticationMethods.length).toBeGreaterThan(0);

    const upstream = await until(() => receiver.spans().find((span) => span.name === 'GET /api/v2/users/{id}/authentication-methods'));
    // Spans arrive in batches from two processes: wait for the whole trace, every parent present.
    const spans = await until(() => {
      const all = receiver.spans().filter((span) => span.traceId === upstream.traceId);
      const ids = new Set(all.map((span) => span.spanId));
      const complete = all.every((span) => !span.parentSpanId || ids.has(span.parentSpanId));
      return complete && all.some((span) => span.service === 'router' && !span.parentSpanId) ? all : undefined;
    });
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const ancestors = (span: OtlpSpan): OtlpSpan[] => {
      const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
      return parent ? [parent, ...ancestors(parent)] : [];
    };
    const chain = [upstream, ...ancestors(upstream)].map((span) => `${span.service}: ${span.name}`);
    console.log(
      `the trace, from the upstream call to its root:\n  ${chain.join('\n  ')}\nall its spans (span <- parent):\n  ${spans
        .map((span) => `${span.service}: ${span.name} <- ${span.parentSpanId ? (byId.get(span.parentSpanId)?.name ?? '?') : 'root'}`)
        .join('\n  ')}`,
    );
    // OTLP numbers span kinds from 1 (internal) where the API numbers them from 0.
    const operation = ancestors(upstream).find((span) => span.service === 'mfa-gateway-under-test' && span.kind === SpanKind.SERVER + 1)!;
    expect(operation).toBeDefined();
    expect(operation.attributes).toMatchObject({ 'graphql.operation.type': 'query', 'http.response.status_code': 200 });
    const root = ancestors(upstream).at(-1)!;
    expect(root).toMatchObject({ service: 'router', name: 'router POST /graphql' });
    expect(ancestors(operation)[0]).toMatchObject({ service: 'router', name: 'router fetch /graphql' });
    // The read cache, the token and the rate budget through Redis: operations named, keys never.
    expect(spans.filter((span) => span.name.startsWith('redis ')).length).toBeGreaterThan(0);
    expect(spans.find((span) => span.name === 'read methods')?.attributes).toEqual({ 'mfa_gateway.cache': 'miss' });
    expect(spans.find((span) => span.name === 'POST /oauth/token')).toBeDefined();
    expect(upstream.attributes).toMatchObject({
      'url.template': '/api/v2/users/{id}/authentication-methods',
      'http.request.method': 'GET',
      'http.response.status_code': 200,
      'http.request.resend_count': 0,
    });

    // Nothing exported by the gateway names the user, a method, the variables, the token or a secret.
    const exported = receiver.exports.map((e) => e.body.toString('utf8')).join('\n');
    for (const secret of ['alice', 'auth0|', 'auth0%7C', 'dev_Alice', gateway.token, 'emulator-client-secret', 'Bearer']) {
      expect(exported).not.toContain(secret);
    }
    // The request's log line carries its trace and span.
    const line = await until(() =>
      gateway.lines
        .map((l) => (l.startsWith('{') ? (JSON.parse(l) as Record<string, unknown>) : null))
        .find((l) => l?.msg === 'graphql request' && l.traceId === operation.traceId),
    );
    expect(line).toMatchObject({ traceId: operation.traceId, spanId: operation.spanId });
  });

  it("exports over http/protobuf too, continuing a caller's traceparent", async () => {
    const receiver = await startOtlpReceiver();
    cleanup.push(() => receiver.close());
    const gateway = await tracedGateway(receiver, 'http/protobuf');
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await fetch(gateway.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${gateway.token}`,
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
      },
      body: JSON.stringify({ query: '{ authenticationMethods(userId: "auth0|bob") { id } }' }),
    });
    const sent = await until(() => receiver.exports.find((e) => e.body.includes(Buffer.from(traceId, 'hex'))));
    expect(sent).toMatchObject({ path: '/v1/traces', contentType: 'application/x-protobuf' });
  });
});
