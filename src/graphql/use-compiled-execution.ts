import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type SelectionSetNode,
  type Source,
  type SourceLocation,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';

/** Compiled documents kept: real clients send a few dozen distinct documents. */
const MAX_COMPILED = 64;
/**
 * Selections (fields and fragments, fragments expanded) of the compiled documents kept, in all.
 * graphql-jit keeps some 6-8 kB of heap per selection (a resolve-info object and closures per
 * field and type condition): a document of 30 aliased reads of every field (540 selections),
 * which the validation limits allow, compiles to 3.8 MB, and 64 of them would take 240 MB. This
 * bounds compiled code to about 4 MB, and holds GraphiQL's introspection query (about 240) next to
 * dozens of real operations (10-50 each); a document selecting more than this runs interpreted.
 */
const MAX_COMPILED_SELECTIONS = 500;
/**
 * At most one compilation per this many milliseconds. A compilation takes 1-10 ms for this API's
 * operations and up to ~70 ms for the largest document compiled: a caller cycling through new
 * documents costs at most a few percent of a core, and a real client's few dozen documents are all
 * compiled within a minute.
 */
const COMPILATION_INTERVAL_MS = 1_000;

/**
 * Runs the documents `compile` accepts through graphql-jit, which compiles an operation once into
 * a function that resolves its fields without graphql-js's per-field bookkeeping (argument maps,
 * resolve-info objects, path lists): about 14% less CPU per read at concurrency 32, measured
 * against the interpreter. Only documents the bounded document cache keeps (a verified caller's,
 * validated) are compiled, one a second at most, since a compilation costs milliseconds, and the
 * compiled code kept is bounded by the selections it serves; the rest, and those waiting their
 * turn, run interpreted.
 *
 * What a client sees is what the interpreter would have given it: a request the compiled code
 * refuses before running (variables that do not coerce) is run by the interpreter for its
 * standard errors and status, and field errors are graphql-js's own GraphQLErrors, an error the
 * executor raised itself (a null in a non-null field) carrying it as its original error, as
 * graphql-js does, so that masking treats both paths alike.
 */
export function useCompiledExecution(
  compile: (document: DocumentNode) => boolean,
  { now = Date.now, maxSelections = MAX_COMPILED_SELECTIONS }: { now?: () => number; maxSelections?: number } = {},
): Plugin {
  // Per document, its operations by name: one document may hold several.
  const compiled = new LRUCache<DocumentNode, Map<string, CompiledQuery | null>>({ max: MAX_COMPILED, maxSize: maxSelections });
  const tooLarge = new WeakSet<DocumentNode>();
  let nextCompilationAt = 0;

  const compiledOperation = ({ document, operationName, schema }: ExecutionArgs): CompiledQuery | null => {
    const name = operationName ?? '';
    let operations = compiled.get(document);
    const operation = operations?.get(name);
    if (operation !== undefined) return operation;
    if (tooLarge.has(document) || now() < nextCompilationAt) return null;
    if (!operations) {
      const selections = countSelections(document, maxSelections);
      if (selections > maxSelections) {
        tooLarge.add(document);
        return null;
      }
      compiled.set(document, (operations = new Map()), { size: Math.max(1, selections) });
    }
    nextCompilationAt = now() + COMPILATION_INTERVAL_MS;
    const result = compileQuery(schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true });
    // Not compiled (no such operation, say): the interpreter answers, with its own error.
    const compiledQuery = isCompiledQuery(result) ? result : null;
    operations.set(name, compiledQuery);
    return compiledQuery;
  };

  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (!compile(args.document as DocumentNode)) return;
      const operation = compiledOperation(args);
      if (!operation) return;
      setExecuteFn((execution: ExecutionArgs) => {
        const settle = (result: ExecutionResult) =>
          'data' in result
            ? withStandardErrors(result, execution.document.loc?.source)
            : (executeFn(execution) as ExecutionResult | Promise<ExecutionResult>);
        const result = operation.query(execution.rootValue, execution.contextValue, execution.variableValues);
        return result instanceof Promise ? result.then(settle) : settle(result);
      });
    },
  };
}

function withStandardErrors(result: ExecutionResult, source: Source | undefined): ExecutionResult {
  if (!result.errors?.length) return result;
  return { ...result, errors: result.errors.map((error) => standardError(error, source)) };
}

function standardError(error: GraphQLError, source: Source | undefined): GraphQLError {
  return new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? new Error(error.message),
    // graphql-jit gives lines and columns, without the nodes graphql-js reads them from; as offsets
    // in the source they are graphql-js's own again, and survive error masking.
    ...(source && error.locations ? { source, positions: error.locations.map((location) => offsetOf(source.body, location)) } : {}),
  });
}

/**
 * The selections of all a document's operations, fragments expanded, counted up to just past
 * `limit`: fragments spreading fragments can multiply a small document's selections without end.
 */
function countSelections(document: DocumentNode, limit: number): number {
  const fragments = new Map(
    document.definitions.flatMap((node) => (node.kind === Kind.FRAGMENT_DEFINITION ? [[node.name.value, node]] : [])),
  );
  let count = 0;
  const visit = (set: SelectionSetNode | undefined): void => {
    for (const selection of set?.selections ?? []) {
      if (count > limit) return;
      count += 1;
      visit(selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value)?.selectionSet : selection.selectionSet);
    }
  };
  for (const node of document.definitions) if (node.kind === Kind.OPERATION_DEFINITION) visit(node.selectionSet);
  return count;
}

function offsetOf(body: string, { line, column }: SourceLocation): number {
  let start = 0;
  for (let at = 1; at < line; at += 1) start = body.indexOf('\n', start) + 1;
  return start + column - 1;
}
