import { builder } from '../builder.js';
import {
  ConflictError,
  MethodNotFoundError,
  RateLimitedError,
  UpstreamUnavailableError,
  UserNotFoundError,
} from '../upstream/errors.js';
import { ValidationError } from '../validation/validation-error.js';
import type { FieldError as FieldErrorShape } from '../validation/field-error.js';

/**
 * Errors a caller can act on are data: each mutation's result is a union of its success type and
 * the error types below that can happen to it. The classes are the ones the upstream module and
 * the input checker throw, so the errors plugin matches them by class.
 */

export const ErrorCode = builder.enumType('ErrorCode', {
  values: ['VALIDATION_FAILED', 'USER_NOT_FOUND', 'METHOD_NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'UPSTREAM_UNAVAILABLE'] as const,
});

type CodedError = Error & { code: (typeof ErrorCode)['$inferType'] };

export const ErrorInterface = builder.interfaceRef<CodedError>('Error').implement({
  description: 'An error the caller can act on.',
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.field({ type: ErrorCode, resolve: (error) => error.code }),
  }),
});

const FieldError = builder.objectRef<FieldErrorShape>('FieldError').implement({
  description: 'One bad input field: its path from the mutation argument, and what is wrong.',
  fields: (t) => ({
    path: t.exposeStringList('path'),
    message: t.exposeString('message'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input was refused before anything was sent upstream; `fields` names every bad field.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ fields: t.field({ type: [FieldError], resolve: (error) => error.fields }) }),
});

builder.objectType(UserNotFoundError, { name: 'UserNotFoundError', interfaces: [ErrorInterface] });
builder.objectType(MethodNotFoundError, { name: 'MethodNotFoundError', interfaces: [ErrorInterface] });
builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'The upstream refused the change as conflicting with what the user has (a duplicate, a limit, a rule).',
  interfaces: [ErrorInterface],
});
builder.objectType(RateLimitedError, {
  name: 'RateLimitedError',
  description: 'The tenant rate limit held the request longer than UPSTREAM_MAX_WAIT_MS.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds', { nullable: true }) }),
});
builder.objectType(UpstreamUnavailableError, {
  name: 'UpstreamUnavailableError',
  description: 'The Management API could not be used. `outcomeUnknown` is true when a write may or may not have been applied.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ outcomeUnknown: t.exposeBoolean('outcomeUnknown') }),
});

/** The errors any write can meet upstream, besides its own. */
export const WRITE_ERRORS = [ValidationError, UserNotFoundError, RateLimitedError, UpstreamUnavailableError];
