import { randomUUID } from 'node:crypto';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import type { Logger } from '../log.js';
import type { Usage } from '../upstream/client.js';
import type { Metrics } from './metrics.js';

interface RequestState {
  id: string;
  started: number;
  operation?: string | undefined;
  errors?: boolean;
  usage?: Usage;
}

/** A request id is a client's correlation handle, not a place for payloads. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * One JSON log line and one set of metrics per GraphQL request: request id (the client's
 * `x-request-id` when it sends a sane one, else a new UUID, returned in the response either way),
 * operation name, duration, upstream calls, outcome and status.
 */
export class RequestLog {
  private readonly requests = new WeakMap<Request, RequestState>();

  constructor(
    private readonly log: Logger,
    private readonly metrics: Metrics,
  ) {}

  idOf(request: Request): string {
    return this.requests.get(request)?.id ?? randomUUID();
  }

  plugin(): Plugin<Context> {
    return {
      onRequest: ({ request, url }) => {
        if (url.pathname !== '/graphql') return;
        const given = request.headers.get('x-request-id');
        this.requests.set(request, { id: given && REQUEST_ID.test(given) ? given : randomUUID(), started: performance.now() });
      },
      onExecute: ({ args }) => {
        const state = this.requests.get(args.contextValue.request);
        if (!state) return;
        state.operation = getOperationAST(args.document, args.operationName)?.name?.value;
        state.usage = args.contextValue.api.usage;
      },
      onResultProcess: ({ request, result }) => {
        const state = this.requests.get(request);
        if (state && !Array.isArray(result) && 'errors' in result && result.errors?.length) state.errors = true;
      },
      onResponse: ({ request, response }) => {
        const state = this.requests.get(request);
        if (!state) return;
        response.headers.set('x-request-id', state.id);
        const outcome =
          response.status === 401 ? 'unauthenticated' : response.status >= 400 ? 'rejected' : state.errors ? 'error' : 'ok';
        const seconds = (performance.now() - state.started) / 1000;
        const operation = this.metrics.operationLabel(state.operation);
        this.metrics.operations.inc({ operation, outcome });
        this.metrics.operationSeconds.observe({ operation, outcome }, seconds);
        this.log.info(
          {
            requestId: state.id,
            operation: state.operation ?? null,
            ms: Math.round(seconds * 10_000) / 10,
            upstreamCalls: state.usage?.calls ?? 0,
            outcome,
            status: response.status,
          },
          'graphql request',
        );
      },
    };
  }
}
