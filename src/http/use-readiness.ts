import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../log.js';
import type { TokenProvider } from '../upstream/token.js';
import { TokenGrantError } from '../upstream/errors.js';
import type { RateGateStatus } from '../upstream/rate-gate.js';
import type { Lifecycle } from './use-draining.js';
import { EVICTION_SAFE, type RedisFacts } from '../shared/redis-facts.js';

/**
 * /readyz, on Yoga's readiness check: ready when not draining and a Management API token is held
 * or can be had now. A failing grant answers 503 with its cause (bad_credentials, unreachable, ...)
 * so an operator sees why, never the secret. While the tenant's rate limit holds calls, it says so
 * and until when, but stays ready: the limit is the tenant's, shared by every replica, so taking
 * this one out of a load balancer would only move its callers to replicas held the same way.
 * Whether state is shared through Redis is said too; a replica without Redis still serves, on its
 * own memory, so it stays ready.
 */
export function useReadiness({
  tokens,
  lifecycle,
  rateLimit,
  sharedState,
  redis,
  log,
}: {
  tokens: TokenProvider;
  lifecycle: Lifecycle;
  rateLimit: () => RateGateStatus;
  /** `redis` while state is shared, `memory (redis unavailable)` while this replica falls back, `memory` without REDIS_URL. */
  sharedState: () => string;
  /** What was learnt of the Redis server: its eviction policy, persistence, and whether it lost its data. */
  redis: () => RedisFacts | null;
  log: Logger;
}): Plugin {
  // Yoga's useReadinessCheck matched every request's URL against a URLPattern; a path compare is
  // all this endpoint needs.
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== '/readyz') return;
      return check(fetchAPI).then(endResponse);
    },
  };

  async function check(fetchAPI: { Response: typeof Response }): Promise<Response> {
    const json = (status: number, body: unknown) =>
      new fetchAPI.Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    if (lifecycle.draining) return json(503, { status: 'not ready', reason: 'draining' });
    try {
      await tokens.get();
    } catch (error) {
      const reason = error instanceof TokenGrantError ? error.reason : 'unreachable';
      log.warn({ reason }, 'not ready: no Management API token');
      return json(503, { status: 'not ready', reason });
    }
    const { heldUntil } = rateLimit();
    const facts = redis();
    return json(200, {
      status: 'ready',
      sharedState: sharedState(),
      ...(facts ? { redis: { ...facts, jobsSafe: facts.evictionPolicy === EVICTION_SAFE } } : {}),
      ...(heldUntil === null ? {} : { rateLimitHeldUntil: new Date(heldUntil).toISOString() }),
    });
  }
}
