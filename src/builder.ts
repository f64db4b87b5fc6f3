import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ErrorsPlugin from '@pothos/plugin-errors';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import type { Context } from './context.js';
import type { Permission } from './auth/caller.js';
import { forbiddenError } from './auth/forbidden.js';

/**
 * The schema builder: plugins, scalars, context and auth scopes. It defines no types; those live in
 * src/schema, one file per domain type or operation.
 *
 * Two auth scopes express the rules of docs/auth.md: `permission` (the token carries it) and `self` (the caller
 * is the user in question and self-service is on). A field asks for either, and the check runs on
 * the field itself, so `_entities` straight to this subgraph is judged like a query through the router.
 */
export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  Scalars: { DateTime: { Input: Date; Output: Date } };
  AuthScopes: { permission: Permission; self: string };
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, DirectivesPlugin, FederationPlugin],
  defaultFieldNullability: false,
  directives: { useGraphQLToolsUnorderedDirectives: true },
  scopeAuth: {
    authScopes: (context) => ({
      permission: (permission) => context.auth.caller?.permissions.has(permission) ?? false,
      self: (userId) => context.selfService && context.auth.caller !== null && context.auth.caller.sub === userId,
    }),
    unauthorizedError: () => forbiddenError(),
  },
  errors: {
    directResult: true,
    defaultUnionOptions: { name: ({ fieldName }) => `${fieldName[0]!.toUpperCase()}${fieldName.slice(1)}Result` },
  },
});

/** The builder's type parameters, for helpers that declare fields generically. */
export type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;
