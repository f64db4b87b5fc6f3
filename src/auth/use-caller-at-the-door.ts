import type { Plugin } from 'graphql-yoga';
import type { Caller } from './caller.js';
import type { Authentication } from './verify-jwt.js';
import { unauthenticatedError } from './use-require-auth.js';
import { LIMITS } from '../http/hardening.js';

/**
 * Decides who calls once, as soon as the GraphQL parameters are read, before anything is parsed:
 * the stages after it (the document cache, the auth gate, the request log and its metrics) ask
 * here rather than verifying again. What a caller without a valid token may run is small
 * (introspection, ~2 kB as GraphiQL sends it, and `_service`), so a longer document from one is
 * refused with 401 before the parser, the validation rules or the document cache see it.
 */
export class CallerAtTheDoor {
  private readonly verified = new WeakMap<Request, Authentication>();

  constructor(private readonly verify: (authorization: string | null) => Promise<Authentication>) {}

  /** The verified caller of a request, or null (anonymous, or not a GraphQL request). */
  callerOf(request: Request): Caller | null {
    return this.verified.get(request)?.caller ?? null;
  }

  async authenticationOf(request: Request): Promise<Authentication> {
    return this.verified.get(request) ?? (await this.verify(request.headers.get('authorization')));
  }

  plugin(): Plugin {
    return {
      onParams: async ({ request, params, setResult }) => {
        const authentication = await this.verify(request.headers.get('authorization'));
        this.verified.set(request, authentication);
        if (!authentication.caller && (params.query?.length ?? 0) > LIMITS.anonymousDocumentChars) {
          setResult({ errors: [unauthenticatedError(authentication.failure)] });
        }
      },
    };
  }
}
