import { GraphQLError } from 'graphql';

/** One bad input field: where it is (argument path) and what is wrong with it. */
export interface FieldError {
  path: string[];
  message: string;
}

/** For queries, where a bad argument is a GraphQL error rather than a union member. */
export function validationGraphQLError(errors: FieldError[]): GraphQLError {
  const summary = errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('; ');
  return new GraphQLError(`Invalid input. ${summary}`, {
    extensions: { code: 'VALIDATION_FAILED', fields: errors },
  });
}
