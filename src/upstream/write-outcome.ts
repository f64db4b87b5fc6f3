import type { Method } from '../domain.js';
import type { UpstreamCall } from './call.js';
import { MethodNotFoundError, RateLimitedError, UpstreamUnavailableError, type UpstreamError } from './errors.js';
import { isCandidateEnrollment } from './enrollment-match.js';

/**
 * Whether a write was applied, not applied, or cannot be told: decided here and nowhere else, so
 * that an answer or an audit line never claims more than the gateway can prove.
 *
 * A write "may have been applied" once one of its attempts reached the tenant without a clear
 * answer (a timeout or dropped connection after sending, a 5xx). From then on:
 * - a later attempt refused for the rate limit or failing again proves nothing of the first one:
 *   the outcome is unknown;
 * - a DELETE of one method whose retry meets 404 found the method gone, but not who removed it: it
 *   counts as done only if the method is known to have existed (see `MethodGone`);
 * - a POST is never sent blindly again; the user's methods are read to settle it (below).
 */
export function failureOutcome(call: UpstreamCall, error: UpstreamError, maybeApplied: boolean): UpstreamError {
  if (!maybeApplied || call.method === 'GET') return error;
  if (call.method === 'DELETE' && call.target === 'method' && error instanceof MethodNotFoundError) return new MethodGone();
  if (error instanceof RateLimitedError || (error instanceof UpstreamUnavailableError && !error.outcomeUnknown)) {
    return unknownOutcome('The Management API may have applied the change; its outcome is unknown.');
  }
  return error;
}

/** A DELETE of one method met 404 after an attempt that may have been applied. */
export class MethodGone extends UpstreamUnavailableError {
  constructor() {
    super('The method no longer exists, but whether this request deleted it is unknown (it may never have existed).', true);
  }
}

export const unknownOutcome = (message: string) => new UpstreamUnavailableError(message, true);

/** Tenant and gateway clocks, and the tenant's rounding, leave this much doubt about "created after we sent". */
const CREATED_TOLERANCE_MS = 2_000;

export type EnrollmentOutcome = { outcome: 'applied'; method: Method } | { outcome: 'not-applied' } | { outcome: 'unknown' };

/**
 * A POST whose answer was lost, settled by a fresh read of the user's methods (`null`: the read
 * failed). Applied only when the read proves it: a security key or passkey carries its credential
 * id, which no other enrollment can share. A phone, an email or an OTP app read back is masked or
 * secret-less: a method that could be this one (same type, same visible parts, created after the
 * POST was sent) may as well be another request's, so it leaves the outcome unknown. With no such
 * method the POST was not applied (as far as the read can tell: should it land later, the API
 * refuses the same enrollment twice).
 */
export function enrollmentOutcome(
  read: Method[] | null,
  body: Record<string, unknown>,
  sentAt: number,
  clockOffsetMs: number,
): EnrollmentOutcome {
  if (read === null) return { outcome: 'unknown' };
  const notBefore = sentAt + clockOffsetMs - CREATED_TOLERANCE_MS;
  const candidates = read.filter((method) => isCandidateEnrollment(method, body, notBefore));
  if (candidates.length === 0) return { outcome: 'not-applied' };
  const credentialId = typeof body.key_id === 'string' ? body.key_id : null;
  const proven = credentialId === null ? [] : candidates.filter((method) => method.keyId === credentialId);
  return proven.length === 1 ? { outcome: 'applied', method: proven[0]! } : { outcome: 'unknown' };
}
