import type { Plugin } from 'graphql-yoga';
import type { RequestScope } from '../context.js';
import { withAuthentication, type VerifyCaller } from './verify-jwt.js';
import { unauthenticatedError } from './use-require-auth.js';
import { LIMITS } from '../http/hardening.js';

/**
 * Decides who calls once, as soon as the GraphQL parameters are read, before anything is parsed,
 * and puts the answer on the request's scope: the stages after it (the document cache, the auth
 * gate, the request log and its metrics) read it there rather than verifying again. What a caller
 * without a valid token may run is small (introspection, ~2 kB as GraphiQL sends it, and
 * `_service`), so a longer document from one is refused with 401 before the parser, the
 * validation rules or the document cache see it.
 */
export function useCallerAtTheDoor(verify: VerifyCaller): Plugin<object, RequestScope> {
  return {
    onParams: ({ request, params, setResult, context }) =>
      withAuthentication(verify(request.headers.get('authorization')), (authentication) => {
        context.auth = authentication;
        if (!authentication.caller && (params.query?.length ?? 0) > LIMITS.anonymousDocumentChars) {
          setResult({ errors: [unauthenticatedError(authentication.failure)] });
        }
      }),
  };
}
