import { GraphQLError, type ValidationRule } from 'graphql';
import { rootFields } from './root-fields.js';

/**
 * Each root field is a unit of work with its own upstream calls (and, for a mutation, its own
 * write and audit event), whether aliased or not: the same field repeated 280 times without
 * aliases never meets the alias limit. So root fields count against the same limit.
 */
export function maxRootFieldsRule(limit: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const count = rootFields(context.getDocument(), operation).length;
      if (count > limit) {
        context.reportError(
          new GraphQLError(`Root fields limit of ${limit} exceeded, found ${count}.`, {
            nodes: [operation],
            extensions: { code: 'BAD_USER_INPUT' },
          }),
        );
      }
    },
  });
}
