/**
 * The only errors that leave the upstream module. Each carries a message written here, never the
 * upstream's body, URL or token: what a caller may read is decided in this file.
 */

export type UpstreamErrorCode =
  'VALIDATION_FAILED' | 'USER_NOT_FOUND' | 'METHOD_NOT_FOUND' | 'CONFLICT' | 'RATE_LIMITED' | 'UPSTREAM_UNAVAILABLE';

export abstract class UpstreamError extends Error {
  abstract readonly code: UpstreamErrorCode;
}

export class UserNotFoundError extends UpstreamError {
  readonly code = 'USER_NOT_FOUND' as const;
  constructor(message = 'The user does not exist.') {
    super(message);
  }
}

export class MethodNotFoundError extends UpstreamError {
  readonly code = 'METHOD_NOT_FOUND' as const;
  constructor(message = 'The authentication method does not exist.') {
    super(message);
  }
}

/** The upstream refused the body (400). Input is validated before sending, so this is rare. */
export class InvalidRequestError extends UpstreamError {
  readonly code = 'VALIDATION_FAILED' as const;
  constructor(message = 'The Management API refused the request as invalid.') {
    super(message);
  }
}

export class ConflictError extends UpstreamError {
  readonly code = 'CONFLICT' as const;
}

export class RateLimitedError extends UpstreamError {
  readonly code = 'RATE_LIMITED' as const;
  constructor(readonly retryAfterSeconds: number | null) {
    super('The Management API rate limit was reached; try again later.');
  }
}

/**
 * The upstream could not be used: down, timing out, or refusing the gateway's own credentials
 * (401 after a fresh token, 403 insufficient_scope: operator faults that a caller cannot fix).
 * `outcomeUnknown` is true only for a write that may or may not have been applied.
 */
export class UpstreamUnavailableError extends UpstreamError {
  readonly code = 'UPSTREAM_UNAVAILABLE' as const;
  constructor(
    message = 'The Management API is unavailable; try again later.',
    readonly outcomeUnknown = false,
  ) {
    super(message);
  }
}

/** Why the client-credentials grant failed, for operators' logs and /readyz. */
export class TokenGrantError extends UpstreamUnavailableError {
  constructor(
    readonly reason: 'bad_credentials' | 'unreachable' | 'rate_limited' | 'bad_answer',
    readonly detail: string,
  ) {
    super(`The Management API token could not be obtained (${reason}).`);
  }
}
