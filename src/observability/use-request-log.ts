import { randomUUID } from 'node:crypto';
import { getOperationAST, GraphQLError, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context, RequestScope } from '../context.js';
import type { Logger } from '../log.js';
import type { Usage } from '../upstream/call.js';
import type { Metrics } from './metrics.js';
import { traceIdsOf } from './use-tracing.js';

interface RequestState {
  id: string;
  correlationId: string | undefined;
  started: number;
  operation?: string | undefined;
  errors?: boolean;
  /** Errors masked as INTERNAL_SERVER_ERROR: how many, and the first one's original. */
  unexpected?: { count: number; first: unknown };
  usage?: Usage;
}

/** A client's correlation id is a handle, not a place for payloads. */
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * One JSON log line and one set of metrics per GraphQL request: the gateway's own request id
 * (returned as `x-request-id`), the client's `x-request-id` as `correlationId` when it sends a sane
 * one (a client must not choose the id the audit trail files its writes under), operation name,
 * duration, upstream calls, outcome and status. Unexpected errors are counted on that same line,
 * with the first one's cause: a request failing in thousands of fields writes one line.
 * Operation names label metrics only for verified callers, so anonymous junk cannot take the
 * bounded set of labels.
 */
export function useRequestLog(log: Logger, metrics: Metrics): Plugin<Context, RequestScope> {
  const requests = new WeakMap<Request, RequestState>();
  return {
    onRequest: ({ request, url, serverContext }) => {
      if (url.pathname !== '/graphql') return;
      const given = request.headers.get('x-request-id');
      const state: RequestState = {
        id: randomUUID(),
        correlationId: given && CORRELATION_ID.test(given) ? given : undefined,
        started: performance.now(),
      };
      requests.set(request, state);
      serverContext.requestId = state.id;
      serverContext.correlationId = state.correlationId;
    },
    onExecute: ({ args }) => {
      const state = requests.get(args.contextValue.request);
      if (!state) return;
      state.operation = getOperationAST(args.document as DocumentNode, args.operationName as string | null | undefined)?.name?.value;
      state.usage = args.contextValue.api.usage;
    },
    onResultProcess: ({ request, result }) => {
      const state = requests.get(request);
      if (!state || Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      state.errors = true;
      for (const error of result.errors) {
        if (!(error instanceof GraphQLError) || error.extensions.code !== 'INTERNAL_SERVER_ERROR') continue;
        state.unexpected ??= { count: 0, first: error.originalError ?? error };
        state.unexpected.count += 1;
      }
    },
    onResponse: ({ request, response, serverContext }) => {
      const state = requests.get(request);
      if (!state) return;
      requests.delete(request);
      response.headers.set('x-request-id', state.id);
      const outcome = response.status === 401 ? 'unauthenticated' : response.status >= 400 ? 'rejected' : state.errors ? 'error' : 'ok';
      const seconds = (performance.now() - state.started) / 1000;
      const caller = serverContext.auth?.caller;
      const operation = caller ? metrics.operationLabel(state.operation, caller.sub) : 'unauthenticated';
      metrics.operations.inc({ operation, outcome });
      metrics.operationSeconds.observe({ operation, outcome }, seconds);
      const line = {
        requestId: state.id,
        ...(state.correlationId ? { correlationId: state.correlationId } : {}),
        operation: truncate(state.operation),
        ms: Math.round(seconds * 10_000) / 10,
        upstreamCalls: state.usage?.calls ?? 0,
        outcome,
        status: response.status,
        ...traceIdsOf(request),
      };
      if (state.unexpected)
        log.error({ ...line, unexpectedErrors: state.unexpected.count, err: state.unexpected.first }, 'graphql request');
      else log.info(line, 'graphql request');
    },
  };
}

const truncate = (name: string | undefined) => (name === undefined ? null : name.length > 64 ? `${name.slice(0, 64)}...` : name);
