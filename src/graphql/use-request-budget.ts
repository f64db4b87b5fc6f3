import { Kind, type DocumentNode, type ValueNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { rootFields, selectedOperation } from './root-fields.js';
import { jsonSizeBeyond } from './answer-size.js';
import { limitExceeded } from './limit-exceeded.js';

/**
 * What one request may cost, checked before the work it would cause: `_entities` representations
 * (a list in the variables, which static cost rules cannot see) at most `maxUsers` before any
 * resolver runs, and an answer of at most `maxAnswerChars` before it is serialized (the same
 * user's methods repeated under many representations serialize to far more than they hold).
 * Distinct users per request are bounded by the loader (methods-by-user.ts).
 */
export function useRequestBudget({ maxUsers, maxAnswerChars }: { maxUsers: number; maxAnswerChars: number }): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const document = args.document as DocumentNode;
      const operation = selectedOperation(document, args.operationName as string | null | undefined);
      if (!operation) return;
      for (const field of rootFields(document, operation)) {
        if (field.name.value !== '_entities') continue;
        const representations = field.arguments?.find((arg) => arg.name.value === 'representations')?.value;
        const count = representations ? listLength(representations, (args.variableValues as Record<string, unknown> | null) ?? {}) : 0;
        if (count > maxUsers) {
          setResultAndStopExecution({
            errors: [limitExceeded(`At most ${maxUsers} representations per request; ${count} were sent. Ask for fewer users at once.`)],
          });
          return;
        }
      }
    },
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !('data' in result) || !result.data) return;
      if (jsonSizeBeyond(result, maxAnswerChars)) {
        setResult({
          errors: [limitExceeded(`The answer would be larger than ${maxAnswerChars} characters; ask for fewer users or fields at once.`)],
        });
      }
    },
  };
}

function listLength(value: ValueNode, variables: Record<string, unknown>): number {
  if (value.kind === Kind.LIST) return value.values.length;
  if (value.kind === Kind.VARIABLE) {
    const given = variables[value.name.value];
    return Array.isArray(given) ? given.length : 1;
  }
  return 1;
}
