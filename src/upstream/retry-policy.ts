import type { Failure, HttpMethod } from './call.js';

/**
 * When a failed upstream call may be sent again, as a pure function of what happened.
 *
 * GET, PUT, PATCH and DELETE are idempotent: sending them twice leaves the tenant as sending them
 * once, so a 5xx, a timeout or a lost connection is retried. A POST creates a method: sent twice
 * it may enroll twice, so it is retried only when it provably never reached the upstream (the
 * connection was refused, or a 429 said it was not processed). Any other POST failure is an
 * unknown outcome, which the caller settles by reading the user's methods (methods-api.ts).
 * Unlike node-auth0, which retries every method including POST on 5xx, and auth0-python, which
 * retries 409, this policy never turns a retry into a duplicate or hides a conflict.
 */
export type Decision = 'retry' | 'fail' | 'outcome-unknown';

/** Retries after the first attempt for 5xx and network failures (429 waits are bounded by time only). */
export const MAX_RETRIES = 3;

export function decide(method: HttpMethod, failure: Failure, retriesSoFar: number): Decision {
  const exhausted = retriesSoFar >= MAX_RETRIES;
  if (failure.kind === 'network' && !failure.sent) return exhausted ? 'fail' : 'retry';
  const transient = failure.kind === 'network' || failure.status >= 500 || failure.status === 408;
  if (!transient) return 'fail';
  if (method === 'POST') return 'outcome-unknown';
  return exhausted ? 'fail' : 'retry';
}

/** Exponential backoff with full jitter: up to 100 ms, 200 ms, 400 ms ... capped at 2 s. */
export function backoffMs(retriesSoFar: number, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(2_000, 100 * 2 ** retriesSoFar));
}
