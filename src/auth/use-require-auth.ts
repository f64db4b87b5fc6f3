import { GraphQLError, NoSchemaIntrospectionCustomRule, valueFromASTUntyped, OperationTypeNode, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { rootFields, selectedOperation } from '../graphql/root-fields.js';
import type { IntrospectionMode } from '../config.js';
import type { Context } from '../context.js';

const MESSAGES = {
  missing: 'Authentication required: send Authorization: Bearer <JWT>.',
  malformed: 'The Authorization header must be "Bearer <JWT>".',
  expired: 'The bearer token has expired.',
  invalid: 'The bearer token is not valid for this gateway.',
} as const;

export function unauthenticatedError(failure: keyof typeof MESSAGES): GraphQLError {
  return new GraphQLError(MESSAGES[failure], {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'www-authenticate': 'Bearer' } } },
  });
}

/**
 * Every operation needs a verified caller, except `_service` (the router fetches the SDL without
 * credentials) and, when GATEWAY_INTROSPECTION=true, introspection. The refusal is HTTP 401 with
 * `UNAUTHENTICATED`, before execution, so nothing reaches the upstream (documents too large to be
 * public were refused before parsing, see use-caller-at-the-door.ts). With
 * GATEWAY_INTROSPECTION=false introspection is a validation error for everyone. The schema has no
 * subscriptions; should one ever be added, it is refused here until the gate covers it.
 */
export function useRequireAuth(introspection: IntrospectionMode): Plugin<Context> {
  const publicFields = introspection === 'true' ? PUBLIC_WITH_INTROSPECTION : PUBLIC;
  return {
    onValidate({ addValidationRule }) {
      if (introspection === 'false') addValidationRule(NoSchemaIntrospectionCustomRule);
    },
    onSubscribe({ setResultAndStopExecution }) {
      setResultAndStopExecution({ errors: [new GraphQLError('Subscriptions are not served.', { extensions: { code: 'BAD_REQUEST' } })] });
    },
    onExecute({ args, setResultAndStopExecution }) {
      const { auth } = args.contextValue;
      if (auth.caller) return;
      const document = args.document as DocumentNode;
      const operation = selectedOperation(document, args.operationName as string | null | undefined);
      const fields = operation ? rootFields(document, operation) : [];
      if (operation && fields.every((field) => publicFields.has(field.name.value))) return;
      if (operation?.operation === OperationTypeNode.MUTATION) {
        // Every mutation attempt is audited, those refused at the door included: one event for
        // the request, however many fields it repeats, naming the first.
        const first = fields[0];
        const input = first?.arguments?.find((arg) => arg.name.value === 'input');
        const variables = args.variableValues as Record<string, unknown> | null | undefined;
        const value = input ? (valueFromASTUntyped(input.value, variables ?? undefined) as { userId?: unknown } | null) : null;
        args.contextValue.audit.refused(
          {
            mutation: first?.name.value ?? 'unknown',
            ...(fields.length > 1 ? { fieldCount: fields.length } : {}),
            // An id arrives as a string (ID input); anything else is recorded by its JSON form.
            targetUserId:
              value?.userId === undefined || value.userId === null
                ? null
                : typeof value.userId === 'string'
                  ? value.userId
                  : JSON.stringify(value.userId),
          },
          'UNAUTHENTICATED',
        );
      }
      setResultAndStopExecution({ errors: [unauthenticatedError(auth.failure)] });
    },
  };
}

const PUBLIC = new Set(['_service', '__typename']);
const PUBLIC_WITH_INTROSPECTION = new Set([...PUBLIC, '__schema', '__type']);
