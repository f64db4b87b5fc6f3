import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type TextMapGetter } from '@opentelemetry/api';
import { getOperationAST, GraphQLError, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context, RequestScope } from '../context.js';
import { activeTracer } from './tracing.js';

const headerGetter: TextMapGetter<Headers> = {
  keys: (headers) => [...headers.keys()],
  get: (headers, key) => headers.get(key) ?? undefined,
};

/** The span of each GraphQL request, for the stages that annotate it and for the request's log line. */
const spans = new WeakMap<Request, Span>();

/** The ids that join a request's log line to its trace; nothing when tracing is off. */
export function traceIdsOf(request: Request): { traceId: string; spanId: string } | Record<string, never> {
  const span = spans.get(request);
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

/**
 * One server span per GraphQL request, continuing the caller's W3C `traceparent` (the router's),
 * active while the request is handled, so the upstream calls, token grants and store operations
 * it causes are its children. It is named and annotated with the operation's type and name and
 * the outcome (HTTP status, error codes), never the document or its variables, which hold ids.
 * It wraps the request through Yoga's instrumentation hook, which runs the rest of the request
 * inside it; with tracing off it does nothing.
 */
export function useTracing(): Plugin<Context, RequestScope> {
  return {
    instrumentation: {
      request: ({ request }, wrapped) => {
        const tracer = activeTracer();
        if (!tracer || new URL(request.url).pathname !== '/graphql') return wrapped();
        const parent = propagation.extract(ROOT_CONTEXT, request.headers, headerGetter);
        const span = tracer.startSpan(
          `${request.method} /graphql`,
          { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'http.route': '/graphql' } },
          parent,
        );
        spans.set(request, span);
        return Promise.resolve(context.with(trace.setSpan(parent, span), wrapped)).finally(() => span.end());
      },
    },
    onExecute: ({ args }) => {
      const span = spans.get(args.contextValue.request);
      const operation = span && getOperationAST(args.document as DocumentNode, args.operationName as string | null | undefined);
      if (!span || !operation) return;
      const name = operation.name?.value;
      span.updateName(name ? `${operation.operation} ${name}` : operation.operation);
      span.setAttributes({ 'graphql.operation.type': operation.operation, ...(name ? { 'graphql.operation.name': name } : {}) });
    },
    onResultProcess: ({ request, result }) => {
      const span = spans.get(request);
      if (!span || Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      const codes = [
        ...new Set(
          result.errors.map((error) =>
            error instanceof GraphQLError && typeof error.extensions.code === 'string' ? error.extensions.code : 'UNKNOWN',
          ),
        ),
      ];
      span.setAttributes({ 'graphql.error.codes': codes.sort() });
      span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(',') });
    },
    onResponse: ({ request, response }) => {
      const span = spans.get(request);
      if (!span) return;
      span.setAttribute('http.response.status_code', response.status);
      if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    },
  };
}
