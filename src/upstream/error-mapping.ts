import type { HeaderReader } from './transport.js';
import type { UpstreamCall } from './call.js';
import {
  ConflictError,
  InvalidRequestError,
  MethodNotFoundError,
  RateLimitedError,
  UpstreamUnavailableError,
  UserNotFoundError,
  type UpstreamError,
} from './errors.js';

/**
 * An upstream refusal as one of our errors. The status decides (the reference: never errorCode or
 * message); errorCode only refines where a status is shared by two meanings: a 404 on a method's
 * path (unknown user or unknown method) and a 403 (the gateway's own missing scope, an operator
 * fault, or a per-user limit, which the caller meets as a conflict).
 */
export function errorFromResponse(status: number, body: unknown, headers: HeaderReader, call: UpstreamCall): UpstreamError {
  const errorCode = typeof body === 'object' && body !== null ? (body as { errorCode?: unknown }).errorCode : undefined;
  switch (status) {
    case 400:
      return new InvalidRequestError();
    case 403:
      if (errorCode === 'insufficient_scope') {
        return new UpstreamUnavailableError('The gateway lacks a Management API permission; an operator must grant it.');
      }
      return new ConflictError(limitMessage(call));
    case 404:
      return call.target === 'method' && errorCode !== 'inexistent_user' ? new MethodNotFoundError() : new UserNotFoundError();
    case 409:
      return new ConflictError(
        call.method === 'POST' && isEmailEnrollment(call.body)
          ? 'An email factor can only be enrolled for a user who has no other factor, and only once.'
          : 'An authentication method like this one already exists for the user.',
      );
    case 429:
      return new RateLimitedError(retryAfterSeconds(headers));
    default:
      return new UpstreamUnavailableError();
  }
}

function limitMessage(call: UpstreamCall): string {
  return call.method === 'POST'
    ? 'The user has reached the limit of authentication methods of this type.'
    : 'This operation is not permitted while the user has a passkey.';
}

function isEmailEnrollment(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { type?: unknown }).type === 'email';
}

/** Seconds until the upstream accepts calls again: Retry-After if given, else x-ratelimit-reset (Unix seconds). */
export function retryAfterSeconds(headers: HeaderReader, now = Date.now()): number | null {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - now) / 1000));
  }
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (headers.has('x-ratelimit-reset') && Number.isFinite(reset)) return Math.max(0, Math.ceil(reset - now / 1000));
  return null;
}
