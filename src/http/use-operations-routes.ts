import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../log.js';
import type { TokenProvider } from '../upstream/token.js';
import { TokenGrantError } from '../upstream/errors.js';
import type { Metrics } from '../observability/metrics.js';
import type { RateGateStatus } from '../upstream/rate-gate.js';

export interface Lifecycle {
  /** Set on SIGTERM: the process finishes what it has and takes nothing new. */
  draining: boolean;
}

/**
 * /metrics: Prometheus text. /readyz: ready when not draining and a Management API token is held or
 * can be had now. A failing grant answers 503 with its cause (bad_credentials, unreachable, ...) so
 * an operator sees why, never the secret. While the tenant's rate limit holds calls, /readyz says so
 * and until when, but stays ready: the limit is the tenant's, shared by every replica, so taking
 * this one out of a load balancer would only move its callers to replicas held the same way, and
 * callers are better served by RATE_LIMITED with a retry time than by no answer. While draining,
 * every answer also says `Connection: close`, so clients on kept-alive connections move to another
 * instance.
 */
export function useOperationsRoutes({
  tokens,
  log,
  lifecycle,
  metrics,
  rateLimit,
}: {
  tokens: TokenProvider;
  log: Logger;
  lifecycle: Lifecycle;
  metrics: Metrics;
  rateLimit: () => RateGateStatus;
}): Plugin {
  return {
    onResponse({ response }) {
      if (lifecycle.draining) response.headers.set('connection', 'close');
    },
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === '/metrics') {
        const text = await metrics.registry.metrics();
        endResponse(new fetchAPI.Response(text, { headers: { 'content-type': metrics.registry.contentType } }));
        return;
      }
      if (url.pathname !== '/readyz') return;
      const json = (status: number, body: unknown) =>
        endResponse(new fetchAPI.Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
      if (lifecycle.draining) {
        json(503, { status: 'not ready', reason: 'draining' });
        return;
      }
      try {
        await tokens.get();
        const { heldUntil } = rateLimit();
        json(200, { status: 'ready', ...(heldUntil === null ? {} : { rateLimitHeldUntil: new Date(heldUntil).toISOString() }) });
      } catch (error) {
        const reason = error instanceof TokenGrantError ? error.reason : 'unreachable';
        log.warn({ reason }, 'not ready: no Management API token');
        json(503, { status: 'not ready', reason });
      }
    },
  };
}
