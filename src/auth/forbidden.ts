import { GraphQLError } from 'graphql';

export function forbiddenError(): GraphQLError {
  return new GraphQLError('The caller is not allowed to do this for this user.', { extensions: { code: 'FORBIDDEN' } });
}
