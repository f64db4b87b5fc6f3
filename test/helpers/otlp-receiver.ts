import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, close } from '../../src/http/listen.js';

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  service: string;
}

/** What an OTLP/HTTP exporter sent: each request's path, content type and body. */
export interface OtlpReceiver {
  url: string;
  exports: Array<{ path: string; contentType: string; body: Buffer }>;
  /** Every span of the JSON exports, with its service's name. */
  spans(): OtlpSpan[];
  close(): Promise<void>;
}

interface JsonExport {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value: Record<string, unknown> }> };
    scopeSpans?: Array<{
      spans?: Array<Omit<OtlpSpan, 'attributes' | 'service'> & { attributes?: Array<{ key: string; value: Record<string, unknown> }> }>;
    }>;
  }>;
}

const attributeMap = (attributes: Array<{ key: string; value: Record<string, unknown> }> = []) =>
  Object.fromEntries(attributes.map(({ key, value }) => [key, Object.values(value)[0]]));

/** A small OpenTelemetry collector stand-in on loopback: it accepts OTLP/HTTP exports and keeps them. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const exports: OtlpReceiver['exports'] = [];
  const { server, url } = await listen(
    (request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        exports.push({ path: request.url ?? '', contentType: request.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
        response.writeHead(200).end();
      });
    },
    0,
    '127.0.0.1',
  );
  return {
    url,
    exports,
    spans: () =>
      exports
        .filter((e) => e.contentType.includes('json'))
        .flatMap((e) => (JSON.parse(e.body.toString('utf8')) as JsonExport).resourceSpans ?? [])
        .flatMap((resourceSpans) => {
          const service = String(attributeMap(resourceSpans.resource?.attributes)['service.name']);
          return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
            (scope.spans ?? []).map((span) => ({ ...span, attributes: attributeMap(span.attributes), service })),
          );
        }),
    close: () => close(server),
  };
}
