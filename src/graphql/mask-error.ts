import { GraphQLError } from 'graphql';
import { RateLimitedError, UpstreamError, UpstreamUnavailableError } from '../upstream/errors.js';

/**
 * What a client may see of an error: our own GraphQLErrors as they are, upstream errors as their
 * code and our message, anything else as a bare "Unexpected error." that keeps the original (never
 * serialized) for the request's one log line: a request with thousands of failing fields writes
 * one line, not a stack trace each.
 */
export function maskError(error: unknown, message: string): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (error instanceof GraphQLError && (!original || original instanceof GraphQLError)) return error;
  const located = error instanceof GraphQLError ? error : undefined;
  if (original instanceof UpstreamError) {
    return new GraphQLError(original.message, {
      ...(located ? { nodes: located.nodes, path: located.path, source: located.source, positions: located.positions } : {}),
      extensions: {
        code: original.code,
        ...(original instanceof RateLimitedError ? { retryAfterSeconds: original.retryAfterSeconds } : {}),
        ...(original instanceof UpstreamUnavailableError ? { outcomeUnknown: original.outcomeUnknown } : {}),
      },
    });
  }
  return new GraphQLError(message, {
    ...(located ? { nodes: located.nodes, path: located.path, source: located.source, positions: located.positions } : {}),
    ...(original instanceof Error ? { originalError: original } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}
