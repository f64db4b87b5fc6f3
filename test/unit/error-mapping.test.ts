import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { errorFromResponse } from '../../src/upstream/error-mapping.js';
import { maskError } from '../../src/graphql/mask-error.js';
import {
  ConflictError,
  MethodNotFoundError,
  RateLimitedError,
  UpstreamUnavailableError,
  UserNotFoundError,
} from '../../src/upstream/errors.js';
import type { HttpMethod, UpstreamCall } from '../../src/upstream/call.js';

const call = (method: HttpMethod, target: UpstreamCall['target'] = 'collection'): UpstreamCall => ({
  method,
  path: '/users/u/authentication-methods',
  route: `${method} /users/{id}/authentication-methods`,
  target,
});
const noHeaders = new Headers();

describe('an upstream refusal, mapped on its status', () => {
  it("403 insufficient_scope is the gateway's own missing permission: unavailable, for an operator", () => {
    const error = errorFromResponse(
      403,
      { statusCode: 403, errorCode: 'insufficient_scope', message: 'Insufficient scope' },
      noHeaders,
      call('GET'),
    );
    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect(error.message).toMatch(/operator/);
  });

  it('other 403s are a limit the caller met: a conflict that says which', () => {
    expect(errorFromResponse(403, { statusCode: 403 }, noHeaders, call('POST')).message).toMatch(/limit of authentication methods/);
    const passkey = errorFromResponse(403, { statusCode: 403 }, noHeaders, call('PUT'));
    expect(passkey).toBeInstanceOf(ConflictError);
    expect(passkey.message).toMatch(/passkey/);
  });

  it('404 on one method is the method unless the user is unknown', () => {
    expect(errorFromResponse(404, {}, noHeaders, call('DELETE', 'method'))).toBeInstanceOf(MethodNotFoundError);
    expect(errorFromResponse(404, { errorCode: 'inexistent_user' }, noHeaders, call('DELETE', 'method'))).toBeInstanceOf(UserNotFoundError);
    expect(errorFromResponse(404, {}, noHeaders, call('GET'))).toBeInstanceOf(UserNotFoundError);
  });
});

describe('what a client sees of an error', () => {
  it('an unexpected error is "Unexpected error." with INTERNAL_SERVER_ERROR, its message and stack kept for the log only', () => {
    const original = new TypeError('secret detail at /srv/app.js:12');
    const masked = maskError(new GraphQLError('boom', { originalError: original, path: ['a'] }), 'Unexpected error.') as GraphQLError;
    expect(masked.message).toBe('Unexpected error.');
    expect(masked.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(masked.path).toEqual(['a']);
    expect(JSON.stringify(masked)).not.toContain('secret detail');
    expect(masked.originalError).toBe(original);
  });

  it('an upstream error is its code and our message; a GraphQLError of ours passes as it is', () => {
    const limited = maskError(new GraphQLError('x', { originalError: new RateLimitedError(7) }), 'Unexpected error.') as GraphQLError;
    expect(limited.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 7 });
    const ours = new GraphQLError('Invalid input.', { extensions: { code: 'VALIDATION_FAILED' } });
    expect(maskError(ours, 'Unexpected error.')).toBe(ours);
  });
});
