import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { IntrospectionMode } from '../config.js';
import type { Context } from '../context.js';

const MESSAGES = {
  missing: 'Authentication required: send Authorization: Bearer <JWT>.',
  malformed: 'The Authorization header must be "Bearer <JWT>".',
  expired: 'The bearer token has expired.',
  invalid: 'The bearer token is not valid for this gateway.',
} as const;

/**
 * Contract §2 at the door: every operation needs a verified caller, except `_service` (the router
 * fetches the SDL without credentials) and, when GATEWAY_INTROSPECTION=true, introspection. The
 * refusal is HTTP 401 with `UNAUTHENTICATED` and happens after parsing and validation but before
 * execution, so nothing reaches the upstream. With GATEWAY_INTROSPECTION=false introspection is a
 * validation error for everyone.
 */
export function useRequireAuth(introspection: IntrospectionMode): Plugin<Context> {
  return {
    onValidate({ addValidationRule }) {
      if (introspection === 'false') addValidationRule(NoSchemaIntrospectionCustomRule);
    },
    onExecute({ args, setResultAndStopExecution }) {
      const { auth } = args.contextValue;
      if (auth.caller) return;
      const publicFields = introspection === 'true' ? PUBLIC_WITH_INTROSPECTION : PUBLIC;
      const operation = selectedOperation(args.document, args.operationName);
      const fields = operation ? rootFields(args.document, operation) : [];
      if (operation && fields.every((field) => publicFields.has(field.name.value))) return;
      if (operation?.operation === 'mutation') {
        // Every mutation attempt is audited, those refused at the door included.
        for (const field of fields) {
          const input = field.arguments?.find((arg) => arg.name.value === 'input');
          const value = input ? (valueFromASTUntyped(input.value, args.variableValues ?? undefined) as { userId?: unknown } | null) : null;
          args.contextValue.audit.record({
            requestId: args.contextValue.requestId,
            actor: { sub: null, clientId: null },
            mutation: field.name.value,
            targetUserId: value?.userId === undefined || value.userId === null ? null : String(value.userId),
            outcome: 'refused',
            errorCode: 'UNAUTHENTICATED',
          });
        }
      }
      setResultAndStopExecution({
        errors: [
          new GraphQLError(MESSAGES[auth.failure], {
            extensions: {
              code: 'UNAUTHENTICATED',
              http: { status: 401, headers: { 'www-authenticate': 'Bearer' } },
            },
          }),
        ],
      });
    },
  };
}

const PUBLIC = new Set(['_service', '__typename']);
const PUBLIC_WITH_INTROSPECTION = new Set([...PUBLIC, '__schema', '__type']);

function selectedOperation(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((op) => op.name?.value === operationName) : operations[0];
}

/** The root fields the executed operation selects, through fragments. */
function rootFields(document: DocumentNode, operation: OperationDefinitionNode): FieldNode[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const fields: FieldNode[] = [];
  const visit = (selectionSet: SelectionSetNode, seen: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet, seen);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet, seen);
      }
    }
  };
  visit(operation.selectionSet, new Set());
  return fields;
}
