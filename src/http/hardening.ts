import { GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import type { Context } from '../context.js';
import { useHideSuggestionsFromStrangers } from './use-hide-suggestions.js';
import { maxRootFieldsRule } from '../graphql/max-root-fields.js';
import type { VerifyCaller } from '../auth/verify-jwt.js';

/**
 * Limits that a hostile or careless query meets at validation, before any resolver (and so any
 * upstream call) runs. They are set for the shapes this API has, the router's `_entities`
 * queries included (`_entities -> User -> authenticationMethods -> PhoneMethod.authenticationMethods`
 * is depth 4; a mutation payload's `user { authenticationMethods { ... } }` is depth 5), with room
 * to spare, unlike graphql-armor's defaults, which are known to reject router queries.
 */
export const LIMITS = {
  /** graphql-js's introspection query (GraphiQL's) counts 21 deep here. */
  depth: 25,
  aliases: 30,
  tokens: 3_000,
  directives: 20,
  cost: 5_000,
  /**
   * Bytes of request body with an Authorization header not yet known to be valid; the largest
   * request but a bulk job (a replaceMethods of 20 items) is under 10 kB.
   */
  bodyBytes: 100_000,
  /** Bytes of request body from a caller with a valid token: a bulk job's 10,000 user ids are about 400 kB. */
  verifiedBodyBytes: 512_000,
  /** Bytes of request body without an Authorization header: an introspection query is ~2 kB. */
  anonymousBodyBytes: 16_000,
  /** Characters of a document from a caller without a valid token (use-caller-at-the-door.ts). */
  anonymousDocumentChars: 10_000,
  /** Characters of an answer: a page of 100 users with several methods each is ~200 kB. */
  answerChars: 2_000_000,
} as const;

export function hardeningPlugins(verifyCaller: VerifyCaller): Plugin<Context>[] {
  // Reported as ordinary validation errors (HTTP 400, next to any others) rather than thrown.
  const common = {
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
  };
  return [
    // A browser sends GET and simple form posts cross-site without a CORS preflight. Any request
    // with an Authorization header (every authenticated one) or a CSRF header was preflighted, so
    // only credential-less simple requests are refused: GraphQL-over-HTTP clients keep GET.
    useCSRFPrevention({ requestHeaders: ['authorization', 'x-graphql-yoga-csrf', 'apollo-require-preflight'] }),
    // Introspection counts too: the schema has no cycles, so only introspection can nest deeply.
    maxDepthPlugin({ n: LIMITS.depth, ignoreIntrospection: false, ...common }),
    maxAliasesPlugin({ n: LIMITS.aliases, ...common }),
    { onValidate: ({ addValidationRule }) => addValidationRule(maxRootFieldsRule(LIMITS.aliases)) },
    // Counted while parsing, where there is no validation context to report to: it throws (400).
    maxTokensPlugin({ n: LIMITS.tokens, exposeLimits: true }),
    maxDirectivesPlugin({ n: LIMITS.directives, ...common }),
    costLimitPlugin({ maxCost: LIMITS.cost, ...common }),
    useHideSuggestionsFromStrangers(verifyCaller),
  ] as Plugin<Context>[];
}
