import { GraphQLError } from 'graphql';

/** A request asked for more than one request may cost (users, representations, answer size). */
export function limitExceeded(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'LIMIT_EXCEEDED' } });
}
