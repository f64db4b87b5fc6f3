import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import { withAuthentication, type VerifyCaller } from '../auth/verify-jwt.js';

const SUGGESTION = / Did you mean .*\?$/;

/**
 * "Did you mean ...?" hints map the schema for whoever asks. Callers with a valid token may have
 * them (they may introspect anyway); everyone else gets the error without the hint. Validation
 * runs before the context (and so the caller) is built, hence the check on the way out, with the
 * verifier's cache making it cheap.
 */
export function useHideSuggestionsFromStrangers(verifyCaller: VerifyCaller): Plugin<Context> {
  return {
    // Not async: a hook's promise costs every request, and only a failed validation needs one.
    onResultProcess({ request, result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors?.some((error) => SUGGESTION.test(error.message))) return;
      const errors = result.errors;
      return withAuthentication(verifyCaller(request.headers.get('authorization')), ({ caller }) => {
        if (caller) return;
        setResult({
          ...result,
          errors: errors.map((error) =>
            SUGGESTION.test(error.message)
              ? new GraphQLError(error.message.replace(SUGGESTION, ''), { nodes: error.nodes, extensions: error.extensions })
              : error,
          ),
        });
      });
    },
  };
}
